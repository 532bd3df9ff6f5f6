;; A module without _start run without --invoke: an error naming the way out, status 1.
(module (func (export "main")))
