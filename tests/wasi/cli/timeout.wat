;; An infinite loop ended by --timeout.
(module
  (func (export "_start")
    (loop $l (br $l)))
  (memory (export "memory") 1))
