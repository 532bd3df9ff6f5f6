;; Interpreter micro-benchmark (docs/performance.md): `sum N`, N passes of a loop over 4 KiB of
;; memory (store, load, add, compare-and-branch back).
(module
  (memory 1)
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $j i32)
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $l
        (i32.store (local.get $i) (i32.add (local.get $acc) (local.get $i)))
        (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 4096))))
      (br_if $outer (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
