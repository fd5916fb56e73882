// The first open's download budget (issue 10): the page's wasm and its glue, as index.html loads them, are at
// most 200,000 B gzip -9 together, and the release build's post-build step (scripts/minify-glue.mjs,
// scripts/wasm-names.mjs) ran: short import names, no unused stream classes, a minified glue. Size is not
// noisy, so this is a plain assertion; tests/e2e/bench.mjs prints the same number beside the timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from './lib.mjs';

const BUDGET = 200_000;

const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const glueName = html.match(/infosweep-web-[0-9a-f]+\.js/)?.[0];
const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

test('the first open downloads at most 200,000 B of wasm and js (gzip -9)', () => {
  assert.ok(glueName, 'index.html loads the page glue');
  const glue = fs.readFileSync(path.join(DIST, glueName));
  const wasm = fs.readFileSync(path.join(DIST, glueName.replace(/\.js$/, '_bg.wasm')));
  const total = gz(glue) + gz(wasm);
  console.log(`page glue ${gz(glue)} B + wasm ${gz(wasm)} B = ${total} B gzip -9 (budget ${BUDGET})`);
  assert.ok(total <= BUDGET, `${total} B > ${BUDGET} B`);
});

test('the page wasm has short import names and no unused stream classes, and its glue agrees', () => {
  const glue = fs.readFileSync(path.join(DIST, glueName), 'utf8');
  const wasm = new WebAssembly.Module(fs.readFileSync(path.join(DIST, glueName.replace(/\.js$/, '_bg.wasm'))));
  const imports = WebAssembly.Module.imports(wasm);
  const exports = WebAssembly.Module.exports(wasm).map((e) => e.name);
  assert.ok(imports.length > 100, `${imports.length} imports`);
  assert.deepEqual(new Set(imports.map((i) => i.module)).size, 1, 'one import module');
  assert.ok(imports.every((i) => i.name.length <= 3), `long import names: ${imports.filter((i) => i.name.length > 3).map((i) => i.name).slice(0, 5)}`);
  assert.ok(exports.every((e) => e.length <= 3), `long export names: ${exports.filter((e) => e.length > 3).slice(0, 5)}`);
  assert.ok(!/IntoUnderlying/.test(glue), 'the glue has no wasm-streams classes');
  // Every import the wasm asks for is a key of the glue's imports object (minified: `name:` or `"name":`).
  const missing = imports.filter((i) => !new RegExp(`[{,]\\s*(?:${i.name.replace(/\$/g, '\\$')}|"${i.name.replace(/\$/g, '\\$')}"):`).test(glue));
  assert.deepEqual(missing.map((i) => i.name), [], 'imports the glue does not provide');
});
