// Makes docs/screenshot.png: the release build (dist/, --public-url /infosweep/) showing the demo at 1366x768.
// Run: node tests/e2e/screenshot.mjs
import path from 'node:path';
import { serve, launch, waitReady, DIST, PREFIX, ROOT } from './lib.mjs';

const server = await serve({ [PREFIX]: DIST });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
  await page.goto(`${server.base}${PREFIX}`);
  await waitReady(page);
  const out = path.join(ROOT, 'docs', 'screenshot.png');
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
  await server.close();
}
