// Firefox smoke test: the release build (dist/, under /infosweep/) in Debian's firefox-esr, driven by
// puppeteer-core over WebDriver BiDi. Folder picks cannot be automated in Firefox; loose files can. Also a
// standalone report (made by `infosweep site --report`) opened from file://.
// Run: scripts/test, or `node --test firefox.test.mjs` here after a release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { serve, DIST, FIXTURES, PREFIX, ROOT, C0, C1, barClusters } from './lib.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const INFO = 'information_sweep_max_convex.pkl';
const REF_CSV = fs.readFileSync(path.join(FIXTURES, 'reference', 'robustness_summary_statistics.csv'), 'utf8');

let server, browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run `scripts/trunk build --release --public-url /infosweep/` first');
  server = await serve({ [PREFIX]: DIST });
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function ready(page, sweeps) {
  await page.waitForFunction(
    (n) => document.body.dataset.state === 'ready' && Number(document.body.dataset.sweeps) === n,
    { timeout: 30000 },
    sweeps,
  );
}

/** Rows of the table as "hparam value count fraction max-info" strings. */
async function rows(page) {
  return page.$$eval('[data-testid=summary-table] tr[data-hparam]', (trs) => trs.map((tr) =>
    [tr.dataset.hparam, tr.dataset.value, ...['count', 'fraction', 'max-info'].map((c) => tr.querySelector(`.${c}`).textContent)].join(' ')));
}

test('Firefox ESR: the demo draws, the CSV equals the reference, loose files with one name are all kept', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewport({ width: 1366, height: 768, deviceScaleFactor: 2 });
  const t0 = Date.now();
  await page.goto(`${server.base}${PREFIX}`);
  await ready(page, 3);
  console.log(`# firefox ${await browser.version()}: demo ready ${Date.now() - t0} ms after navigation`);
  const demoRows = await rows(page);
  assert.equal(demoRows.length, 15);
  assert.equal(demoRows[0], 'I2E 12 257.3 ± 12.9 6.28 ± 0.31% 1.000');
  // The demo's figure file, with the highlighted bars where they belong.
  assert.equal(await page.$eval('[data-testid=fig-counts]', (el) => el.tagName), 'IMG');
  const bars = await page.$eval('[data-testid=fig-counts]', barClusters, [C0, C1, 20]);
  assert.deepEqual(bars.map((b) => b.color), Array(3).fill(['C0', 'C0', 'C1', 'C0', 'C0']).flat());
  // The CSV: what the page hands to the download link, byte for byte.
  await page.evaluate(() => {
    window.__saved = new Promise((resolve) => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download) fetch(this.href).then((r) => r.text()).then((text) => resolve({ name: this.download, text }));
        return click.call(this);
      };
    });
  });
  await page.click('[data-testid=download-csv]');
  const csv = await page.evaluate(() => window.__saved);
  assert.equal(csv.name, 'robustness_summary_statistics.csv');
  assert.equal(csv.text, REF_CSV);
  // Three loose files, each folder's information_sweep_max_convex.pkl: three sweeps, named apart.
  const input = await page.$('[data-testid=file-input]');
  await input.uploadFile(...['I2E', 'delay_max', 'lrate'].map((h) => path.join(FIXTURES, 'n3p2', h, INFO)));
  await ready(page, 3);
  const names = [...new Set((await rows(page)).map((r) => r.split(' ').slice(0, -8).join(' ')))];
  assert.deepEqual(names, ['information_sweep_max_convex', 'information_sweep_max_convex (2)', 'information_sweep_max_convex (3)']);
  assert.deepEqual((await rows(page)).map((r) => r.split(' ').slice(-8).join(' ')), demoRows.map((r) => r.split(' ').slice(-8).join(' ')));
  assert.match(await page.$eval('[data-testid=notices]', (el) => el.textContent), /loaded as information_sweep_max_convex \(3\)/);
  // Drawn on crisp canvases (backing store = CSS size x devicePixelRatio).
  const c = await page.$eval('[data-testid=fig-counts]', (el) => ({ tag: el.tagName, w: el.width, css: el.getBoundingClientRect().width, dpr: devicePixelRatio }));
  assert.equal(c.tag, 'CANVAS');
  assert.equal(c.dpr, 2);
  assert.ok(Math.abs(c.w - Math.round(c.css * c.dpr)) <= 1, `backing store ${c.w} for ${c.css} css px`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Firefox ESR: a standalone report (infosweep site --report, t=0.5) opens from file:// with its data, settings and S9C', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-ff-'));
  try {
    execFileSync('cargo', ['build', '-q', '--bin', 'infosweep'], { cwd: ROOT, stdio: 'inherit' });
    const report = path.join(tmp, 'report.html');
    execFileSync(path.join(ROOT, 'target', 'debug', 'infosweep'), ['site', path.join(FIXTURES, 'n3p2'), '--dist', DIST,
      '--out', path.join(tmp, 'site'), '--report', report, '--threshold', '0.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The page at t=0.5, to compare with.
    const served = await browser.newPage();
    await served.goto(`${server.base}${PREFIX}#t=0.5`);
    await ready(served, 3);
    const expected = await rows(served);
    await served.close();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${report}`);
    await ready(page, 3);
    assert.deepEqual(await rows(page), expected, 'the same table as the page at t=0.5');
    assert.equal(await page.$eval('[data-testid=threshold]', (el) => el.value), '0.5');
    assert.match(await page.$eval('[data-testid=made]', (el) => el.textContent), /^This report was made by infosweep \d+\.\d+\.\d+/);
    assert.ok(await page.$('[data-testid=fig-png]'), 'S9C is drawn');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
