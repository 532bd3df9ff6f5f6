;; An unknown option before the file: usage and status 2, nothing runs.
(module (func (export "_start") (unreachable)))
