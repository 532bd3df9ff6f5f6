error: [^\n]*fuel[^\n]*
(wasm backtrace:
 +0: func\+0x[0-9a-f]+ - [^\n]*!func\[0\]
)?