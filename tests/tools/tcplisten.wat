;; Prints the WASI file type of descriptors 3 and 4 ("x" when closed): with --tcplisten the
;; listening socket (6, socket_stream) comes after the --dir preopens (3, directory).
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "fd3=? fd4=?\n")
  ;; the file type digit of `fd` stored at `at`
  (func $type (param $fd i32) (param $at i32)
    (if (i32.eqz (call $fdstat (local.get $fd) (i32.const 100)))
      (then (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.load8_u (i32.const 100)))))
      (else (i32.store8 (local.get $at) (i32.const 120)))))
  (func (export "_start")
    (call $type (i32.const 3) (i32.const 4))
    (call $type (i32.const 4) (i32.const 10))
    (i32.store (i32.const 200) (i32.const 0))
    (i32.store (i32.const 204) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
