;; memory.grow beyond --max-memory fails (returns -1) as the spec allows, and growing
;; within the limit still works: 1 page + 255 = 256 pages = 16 MiB, then one more fails.
(module
  (memory 1)
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0))))
