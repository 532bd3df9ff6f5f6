;; memory.grow beyond --max-memory fails (returns -1) as the spec allows instead of trapping:
;; 1 page + 256 pages is one page over 16 MiB.
(module
  (memory 1)
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0))))
