// Short import and export names for the page's wasm, with its wasm-bindgen glue rewritten to match, and
// without the stream classes no page code uses. Used by scripts/minify-glue.mjs (a Trunk post-build hook,
// release builds) before terser.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and every closure shim after its full Rust
// type (`wasm_bindgen_<hash>___convert__closures_____invoke___…`, up to 300 characters); both the wasm and
// its glue spell each name out. binaryen's `--minify-imports-and-exports-and-modules` pass (the one Emscripten
// runs on its optimised builds) renames them to one or two characters and prints the old -> new map; this
// applies the map to the glue. Measured on the page (gzip -9): wasm -2,789 B, glue about -3,000 B.
//
// Leptos 0.8 always turns on server_fn's `browser` feature, whose dependency wasm-streams exports three
// classes (below) that hand Rust streams to JS for streaming server functions. The page has no server
// functions and never makes one, but a wasm export is a root, so LTO keeps them and all they call: they are
// taken out of the glue (class, dispose line, finalization registry) and their exports out of the wasm, whose
// code wasm-opt then drops. Measured: wasm -1,537 B gzip, glue about -400 B.
//
// wasm-opt runs -Oz again with the renaming: a module it writes without optimising loses binaryen's Stack IR
// optimisation, which costs 1,200 B gzip.
//
// The glue is rewritten by exact names only, and every name must be found where wasm-bindgen puts it (an
// import as a key of the imports object, an export as `wasm.<name>`): anything else fails the build rather
// than ship a page whose glue and wasm disagree.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

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

function encodeLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** `bytes` without the exports named in `drop` (its export section, id 7, rewritten). */
function withoutExports(bytes, drop) {
  const decoder = new TextDecoder();
  const parts = [bytes.subarray(0, 8)];
  let dropped = 0;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    const end = body + size;
    if (id !== 7) {
      parts.push(bytes.subarray(at, end));
    } else {
      let [count, p] = leb(bytes, body);
      const kept = [];
      for (let i = 0; i < count; i++) {
        const start = p;
        let len;
        [len, p] = leb(bytes, p);
        const name = decoder.decode(bytes.subarray(p, p + len));
        p += len + 1;
        [, p] = leb(bytes, p);
        if (drop.has(name)) dropped++;
        else kept.push(bytes.subarray(start, p));
      }
      const section = Buffer.concat([Buffer.from(encodeLeb(kept.length)), ...kept]);
      parts.push(Buffer.from([7, ...encodeLeb(section.length)]), section);
    }
    at = end;
  }
  if (dropped !== drop.size) throw new Error(`[wasm-names] ${drop.size - dropped} of the exports to drop are not in the wasm`);
  return Buffer.concat(parts);
}

/** The glue without `UNUSED_CLASSES`, and the exports only they used. */
function withoutUnusedClasses(glue) {
  let text = glue;
  let removed = '';
  for (const name of UNUSED_CLASSES) {
    for (const pattern of [
      `^export class ${name} \\{\\n[\\s\\S]*?\\n\\}\\n`,
      `^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`,
      `^const ${name}Finalization = [\\s\\S]*?\\);\\n`,
    ]) {
      const re = new RegExp(pattern, 'm');
      const found = text.match(re);
      if (!found) throw new Error(`[wasm-names] the glue has no ${re} (a new wasm-bindgen?)`);
      removed += found[0];
      text = text.replace(re, '');
    }
    if (new RegExp(`\\b${name}\\b`).test(text)) throw new Error(`[wasm-names] the glue still uses ${name}`);
  }
  const used = (s) => new Set([...s.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const still = used(text);
  const drop = new Set([...used(removed)].filter((name) => !still.has(name)));
  return { glue: text, drop };
}

/** The module names the wasm imports from. */
function importModules(bytes) {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
  const other = imports.find((i) => i.kind !== 'function');
  if (other) throw new Error(`[wasm-names] import ${other.name} is a ${other.kind} (only functions are expected)`);
  return new Set(imports.map((i) => i.module));
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Minifies `wasmPath` in place and returns `glue` (the unminified wasm-bindgen glue of that wasm) with the new
 * names, and how many imports and exports were renamed.
 */
export function minifyNames(wasmPath, original) {
  const { glue, drop } = withoutUnusedClasses(original);
  fs.writeFileSync(wasmPath, withoutExports(fs.readFileSync(wasmPath), drop));
  const out = execFileSync('wasm-opt', [...FEATURES, '-Oz', '--minify-imports-and-exports-and-modules', wasmPath, '-o', wasmPath], {
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
  return { glue: text, imports: map.imports.length, exports: exports.size, dropped: drop.size };
}
