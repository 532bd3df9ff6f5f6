// Writes the files YoWASP's yosys package embeds in gen/resources-yosys.js (the `share`
// tree: techmap.v, cell libraries, ...) to a directory, so that `kiln run` can preopen it
// as /share, where the WebAssembly build of yosys looks for them:
//   node extract-yosys-share.mjs NODE_MODULES OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, out] = process.argv.slice(2);
const resources = path.join(nodeModules, '@yowasp/yosys/gen/resources-yosys.js');
const { filesystem } = await import(pathToFileURL(resources));
let files = 0;
function write(dir, tree) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(tree)) {
    const p = path.join(dir, name);
    if (typeof value === 'string' || value instanceof Uint8Array) {
      fs.writeFileSync(p, value);
      ++files;
    } else if (value instanceof URL) {
      fs.copyFileSync(value, p);
      ++files;
    } else {
      write(p, value);
    }
  }
}
fs.rmSync(out, { recursive: true, force: true });
write(out, filesystem);
if (!fs.existsSync(path.join(out, 'share/techmap.v'))) {
  console.error(`no share/techmap.v in ${resources}`);
  process.exit(1);
}
console.log(`${files} files written to ${out}`);
