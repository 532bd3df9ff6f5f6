error: unreachable
wasm backtrace:
    0: 0x[0-9a-f]+ - <unknown>!abort
    1: 0x[0-9a-f]+ - <unknown>!give_up
    2: 0x[0-9a-f]+ - <unknown>!give_up
    3: 0x[0-9a-f]+ - <unknown>!give_up
    4: 0x[0-9a-f]+ - <unknown>!__original_main
    5: 0x[0-9a-f]+ - <unknown>!_start
    6: 0x[0-9a-f]+ - <unknown>!_start\.command_export
