// Shared by the end-to-end tests and the browser benchmark: a static server for dist/ under a path prefix
// (as GitHub Pages serves a project site) plus extra folders, and Debian Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const PREFIX = '/infosweep/';

/** WCAG 2.2 A and AA, as axe-core tags them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.pkl': 'application/octet-stream',
};

/**
 * Serves `mounts` ({'/infosweep/': dir, '/data/': dir}) on 127.0.0.1 at a free port; logs every request.
 * With `gzip`, text, wasm and data files go out gzip-compressed to a client that accepts it, as a static
 * host such as GitHub Pages sends them (the benchmark's throttled first open).
 */
export async function serve(mounts, { gzip = false } = {}) {
  const requests = [];
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    const mount = Object.keys(mounts).sort((a, b) => b.length - a.length).find((m) => url.pathname.startsWith(m));
    if (!mount) { res.writeHead(404); res.end('not found'); return; }
    let rel = decodeURIComponent(url.pathname.slice(mount.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(mounts[mount], rel);
    if (!file.startsWith(path.resolve(mounts[mount])) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    if (gzip && !type.startsWith('image/') && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      const body = gzipped.get(file);
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'content-encoding': 'gzip', 'access-control-allow-origin': '*' });
      res.end(body);
      return;
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': fs.statSync(file).size,
      'access-control-allow-origin': '*',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, requests, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
}

/** Whether a console warning is Chromium's own notice about the page's markup rather than from its code: the
 * `integrity` that Trunk puts on the wasm's `<link rel=preload as=fetch>`, which Chromium does not apply
 * to that destination yet (crbug.com/981419). */
function browserNotice(text) {
  return /^The `integrity` attribute is currently ignored for preload destinations/.test(text);
}

/**
 * Records what `page` and its workers report: console errors and uncaught page errors in `problems`, console
 * warnings of the page's and its workers' code in `warnings` (Chromium's own notice about the markup aside).
 */
export function watchConsole(page) {
  const problems = [];
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    if (m.type() === 'warning' && !browserNotice(m.text())) warnings.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { problems, warnings };
}

/** Waits until the page says it finished drawing (`document.body.dataset.state === 'ready'`). */
export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout });
}

/** Matplotlib's C0 and C1 (the bars of Figure 2: plain and highlighted). */
export const C0 = [0x1f, 0x77, 0xb4];
export const C1 = [0xff, 0x7f, 0x0e];

/**
 * Runs in the page on a figure (its canvas, or the demo's figure file as an <img>, drawn at the device
 * pixel size it is shown at): the bars of Figure 2 from left to right, as clusters of device-pixel
 * columns holding more than `minRun` pixels of exactly C0 or C1 (anti-aliased edges excluded): [{color, x0, x1}].
 * (Functions run in the page are sent as source: each holds its own copy of the <img> step.)
 */
export function barClusters(el, [c0, c1, minRun]) {
  let canvas = el;
  if (el.tagName === 'IMG') {
    const r = el.getBoundingClientRect();
    canvas = document.createElement('canvas');
    canvas.width = Math.round(r.width * devicePixelRatio);
    canvas.height = Math.round(r.height * devicePixelRatio);
    canvas.getContext('2d').drawImage(el, 0, 0, canvas.width, canvas.height);
  }
  const { width: w, height: h } = canvas;
  const d = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const is = (i, c) => Math.abs(d[i] - c[0]) <= 2 && Math.abs(d[i + 1] - c[1]) <= 2 && Math.abs(d[i + 2] - c[2]) <= 2;
  const cols = [];
  for (let x = 0; x < w; x++) {
    let n0 = 0, n1 = 0;
    for (let y = 0; y < h; y++) {
      const i = (y * w + x) * 4;
      if (is(i, c0)) n0++; else if (is(i, c1)) n1++;
    }
    cols.push(n1 > minRun ? 'C1' : n0 > minRun ? 'C0' : null);
  }
  const out = [];
  for (let x = 0; x < w; x++) {
    if (!cols[x]) continue;
    const last = out[out.length - 1];
    if (last && last.color === cols[x] && last.x1 === x - 1) last.x1 = x;
    else out.push({ color: cols[x], x0: x, x1: x });
  }
  return out.filter((c) => c.x1 - c.x0 >= 2);
}

/** Matplotlib's copper colormap as the figures sample it for `n` values (value j gets copper(j / (n - 1))). */
export function copperColors(n) {
  return Array.from({ length: n }, (_, j) => {
    const x = j / Math.max(n - 1, 1);
    const t = Math.min(Math.floor(x * 256), 255) / 255;
    const ch = (v) => Math.round(Math.min(Math.max(v, 0), 1) * 255);
    return [ch(t / 0.809524), ch(0.7812 * t), ch(0.4975 * t)];
  });
}

/** Runs in the page on a figure (canvas or <img>, as barClusters): for each of `parts` equal vertical strips, how many pixels have each colour. */
export function colorCounts(el, [colors, parts]) {
  let canvas = el;
  if (el.tagName === 'IMG') {
    const r = el.getBoundingClientRect();
    canvas = document.createElement('canvas');
    canvas.width = Math.round(r.width * devicePixelRatio);
    canvas.height = Math.round(r.height * devicePixelRatio);
    canvas.getContext('2d').drawImage(el, 0, 0, canvas.width, canvas.height);
  }
  const { width: w, height: h } = canvas;
  const d = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const out = Array.from({ length: parts }, () => colors.map(() => 0));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      colors.forEach((c, k) => {
        if (Math.abs(d[i] - c[0]) <= 3 && Math.abs(d[i + 1] - c[1]) <= 3 && Math.abs(d[i + 2] - c[2]) <= 3) {
          out[Math.min(Math.floor((x / w) * parts), parts - 1)][k]++;
        }
      });
    }
  }
  return out;
}

/** Runs in the page: every element other than the page that scrolls or clips its content sideways. */
export function innerScrollers() {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(el.tagName) || el.classList.contains('vh')) continue;
    const cs = getComputedStyle(el);
    const y = /(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const x = /(auto|scroll|hidden|clip)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
    if (x || y) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
  }
  return out;
}

/** The pHYs chunk of a PNG: {x, y, unit} pixels per unit (unit 1 = metre), or null. */
export function pngPhys(buf) {
  let i = 8;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.subarray(i + 4, i + 8).toString('latin1');
    if (type === 'pHYs') return { x: buf.readUInt32BE(i + 8), y: buf.readUInt32BE(i + 12), unit: buf[i + 16] };
    if (type === 'IDAT') return null;
    i += 12 + len;
  }
  return null;
}

/** The example's sweeps in the order of the notebook's printout. */
export const SECTION_ORDER = ['I2E', 'delay_max', 'lrate'];

/** summary.txt (the notebook's printout) as {hparam: {value: {count, fraction, max_info}}}. */
export function referenceSummary() {
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

/** The table as {hparam: {value: {count, fraction, max_info}}}, read from data-* attributes and cell classes. */
export async function readTable(page) {
  return page.$$eval('[data-testid=summary-table] tr[data-hparam]', (trs) => {
    const out = {};
    for (const tr of trs) {
      const cell = (c) => tr.querySelector(`.${c}`)?.textContent.trim();
      (out[tr.dataset.hparam] ??= {})[tr.dataset.value] = { count: cell('count'), fraction: cell('fraction'), max_info: cell('max-info') };
    }
    return out;
  });
}

/** Clicks the button `testid` and returns the file it downloads: its suggested name and its bytes. */
export async function download(page, testid, timeout = 30000) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), page.click(`[data-testid=${testid}]`)]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

