// Browser benchmark (not a test): the table of issue 10 in one run. Needs dist/ built with
// `trunk build --release --public-url /infosweep/`; Debian Chromium at DPR 2, 1366 x 768.
// Run: node tests/e2e/bench.mjs [BIG_FOLDER]   (make one with `python3 scripts/make_big_folder.py /tmp/big --gib 0.5`)
//
// Prints: wasm + js gzip -9 (the page's first open, and the export worker loaded on the first PDF); first open ->
// demo drawn (median of 5, from navigation); example folder files received -> figures drawn (`renderMs`,
// median of 7); and for BIG_FOLDER, in the same page, the raw `File.arrayBuffer()` time of all its files (warm,
// best of 2) against pick -> ready (best of 2), the longest main-thread task during the load (a `longtask`
// PerformanceObserver) and the page's wasm memory after it, once with the decode workers (the default) and
// once with `?decode=page` (one decode worker).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, waitReady, DIST, FIXTURES, PREFIX } from './lib.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const big = process.argv[2];

const sizes = { page: {}, decode: {}, export: {} };
for (const f of fs.readdirSync(DIST)) {
  if (!/\.(wasm|js)$/.test(f)) continue;
  const gz = zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length;
  const part = f.startsWith('infosweep-export') ? 'export' : (f.startsWith('infosweep-decode') || f === 'worker.js') ? 'decode' : 'page';
  sizes[part][f] = gz;
}
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
console.log(`wasm+js gzip -9, page (first open; the demo is drawn from its precomputed results): ${sum(sizes.page)} B`, sizes.page);
console.log(`wasm+js gzip -9, decode workers (first load of a folder or link): ${sum(sizes.decode)} B`, sizes.decode);
console.log(`wasm+js gzip -9, export worker (first PDF): ${sum(sizes.export)} B`, sizes.export);

const server = await serve({ [PREFIX]: DIST });
const browser = await launch();
const newPage = async (query = '') => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    // The page's wasm instance (for its memory), and every long main-thread task.
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    window.__longtasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  const t0 = Date.now();
  await page.goto(`${server.base}${PREFIX}${query}`);
  await waitReady(page);
  return { context, page, ms: Date.now() - t0 };
};

/** Picks `folder` and waits for the figures: {pickMs (input change -> ready, in the page), renderMs, longest task}. */
async function pick(page, folder, timeout) {
  const prev = await page.evaluate(() => {
    const input = document.querySelector('[data-testid=folder-input]');
    window.__pick = { t0: 0, t1: 0 };
    input.addEventListener('change', () => { window.__pick.t0 = performance.now(); }, { capture: true, once: true });
    const mo = new MutationObserver(() => {
      if (window.__pick.t0 && document.body.dataset.state === 'ready') { window.__pick.t1 = performance.now(); mo.disconnect(); }
    });
    mo.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
    return document.body.dataset.renderMs;
  });
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await page.waitForFunction((p) => document.body.dataset.state === 'ready' && document.body.dataset.renderMs !== p && window.__pick.t1 > 0, prev, { timeout, polling: 50 });
  return page.evaluate(() => {
    const { t0, t1 } = window.__pick;
    const longest = Math.max(0, ...window.__longtasks.filter(([s, d]) => s + d >= t0 && s <= t1).map(([, d]) => d));
    return { pickMs: t1 - t0, renderMs: Number(document.body.dataset.renderMs), longest, decode: document.body.dataset.decode };
  });
}

/** The raw read of every file of `folder` in the page: `File.arrayBuffer()` of all of them at once (ms). */
async function rawRead(page, folder) {
  await page.evaluate(() => {
    const i = document.createElement('input');
    i.type = 'file'; i.webkitdirectory = true; i.id = 'bench-raw'; i.hidden = true;
    document.body.append(i);
  });
  await page.setInputFiles('#bench-raw', folder);
  return page.evaluate(async () => {
    const files = Array.from(document.getElementById('bench-raw').files);
    const t0 = performance.now();
    const bufs = await Promise.all(files.map((f) => f.arrayBuffer()));
    const ms = performance.now() - t0;
    document.getElementById('bench-raw').remove();
    return { ms, bytes: bufs.reduce((a, b) => a + b.byteLength, 0) };
  });
}

try {
  const demo = [];
  for (let i = 0; i < 5; i++) {
    const { context, ms } = await newPage();
    demo.push(ms);
    await context.close();
  }
  console.log(`first open -> demo drawn (navigation to data-state=ready): median ${median(demo)} ms of ${demo.join(', ')}`);

  {
    const { context, page } = await newPage();
    const example = [];
    for (let i = 0; i < 7; i++) example.push((await pick(page, path.join(FIXTURES, 'n3p2'), 30000)).renderMs);
    console.log(`example folder, files received -> figures drawn (renderMs): median ${median(example).toFixed(1)} ms of ${example.map((x) => x.toFixed(1)).join(', ')}`);
    await context.close();
  }

  if (big) {
    for (const query of ['', '?decode=page']) {
      const { context, page } = await newPage(query);
      const raws = [await rawRead(page, big), await rawRead(page, big)];
      const raw = Math.min(...raws.map((r) => r.ms));
      const gib = raws[0].bytes / 2 ** 30;
      const picks = [await pick(page, big, 900000), await pick(page, big, 900000)];
      const best = picks.reduce((a, b) => (b.pickMs < a.pickMs ? b : a));
      const mem = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0);
      console.log(`big folder ${gib.toFixed(2)} GiB, decode=${best.decode} ${query || '(default)'}: raw File.arrayBuffer() best of 2 ${raw.toFixed(0)} ms (${raws.map((r) => r.ms.toFixed(0)).join(', ')}); ` +
        `pick -> ready best of 2 ${best.pickMs.toFixed(0)} ms (${picks.map((p) => p.pickMs.toFixed(0)).join(', ')}) = ${(best.pickMs / raw).toFixed(2)}x raw; ` +
        `longest main-thread task ${Math.max(...picks.map((p) => p.longest)).toFixed(0)} ms (per pick ${picks.map((p) => p.longest.toFixed(0)).join(', ')}); ` +
        `page wasm memory after ${(mem / 2 ** 20).toFixed(0)} MiB`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
