// End-to-end: sharing with reviewers. The page's Report (one HTML file) opened from file:// with every
// network request blocked, the page's Site zip and `infosweep site`'s output unzipped/written under a nested
// path (/deep/pages/) and served by `python3 -m http.server`, and Copy link. Each shows the same table as the
// page (and gives the same CSV) at the threshold it was shared with.
// Run: scripts/test, or `scripts/trunk build --release && node --test share.test.mjs` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { serve, launch, watchConsole, waitReady, download, readTable, barClusters, C0, C1, DIST, FIXTURES, PREFIX, ROOT } from './lib.mjs';

/** How long a download may take here: reports and site zips are made in the export worker. */
const MAKE_MS = 60000;

const N3P2 = path.join(FIXTURES, 'n3p2');
const PICKLES = ['I2E', 'delay_max', 'lrate'].flatMap((h) => [
  `${h}/information_sweep_max_convex.pkl`, `${h}/png_counts_sweep_layers_4.pkl`]);

let server, browser, tmp, python, pyBase;
let expected; // the page's own table and CSV at t=0.5 for the example folder

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'files.json')), 'dist/ is missing: run `scripts/trunk build --release` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-share-'));
  fs.mkdirSync(path.join(tmp, 'www'));
  server = await serve({ [PREFIX]: DIST });
  browser = await launch();
  // python3 -m http.server on a free port, serving tmp/www (the "GitHub Pages repository").
  python = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', path.join(tmp, 'www')], { stdio: ['ignore', 'pipe', 'pipe'] });
  pyBase = await new Promise((ok, fail) => {
    let out = '';
    python.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/port (\d+)/);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    python.on('exit', (c) => fail(new Error(`http.server exited ${c}`)));
  });
  // What the page itself shows for the example folder at t=0.5: the demo with #t=0.5.
  const { page, context } = await openPage(`${server.base}${PREFIX}#t=0.5`);
  expected = { table: await readTable(page), csv: (await download(page, 'download-csv', MAKE_MS)).bytes.toString('utf8') };
  assert.equal(Object.keys(expected.table).length, 3);
  await context.close();
});
after(async () => {
  await browser?.close();
  await server?.close();
  python?.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A page that records console errors, page errors and every request. */
async function openPage(url, { block = false, permissions = [], origin } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  if (permissions.length) await context.grantPermissions(permissions, { origin });
  // Block the network: any http(s) request fails (and is recorded, so the test can say which).
  if (block) await context.route(/^https?:/, (r) => r.abort());
  const page = await context.newPage();
  const requests = [];
  const { problems } = watchConsole(page);
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && Number(document.body.dataset.sweeps) > 0, null, { timeout: 30000 });
  return { page, context, problems, requests };
}

/** `infosweep` (the debug build cargo makes for the native tests) with `args`; returns stderr. */
function infosweep(args) {
  execFileSync('cargo', ['build', '-q', '--bin', 'infosweep'], { cwd: ROOT, stdio: 'inherit' });
  return execFileSync(path.join(ROOT, 'target', 'debug', 'infosweep'), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The http(s) requests among `requests` (data: and blob: URLs are the report's own files). */
const network = (requests) => requests.filter((u) => /^https?:/.test(u));

/** Checks a shared view: the table and CSV at t=0.5, the threshold field, the provenance line. */
async function assertSharedView(page, made) {
  assert.deepEqual(await readTable(page), expected.table, 'the same table as the page at t=0.5');
  assert.equal(await page.inputValue('#threshold'), '0.5', 'the shared threshold applies');
  assert.match(await page.textContent('[data-testid=made]'), made);
  assert.equal(await page.textContent('[data-testid=demo]'), 'Shared data');
  // Drawn on canvas by the draw module (infosweep-draw, one of the page's files it carries): fifteen bars.
  assert.equal(await page.$eval('[data-testid=fig-counts]', (el) => el.tagName), 'CANVAS');
  assert.equal((await page.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20])).length, 15, 'Figure 2 is drawn');
  const csv = await download(page, 'download-csv', MAKE_MS);
  assert.equal(csv.bytes.toString('utf8'), expected.csv, 'the same CSV');
}

test('infosweep site: its folder served under /deep/pages/ by python3 -m http.server opens the data with the settings', async () => {
  const out = path.join(tmp, 'www', 'deep', 'pages');
  infosweep(['site', N3P2, '--dist', DIST, '--out', out, '--threshold', '0.5']);
  const { page, context, problems, requests } = await openPage(`${pyBase}/deep/pages/`);
  await assertSharedView(page, /^This data was shared by infosweep \d+\.\d+\.\d+/);
  assert.match(page.url(), /#t=0\.5$/, 'the settings are in the link, so Copy link carries them');
  for (const p of PICKLES.filter((p) => p.includes('information'))) {
    assert.ok(requests.includes(`${pyBase}/deep/pages/data/${p}`), `fetched data/${p}`);
  }
  assert.deepEqual(network(requests).filter((u) => !u.startsWith(`${pyBase}/deep/pages/`)), [], 'every request stays under the prefix');
  assert.deepEqual(problems, []);
  await context.close();
});

test('infosweep site --report: the report opened from file:// with the network blocked shows the same table and CSV', async () => {
  const report = path.join(tmp, 'cli-report.html');
  infosweep(['site', N3P2, '--dist', DIST, '--out', path.join(tmp, 'cli-site'), '--report', report, '--threshold', '0.5']);
  const { page, context, problems, requests } = await openPage(`file://${report}`, { block: true });
  await assertSharedView(page, /^This report was made by infosweep \d+\.\d+\.\d+/);
  assert.deepEqual(network(requests), [], 'no request left the file');
  assert.deepEqual(requests.filter((u) => u.startsWith('file:')), [`file://${report}`], 'nothing else read from disk');
  assert.deepEqual(problems, []);
  await context.close();
});

/** The page with the example folder picked (not the demo: the user's own files) at threshold 0.5. */
async function pickedAtHalf() {
  const opened = await openPage(`${server.base}${PREFIX}`);
  const { page } = opened;
  await page.setInputFiles('[data-testid=folder-input]', N3P2);
  // The sweep list names a sweep's path once it came from the user's files (never for the demo).
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && Number(document.body.dataset.sweeps) === 3
    && [...document.querySelectorAll('.path')].some((e) => e.textContent === 'n3p2/lrate/information_sweep_max_convex.pkl'));
  await page.fill('[data-testid=threshold]', '0.5');
  await page.press('[data-testid=threshold]', 'Enter');
  await page.waitForFunction(() => location.hash.includes('t=0.5') && document.body.dataset.state === 'ready');
  assert.deepEqual(await readTable(page), expected.table, 'the picked folder at 0.5 shows the expected table');
  return opened;
}

test('the page\'s Report button: the picked folder at 0.5, opened from file:// with every request blocked, shows the same table and CSV', async () => {
  const { page, context, problems } = await pickedAtHalf();
  const dl = await download(page, 'download-report', MAKE_MS);
  assert.equal(dl.name, 'infosweep-report.html');
  assert.match(await page.textContent('[data-testid=share-status]'), /^infosweep-report\.html saved \(\d+(\.\d)? (kB|MB)\)\.$/);
  assert.equal(await page.$('[data-testid=share-error]'), null);
  assert.deepEqual(problems, []);
  await context.close();
  const size = dl.bytes.length;
  const pickles = PICKLES.reduce((n, p) => n + fs.statSync(path.join(N3P2, p)).size, 0);
  console.log(`# report: ${size} B for ${pickles} B of pickles`);
  const file = path.join(tmp, 'page-report.html');
  fs.writeFileSync(file, dl.bytes);
  const r = await openPage(`file://${file}`, { block: true });
  await assertSharedView(r.page, /^This report was made by infosweep \d+\.\d+\.\d+/);
  assert.equal(Number(await r.page.evaluate(() => document.body.dataset.sweeps)), 3);
  assert.equal(await r.page.locator('[data-testid=fig-png]').count(), 1, 'S9C is there: the PNG-count pickles came along');
  assert.deepEqual(network(r.requests), [], 'no request left the file');
  assert.deepEqual(r.requests.filter((u) => u.startsWith('file:')), [`file://${file}`], 'nothing else read from disk');
  // Still offline: the report writes a PDF (its worker and fonts are inline) and a report of itself.
  const pdf = await download(r.page, 'download-pdf-png', MAKE_MS);
  assert.equal(pdf.name, 'fig_png_counts_sweep.pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const again = await download(r.page, 'download-report', MAKE_MS);
  assert.equal(again.name, 'infosweep-report.html');
  assert.equal(await r.page.$('[data-testid=share-error]'), null);
  assert.deepEqual(network(r.requests), [], 'still no request');
  assert.deepEqual(r.problems, []);
  await r.context.close();
  console.log(`# report of the report: ${again.bytes.length} B`);
  assert.ok(Math.abs(again.bytes.length - size) < size * 0.01, 'the report of a report holds the same files (within 1 %)');
  const file2 = path.join(tmp, 'report-of-report.html');
  fs.writeFileSync(file2, again.bytes);
  const r2 = await openPage(`file://${file2}`, { block: true });
  await assertSharedView(r2.page, /^This report was made by infosweep \d+\.\d+\.\d+/);
  assert.deepEqual(network(r2.requests), []);
  assert.deepEqual(r2.problems, []);
  await r2.context.close();
});

test('the page\'s Site button: the zip unzipped under /site/deep/pages/ and served by python3 -m http.server opens the data with the settings', async () => {
  const { page, context, problems } = await pickedAtHalf();
  const dl = await download(page, 'download-site', MAKE_MS);
  assert.equal(dl.name, 'infosweep-site.zip');
  assert.match(await page.textContent('[data-testid=share-status]'), /^infosweep-site\.zip saved \(/);
  assert.deepEqual(problems, []);
  await context.close();
  console.log(`# site zip: ${dl.bytes.length} B`);
  const zip = path.join(tmp, 'page-site.zip');
  fs.writeFileSync(zip, dl.bytes);
  const out = path.join(tmp, 'www', 'site', 'deep', 'pages');
  fs.mkdirSync(out, { recursive: true });
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, out]);
  for (const p of PICKLES) {
    assert.deepEqual(fs.readFileSync(path.join(out, 'data', p)), fs.readFileSync(path.join(N3P2, p)), `data/${p}: the original bytes`);
  }
  const s = await openPage(`${pyBase}/site/deep/pages/`);
  await assertSharedView(s.page, /^This data was shared by infosweep \d+\.\d+\.\d+/);
  assert.match(s.page.url(), /#t=0\.5$/);
  assert.equal(await s.page.locator('[data-testid=fig-png]').count(), 1);
  assert.deepEqual(network(s.requests).filter((u) => !u.startsWith(`${pyBase}/site/deep/pages/`)), [], 'every request stays under the prefix');
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a report of three loose files of one name holds each file once: the same three sweeps as the page', async () => {
  const { page, context, problems } = await openPage(`${server.base}${PREFIX}`);
  // A file picker gives no folders: three files named information_sweep_max_convex.pkl, named apart by the page.
  await page.setInputFiles('[data-testid=file-input]', ['I2E', 'delay_max', 'lrate'].map((h) => path.join(N3P2, h, 'information_sweep_max_convex.pkl')));
  await page.waitForFunction(() => document.body.dataset.state === 'ready'
    && document.querySelectorAll('[data-testid=summary-table] tr[data-hparam="information_sweep_max_convex (3)"]').length > 0);
  const table = await readTable(page);
  assert.deepEqual(Object.keys(table).sort(), ['information_sweep_max_convex', 'information_sweep_max_convex (2)', 'information_sweep_max_convex (3)']);
  assert.notDeepEqual(table['information_sweep_max_convex'], table['information_sweep_max_convex (3)']);
  const dl = await download(page, 'download-report', MAKE_MS);
  assert.deepEqual(problems, []);
  await context.close();
  const file = path.join(tmp, 'loose-report.html');
  fs.writeFileSync(file, dl.bytes);
  const r = await openPage(`file://${file}`, { block: true });
  assert.deepEqual(await readTable(r.page), table, 'each sweep with its own file');
  assert.deepEqual(r.problems, []);
  await r.context.close();
});
