// Trunk post-build hook (Trunk.toml, release builds): gives the page's wasm short import and export names
// (scripts/wasm-names.mjs), minifies its wasm-bindgen glue (the JS of the first open) with terser, and writes
// both files' new subresource-integrity hashes into index.html. Trunk's own
// minifier (minify-js) cannot parse the glue's last line, `export { initSync, __wbg_init as default };`: it
// prints "Failed to minify JS: RequiredTokenNotFound(Identifier) [token=Some(KeywordDefault)]" and copies
// the file as it is (trunk-rs/trunk#1044). terser is one of tests/e2e's npm packages (scripts/setup installs
// them); without it the glue stays as Trunk wrote it (a working page, ~2.3 KB gzip larger) and this says so.
// The workers' glue (classic scripts, fetched on demand) is left alone.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { minifyNames } from './wasm-names.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('this script is run by trunk build (TRUNK_STAGING_DIR is not set)');
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
let minify;
try {
  ({ minify } = createRequire(path.resolve('tests/e2e/package.json'))('terser'));
} catch {
  console.warn('[minify-glue] terser is missing (run scripts/setup): the page glue is not minified');
  process.exit(0);
}
const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
const htmlPath = path.join(staging, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
// The page's glue: the module index.html imports (`<name>-<hash>.js` beside `<name>-<hash>_bg.wasm`).
const glue = fs.readdirSync(staging).filter((f) => f.endsWith('.js') && fs.existsSync(path.join(staging, f.replace(/\.js$/, '_bg.wasm'))) && html.includes(f) && !/^infosweep-(decode|export)/.test(f));
if (glue.length !== 1) throw new Error(`expected one page glue file in ${staging}, found ${JSON.stringify(glue)}`);
const file = path.join(staging, glue[0]);
const wasmFile = file.replace(/\.js$/, '_bg.wasm');
const source = fs.readFileSync(file);
const wasmBefore = fs.readFileSync(wasmFile);
const named = minifyNames(wasmFile, source.toString('utf8'));
const wasmAfter = fs.readFileSync(wasmFile);
const out = await minify(named.glue, { module: true, compress: true, mangle: true, format: { comments: false } });
// index.html names each file with its hash (a modulepreload of the glue, a preload of the wasm).
for (const [name, before, after] of [[glue[0], source, Buffer.from(out.code)], [path.basename(wasmFile), wasmBefore, wasmAfter]]) {
  const oldSri = sri(before);
  if (html.includes('integrity=') && !html.includes(oldSri)) throw new Error(`index.html holds no ${oldSri} for ${name}`);
  html = html.split(oldSri).join(sri(after));
}
// Written in place: scripts/page-files, the other post-build hook, runs at the same time and lists names.
fs.writeFileSync(file, out.code);
fs.writeFileSync(htmlPath, html);
console.log(`[minify-glue] ${named.dropped} unused exports dropped, ${named.imports} imports and ${named.exports} exports renamed; ${path.basename(wasmFile)}: ${wasmBefore.length} -> ${wasmAfter.length} B; ${glue[0]}: ${source.length} -> ${out.code.length} B`);
