kiln run: unknown option --frobnicate
usage: kiln run \[OPTIONS\] FILE.wasm\|FILE.wat \[ARGS...\]
.*