// End-to-end: the release build in dist/, served under /infosweep/ on 127.0.0.1, driven in Debian Chromium.
// Run: scripts/test (builds dist first), or `scripts/trunk build --release --public-url /infosweep/ && npm test` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import {
  serve, launch, waitReady, watchConsole, download, DIST, FIXTURES, PREFIX, WCAG_TAGS,
  C0, C1, barClusters, copperColors, colorCounts, innerScrollers, pngPhys, referenceSummary, readTable, SECTION_ORDER,
} from './lib.mjs';

const REF_CSV = fs.readFileSync(path.join(FIXTURES, 'reference', 'robustness_summary_statistics.csv'), 'utf8');
const INFO = 'information_sweep_max_convex.pkl';
const fixture = (h) => path.join(FIXTURES, 'n3p2', h, INFO);

const REF_SUMMARY = referenceSummary();

/** Folder names of the 12-sweep fixture: the three of the example and nine more (one with TeX in it). */
const TWELVE = ['I2E', 'delay_max', 'lrate', '$\\tau_m$', 'C_m', 'E_L', 'V_th', 'g_L', 'p_conn', 'tau_syn', 'w_exc', 'w_inh'];

let server, browser, tmp;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run `scripts/trunk build --release --public-url /infosweep/` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-e2e-'));
  // A results folder published beside the page, with index.json made by the README's one-line command.
  const results = path.join(tmp, 'results');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), results, { recursive: true });
  const index = execFileSync('python3', ['-c', 'import json,glob;print(json.dumps(sorted(glob.glob("*/*.pkl"))))'], { cwd: results });
  fs.writeFileSync(path.join(results, 'index.json'), index);
  // Twelve sweeps: each folder holds one of the example's three files, in turn.
  TWELVE.forEach((h, i) => {
    fs.mkdirSync(path.join(tmp, 'twelve', h), { recursive: true });
    fs.copyFileSync(fixture(SECTION_ORDER[i % 3]), path.join(tmp, 'twelve', h, INFO));
  });
  server = await serve({ [PREFIX]: DIST, '/data/': tmp });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page (devicePixelRatio 2 unless told) that records console errors and page errors (`problems`) and
 * the console warnings of the page's and its workers' code (`warnings`). */
// `init`: a script run in the page before its own (Playwright's addInitScript).
async function openPage(hash = '', { width = 1366, height = 768, dpr = 2, colorScheme = 'light', permissions = [], init } = {}) {
  const context = await browser.newContext({ deviceScaleFactor: dpr, viewport: { width, height }, acceptDownloads: true, colorScheme });
  if (permissions.length) await context.grantPermissions(permissions, { origin: server.base });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const { problems, warnings } = watchConsole(page);
  await page.goto(`${server.base}${PREFIX}${hash}`);
  await waitReady(page);
  return { page, context, problems, warnings };
}

async function sweepCount(page) {
  return page.evaluate(() => Number(document.body.dataset.sweeps));
}

async function waitSweeps(page, n) {
  await page.waitForFunction((n) => Number(document.body.dataset.sweeps) === n && document.body.dataset.state === 'ready', n);
}

/** Each figure as its canvas's PNG data URL, or the demo's figure file's URL (to tell whether anything was redrawn differently). */
async function canvases(page) {
  return page.$$eval('.fig [data-testid^=fig-]', (fs) => fs.map((f) => (f.tagName === 'IMG' ? f.src : f.toDataURL())));
}

/** Drops a folder from disk onto the drop zone (a real drag through CDP: the entries API walks it). */
async function dropFolder(page, context, dir) {
  const cdp = await context.newCDPSession(page);
  const box = await page.locator('[data-testid=dropzone]').boundingBox();
  const data = { items: [], files: [dir], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + 10, y: box.y + 10, data });
  }
}

/** Zero WCAG 2.2 A/AA violations, or a readable list of them. */
async function assertAxeClean(page, state) {
  const r = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe-core in state "${state}"`);
  assert.ok(r.passes.length > 10, `axe-core ran its checks (${r.passes.length} passed)`);
  return r.passes.length;
}

test('first open under a prefix shows the demo from its files, then draws the same figures on canvas: the reference table, the bars and curves where they belong, no outside request', async () => {
  const before = server.requests.length;
  // Every layout shift of the first open (its first painted frame already holds the demo: nothing moves).
  const init = () => {
    window.__shifts = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shifts.push(e.value); })
      .observe({ type: 'layout-shift', buffered: true });
  };
  const { page, context, problems, warnings } = await openPage('', { init });
  assert.equal(await sweepCount(page), 3);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  // A frame after ready (the observer reports a shift with the frame that paints it).
  const shifts = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(window.__shifts), 100))));
  assert.ok(shifts.reduce((a, b) => a + b, 0) < 0.01, `layout shifts of the first open: ${JSON.stringify(shifts)}`);
  // The first open shows the demo's figure files (made from its results by tests/demo_results.rs); the
  // canvases are hidden (they are drawn after `ready`, to pay the first draw's costs before a load).
  assert.equal(await page.evaluate(() => document.body.dataset.decode), 'precomputed');
  for (const id of ['fig-ranked', 'fig-counts', 'fig-png']) {
    const f = await page.$eval(`[data-testid=${id}]`, (el) => ({
      tag: el.tagName, src: el.getAttribute('src') || '', complete: el.complete, natural: el.naturalWidth,
      cssW: el.getBoundingClientRect().width, alt: el.getAttribute('alt') || '' }));
    assert.equal(f.tag, 'IMG', `${id} is the demo's figure file`);
    assert.match(f.src, /\/demo\/figure-[a-z]+\.png$/);
    assert.ok(f.complete && f.natural > 0, `${id}'s file is loaded (${f.natural} px)`);
    assert.ok(f.cssW > 300, `${id} is laid out (${f.cssW} css px wide)`);
    assert.match(f.alt, /^Figure \d/, `${id} has its text alternative`);
    assert.doesNotMatch(f.alt, /\$|\\/, `${id}'s description reads names, not TeX`);
  }
  assert.deepEqual(await page.$$eval('canvas', (cs) => cs.map((c) => getComputedStyle(c).display)), ['none', 'none', 'none']);
  const demoBars = await page.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20]);
  // The same pickles picked from disk: decoded by the workers and drawn on canvas.
  await page.setInputFiles('[data-testid=folder-input]', path.join(FIXTURES, 'n3p2'));
  await page.waitForFunction(() => document.body.dataset.decode !== 'precomputed' && document.body.dataset.state === 'ready');
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  for (const id of ['fig-ranked', 'fig-counts']) {
    const c = await page.$eval(`[data-testid=${id}]`, (el) => {
      const r = el.getBoundingClientRect();
      return { tag: el.tagName, w: el.width, h: el.height, cssW: r.width, cssH: r.height, label: el.getAttribute('aria-label') || '' };
    });
    assert.equal(c.tag, 'CANVAS', `${id} is drawn`);
    assert.ok(c.cssW > 300, `${id} is laid out (${c.cssW} css px wide)`);
    assert.ok(Math.abs(c.w - Math.round(c.cssW * 2)) <= 1, `${id} backing store ${c.w} = 2 x ${c.cssW}`);
    assert.ok(Math.abs(c.h - Math.round(c.cssH * 2)) <= 1, `${id} backing store height ${c.h} = 2 x ${c.cssH}`);
    assert.doesNotMatch(c.label, /\$|\\/, `${id}'s description reads names, not TeX`);
  }
  // Figure 2: fifteen bars, left to right, and in each panel the notebook's baseline (index 2) in C1, in
  // the file as on canvas.
  const bars = await page.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20]);
  const want = Array(3).fill(['C0', 'C0', 'C1', 'C0', 'C0']).flat();
  assert.deepEqual(bars.map((b) => b.color), want);
  assert.deepEqual(demoBars.map((b) => b.color), want);
  // Figure 1: every panel (a third of the width) has curves in the copper shades of its five values.
  const copper = copperColors(5).slice(1); // the first shade is black, like the axes
  const counts = await page.$eval('[data-testid=fig-ranked]', colorCounts, [copper, 3]);
  counts.forEach((panel, i) => panel.forEach((n, k) => assert.ok(n > 50, `panel ${i + 1} has value ${k + 2}'s copper curve (${n} px)`)));
  const renderMs = await page.evaluate(() => Number(document.body.dataset.renderMs));
  assert.ok(Number.isFinite(renderMs) && renderMs >= 0, `renderMs is set (${renderMs})`);
  const outside = server.requests.slice(before).filter((p) => !p.startsWith(PREFIX));
  assert.deepEqual(outside, [], 'every request stays under the prefix');
  assert.deepEqual(problems, []);
  // No warning from the page, the decode workers or the draw module (e.g. a glue started the deprecated way).
  assert.deepEqual(warnings, []);
  await context.close();
});

test('the draw module (infosweep-draw) loads after the first open is ready; a link with settings draws at once; one that cannot load is said in the cards and the console', async () => {
  // The first open shows the figure files: it is ready before the draw module is asked for, which then
  // comes (the hidden canvases are drawn with it).
  const { page, context: first, problems } = await openPage('', {
    init: () => {
      new MutationObserver(() => {
        if (document.body.dataset.state === 'ready' && globalThis.readyAt === undefined) globalThis.readyAt = performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
    },
  });
  await page.waitForFunction(() => [...document.querySelectorAll('canvas')].every((c) => c.width > 0), null, { timeout: 30000 });
  // (A resource's timing entry is added once its body is read: wait for both.)
  await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => /infosweep-draw/.test(e.name)).length >= 2, null, { timeout: 10000 });
  const timing = await page.evaluate(() => ({
    ready: globalThis.readyAt,
    draw: performance.getEntriesByType('resource').filter((e) => /infosweep-draw(_bg\.wasm|\.js)$/.test(e.name)).map((e) => e.startTime),
    names: performance.getEntriesByType('resource').map((e) => e.name.replace(/.*\//, '')).join(' '),
  }));
  assert.equal(timing.draw.length, 2, `the draw module's glue and wasm are fetched once each: ${timing.names}`);
  assert.ok(timing.draw.every((t) => t > timing.ready), `fetched after ready (${timing.ready} ms): ${timing.draw}`);
  assert.deepEqual(problems, []);
  await first.close();

  // A link with settings draws on canvas at once: ready means drawn.
  const linked = await openPage('#t=0.3');
  const c = await linked.page.$eval('[data-testid=fig-counts]', (el) => ({ tag: el.tagName, w: el.width }));
  assert.equal(c.tag, 'CANVAS');
  assert.ok(c.w > 600, `drawn at ready (${c.w} px)`);
  assert.equal((await linked.page.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20])).length, 15);
  assert.deepEqual(linked.problems, []);
  await linked.context.close();

  // A host without the module: every card says so, the console has the reason, the rest of the page works.
  const broken = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  await broken.route('**/infosweep-draw.js', (r) => r.fulfill({ status: 404, body: 'blocked by the test' }));
  const bp = await broken.newPage();
  const errors = [];
  bp.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await bp.goto(`${server.base}${PREFIX}#t=0.3`);
  await waitReady(bp);
  assert.equal(await sweepCount(bp), 3);
  for (const id of ['fig-ranked', 'fig-counts', 'fig-png']) {
    const text = await bp.textContent(`[data-testid=${id}-failed]`);
    assert.match(text, /could not be drawn: .*infosweep-draw\.js could not be loaded/, `${id}: ${text}`);
  }
  assert.ok(errors.some((e) => /drawing code did not load: infosweep-draw\.js could not be loaded/.test(e)), errors.join('\n'));
  // The host serves the module again: "Try again" draws the figures, with no reload (the data stays).
  await broken.unroute('**/infosweep-draw.js');
  const pageErrors = [];
  bp.on('pageerror', (e) => pageErrors.push(e.message));
  await bp.click('[data-testid=fig-counts-retry]');
  await bp.waitForFunction(() => document.querySelectorAll('[data-testid$=-failed]').length === 0 && document.body.dataset.state === 'ready');
  assert.equal(await sweepCount(bp), 3);
  const drawn = await bp.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20]);
  assert.equal(drawn.length, 15, 'the bars are drawn after trying again');
  assert.deepEqual(pageErrors, []);
  await broken.close();
});

test('axe-core: zero WCAG 2.2 A/AA violations in the demo (light and dark), with an error, with 12 sweeps, on a phone', async () => {
  const passes = {};
  {
    const { page, context } = await openPage('', { colorScheme: 'light' });
    passes['demo light'] = await assertAxeClean(page, 'demo light');
    await context.close();
  }
  {
    const { page, context } = await openPage('', { colorScheme: 'dark' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(20, 23, 28)', 'the dark theme is on');
    passes['demo dark'] = await assertAxeClean(page, 'demo dark');
    await context.close();
  }
  {
    const { page, context } = await openPage();
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'broken.pkl', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a pickle at all') },
    ]);
    await page.waitForFunction(() => document.querySelector('[data-testid=errors] li'));
    await waitReady(page);
    passes['error shown'] = await assertAxeClean(page, 'error shown');
    await context.close();
  }
  {
    const { page, context } = await openPage();
    await dropFolder(page, context, path.join(tmp, 'twelve'));
    await waitSweeps(page, 12);
    passes['12 sweeps'] = await assertAxeClean(page, '12 sweeps');
    await context.close();
  }
  {
    const { page, context } = await openPage('', { width: 390, height: 844 });
    passes['phone 390x844'] = await assertAxeClean(page, 'phone 390x844');
    await context.close();
  }
  console.log(`# axe-core: 0 violations; rules passed per state: ${JSON.stringify(passes)}`);
});

test('twelve dropped folders load as twelve sweeps; a backslash in a folder name is part of the name', async () => {
  // Dropped, not picked: Chromium's folder picker itself turns a backslash in webkitRelativePath into '/'.
  const { page, context, problems } = await openPage();
  await dropFolder(page, context, path.join(tmp, 'twelve'));
  await waitSweeps(page, 12);
  const table = await readTable(page);
  assert.deepEqual(Object.keys(table).sort(), [...TWELVE].sort());
  TWELVE.forEach((h, i) => assert.deepEqual(table[h], REF_SUMMARY[SECTION_ORDER[i % 3]], h));
  const [label, shown] = await page.evaluate((h) => {
    const li = [...document.querySelectorAll('.sweep')].find((el) => el.dataset.hparam === h);
    return [li.querySelector('input.display-name').getAttribute('aria-label'), li.querySelector('.vh').textContent];
  }, '$\\tau_m$');
  assert.equal(label, 'label for $\\tau_m$');
  assert.equal(shown, 'shows as τ_m', 'the folder name is read as mathtext');
  assert.deepEqual(problems, []);
  await context.close();
});

test('picking a results folder loads its sweeps (S9C too, only the note skipped), and the CSV download equals the reference', async () => {
  const { page, context, problems } = await openPage();
  // The shared folder plus a fourth, unknown hyperparameter (a copy of lrate): proves the pick, not the demo, drew.
  const folder = path.join(tmp, 'picked');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), folder, { recursive: true });
  fs.cpSync(path.join(folder, 'lrate'), path.join(folder, 'zeta'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'lrate', 'notes.txt'), 'not a sweep');
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await waitSweeps(page, 4);
  const table = await readTable(page);
  assert.deepEqual({ I2E: table.I2E, delay_max: table.delay_max, lrate: table.lrate }, REF_SUMMARY);
  assert.deepEqual(table.zeta, REF_SUMMARY.lrate);
  const body = await page.textContent('body');
  assert.match(body, /notes\.txt/, 'skipped files are listed');
  assert.equal(await page.locator('.skipped li').count(), 1, 'only the note is skipped: the PNG-count files make Fig. S9C');
  assert.ok(body.includes('zeta0.023290 ± 4663'), 'S9C table has zeta');

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

test('downloads: SVG with editable text; PNG at 300 dpi (pHYs 11811 px/m) and, when chosen, 600 dpi', async () => {
  const { page, context, problems } = await openPage();
  for (const [id, name] of [['download-svg-ranked', 'fig_ranked_information_sweep.svg'], ['download-svg-counts', 'fig_informative_counts_sweep.svg']]) {
    const svg = await download(page, id);
    assert.equal(svg.name, name);
    const text = svg.bytes.toString('utf8');
    assert.match(text, /<svg[^>]*viewBox=/);
    assert.match(text, /<text[\s>]/, 'text stays text');
    assert.doesNotMatch(text, /\$|\\rho/, 'math is drawn, not TeX source');
  }
  const pngs = [['download-png-ranked', 'fig_ranked_information_sweep.png', [7.5, 1.9]], ['download-png-counts', 'fig_informative_counts_sweep.png', [7.5, 2.2]]];
  for (const [id, name, inches] of pngs) {
    assert.equal(await page.textContent(`[data-testid=${id}]`), 'PNG 300 dpi');
    const png = await download(page, id);
    assert.equal(png.name, name);
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.bytes.readUInt32BE(16), Math.round(inches[0] * 300));
    assert.equal(png.bytes.readUInt32BE(20), Math.round(inches[1] * 300));
    assert.deepEqual(pngPhys(png.bytes), { x: 11811, y: 11811, unit: 1 }, '300 dpi = 11811 pixels per metre');
  }
  await page.selectOption('[data-testid=png-dpi]', '600');
  await page.waitForFunction(() => location.hash.includes('dpi=600'));
  const [id, , inches] = pngs[1];
  assert.equal(await page.textContent(`[data-testid=${id}]`), 'PNG 600 dpi');
  const png = await download(page, id);
  assert.equal(png.bytes.readUInt32BE(16), Math.round(inches[0] * 600));
  assert.equal(png.bytes.readUInt32BE(20), Math.round(inches[1] * 600));
  assert.deepEqual(pngPhys(png.bytes), { x: 23622, y: 23622, unit: 1 });
  // The choice is part of the link.
  const other = await context.newPage();
  await other.goto(page.url());
  await waitReady(other);
  assert.equal(await other.inputValue('[data-testid=png-dpi]'), '600');
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy a figure as PNG: the clipboard holds the figure at the chosen resolution', async () => {
  const { page, context, problems } = await openPage('', { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.click('[data-testid=copy-png-counts]');
  await page.waitForFunction(() => document.querySelector('[data-testid=copy-png-counts-status]')?.textContent.length > 0);
  assert.equal(await page.textContent('[data-testid=copy-png-counts-status]'), 'Figure 2 copied as PNG (300 dpi).');
  const got = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const blob = await item.getType('image/png');
    const bmp = await createImageBitmap(blob);
    return { types: item.types, w: bmp.width, h: bmp.height };
  });
  assert.deepEqual(got, { types: ['image/png'], w: 2250, h: 660 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a corrupt file gets a named error in a list inside an alert, the path wraps, and nothing loaded is lost', async () => {
  const { page, context } = await openPage('', { width: 390, height: 844 });
  const tableBefore = await readTable(page);
  const good = fs.readFileSync(fixture('lrate'));
  const long = `${'a_very_long_file_name_without_any_spaces_'.repeat(4)}.pkl`;
  await page.setInputFiles('[data-testid=file-input]', [
    { name: 'broken.pkl', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a pickle at all') },
    { name: 'truncated.pkl', mimeType: 'application/octet-stream', buffer: good.subarray(0, 10000) },
    { name: long, mimeType: 'application/octet-stream', buffer: Buffer.from('junk') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=errors] li').length === 3);
  await waitReady(page);
  const errors = await page.textContent('[data-testid=errors]');
  assert.match(errors, /broken\.pkl/);
  assert.match(errors, /truncated\.pkl/);
  assert.match(errors, /truncat/i);
  assert.equal(await page.getAttribute('[data-testid=errors]', 'role'), 'alert');
  assert.equal(await page.$$eval('[data-testid=errors] > ul > li', (l) => l.length), 3, 'a real list inside the alert');
  assert.deepEqual(await page.evaluate(innerScrollers), [], 'long paths wrap: nothing scrolls or is clipped');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scroll');
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
  assert.equal(await page.inputValue('[data-testid=threshold]'), '0.5');
  assert.ok(server.requests.includes('/data/results/index.json'));
  assert.ok(server.requests.includes('/data/results/lrate/information_sweep_max_convex.pkl'));
  // A sweep removed from a link stays removed when the link is opened again, until restored.
  await page.click('button[aria-label="Remove sweep lrate"]');
  await waitSweeps(page, 2);
  assert.match(page.url(), /#data=\/data\/results\/&t=0\.5&rm\.lrate$/);
  await page.reload();
  await waitSweeps(page, 2);
  assert.deepEqual(Object.keys(await readTable(page)), ['I2E', 'delay_max']);
  assert.match(await page.textContent('.skipped'), /removed earlier \(rm\.lrate in the link\)/);
  await page.click('[data-testid=restore]');
  await waitSweeps(page, 3);
  assert.deepEqual(await readTable(page), table);
  assert.equal(await page.textContent('[data-testid=notices]'), '', 'reloading the link is no news');
  assert.deepEqual(problems, []);
  await context.close();
});

test('settings: 2, -1, 0 and 1e12 are marked invalid and change nothing; 0.5 and 2/3 apply and live in the hash', async () => {
  const { page, context, problems } = await openPage();
  const t = page.locator('[data-testid=threshold]');
  const n = page.locator('[data-testid=n-neurons]');
  assert.equal(await t.inputValue(), '2/3', 'the default threshold shows as 2/3');
  const tableBefore = await readTable(page);
  const pixelsBefore = await canvases(page);
  const hashBefore = await page.evaluate(() => location.hash);
  const unchanged = async (what) => {
    await page.waitForTimeout(700); // longer than the typing pause
    await waitReady(page);
    assert.deepEqual(await readTable(page), tableBefore, `${what}: the table is unchanged`);
    assert.ok((await canvases(page)).every((c, i) => c === pixelsBefore[i]), `${what}: the figures are unchanged`);
    assert.equal(await page.evaluate(() => location.hash), hashBefore, `${what}: the hash is unchanged`);
  };
  const described = async (field, re) => {
    const id = await field.getAttribute('aria-describedby');
    const msg = await page.textContent(`#${id}`);
    assert.match(msg, re);
  };
  for (const bad of ['2', '-1']) {
    await t.fill(bad);
    await t.press('Enter');
    assert.equal(await t.getAttribute('aria-invalid'), 'true', `threshold ${bad}`);
    await described(t, bad === '2' ? /at most 1/ : /greater than 0/);
    await unchanged(`threshold ${bad}`);
  }
  await t.fill('2/3');
  await t.press('Tab');
  assert.equal(await t.getAttribute('aria-invalid'), 'false');
  // Neurons: 0 at once; 1e12 typed key by key (1 is valid on the way but never applied).
  await n.fill('0');
  await n.press('Enter');
  assert.equal(await n.getAttribute('aria-invalid'), 'true', 'neurons 0');
  await described(n, /at least 1/);
  await unchanged('neurons 0');
  await n.fill('');
  await n.pressSequentially('1e12', { delay: 60 });
  await page.waitForTimeout(700);
  assert.equal(await n.getAttribute('aria-invalid'), 'true', 'neurons 1e12');
  await described(n, /not a whole number/);
  await n.press('Tab');
  await unchanged('neurons 1e12');
  await n.fill('4096');
  await n.press('Enter');
  // A valid threshold applies after a pause in typing, and a fraction is one.
  await t.fill('');
  await t.pressSequentially('0.5', { delay: 30 });
  await page.waitForFunction(() => location.hash.includes('t=0.5'));
  await waitReady(page);
  const half = await readTable(page);
  assert.notDeepEqual(half, REF_SUMMARY);
  // The same link in a new page reproduces the view.
  const other = await context.newPage();
  await other.goto(page.url());
  await waitReady(other);
  assert.deepEqual(await readTable(other), half);
  assert.equal(await other.inputValue('[data-testid=threshold]'), '0.5');
  await t.fill('2/3');
  await t.press('Enter');
  await page.waitForFunction(() => !location.hash.includes('t='));
  await waitReady(page);
  assert.deepEqual(await readTable(page), REF_SUMMARY, '2/3 is the notebook threshold again');
  assert.ok((await canvases(page)).every((c, i) => c === pixelsBefore[i]), 'and the figures are the first ones again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a neuron total other than the arrays\' width is warned about, with the width to use; high contrast lives in the hash', async () => {
  const { page, context } = await openPage('#n=2048');
  const warning = await page.textContent('[data-testid=warnings]');
  assert.match(warning, /4096 columns/);
  assert.match(warning, /Neurons is 2048/);
  await page.click('[data-testid=use-columns]');
  await page.waitForFunction(() => !location.hash.includes('n='));
  await waitReady(page);
  assert.equal(await page.inputValue('[data-testid=n-neurons]'), '4096');
  assert.equal(await page.textContent('[data-testid=warnings]'), '');
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-neurons', 'focus stays on the field');
  await page.check('[data-testid=high-contrast]');
  await page.waitForFunction(() => location.hash.includes('hc=1'));
  await page.reload();
  await waitReady(page);
  assert.ok(await page.isChecked('[data-testid=high-contrast]'));
  await context.close();
});

test('phone 390 x 844: one column, only the page scrolls, nothing sideways, a compact header', async () => {
  const { page, context, problems } = await openPage('', { width: 390, height: 844 });
  const check = async (what) => {
    assert.deepEqual(await page.evaluate(innerScrollers), [], `${what}: no element but the page scrolls`);
    const m = await page.evaluate(() => ({
      sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight,
      header: document.querySelector('.top').getBoundingClientRect().height,
      hint: document.querySelector('.drop-hint').getBoundingClientRect().width,
      table: document.querySelector('[data-testid=summary-table]').getBoundingClientRect(),
    }));
    assert.ok(m.sw <= 390, `${what}: no sideways scroll (${m.sw} px wide)`);
    assert.ok(m.header <= 160, `${what}: the header is compact (${m.header} px)`);
    assert.ok(m.hint >= 250, `${what}: the drop hint is not one word per line (${m.hint} px wide)`);
    assert.ok(m.table.right <= 390 && m.table.bottom <= m.sh, `${what}: the table is in the page`);
    return m;
  };
  const demo = await check('demo');
  console.log(`# phone demo: page ${demo.sw} x ${demo.sh} px, header ${demo.header} px, drop hint ${demo.hint} px wide`);
  await dropFolder(page, context, path.join(tmp, 'twelve'));
  await waitSweeps(page, 12);
  await check('12 sweeps');
  // The last table row can be scrolled to with the page.
  const last = page.locator('[data-testid=summary-table] tr[data-hparam]').last();
  await last.scrollIntoViewIfNeeded();
  assert.ok(await last.isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('loose files with one name (a file picker gives no folders) are all kept, named apart, and said so', async () => {
  const { page, context, problems } = await openPage();
  const same = SECTION_ORDER.map((h) => ({ name: INFO, mimeType: 'application/octet-stream', buffer: fs.readFileSync(fixture(h)) }));
  await page.setInputFiles('[data-testid=file-input]', same);
  await waitSweeps(page, 3);
  const base = 'information_sweep_max_convex';
  const table = await readTable(page);
  assert.deepEqual(Object.keys(table), [base, `${base} (2)`, `${base} (3)`]);
  assert.deepEqual([table[base], table[`${base} (2)`], table[`${base} (3)`]], SECTION_ORDER.map((h) => REF_SUMMARY[h]));
  const notices = await page.textContent('[data-testid=notices]');
  assert.match(notices, /loaded as information_sweep_max_convex \(2\)/);
  assert.match(notices, /loaded as information_sweep_max_convex \(3\)/);
  // The same three again: never replacing, three more.
  await page.setInputFiles('[data-testid=file-input]', same);
  await waitSweeps(page, 6);
  // Two folders of one name in one pick: both kept.
  for (const [run, h] of [['run1', 'lrate'], ['run2', 'I2E']]) {
    fs.mkdirSync(path.join(tmp, 'collide', run, 'lrate'), { recursive: true });
    fs.copyFileSync(fixture(h), path.join(tmp, 'collide', run, 'lrate', INFO));
  }
  await page.setInputFiles('[data-testid=folder-input]', path.join(tmp, 'collide'));
  await waitSweeps(page, 8);
  const t2 = await readTable(page);
  const pair = [t2.lrate, t2['lrate (2)']];
  assert.ok(pair.some((x) => JSON.stringify(x) === JSON.stringify(REF_SUMMARY.lrate)), 'run1/lrate is kept');
  assert.ok(pair.some((x) => JSON.stringify(x) === JSON.stringify(REF_SUMMARY.I2E)), 'run2/lrate is kept');
  assert.match(await page.textContent('[data-testid=notices]'), /collide\/run\d\/lrate\/information_sweep_max_convex\.pkl is loaded as lrate \(2\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('removing sweeps: focus moves to the next remove button, then the folder picker; removals and stale keys live in the hash', async () => {
  const { page, context, problems } = await openPage();
  await page.selectOption('select[aria-label="highlight for I2E"]', 'none');
  await page.waitForFunction(() => location.hash.includes('hl.I2E=none'));
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.dataset.testid);
  await page.focus('button[aria-label="Remove sweep I2E"]');
  await page.keyboard.press('Enter');
  await waitSweeps(page, 2);
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Remove sweep delay_max');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /rm\.I2E/);
  assert.doesNotMatch(hash, /hl\.I2E/, 'the removed sweep\'s keys are dropped');
  // A reload of the link does not bring it back.
  await page.reload();
  await waitReady(page);
  assert.equal(await sweepCount(page), 2);
  assert.deepEqual(Object.keys(await readTable(page)), ['delay_max', 'lrate']);
  for (const [h, next] of [['delay_max', 'Remove sweep lrate'], ['lrate', 'folder-input']]) {
    await page.focus(`button[aria-label="Remove sweep ${h}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((next) => (document.activeElement?.getAttribute('aria-label') || document.activeElement?.dataset.testid) === next, next);
    assert.equal(await focused(), next);
  }
  await waitSweeps(page, 0);
  // Restore brings the link's sweeps back.
  await page.click('[data-testid=restore]');
  await waitSweeps(page, 3);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /rm\./);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Demo over loaded folders offers Undo, which brings them back', async () => {
  const { page, context, problems } = await openPage();
  const folder = path.join(tmp, 'undo');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), folder, { recursive: true });
  fs.cpSync(path.join(folder, 'lrate'), path.join(folder, 'zeta'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'lrate', 'notes.txt'), 'not a sweep');
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await waitSweeps(page, 4);
  await page.fill('[data-testid=threshold]', '0.5');
  await page.press('[data-testid=threshold]', 'Enter');
  await waitReady(page);
  const mine = await readTable(page);
  await page.click('[data-testid=demo]');
  await waitSweeps(page, 3);
  assert.match(await page.textContent('[data-testid=notices]'), /The demo replaced your 4 sweeps/);
  await page.click('[data-testid=undo]');
  await waitSweeps(page, 4);
  assert.deepEqual(await readTable(page), mine);
  assert.equal(await page.inputValue('[data-testid=threshold]'), '0.5');
  assert.equal(await page.$('[data-testid=undo]'), null);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove sweep I2E');
  assert.deepEqual(problems, []);
  await context.close();
});

test('dropping a folder walks it (readEntries in batches), skips other files (not the PNG counts), and a sweep can be removed', async () => {
  const { page, context, problems } = await openPage();
  // A results folder whose extra folder has more entries than one readEntries batch (Chromium gives 100).
  const dir = path.join(tmp, 'dropped', 'results');
  fs.cpSync(path.join(FIXTURES, 'n3p2'), dir, { recursive: true });
  fs.cpSync(path.join(dir, 'lrate'), path.join(dir, 'tau'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'notes'));
  for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(dir, 'notes', `n${i}.txt`), 'x');
  await dropFolder(page, context, dir);
  await waitSweeps(page, 4);
  const table = await readTable(page);
  assert.deepEqual(table.tau, REF_SUMMARY.lrate);
  const body = await page.textContent('body');
  assert.match(body, /n149\.txt/, 'every entry was read, past the first batch');
  assert.equal(await page.locator('.skipped li').count(), 150, 'only the notes are skipped');
  // The PNG-count files beside them are read too (Fig. S9C's table), not skipped.
  assert.doesNotMatch(await page.textContent('.skipped'), /png_counts_sweep_layers_4\.pkl/, 'PNG-count files are read');
  assert.equal(await page.locator('[data-testid=png-table] tr[data-hparam=tau]').count(), 5);
  await page.click('button[aria-label="Remove sweep tau"]');
  await waitSweeps(page, 3);
  assert.deepEqual(await readTable(page), REF_SUMMARY);
  assert.deepEqual(problems, []);
  await context.close();
});
