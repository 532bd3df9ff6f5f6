(module
  (func (export "boom") (param i32) (result i32)
    (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "pair") (result f32 f64)
    (f32.const 0.1) (f64.const -0x1p-1074)))
