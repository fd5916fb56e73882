// End-to-end: Fig. S9C in the page (issue 8). The demo's S9C table equals the notebook's printed summary,
// its CSV download equals the notebook's png_counts_summary_statistics.csv byte for byte, and a folder of
// twelve sweeps, one of them with an 80-character name, keeps every panel of all three downloaded SVGs at
// least 1 x 0.75 in (72 x 54 pt), with one panel per sweep.
// Run: scripts/test, or `scripts/trunk build --release && node --test s9c.test.mjs` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, watchConsole, waitReady, download, DIST, FIXTURES, PREFIX } from './lib.mjs';

const REF = path.join(FIXTURES, 'reference');
const FILES = ['information_sweep_max_convex.pkl', 'png_counts_sweep_layers_4.pkl'];
const EXAMPLE = ['I2E', 'delay_max', 'lrate'];
/** Twelve folder names: the example's three, eight more, and one of 80 characters. */
const LONG = 'an_eighty_character_hyperparameter_folder_name_that_a_real_pipeline_might_write_';
const TWELVE = [...EXAMPLE, 'C_m', 'E_L', 'V_th', 'g_L', 'p_conn', 'tau_syn', 'w_exc', 'w_inh', LONG];
/** Smallest panel, in pt (1 x 0.75 in). */
const MIN_W = 72;
const MIN_H = 54;

let server, browser, tmp;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run `scripts/trunk build --release` first');
  assert.equal(LONG.length, 80);
  assert.equal(TWELVE.length, 12);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-s9c-'));
  // Each of the twelve folders holds both files of one of the example's sweeps, in turn.
  TWELVE.forEach((h, i) => {
    fs.mkdirSync(path.join(tmp, 'twelve', h), { recursive: true });
    for (const f of FILES) fs.copyFileSync(path.join(FIXTURES, 'n3p2', EXAMPLE[i % 3], f), path.join(tmp, 'twelve', h, f));
  });
  server = await serve({ [PREFIX]: DIST });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const { problems } = watchConsole(page);
  await page.goto(`${server.base}${PREFIX}`);
  await waitReady(page);
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 3);
  return { page, context, problems };
}

/** summary_s9c.txt (the notebook's printout) as [[value, count, n_trials], ...] per section, in order. */
function referenceS9c() {
  const text = fs.readFileSync(path.join(REF, 'summary_s9c.txt'), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*(\S+)\s+(\S+ ± \S+|N\/A)\s+(\d+)$/);
    if (m) rows.push([m[1], m[2], m[3]]);
  }
  assert.equal(rows.length, 15, 'three sweeps of five values');
  return rows;
}

test('the demo shows Fig. S9C: its table equals the notebook\'s summary and its CSV the notebook\'s CSV', async () => {
  const { page, context, problems } = await openPage();
  const canvas = await page.$eval('[data-testid=fig-png]', (c) => ({ w: c.width, h: c.height, label: c.getAttribute('aria-label') || '' }));
  assert.ok(canvas.w > 300 && canvas.h > 50, `fig-png is drawn (${canvas.w} x ${canvas.h})`);
  const rows = await page.$$eval('[data-testid=png-table] tbody tr[data-value]', (trs) => trs.map((tr) =>
    [tr.querySelector('.value').textContent.trim(), tr.querySelector('.png-count').textContent.trim(), tr.querySelector('.n-trials').textContent.trim()]));
  assert.deepEqual(rows, referenceS9c());
  const csv = await download(page, 'download-csv-png');
  assert.equal(csv.name, 'png_counts_summary_statistics.csv');
  assert.equal(csv.bytes.toString('utf8'), fs.readFileSync(path.join(REF, 'png_counts_summary_statistics.csv'), 'utf8'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('twelve sweeps, one named with 80 characters: every panel of the three SVGs stays at least 72 x 54 pt', async () => {
  const { page, context, problems } = await openPage();
  await page.setInputFiles('[data-testid=folder-input]', path.join(tmp, 'twelve'));
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 12, null, { timeout: 60000 });
  await waitReady(page);
  for (const [id, name] of [
    ['download-svg-ranked', 'fig_ranked_information_sweep.svg'],
    ['download-svg-counts', 'fig_informative_counts_sweep.svg'],
    ['download-svg-png', 'fig_png_counts_sweep.svg'],
  ]) {
    const svg = await download(page, id);
    assert.equal(svg.name, name);
    const panels = [...svg.bytes.toString('utf8').matchAll(/<rect\b[^>]*\bclass="axes-bg"[^>]*>/g)].map(([tag]) => ({
      w: Number(tag.match(/\bwidth="([\d.]+)"/)[1]),
      h: Number(tag.match(/\bheight="([\d.]+)"/)[1]),
    }));
    assert.equal(panels.length, 12, `${name}: one panel per sweep`);
    for (const [i, p] of panels.entries()) {
      assert.ok(p.w >= MIN_W && p.h >= MIN_H, `${name} panel ${i}: ${p.w.toFixed(1)} x ${p.h.toFixed(1)} pt`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});
