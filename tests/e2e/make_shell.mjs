// Writes the first open's static shell into index.html (`<script type="text/html" id="shell-markup">`): the page's own
// markup once the demo is shown (lib.mjs `shellMarkup`), which index.html's boot script paints before the
// wasm runs. Run after a UI change, from a fresh build: `scripts/trunk build --release && node
// tests/e2e/make_shell.mjs && scripts/trunk build --release`. The e2e test "the first open's static shell
// is the page's own markup" fails while it is stale.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, waitReady, shellMarkup, DIST, ROOT, PREFIX } from './lib.mjs';

const server = await serve({ [PREFIX]: DIST });
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${server.base}${PREFIX}`);
  await waitReady(page);
  const markup = await page.evaluate(shellMarkup);
  const file = path.join(ROOT, 'index.html');
  const html = fs.readFileSync(file, 'utf8');
  const re = /(<script type="text\/html" id="shell-markup">)[\s\S]*?(<\/script>)/;
  if (!re.test(html)) throw new Error('index.html has no <script type="text/html" id="shell-markup">…</script>');
  if (markup.includes('</script')) throw new Error('the markup holds </script');
  fs.writeFileSync(file, html.replace(re, (_, open, close) => `${open}${markup}${close}`));
  console.log(`index.html: shell of ${markup.length} characters`);
} finally {
  await browser.close();
  await server.close();
}
