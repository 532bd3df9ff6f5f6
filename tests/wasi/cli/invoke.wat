;; --invoke of an export of a module without WASI imports: arguments parsed by the
;; parameter types, the result printed; --dir is accepted and unused.
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
