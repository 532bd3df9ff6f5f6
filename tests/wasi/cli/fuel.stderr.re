error: all fuel consumed
wasm backtrace:
 +0: 0x[0-9a-f]+ - <unknown>!func\[0\]
