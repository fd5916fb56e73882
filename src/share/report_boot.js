// Boot of a standalone infosweep report (src/share/report.rs writes it into the report). Every file the page
// needs is inside this document, base64 (deflated when that made it smaller): nothing is fetched from a
// network. The page's files are offered as data: URLs (the only URLs a file:// page can start a worker from
// in Chromium, and that such a worker can fetch; a script naming another page file as "./<path>", as
// Trunk's worker loader does, gets that file's data: URL in its place), the shared pickles as File
// objects; then the wasm-bindgen glue is imported and the wasm started, as Trunk's own boot script does.
const manifest = JSON.parse(document.getElementById('infosweep-report').textContent);
const blocks = new Map();
for (const el of document.querySelectorAll('script[data-infosweep-file]')) blocks.set(el.dataset.infosweepFile, el);

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The file `path` as a Blob of its type, inflated and checked against its declared size. */
async function blobOf(path) {
  const el = blocks.get(path);
  if (!el) throw new Error(`the report lacks ${path}`);
  const type = el.dataset.type;
  let blob = new Blob([fromBase64(el.textContent)], { type });
  if (el.dataset.encoding === 'deflate') {
    const inflated = blob.stream().pipeThrough(new DecompressionStream('deflate'));
    blob = new Blob([await new Response(inflated).arrayBuffer()], { type });
  }
  if (blob.size !== Number(el.dataset.size)) {
    throw new Error(`${path} has ${blob.size} bytes instead of ${el.dataset.size}: the report file is damaged`);
  }
  return blob;
}

/** A data: URL of the file `path` (the inline text itself when it was stored as is). */
async function dataUrlOf(path) {
  const el = blocks.get(path);
  if (el && el.dataset.encoding !== 'deflate') return `data:${el.dataset.type};base64,${el.textContent}`;
  const blob = await blobOf(path);
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(r.result);
    r.onerror = () => fail(r.error);
    r.readAsDataURL(blob);
  });
}

try {
  const urls = new Map();
  await Promise.all(manifest.page.map(async (p) => urls.set(p, await dataUrlOf(p))));
  const stored = new Map(urls);
  for (const p of manifest.page.filter((p) => /\.m?js$/.test(p))) {
    let text = await (await blobOf(p)).text();
    const before = text;
    for (const [q, u] of stored) {
      for (const quote of ['"', "'"]) text = text.split(`${quote}./${q}${quote}`).join(`${quote}${u}${quote}`);
    }
    if (text !== before) urls.set(p, `data:text/javascript;charset=utf-8,${encodeURIComponent(text)}`);
  }
  const data = await Promise.all(manifest.data.map(async (p) => ({
    path: p,
    file: new File([await blobOf(p)], p.slice(p.lastIndexOf('/') + 1), { type: 'application/octet-stream' }),
  })));
  // The data now lives in the Files: free the inline text.
  for (const p of manifest.data) blocks.get(p).textContent = '';
  globalThis.infosweepReport = {
    /** A URL of one of the page's files (`index.html`, the glue, the wasm, workers, fonts), or undefined. */
    url: (path) => urls.get(path),
    /** The same file as it was stored (scripts not rewritten), for a report or site made from this one. */
    storedUrl: (path) => stored.get(path),
    /** The page's file paths, as files.json lists them. */
    pageFiles: () => [...manifest.page],
    /** The shared pickles: [{ path: 'data/<hparam>/<file>.pkl', file: File }]. */
    dataFiles: () => data.slice(),
  };
  const bindings = await import(urls.get(manifest.glue));
  const wasm = await bindings.default({ module_or_path: urls.get(manifest.wasm) });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (e) {
  document.body.dataset.state = 'error';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `This report could not start: ${e && e.message ? e.message : e}`;
  document.body.append(p);
}
