// End-to-end: decoding in workers (src/app/pool.rs), which run the decoder's own wasm (infosweep-decode; the
// page's wasm holds no decoder). The release build in dist/, served under /infosweep/, in Debian Chromium.
// `?decode=worker` forces one worker per core, `?decode=page` one worker (small loads go to one anyway);
// `<body data-decode>` says where the last load ran: workers, precomputed (the demo's results, src/demo.rs),
// or page (no worker could start: the page failed the files).
// Run: `scripts/trunk build --release --public-url /infosweep/ && node --test workers.test.mjs` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, watchConsole, waitReady, DIST, FIXTURES, PREFIX, referenceSummary, readTable } from './lib.mjs';

const REF_SUMMARY = referenceSummary();
/** Trials x 4096 float64 per value of the generated big sweep: 2 values x 160 MiB. */
const BIG_TRIALS = 5120;

let server, browser, tmp, bigDir, bigBytes;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'worker.js')), 'dist/ is missing or old: run `scripts/trunk build --release --public-url /infosweep/` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-workers-'));
  // One large information sweep (two values), generated here: big enough that a load lasts well past the
  // 200 ms after which progress is shown.
  bigDir = path.join(tmp, 'big');
  const file = path.join(bigDir, 'bigsweep', 'information_sweep_max_convex.pkl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('python3', ['-c', `
import pickle, sys, numpy as np
rng = np.random.default_rng(3)
d = {v: {'post': rng.random((${BIG_TRIALS}, 4096))} for v in (1, 2)}
with open(sys.argv[1], 'wb') as f:
    pickle.dump(d, f, protocol=4)
`, file]);
  bigBytes = fs.statSync(file).size;
  server = await serve({ [PREFIX]: DIST });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** worker.js whose decoder boots, then traps on every request as a panic does in the browser build
 * (`-Cpanic=immediate-abort`: a wasm `unreachable`, uncaught in the worker): a real trap, from a 1-function module. */
const TRAPPING_WORKER = `
importScripts('./infosweep-decode.js');
wasm_bindgen({ module_or_path: './infosweep-decode_bg.wasm' }).then(() => {
  // (module (func (export "f") unreachable))
  const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
  const trap = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports.f;
  self.onmessage = () => trap();
});
`;

/** A fresh page with `query` (e.g. `?decode=worker`) that records console errors and page errors. */
async function openPage(query = '', { blockWorker = false, trapWorker = false } = {}) {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  if (blockWorker) await context.route('**/worker.js', (r) => r.fulfill({ status: 404, body: 'blocked by the test' }));
  if (trapWorker) await context.route('**/worker.js', (r) => r.fulfill({ contentType: 'text/javascript', body: TRAPPING_WORKER }));
  const page = await context.newPage();
  const { problems } = watchConsole(page);
  await page.goto(`${server.base}${PREFIX}${query}`);
  await waitReady(page);
  return { page, context, problems };
}

const body = (page, key) => page.evaluate((k) => document.body.dataset[k], key);

async function waitSweeps(page, n, timeout = 60000) {
  await page.waitForFunction((n) => Number(document.body.dataset.sweeps) === n && document.body.dataset.state === 'ready', n, { timeout });
}

/** Picks the example folder (3 sweeps x 2 files) and checks the table against the notebook's printout. */
async function pickExample(page) {
  await page.setInputFiles('[data-testid=folder-input]', path.join(FIXTURES, 'n3p2'));
  await waitSweeps(page, 3);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.equal(await page.locator('[data-testid=png-table] tr[data-hparam]').count(), 15, 'the PNG-count files were decoded too');
}

test('a multi-file load through the workers gives the reference table', async () => {
  const { page, context, problems } = await openPage('?decode=worker');
  await pickExample(page);
  assert.equal(await body(page, 'decode'), 'workers');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a threshold change after a load through the workers counts in the worker that kept the rows: the page\'s own numbers', async () => {
  // What the page shows for the example at 0.5 when it loads it at 0.5 (the demo, decoded by a worker: its
  // precomputed results are at the default 2/3).
  const ref = await openPage('#t=0.5');
  const expected = await readTable(ref.page);
  assert.equal(Object.keys(expected).length, 3);
  assert.equal(await body(ref.page, 'decode'), 'workers');
  await ref.context.close();
  const { page, context, problems } = await openPage('?decode=worker');
  await pickExample(page);
  assert.equal(await body(page, 'decode'), 'workers');
  await page.fill('[data-testid=threshold]', '0.5');
  await page.press('[data-testid=threshold]', 'Enter');
  // The counts at 0.5 come from the workers (the table keeps the last complete numbers meanwhile).
  let table;
  for (const t0 = Date.now(); Date.now() - t0 < 30000; await page.waitForTimeout(200)) {
    table = await readTable(page);
    if (JSON.stringify(table) === JSON.stringify(expected)) break;
  }
  assert.deepEqual(table, expected);
  assert.equal(await page.locator('[data-testid=recount]').count(), 0);
  assert.notDeepEqual(expected, REF_SUMMARY);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first open draws the demo from its precomputed results without fetching the decoder; a dragover fetches it', async () => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto(`${server.base}${PREFIX}`);
  await waitReady(page);
  assert.equal(await body(page, 'decode'), 'precomputed');
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.deepEqual(fetched.filter((u) => /worker\.js|infosweep-decode|\.pkl$/.test(u)), []);
  // Dragging files over the page starts a decode worker ahead of the drop: worker.js and the decoder's wasm
  // are fetched now (which also shows that this listener sees the workers' requests).
  await page.evaluate(() => window.dispatchEvent(new DragEvent('dragover', { cancelable: true })));
  for (const t0 = Date.now(); Date.now() - t0 < 30000 && !fetched.some((u) => /infosweep-decode_bg\.wasm$/.test(u)); await page.waitForTimeout(100));
  assert.ok(fetched.some((u) => /worker\.js$/.test(u)), 'worker.js fetched after a dragover');
  assert.ok(fetched.some((u) => /infosweep-decode_bg\.wasm$/.test(u)), 'the decoder fetched after a dragover');
  await context.close();
});

test('one worker (`decode=page`) gives the reference table; where no worker can start the files fail with the reason', async () => {
  {
    const { page, context, problems } = await openPage('?decode=page');
    await pickExample(page);
    assert.equal(await body(page, 'decode'), 'workers');
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    // worker.js cannot be loaded (a host that lacks it): the page holds no decoder, so each file fails with
    // the reason; the demo, precomputed, still shows.
    const { page, context } = await openPage('?decode=worker', { blockWorker: true });
    assert.deepEqual(await readTable(page), REF_SUMMARY);
    await page.setInputFiles('[data-testid=folder-input]', path.join(FIXTURES, 'n3p2'));
    await page.waitForSelector('[data-testid=errors]', { timeout: 30000 });
    assert.match(await page.textContent('[data-testid=errors]'), /decode worker/);
    assert.equal(await body(page, 'decode'), 'page');
    await context.close();
  }
  {
    // The decoder traps (a panic aborts at once in the browser build, without a message): each file fails
    // with a sentence that says so, and the demo still shows.
    const { page, context } = await openPage('?decode=worker', { trapWorker: true });
    await page.setInputFiles('[data-testid=folder-input]', path.join(FIXTURES, 'n3p2'));
    await page.waitForSelector('[data-testid=errors]', { timeout: 30000 });
    const errors = await page.textContent('[data-testid=errors]');
    assert.match(errors, /decode worker \d stopped on an internal error \(.*RuntimeError: unreachable.*\): a bug, or the browser ran out of memory/);
    const files = fs.readdirSync(path.join(FIXTURES, 'n3p2'), { recursive: true }).filter((f) => f.endsWith('.pkl'));
    for (const f of files) assert.ok(errors.includes(path.basename(path.dirname(f))), `${f} has its error`);
    assert.deepEqual(await readTable(page), REF_SUMMARY);
    await context.close();
  }
});

test('progress (bytes read of the total) shows while a large file loads, then goes away', async () => {
  const { page, context, problems } = await openPage();
  // Record every value the progress bar shows, from before the pick.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const p = document.querySelector('.progress progress');
      if (p) window.__progress.push([Number(p.value), Number(p.max), p.nextElementSibling?.textContent ?? '']);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.setInputFiles('[data-testid=folder-input]', bigDir);
  await page.waitForSelector('.progress progress', { timeout: 60000 });
  await page.screenshot({ path: path.join(os.tmpdir(), 'infosweep-progress.png') });
  await waitSweeps(page, 1, 120000);
  assert.equal(await page.locator('.progress').count(), 0, 'the progress bar is gone once loaded');
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.length >= 1, 'progress was shown');
  for (const [value, max] of seen) {
    assert.equal(max, bigBytes, 'the total is the file size');
    assert.ok(value >= 0 && value <= max);
  }
  // Files count as done once read (their statistics may still be computing).
  const total = `${(bigBytes / 1e6).toFixed(1)} MB`;
  for (const [, , text] of seen) assert.match(text, new RegExp(`^[01] / 1 files, [\\d.]+ MB / ${total.replace('.', '\\.')}$`));
  const before = await readTable(page);
  assert.deepEqual(Object.keys(before), ['bigsweep']);
  assert.equal(await body(page, 'decode'), 'workers');
  // Its rows (336 MB) are more than the workers keep (256 MiB): a threshold change reads the file again,
  // and says so meanwhile.
  await page.fill('[data-testid=threshold]', '0.5');
  await page.press('[data-testid=threshold]', 'Enter');
  await page.waitForSelector('[data-testid=recount]', { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=recount]'), /reading 1 file\(s\) again/);
  await page.waitForSelector('[data-testid=recount]', { state: 'detached', timeout: 120000 });
  const after = await readTable(page);
  for (const v of ['1', '2']) {
    assert.notEqual(after.bigsweep[v].count, before.bigsweep[v].count, `value ${v}: 0.5 counts differ from 2/3`);
    assert.equal(after.bigsweep[v].max_info, before.bigsweep[v].max_info);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a second load cancels the first: nothing of the first lands', async () => {
  const { page, context, problems } = await openPage();
  await page.setInputFiles('[data-testid=folder-input]', bigDir);
  // The big load is under way (its progress shows), then the example folder is picked.
  await page.waitForSelector('.progress progress', { timeout: 60000 });
  await pickExample(page);
  // Long enough for the big file to have finished, had it not been cancelled.
  await page.waitForTimeout(4000);
  assert.equal(Number(await body(page, 'sweeps')), 3);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.equal(await body(page, 'state'), 'ready');
  assert.equal(await page.locator('.progress').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
