;; An infinite loop ended by --fuel.
(module
  (func (export "_start")
    (loop $l (br $l)))
  (memory (export "memory") 1))
