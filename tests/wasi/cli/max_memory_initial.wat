;; A module whose initial memory (32 MiB) exceeds --max-memory (16 MiB) is not run.
(module
  (memory (export "memory") 512)
  (func (export "_start")))
