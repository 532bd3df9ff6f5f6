error: integer divide by zero
wasm backtrace:
 +0: func\+0x[0-9a-f]+ - [^\n]*!\$?inner
 +1: func\+0x[0-9a-f]+ - [^\n]*!\$?middle
 +2: func\+0x[0-9a-f]+ - [^\n]*!\$?_start
