;; A trap in a WASI-style command: the message and a backtrace naming the functions on
;; the stack (innermost first, at their offsets in the binary encoding of this text) go to
;; stderr, and the status is 134.
(module
  (func $inner (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func $middle (result i32)
    (call $inner (i32.const 0)))
  (func $_start (export "_start")
    (drop (call $middle)))
  (memory (export "memory") 1))
