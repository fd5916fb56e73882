// infosweep's decode worker bootstrap (a classic worker, started by src/app/pool.rs): loads the decoder's own
// wasm (infosweep-decode, built by Trunk beside the page), whose main takes over onmessage and posts
// 'ready'. A boot failure is reported as {bootError}; the page then fails the files with that reason.
// The relative URLs are rewritten to data: URLs in a standalone report (src/share/report_boot.js).
const bootError = (e) => self.postMessage({ bootError: String((e && e.message) || e) });
try {
  importScripts('./infosweep-decode.js');
  wasm_bindgen({ module_or_path: './infosweep-decode_bg.wasm' }).catch(bootError);
} catch (e) {
  bootError(e);
}
