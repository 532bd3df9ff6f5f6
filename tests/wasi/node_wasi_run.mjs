// Runs a WASI preview 1 command module under Node's node:wasi with kiln run's options,
// to cross-check expected outputs and as the baseline of bench/wasi_startup:
//   node node_wasi_run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--] FILE.wasm [ARGS...]
// The exit status is the guest's proc_exit code.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const preopens = {};
const env = {};
let i = 2;
for (; i < argv.length; ++i) {
  const a = argv[i];
  if (a === '--dir') {
    const [host, guest] = argv[++i].split('::');
    preopens[guest ?? host] = host;
  } else if (a === '--env') {
    const v = argv[++i];
    const eq = v.indexOf('=');
    env[v.slice(0, eq)] = v.slice(eq + 1);
  } else if (a === '--') {
    ++i;
    break;
  } else {
    break;
  }
}
const file = argv[i];
const wasi = new WASI({ version: 'preview1', args: [file, ...argv.slice(i + 1)], env, preopens,
                        returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
