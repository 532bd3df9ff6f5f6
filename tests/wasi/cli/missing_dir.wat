;; --dir of a directory that does not exist: an error before anything runs, status 1.
(module (func (export "_start") (unreachable)))
