// Browser benchmark (not a test): the table of issue 10 in one run. Needs dist/ built with
// `scripts/trunk build --release`; Debian Chromium at DPR 2, 1366 x 768.
// Run: node tests/e2e/bench.mjs [--dist DIR]... [--modes default,page] [--rounds N] [BIG_FOLDER]
// (make a folder with `python3 scripts/make_big_folder.py /tmp/big --gib 0.5`). Each `--dist` (default: dist/)
// is measured in the same run, in the order given (e.g. a copy of main's build, then this branch's).
//
// Prints per build: wasm + js gzip -9 (the page's first open; the decode workers' wasm, fetched on the first load
// of a folder or link; the export worker, loaded on the first PDF);
// first open -> demo drawn (median of 5, from navigation; also in the page: ready, first and largest
// contentful paint (fcp, lcp), and the same over a throttled home connection, median of 3; the server
// gzips as a static host does), and beside it the floor of painting that page: a static copy of the ready
// first open (its markup and CSS, no script) opened the same way, first and largest contentful paint (median
// of 5), and repeat opens in one context after a first one (a returning visitor, median of 5); example
// folder files received -> figures drawn (`renderMs`, median of 7), and beside it the raw
// `File.arrayBuffer()` time of its files from an input's change handler in the same page (median of 7,
// alternating with the picks); and for BIG_FOLDER, in the same page, the raw `File.arrayBuffer()` time of all
// its files (warm, best of 2) against pick -> ready (best of 2), the longest main-thread task during the load (a
// `longtask` PerformanceObserver), the page's wasm memory after it, and the decode workers' peak wasm memory
// (the largest worker's and all of them together, as they report it with each file; builds before that
// report say n/a), once with the decode workers (the default) and once with `?decode=page` (one decode
// worker for the whole load). With `--rounds N` the big-folder part runs N
// times, alternating the builds, so that each build sees the same load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, waitReady, DIST, FIXTURES, PREFIX } from './lib.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const args = process.argv.slice(2);
const dists = [];
let modes = ['default', 'page'];
let rounds = 1;
let big;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dist') dists.push(path.resolve(args[++i]));
  else if (args[i] === '--modes') modes = args[++i].split(',');
  else if (args[i] === '--rounds') rounds = Number(args[++i]);
  else big = args[i];
}
if (dists.length === 0) dists.push(DIST);
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const MiB = (b) => (b / 2 ** 20).toFixed(0);

for (const dist of dists) {
  const sizes = { page: {}, decode: {}, export: {}, draw: {} };
  const files = fs.readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f));
  // Builds with their own decoder wasm fetch it (and worker.js) on demand; older ones ran the page's wasm in
  // the workers, so worker.js was part of the first open.
  const ownDecoder = files.some((f) => f.startsWith('infosweep-decode'));
  for (const f of files) {
    const gz = zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
    const part = f.startsWith('infosweep-export') ? 'export'
      : f.startsWith('infosweep-draw') ? 'draw'
      : f.startsWith('infosweep-decode') || (f === 'worker.js' && ownDecoder) ? 'decode' : 'page';
    sizes[part][f] = gz;
  }
  console.log(`[${dist}] wasm+js gzip -9, page (first open): ${sum(sizes.page)} B`, sizes.page);
  if (ownDecoder) console.log(`[${dist}] wasm+js gzip -9, decode workers (first load of a folder or link): ${sum(sizes.decode)} B`, sizes.decode);
  console.log(`[${dist}] wasm+js gzip -9, export worker (first PDF): ${sum(sizes.export)} B`, sizes.export);
  if (Object.keys(sizes.draw).length) console.log(`[${dist}] wasm+js gzip -9, draw module (after the first open's ready, or the first draw): ${sum(sizes.draw)} B`, sizes.draw);
}

const mounts = Object.fromEntries(dists.map((d, i) => [i === 0 ? PREFIX : `/b${i}${PREFIX}`, d]));
// The static copies of each build's ready first open (staticCopy), written once the server runs.
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-static-'));
mounts['/static/'] = staticDir;
const server = await serve(mounts, { gzip: true });
const prefixOf = (i) => (i === 0 ? PREFIX : `/b${i}${PREFIX}`);
// `gc()` for the page: the raw reads' buffers (the whole folder, twice) are collected before a pick is
// timed, so freeing them does not land in the pick's main-thread tasks.
const browser = await launch(['--js-flags=--expose-gc']);
/** A home connection for the throttled first open: 20 Mbit/s down, 5 up, 40 ms round trip. */
const LINK = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 };
/**
 * In-page first-open milestones, ms from navigation start, in `window.__open` (an init script, run before the
 * page's own): the first paint with content (fcp), the largest contentful paint (lcp: the demo's figures once
 * they are painted) and the moment the page says ready.
 */
function watchMilestones() {
  window.__open = {};
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__open.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.__open.fcp = e.startTime; })
    .observe({ type: 'paint', buffered: true });
  new MutationObserver(() => {
    if (!window.__open.ready && document.body?.dataset.state === 'ready') window.__open.ready = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
}

/** The milestones once `frames` more frames have been painted (the largest contentful paint is then final). */
function readMilestones(page, frames = 1) {
  return page.evaluate((frames) => new Promise((r) => {
    const next = (k) => (k === 0 ? setTimeout(() => r(window.__open), 50) : requestAnimationFrame(() => next(k - 1)));
    next(frames);
  }), frames);
}

/** Milestone samples ({name: [ms]}) as a line: each name, its median and its values. */
const line = (times) => Object.entries(times).map(([k, v]) => `${k} ${median(v)} (${v.join(', ')})`).join('; ');

const newPage = async (prefix, query = '', throttle = false) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', LINK);
  }
  await page.addInitScript(() => {
    // The page's wasm instance (for its memory), and every long main-thread task.
    // Its exports have minified names (scripts/wasm-names.mjs): the memory is the export that is one.
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__wasmMemory = Object.values(e.detail.wasm).find((v) => v instanceof WebAssembly.Memory);
    });
    window.__longtasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.addInitScript(watchMilestones);
  const t0 = Date.now();
  await page.goto(`${server.base}${prefix}${query}`);
  await waitReady(page);
  const ms = Date.now() - t0;
  // The largest contentful paint is final once the page has had a frame after ready.
  const open = await readMilestones(page);
  return { context, page, ms, open };
};

/**
 * `n` first opens of build `b` (throttled to LINK or not): the in-page milestones as a line, each its median
 * and values; `wall` gets each open's navigation -> ready time as the test runner sees it.
 */
async function openTimes(b, n, throttle, wall = () => {}) {
  const times = { ready: [], fcp: [], lcp: [] };
  for (let i = 0; i < n; i++) {
    const { context, ms, open } = await newPage(prefixOf(b), '', throttle);
    wall(ms);
    for (const k of Object.keys(times)) times[k].push(Math.round(open[k]));
    await context.close();
  }
  return line(times);
}

/**
 * `n` repeat opens of build `b` in one browser context after a first one (a returning visitor: the HTTP cache
 * and V8's cache of the compiled wasm are warm): the in-page milestones as a line, each its median and values.
 */
async function repeatTimes(b, n) {
  const { context, page } = await newPage(prefixOf(b));
  const times = { ready: [], fcp: [], lcp: [] };
  for (let i = 0; i < n; i++) {
    await page.goto(`${server.base}${prefixOf(b)}`);
    await waitReady(page);
    const open = await readMilestones(page);
    for (const k of Object.keys(times)) times[k].push(Math.round(open[k]));
  }
  await context.close();
  return line(times);
}

/**
 * Writes a static copy of build `b`'s first open once it is ready: the document as it stands, without its
 * scripts and preloads (so nothing runs: the page only has to be painted), its relative URLs resolved
 * against the build. Returns its path on the server.
 */
async function staticCopy(b) {
  const { context, page } = await newPage(prefixOf(b));
  const html = await page.evaluate((prefix) => {
    const d = document.documentElement.cloneNode(true);
    for (const e of d.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]')) e.remove();
    d.querySelector('base')?.setAttribute('href', prefix);
    return `<!doctype html>${d.outerHTML}`;
  }, prefixOf(b));
  await context.close();
  fs.writeFileSync(path.join(staticDir, `b${b}.html`), html);
  return `/static/b${b}.html`;
}

/** `n` opens of the static page at `url`, each in a fresh context: first and largest contentful paint as a line. */
async function staticTimes(url, n) {
  const times = { fcp: [], lcp: [] };
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.addInitScript(watchMilestones);
    await page.goto(`${server.base}${url}`, { waitUntil: 'load' });
    // Its images are loaded: the largest contentful paint is final after two more frames.
    const open = await readMilestones(page, 2);
    for (const k of Object.keys(times)) times[k].push(Math.round(open[k]));
    await context.close();
  }
  return line(times);
}

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
    const during = window.__longtasks.filter(([s, d]) => s + d >= t0 && s <= t1);
    const longest = Math.max(0, ...during.map(([, d]) => d));
    // Tasks over 100 ms, as "start after the pick (ms): duration", to tell the load's tasks from the drawing at its end.
    const over = during.filter(([, d]) => d > 100).map(([s, d]) => `${(s - t0).toFixed(0)}:${d.toFixed(0)}`);
    const d = document.body.dataset;
    return { pickMs: t1 - t0, renderMs: Number(d.renderMs), longest, over, decode: d.decode,
      workerMax: d.workerMemoryMax === undefined ? NaN : Number(d.workerMemoryMax),
      workerSum: d.workerMemorySum === undefined ? NaN : Number(d.workerMemorySum) };
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
  const r = await page.evaluate(async () => {
    const files = Array.from(document.getElementById('bench-raw').files);
    const t0 = performance.now();
    const bufs = await Promise.all(files.map((f) => f.arrayBuffer()));
    const ms = performance.now() - t0;
    document.getElementById('bench-raw').remove();
    return { ms, bytes: bufs.reduce((a, b) => a + b.byteLength, 0) };
  });
  await page.evaluate(() => globalThis.gc?.());
  await page.waitForTimeout(500);
  return r;
}

/**
 * The raw read of every file of `folder` as the page's own load starts it: `File.arrayBuffer()` of all of them
 * from the input's `change` handler, timed from the handler's start (where `renderMs` starts) to the last
 * buffer (ms).
 */
async function rawReadOnChange(page, folder) {
  await page.evaluate(() => {
    const i = document.createElement('input');
    i.type = 'file'; i.webkitdirectory = true; i.id = 'bench-raw'; i.hidden = true;
    i.addEventListener('change', async () => {
      const t0 = performance.now();
      await Promise.all(Array.from(i.files, (f) => f.arrayBuffer()));
      window.__rawMs = performance.now() - t0;
    });
    window.__rawMs = undefined;
    document.body.append(i);
  });
  await page.setInputFiles('#bench-raw', folder);
  await page.waitForFunction(() => window.__rawMs !== undefined);
  const ms = await page.evaluate(() => { document.getElementById('bench-raw').remove(); return window.__rawMs; });
  await page.evaluate(() => globalThis.gc?.());
  await page.waitForTimeout(300);
  return ms;
}

try {
  for (let b = 0; b < dists.length; b++) {
    const demo = [];
    const open = await openTimes(b, 5, false, (ms) => demo.push(ms));
    console.log(`[${dists[b]}] first open -> demo drawn (navigation to data-state=ready): median ${median(demo)} ms of ${demo.join(', ')}`);
    console.log(`[${dists[b]}] first open, in the page from navigation start (median of 5): ${open}`);
    console.log(`[${dists[b]}] floor: a static copy of the ready first open (markup and CSS, no script), median of 5: ` +
      await staticTimes(await staticCopy(b), 5));
    console.log(`[${dists[b]}] repeat opens in one browser context after a first (HTTP cache and compiled wasm warm), median of 5: ` +
      await repeatTimes(b, 5));
    console.log(`[${dists[b]}] first open over ${LINK.downloadThroughput * 8 / 1e6} Mbit/s and ${LINK.latency} ms round trips (median of 3): ` +
      await openTimes(b, 3, true));
    const { context, page } = await newPage(prefixOf(b));
    const example = [];
    const exampleRaw = [];
    const folder = path.join(FIXTURES, 'n3p2');
    for (let i = 0; i < 7; i++) {
      example.push((await pick(page, folder, 30000)).renderMs);
      exampleRaw.push(await rawReadOnChange(page, folder));
    }
    console.log(`[${dists[b]}] example folder, files received -> figures drawn (renderMs): median ${median(example).toFixed(1)} ms of ${example.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`[${dists[b]}] floor: the example folder's raw read (File.arrayBuffer() of its files from the change handler, as the page starts its load), in the same page: median ${median(exampleRaw).toFixed(1)} ms of ${exampleRaw.map((x) => x.toFixed(1)).join(', ')}; renderMs = ${(median(example) / median(exampleRaw)).toFixed(2)}x raw`);
    await context.close();
  }

  if (big) {
    let largest = 0;
    for (const f of fs.readdirSync(big, { recursive: true })) {
      const st = fs.statSync(path.join(big, f));
      if (st.isFile()) largest = Math.max(largest, st.size);
    }
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes) {
        const query = mode === 'page' ? '?decode=page' : '';
        for (let b = 0; b < dists.length; b++) {
          const { context, page } = await newPage(prefixOf(b), query);
          const raws = [await rawRead(page, big), await rawRead(page, big)];
          const raw = Math.min(...raws.map((r) => r.ms));
          const gib = raws[0].bytes / 2 ** 30;
          const picks = [await pick(page, big, 900000), await pick(page, big, 900000)];
          const best = picks.reduce((a, b) => (b.pickMs < a.pickMs ? b : a));
          const mem = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
          const wmax = Math.max(...picks.map((p) => p.workerMax));
          const wsum = Math.max(...picks.map((p) => p.workerSum));
          const workers = Number.isNaN(wmax) || wmax === 0 ? 'n/a' :
            `${MiB(wmax)} MiB = ${(wmax / largest).toFixed(2)}x the largest file (${MiB(largest)} MiB), all workers ${MiB(wsum)} MiB`;
          console.log(`[${dists[b]}] round ${round + 1}, load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}: ` +
            `big folder ${gib.toFixed(2)} GiB, decode=${best.decode} ${query || '(default)'}: raw File.arrayBuffer() best of 2 ${raw.toFixed(0)} ms (${raws.map((r) => r.ms.toFixed(0)).join(', ')}); ` +
            `pick -> ready best of 2 ${best.pickMs.toFixed(0)} ms (${picks.map((p) => p.pickMs.toFixed(0)).join(', ')}) = ${(best.pickMs / raw).toFixed(2)}x raw; ` +
            `longest main-thread task ${Math.max(...picks.map((p) => p.longest)).toFixed(0)} ms (per pick ${picks.map((p) => p.longest.toFixed(0)).join(', ')}; over 100 ms, start:duration ${picks.map((p) => `[${p.over.join(' ')}]`).join(' ')}; ready at ${picks.map((p) => p.pickMs.toFixed(0)).join(', ')}); ` +
            `page wasm memory after ${MiB(mem)} MiB; decode workers' peak wasm memory ${workers}`);
          await context.close();
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
}
