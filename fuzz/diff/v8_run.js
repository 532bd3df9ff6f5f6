// node fuzz/diff/v8_run.js FILE.wasm...: the V8 side of the differential runner. Prints,
// for each module, the same canonical log as kiln-diff-run (fuzz/diff/kiln_diff_run.cc):
// see fuzz/diff/README.md for the protocol.
'use strict';
const fs = require('fs');
const path = require('path');

const kI32 = [0, 1, -1, 2147483647, -2147483648, 42, 65535, 65536, 7, -100];
const kI64 = [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 42n, 4294967296n, -7n];
const kF32 = [0x00000000, 0x80000000, 0x3F800000, 0xBFC00000, 0x7F7FFFFF, 0x00000001, 0x3F000000, 0x42C80000];
const kF64 = [0n, 0x8000000000000000n, 0x3FF0000000000000n, 0xBFF8000000000000n, 0x7FEFFFFFFFFFFFFFn, 1n,
              0x3FB999999999999An, 0x4202A05F20000000n];

const view = new DataView(new ArrayBuffer(8));
function f32FromBits(b) { view.setUint32(0, b); return view.getFloat32(0); }
function f64FromBits(b) { view.setBigUint64(0, b); return view.getFloat64(0); }
function hex(n, digits) { return '0x' + n.toString(16).padStart(digits, '0'); }

function argument(type, exportIndex, param, round) {
  const k = 7 * exportIndex + 3 * param + 5 * round;
  switch (type) {
    case 'i32': return kI32[k % kI32.length];
    case 'i64': return kI64[k % kI64.length];
    case 'f32': return f32FromBits(kF32[k % kF32.length]);
    case 'f64': return f64FromBits(kF64[k % kF64.length]);
  }
  throw new Error('no argument of type ' + type);
}

function format(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v | 0);
    case 'i64': return 'i64:' + BigInt.asIntN(64, BigInt(v));
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      view.setFloat32(0, v);
      return 'f32:' + hex(view.getUint32(0), 8);
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      view.setFloat64(0, v);
      return 'f64:' + hex(view.getBigUint64(0), 16);
  }
  return 'ref';
}

// The categories of kiln_diff_run.cc, from V8's messages.
function category(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  // A call of an import with a v128 in its type (kiln_diff_run.cc fails it the same way).
  if (e instanceof TypeError && /type incompatibility when transforming from\/to JS/.test(e.message)) return 'host';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'error';
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/null function or function signature mismatch|signature mismatch|null function/.test(m)) return 'indirect';
  if (/table index is out of bounds|table access|element segment/.test(m)) return 'table';
  if (/divide by zero|remainder by zero/.test(m)) return 'divzero';
  if (/divide result unrepresentable|integer overflow|float unrepresentable in integer range/.test(m)) return 'overflow';
  return 'other: ' + m;
}

function fnv1a(bytes) {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return h >>> 0;
}

// What the JS API does not tell about a module, read from its binary in one pass: the
// parameter and result types of each exported function (`exports`, by name), the parameter
// types of each imported function (`imports`, by "module\0name") and the value type of each
// exported global (`globals`, by name).
function describe(bytes) {
  let p = 8;
  const u32 = () => {
    let r = 0, shift = 0, b;
    do { b = bytes[p++]; r += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return r;
  };
  const name = () => {
    const len = u32();
    const s = Buffer.from(bytes.subarray(p, p + len)).toString('utf8');
    p += len;
    return s;
  };
  const limits = () => { const f = bytes[p++]; u32(); if (f & 1) u32(); };
  const valtype = () => ({0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref',
                          0x6f: 'externref'})[bytes[p++]] || 'ref';
  const types = [], funcs = [], globals = [];
  const result = {exports: new Map(), imports: {}, globals: new Map()};
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        p++;  // 0x60
        const params = [], results = [];
        for (let k = u32(); k > 0; k--) params.push(valtype());
        for (let k = u32(); k > 0; k--) results.push(valtype());
        types.push({params, results});
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const key = name() + '\0' + name();
        const kind = bytes[p++];
        if (kind === 0) {
          const t = types[u32()];
          funcs.push(t);
          result.imports[key] = t.params;
        } else if (kind === 1) { p++; limits(); }
        else if (kind === 2) { limits(); }
        else if (kind === 3) { globals.push(valtype()); p++; }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(types[u32()]);
    } else if (id === 6) {
      // The initialisers of the modules run here are one constant or global.get each.
      for (let n = u32(); n > 0; n--) {
        globals.push(valtype());
        p++;  // mutability
        const op = bytes[p++];
        if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) u32();
        else if (op === 0x43) p += 4;
        else if (op === 0x44) p += 8;
        else if (op === 0xd0) p++;
        else if (op === 0xfd) { u32(); p += 16; }  // v128.const
        p++;  // end
      }
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const ename = name();
        const kind = bytes[p++];
        const index = u32();
        if (kind === 0) result.exports.set(ename, funcs[index]);
        else if (kind === 3) result.globals.set(ename, globals[index]);
      }
    }
    p = end;
  }
  return result;
}

function run(file, out) {
  out.push('module ' + path.basename(file));
  const bytes = new Uint8Array(fs.readFileSync(file));
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    out.push('invalid');
    return;
  }
  const info = describe(bytes);
  const imports = {};
  for (const im of WebAssembly.Module.imports(module)) {
    if (im.kind !== 'function') {
      out.push(`skip import ${im.module} ${im.name}`);
      return;
    }
    imports[im.module] = imports[im.module] || {};
    imports[im.module][im.name] = (...args) => {
      out.push(`log ${im.name} ` + args.map((a, i) => format(info.imports[im.module + '\0' + im.name][i], a)).join(' '));
      return undefined;
    };
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    out.push('instantiate: trap ' + category(e));
    return;
  }
  let exportIndex = 0;
  for (const ex of WebAssembly.Module.exports(module)) {
    if (ex.kind !== 'function') continue;
    const sig = info.exports.get(ex.name);
    const numeric = [...sig.params, ...sig.results].every((t) => ['i32', 'i64', 'f32', 'f64'].includes(t));
    if (numeric) {
      for (let round = 0; round < 2; round++) {
        const args = sig.params.map((t, p) => argument(t, exportIndex, p, round));
        out.push(`call ${ex.name} (` + args.map((a, i) => format(sig.params[i], a)).join(' ') + ')');
        try {
          let r = instance.exports[ex.name](...args);
          if (sig.results.length === 0) r = [];
          else if (sig.results.length === 1) r = [r];
          out.push('-> ' + r.map((v, i) => format(sig.results[i], v)).join(' '));
        } catch (e) {
          out.push('-> trap ' + category(e));
        }
      }
    }
    exportIndex++;
  }
  for (const ex of WebAssembly.Module.exports(module)) {
    const v = instance.exports[ex.name];
    if (ex.kind === 'global') {
      const type = info.globals.get(ex.name);
      // JS cannot read a v128 global: only the type is compared.
      out.push(`global ${ex.name} ` + (type === 'v128' ? 'v128' : format(type, v.value)));
    } else if (ex.kind === 'memory' && ex.name === 'memory') {
      const data = new Uint8Array(v.buffer);
      out.push(`memory ${data.length} ` + fnv1a(data).toString(16).padStart(8, '0'));
      // KILN_DIFF_DUMP=DIR: the memory also goes to DIR/NAME.v8.mem, to find a difference.
      if (process.env.KILN_DIFF_DUMP) fs.writeFileSync(path.join(process.env.KILN_DIFF_DUMP, path.basename(file) + '.v8.mem'), data);
    }
  }
}



const out = [];
for (const file of process.argv.slice(2)) {
  try {
    run(file, out);
  } catch (e) {
    out.push('runner error ' + e.message);
  }
  process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
}
