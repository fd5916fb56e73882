// Browser benchmark (not a test): page load, files-received-to-both-figures for the example folder and for a
// large generated folder, and the gzipped size of wasm + js. Needs dist/ built with --public-url /infosweep/.
// Run: node tests/e2e/bench.mjs [BIG_FOLDER]   (make one with scripts/make_big_folder.py /tmp/big)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, waitReady, DIST, FIXTURES, PREFIX } from './lib.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const big = process.argv[2];

const sizes = {};
for (const f of fs.readdirSync(DIST)) {
  if (/\.(wasm|js)$/.test(f)) sizes[f] = zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length;
}
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`wasm+js gzipped: ${total} bytes (${(total / 1024).toFixed(1)} KiB)`, sizes);

const server = await serve({ [PREFIX]: DIST });
const browser = await launch();
try {
  const loads = [], demo = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${server.base}${PREFIX}`, { waitUntil: 'load' });
    loads.push(Date.now() - t0);
    await waitReady(page);
    demo.push(Date.now() - t0);
    await context.close();
  }
  console.log(`page load (navigation to load event): median ${median(loads)} ms of ${loads.join(', ')}`);
  console.log(`first open to demo figures drawn: median ${median(demo)} ms of ${demo.join(', ')}`);

  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${server.base}${PREFIX}`);
  await waitReady(page);
  const pick = async (folder, timeout) => {
    const prev = await page.evaluate(() => document.body.dataset.renderMs);
    await page.setInputFiles('[data-testid=folder-input]', folder);
    await page.waitForFunction((p) => document.body.dataset.state === 'ready' && document.body.dataset.renderMs !== p, prev, { timeout, polling: 100 });
    return Number(await page.evaluate(() => document.body.dataset.renderMs));
  };
  const example = [];
  for (let i = 0; i < 7; i++) example.push(await pick(path.join(FIXTURES, 'n3p2'), 30000));
  console.log(`example folder, files received -> both figures drawn: median ${median(example).toFixed(1)} ms of ${example.map((x) => x.toFixed(1)).join(', ')}`);
  if (big) {
    const bytes = fs.readdirSync(big).reduce((a, d) => a + fs.statSync(path.join(big, d, 'information_sweep_max_convex.pkl')).size, 0);
    const t0 = Date.now();
    const ms = await pick(big, 600000);
    console.log(`big folder (${(bytes / 2 ** 30).toFixed(2)} GiB): files received -> both figures ${ms.toFixed(0)} ms; pick -> ready ${Date.now() - t0} ms`);
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
