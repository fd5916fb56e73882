// End-to-end: the three PDF downloads, written by the export worker (the second wasm binary) in Chromium,
// checked with poppler: each starts with %PDF-, embeds its fonts as non-Type 3 fonts with ToUnicode maps
// (`pdffonts`), and its text can be extracted (`pdftotext`); the page keeps painting while the worker
// writes; a worker that fails (its fonts missing) is shown to the user as an alert, which axe accepts.
// Run: scripts/test, or `scripts/trunk build --release --public-url /infosweep/ && node --test pdf.test.mjs` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, waitReady, watchConsole, DIST, PREFIX, WCAG_TAGS } from './lib.mjs';

/** The three figures: button, file name, and text `pdftotext` must find. */
const FIGURES = [
  { id: 'download-pdf-ranked', name: 'fig_ranked_information_sweep.pdf', text: ['Neuron rank #', 'ℐ (s, R)', 'λ I → E [nS]'] },
  { id: 'download-pdf-counts', name: 'fig_informative_counts_sweep.pdf', text: ['# informative neurons', '9.0%', 'dmax [ms]'] },
  { id: 'download-pdf-png', name: 'fig_png_counts_sweep.pdf', text: ['# PNGs'] },
];
/** The page without its fonts folder, so the worker fails on its first PDF. */
const BROKEN = '/nofonts/';

let server, browser, tmp;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'dist/ is missing: run `scripts/trunk build --release --public-url /infosweep/` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infosweep-pdf-'));
  const broken = path.join(tmp, 'nofonts');
  fs.cpSync(DIST, broken, { recursive: true });
  fs.rmSync(path.join(broken, 'fonts'), { recursive: true });
  server = await serve({ [PREFIX]: DIST, [BROKEN]: broken });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openPage(prefix = PREFIX) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const { problems, warnings } = watchConsole(page);
  await page.goto(`${server.base}${prefix}`);
  await waitReady(page);
  await page.waitForFunction(() => Number(document.body.dataset.sweeps) === 3);
  return { page, context, problems, warnings };
}

/** `pdffonts` as rows {name, type, emb, sub, uni}. */
function pdffonts(file) {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const lines = out.trim().split('\n');
  assert.match(lines[0], /^name\s+type\s+encoding\s+emb\s+sub\s+uni/, out);
  return lines.slice(2).map((l) => {
    const cols = l.trim().split(/\s+/);
    // name, type (one or more words), encoding, emb, sub, uni, object ID (two columns)
    const [emb, sub, uni] = cols.slice(-5, -2);
    return { name: cols[0], type: l.slice(lines[0].indexOf('type'), lines[0].indexOf('encoding')).trim(), emb, sub, uni };
  });
}

/** Clicks `testid` while a 10 ms heartbeat runs in the page; the download and the longest beat gap. */
async function downloadWatched(page, testid) {
  await page.evaluate(() => {
    window.__beat = { last: performance.now(), worst: 0 };
    window.__beatId = setInterval(() => {
      const t = performance.now();
      window.__beat.worst = Math.max(window.__beat.worst, t - window.__beat.last);
      window.__beat.last = t;
    }, 10);
  });
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click(`[data-testid=${testid}]`)]);
  const file = await dl.path();
  const worst = await page.evaluate(() => { clearInterval(window.__beatId); return window.__beat.worst; });
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file), worst };
}

test('the three PDF downloads: %PDF-, embedded non-Type 3 fonts with ToUnicode, extractable text; the page keeps painting', async () => {
  const { page, context, problems, warnings } = await openPage();
  for (const f of FIGURES) {
    const dl = await downloadWatched(page, f.id);
    assert.equal(dl.name, f.name);
    assert.equal(dl.bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${f.name} starts with %PDF-`);
    const file = path.join(tmp, f.name);
    fs.writeFileSync(file, dl.bytes);
    const fonts = pdffonts(file);
    assert.ok(fonts.length >= 1, `${f.name} has fonts`);
    for (const font of fonts) {
      assert.notEqual(font.type, 'Type 3', `${f.name}: ${font.name} is not Type 3`);
      assert.match(font.type, /TrueType/, `${f.name}: ${font.name} is TrueType`);
      assert.deepEqual([font.emb, font.uni], ['yes', 'yes'], `${f.name}: ${font.name} embedded, with ToUnicode`);
    }
    assert.ok(fonts.some((x) => /DejaVuSans/.test(x.name)), `${f.name} embeds DejaVu Sans`);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const t of f.text) assert.ok(text.includes(t), `${f.name}: pdftotext finds ${JSON.stringify(t)} in ${JSON.stringify(text.slice(0, 300))}`);
    assert.match(await page.textContent(`[data-testid=${f.id}-status]`), new RegExp(`${f.name.replace('.', '\\.')} saved \\(\\d+ kB\\)`));
    assert.equal(await page.$(`[data-testid=${f.id}-error]`), null, 'no alert');
    // The main thread only sent the job: no 10 ms beat was held up for long.
    assert.ok(dl.worst < 300, `${f.name}: the page kept painting (longest gap ${dl.worst.toFixed(0)} ms)`);
    // poppler can render the page (the README shows it).
    execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', file, path.join(tmp, f.name.replace('.pdf', ''))]);
    assert.ok(fs.statSync(path.join(tmp, f.name.replace('.pdf', '.png'))).size > 1000);
  }
  assert.equal(await page.getAttribute('[data-testid=download-pdf-ranked]', 'aria-busy'), 'false');
  assert.deepEqual(problems, []);
  // No warning from the page or the export worker (e.g. its glue started the deprecated way).
  assert.deepEqual(warnings, []);
  await context.close();
});

test('a worker that cannot write the PDF (fonts missing) says so in an alert; axe finds no violation; the next try fails the same way', async () => {
  const { page, context } = await openPage(BROKEN);
  for (let i = 0; i < 2; i++) {
    await page.click('[data-testid=download-pdf-ranked]');
    const alert = page.locator('[data-testid=download-pdf-ranked-error]');
    await alert.waitFor({ timeout: 30000 });
    assert.equal(await alert.getAttribute('role'), 'alert');
    const text = await alert.textContent();
    assert.match(text, /^Could not make fig_ranked_information_sweep\.pdf: could not fetch http:\/\/127\.0\.0\.1:\d+\/nofonts\/fonts\/DejaVuSans\.ttf: HTTP 404/);
    assert.equal(await page.textContent('[data-testid=download-pdf-ranked-status]'), '');
    assert.equal(await page.getAttribute('[data-testid=download-pdf-ranked]', 'aria-busy'), 'false');
    assert.equal(await page.isEnabled('[data-testid=download-pdf-ranked]'), true, 'the button can be tried again');
  }
  const r = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], 'axe-core with the PDF alert shown');
  assert.ok(r.passes.length > 10);
  await context.close();
});
