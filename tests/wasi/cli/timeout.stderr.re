error: [^\n]*interrupted[^\n]*
wasm backtrace:
 +0: 0x[0-9a-f]+ - <unknown>!func\[0\]
