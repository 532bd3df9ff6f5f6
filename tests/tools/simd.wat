(module
  (func (export "add") (param v128 v128) (result v128 i32)
    (i32x4.add (local.get 0) (local.get 1))
    (i32x4.extract_lane 3 (local.get 0))))
