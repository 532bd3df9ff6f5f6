;; Calls the spectest host module's print_i32 from the start of `_start`.
;;   kiln run examples/hello.wat   -> 42 : i32
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (func (export "_start")
    (call $print (i32.const 42)))
)
