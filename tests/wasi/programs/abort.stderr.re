error: unreachable
wasm backtrace:
 +0: 0x[0-9a-f]+ - [^\n]*!abort
 +1: 0x[0-9a-f]+ - [^\n]*!give_up
 +2: 0x[0-9a-f]+ - [^\n]*!give_up
 +3: 0x[0-9a-f]+ - [^\n]*!give_up
 +4: 0x[0-9a-f]+ - [^\n]*!__original_main
 +5: 0x[0-9a-f]+ - [^\n]*!_start
 +6: 0x[0-9a-f]+ - [^\n]*!_start.command_export
