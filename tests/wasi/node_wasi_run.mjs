// Runs a WASI preview 1 command module under Node's node:wasi with kiln run's options,
// to cross-check expected outputs and as the baseline of bench/wasi_startup:
//   node node_wasi_run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--trap-unknown-imports]
//                          [--invoke NAME] [--] FILE.wasm [ARGS...]
// --invoke calls a reactor's _initialize (when exported), then export NAME (no parameters).
// The exit status is the guest's proc_exit code.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const preopens = {};
const env = {};
let trapUnknownImports = false;
let invoke = null;
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
  } else if (a === '--invoke') {
    invoke = argv[++i];
  } else if (a === '--trap-unknown-imports') {
    trapUnknownImports = true;
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
const imports = wasi.getImportObject();
if (trapUnknownImports) {
  // As kiln's option: every function import no module provides traps when called.
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== 'function' || imports[imp.module]?.[imp.name]) continue;
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = () => {
      throw new WebAssembly.RuntimeError(`unknown import "${imp.module}" "${imp.name}" called`);
    };
  }
}
const instance = await WebAssembly.instantiate(module, imports);
if (invoke === null) exit(wasi.start(instance));
if (instance.exports._initialize) wasi.initialize(instance);
const results = instance.exports[invoke]();
if (results !== undefined) console.log(String(results));
exit(0);
