// Short import and export names for the page's wasm, with its wasm-bindgen glue rewritten to match. Used by
// scripts/minify-glue.mjs (a Trunk post-build hook, release builds) before terser.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and every closure shim after its full Rust
// type (`wasm_bindgen_<hash>___convert__closures_____invoke___…`, up to 300 characters); both the wasm and
// its glue spell each name out. binaryen's `--minify-imports-and-exports-and-modules` pass (the one Emscripten
// runs on its optimised builds) renames them to one or two characters and prints the old -> new map; this
// applies the map to the glue. Measured on the page (gzip -9): wasm -2,789 B, glue about -3,000 B.
//
// The glue is rewritten by exact names only, and every name must be found where wasm-bindgen puts it (an
// import as a key of the imports object, an export as `wasm.<name>`): anything else fails the build rather
// than ship a page whose glue and wasm disagree.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

// The features wasm-opt must accept to read the module (the same as Trunk's wasm-opt run leaves in it).
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** The module names the wasm imports from (its import section, id 2). */
function importModules(bytes) {
  const modules = new Set();
  const decoder = new TextDecoder();
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = leb(bytes, body);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p);
        modules.add(decoder.decode(bytes.subarray(p, p + len)));
        p += len;
        [len, p] = leb(bytes, p);
        p += len;
        const kind = bytes[p++];
        if (kind !== 0) throw new Error(`[wasm-names] import kind ${kind} (only functions are expected)`);
        [, p] = leb(bytes, p);
      }
      return modules;
    }
    at = body + size;
  }
  return modules;
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Minifies `wasmPath` in place and returns `glue` (the unminified wasm-bindgen glue of that wasm) with the new
 * names, and how many imports and exports were renamed.
 */
export function minifyNames(wasmPath, glue) {
  const out = execFileSync('wasm-opt', [...FEATURES, '--minify-imports-and-exports-and-modules', wasmPath, '-o', wasmPath], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const map = JSON.parse(out.slice(out.indexOf('{')));
  // wasm-bindgen imports everything from one module, `./<name>_bg.js`.
  const oldModules = [...new Set(map.imports.map(([module]) => module))];
  if (oldModules.length !== 1) throw new Error(`[wasm-names] expected one import module, found ${JSON.stringify(oldModules)}`);
  const oldModule = oldModules[0];
  const modules = [...importModules(fs.readFileSync(wasmPath))];
  if (modules.length !== 1) throw new Error(`[wasm-names] expected one import module after minifying, found ${JSON.stringify(modules)}`);
  const moduleKey = `"${oldModule}": `;
  if (glue.split(moduleKey).length !== 2) throw new Error(`[wasm-names] the glue does not register its imports once under ${moduleKey}`);
  let text = glue.replace(moduleKey, `${JSON.stringify(modules[0])}: `);
  // Imports: keys of the imports object, `        <name>: function(`, each exactly once.
  for (const [, from, to] of map.imports) {
    const key = new RegExp(`^(\\s+)${escape(from)}(: )`, 'gm');
    const found = text.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`[wasm-names] the import ${from} is a key of the glue's imports ${found} times, not once`);
    text = text.replace(key, `$1${JSON.stringify(to)}$2`);
  }
  // Exports: `wasm.<name>`; the glue may leave an export unused (a class nobody constructs), never unknown.
  const exports = new Map(map.exports);
  text = text.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) => {
    const to = exports.get(name);
    if (to === undefined) throw new Error(`[wasm-names] the glue uses wasm.${name}, which the wasm does not export`);
    return `wasm[${JSON.stringify(to)}]`;
  });
  return { glue: text, imports: map.imports.length, exports: exports.size };
}
