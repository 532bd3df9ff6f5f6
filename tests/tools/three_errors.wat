(module
  (func (result i32) (i32.foo))
  (global i32 (i32.const 0x1_0000_0000_0))
  (func (call $nowhere)))
