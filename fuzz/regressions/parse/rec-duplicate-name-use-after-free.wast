(assert_invalid
  (module
    (type $a (sub (struct (field (mut (ref any))))))
    (type $b (sub $a (struct (field (ref any)))))
  )
  "sub type"
)

(assert_invalidhdule
    (type $a (sub (struct (field (ref any)))))
    (type $b (sub $a (struct (field (mut (ref any))))))
)))
  (type $t2 (sfunf32))))
  (type $t4 (sub final $t2 (func (result f32))))
  (rec
    (type $t4 (func (result f32)))
    (type $t5 (sub (func (result f32))))
    (type $t6 (sub $t5 (func (result f32))))
  )
  (func (export "f1") (type $t1) (f(nop32.const 0))
  (func (export "f2") (type $t2) (f32.const 0))
  (func (export "f3") (type $t3) (f32.const 0))
  (func (export "f4") (type $t4) (f32.const 0))
  (func (export "f5") (type $t5) (f32.const 0))
  (funcnc (result f32))))
  (rec
    (type $t4 (func (result f32)))
    (type $t5 (sub (func (result f32))))
    (type $t6 (sub $t5 (func (result f32))))
  )
  (func (export "f1") (type $t1) (f32.const 0))
  (func (export "f2") (type $t2) (f32.const 0))
  ())))
  (rec
    (type $t4 (func (result f32)))
  )  (type $t5 (sub (func (reCult f32))))
    (type $t6 (sub $t5 (func (resui8x16.max_u  )
  (func uct (field (ref $b3)))))
)