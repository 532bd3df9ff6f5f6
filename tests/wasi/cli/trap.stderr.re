error: integer divide by zero
wasm backtrace:
 +0: 0x[0-9a-f]+ - [^\n]*!\$?inner
 +1: 0x[0-9a-f]+ - [^\n]*!\$?middle
 +2: 0x[0-9a-f]+ - [^\n]*!\$?_start
