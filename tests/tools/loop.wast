(module (func (export "spin") (loop (br 0))))
(invoke "spin")
(assert_return (invoke "spin"))
