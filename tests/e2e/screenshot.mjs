// Makes the README's screenshots from the release build (dist/, --public-url /infosweep/) showing the demo:
// docs/screenshot.png (a 1366 x 768 laptop) and docs/screenshot-phone.png (a 390 x 844 phone at DPR 2).
// Run: node tests/e2e/screenshot.mjs
import path from 'node:path';
import { serve, launch, waitReady, DIST, PREFIX, ROOT } from './lib.mjs';

const SHOTS = [
  { file: 'screenshot.png', viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
  { file: 'screenshot-phone.png', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
];

const server = await serve({ [PREFIX]: DIST });
const browser = await launch();
try {
  for (const { file, viewport, deviceScaleFactor } of SHOTS) {
    const page = await browser.newPage({ viewport, deviceScaleFactor, colorScheme: 'light' });
    await page.goto(`${server.base}${PREFIX}`);
    await waitReady(page);
    const out = path.join(ROOT, 'docs', file);
    await page.screenshot({ path: out });
    console.log(out);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
