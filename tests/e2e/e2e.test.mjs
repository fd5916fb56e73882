// End-to-end: the release build in dist/, served under /infosweep/ on 127.0.0.1, driven in Debian Chromium.
// Run: scripts/test (builds dist first), or `trunk build --release --public-url /infosweep/ && npm test` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, waitReady, DIST, FIXTURES, PREFIX } from './lib.mjs';

const REF_CSV = fs.readFileSync(path.join(FIXTURES, 'reference', 'robustness_summary_statistics.csv'), 'utf8');
const SECTION_ORDER = ['I2E', 'delay_max', 'lrate'];

/** summary.txt (the notebook's printout) as {hparam: {value: {count, fraction, max_info}}}. */
function referenceSummary() {
  const text = fs.readFileSync(path.join(FIXTURES, 'reference', 'summary.txt'), 'utf8');
  const out = {};
  const sections = text.split(/\n(?=\S.*\n-{50})/).map((s) => s.trim()).filter(Boolean);
  assert.equal(sections.length, 3);
  sections.forEach((sec, i) => {
    const rows = {};
    for (const line of sec.split('\n').slice(3)) {
      const m = line.trim().match(/^(\S+)\s+(\S+ ± \S+)\s+(\S+ ± \S+%)\s+(\S+)$/);
      assert.ok(m, `unparsed summary line: ${line}`);
      rows[m[1]] = { count: m[2], fraction: m[3], max_info: m[4] };
    }
    out[SECTION_ORDER[i]] = rows;
  });
  return out;
}
const REF_SUMMARY = referenceSummary();

let server, browser, tmp;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run `trunk build --release --public-url /infosweep/` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-e2e-'));
  // A results folder published beside the page, with index.json made by the README's one-line command.
  const results = path.join(tmp, 'results');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), results, { recursive: true });
  const index = execFileSync('python3', ['-c', 'import json,glob;print(json.dumps(sorted(glob.glob("*/*.pkl"))))'], { cwd: results });
  fs.writeFileSync(path.join(results, 'index.json'), index);
  server = await serve({ [PREFIX]: DIST, '/data/': tmp });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page at devicePixelRatio 2 that records console errors and page errors. */
async function openPage(hash = '') {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${server.base}${PREFIX}${hash}`);
  await waitReady(page);
  return { page, context, problems };
}

/** The table as {hparam: {value: {count, fraction, max_info}}}, read from data-* attributes and cell classes. */
async function readTable(page) {
  return page.$$eval('[data-testid=summary-table] tr[data-hparam]', (trs) => {
    const out = {};
    for (const tr of trs) {
      const cell = (c) => tr.querySelector(`.${c}`)?.textContent.trim();
      (out[tr.dataset.hparam] ??= {})[tr.dataset.value] = { count: cell('count'), fraction: cell('fraction'), max_info: cell('max-info') };
    }
    return out;
  });
}

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

async function sweepCount(page) {
  return page.evaluate(() => Number(document.body.dataset.sweeps));
}

test('first open under a prefix shows the demo: the reference table, drawn HiDPI canvases, no outside request', async () => {
  const before = server.requests.length;
  const { page, context, problems } = await openPage();
  assert.equal(await sweepCount(page), 3);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  for (const id of ['fig-ranked', 'fig-counts']) {
    const c = await page.$eval(`[data-testid=${id}]`, (el) => {
      const ctx = el.getContext('2d');
      const px = ctx.getImageData(0, 0, el.width, el.height).data;
      let inked = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) inked++;
      const r = el.getBoundingClientRect();
      return { w: el.width, h: el.height, cssW: r.width, cssH: r.height, inked, label: el.getAttribute('aria-label') || '' };
    });
    assert.ok(c.cssW > 300, `${id} is laid out (${c.cssW} css px wide)`);
    assert.ok(Math.abs(c.w - Math.round(c.cssW * 2)) <= 1, `${id} backing store ${c.w} = 2 x ${c.cssW}`);
    assert.ok(Math.abs(c.h - Math.round(c.cssH * 2)) <= 1, `${id} backing store height ${c.h} = 2 x ${c.cssH}`);
    assert.ok(c.inked > 2000, `${id} has ink (${c.inked} dark pixels)`);
    assert.ok(c.label.length > 20, `${id} has a text alternative`);
  }
  const renderMs = await page.evaluate(() => Number(document.body.dataset.renderMs));
  assert.ok(Number.isFinite(renderMs) && renderMs >= 0, `renderMs is set (${renderMs})`);
  const outside = server.requests.slice(before).filter((p) => !p.startsWith(PREFIX));
  assert.deepEqual(outside, [], 'every request stays under the prefix');
  assert.deepEqual(problems, []);
  await context.close();
});

test('picking a results folder loads its sweeps, lists skipped files, and the CSV download equals the reference', async () => {
  const { page, context, problems } = await openPage();
  // The shared folder plus a fourth, unknown hyperparameter (a copy of lrate): proves the pick, not the demo, drew.
  const folder = path.join(tmp, 'picked');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), folder, { recursive: true });
  fs.cpSync(path.join(folder, 'lrate'), path.join(folder, 'zeta'), { recursive: true });
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 4 && document.body.dataset.state === 'ready');
  const table = await readTable(page);
  assert.deepEqual({ I2E: table.I2E, delay_max: table.delay_max, lrate: table.lrate }, REF_SUMMARY);
  assert.deepEqual(table.zeta, REF_SUMMARY.lrate);
  const body = await page.textContent('body');
  assert.match(body, /png_counts_sweep_layers_4\.pkl/, 'skipped files are listed');

  const csv = await download(page, 'download-csv');
  assert.equal(csv.name, 'robustness_summary_statistics.csv');
  const lines = csv.bytes.toString('utf8').split('\n');
  const ref = REF_CSV.split('\n');
  assert.equal(lines[0], ref[0]);
  const zetaRows = ref.filter((l) => l.startsWith('lrate,')).map((l) => l.replace(/^lrate,/, 'zeta,'));
  assert.deepEqual(lines, [...ref.slice(0, -1), ...zetaRows, '']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('downloads: both figures as SVG with editable text and as 300 dpi PNG', async () => {
  const { page, context, problems } = await openPage();
  for (const [id, name] of [['download-svg-ranked', 'fig_ranked_information_sweep.svg'], ['download-svg-counts', 'fig_informative_counts_sweep.svg']]) {
    const svg = await download(page, id);
    assert.equal(svg.name, name);
    const text = svg.bytes.toString('utf8');
    assert.match(text, /<svg[^>]*viewBox=/);
    assert.match(text, /<text[\s>]/, 'text stays text');
    assert.doesNotMatch(text, /\$|\\rho/, 'math is drawn, not TeX source');
  }
  for (const [id, name, inches] of [['download-png-ranked', 'fig_ranked_information_sweep.png', [7.5, 1.9]], ['download-png-counts', 'fig_informative_counts_sweep.png', [7.5, 2.2]]]) {
    const png = await download(page, id);
    assert.equal(png.name, name);
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    const w = png.bytes.readUInt32BE(16), h = png.bytes.readUInt32BE(20);
    assert.equal(w, Math.round(inches[0] * 300));
    assert.equal(h, Math.round(inches[1] * 300));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a corrupt file gets a named error and loses nothing already loaded', async () => {
  const { page, context } = await openPage();
  const tableBefore = await readTable(page);
  const good = fs.readFileSync(path.join(FIXTURES, 'n3p2', 'lrate', 'information_sweep_max_convex.pkl'));
  await page.setInputFiles('[data-testid=file-input]', [
    { name: 'broken.pkl', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a pickle at all') },
    { name: 'truncated.pkl', mimeType: 'application/octet-stream', buffer: good.subarray(0, 10000) },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid=errors]')?.textContent.includes('truncated.pkl'));
  await waitReady(page);
  const errors = await page.textContent('[data-testid=errors]');
  assert.match(errors, /broken\.pkl/);
  assert.match(errors, /truncated\.pkl/);
  assert.match(errors, /truncat/i);
  assert.equal(await sweepCount(page), 3);
  assert.deepEqual(await readTable(page), tableBefore);
  await context.close();
});

test('#data= link fetches a published folder by its index.json and applies settings from the hash', async () => {
  const { page, context, problems } = await openPage('#data=/data/results/&t=0.5');
  assert.equal(await sweepCount(page), 3);
  const table = await readTable(page);
  const count = (s) => Number(s.split(' ± ')[0]);
  for (const h of SECTION_ORDER) {
    for (const [v, ref] of Object.entries(REF_SUMMARY[h])) {
      assert.ok(count(table[h][v].count) > count(ref.count), `${h}=${v}: threshold 0.5 counts more than 2/3`);
    }
  }
  assert.ok(server.requests.includes('/data/results/index.json'));
  assert.ok(server.requests.includes('/data/results/lrate/information_sweep_max_convex.pkl'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('settings redraw at once and live in the URL hash', async () => {
  const { page, context } = await openPage();
  const hashBefore = await page.evaluate(() => location.hash);
  const input = await page.$('[data-testid=threshold]');
  assert.ok(input, 'threshold input has data-testid=threshold');
  await input.fill('0.5');
  await input.dispatchEvent('change');
  await page.waitForFunction((h) => location.hash !== h && location.hash.includes('t=0.5'), hashBefore);
  await waitReady(page);
  const table = await readTable(page);
  assert.notDeepEqual(table, REF_SUMMARY);
  // The same link in a new page reproduces the view.
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await waitReady(other);
  assert.deepEqual(await readTable(other), table);
  await context.close();
});

test('dropping a folder walks it (readEntries in batches), skips other files, and a sweep can be removed', async () => {
  const { page, context, problems } = await openPage();
  // A results folder whose extra folder has more entries than one readEntries batch (Chromium gives 100).
  const dir = path.join(tmp, 'dropped', 'results');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), dir, { recursive: true });
  fs.cpSync(path.join(dir, 'lrate'), path.join(dir, 'tau'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'notes'));
  for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(dir, 'notes', `n${i}.txt`), 'x');
  const cdp = await context.newCDPSession(page);
  const box = await page.locator('[data-testid=dropzone]').boundingBox();
  const data = { items: [], files: [dir], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + 10, y: box.y + 10, data });
  }
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 4 && document.body.dataset.state === 'ready');
  const table = await readTable(page);
  assert.deepEqual(table.tau, REF_SUMMARY.lrate);
  const body = await page.textContent('body');
  assert.match(body, /n149\.txt/, 'every entry was read, past the first batch');
  assert.match(body, /png_counts_sweep_layers_4\.pkl/);
  await page.click('button[aria-label="Remove sweep tau"]');
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 3 && document.body.dataset.state === 'ready');
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.deepEqual(problems, []);
  await context.close();
});
