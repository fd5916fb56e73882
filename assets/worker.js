// infosweep's decode worker bootstrap (a module worker). The page posts {glue, module} first: the URL of
// its wasm-bindgen glue and its compiled WebAssembly.Module, so the worker runs the page's own wasm (no
// second download or compile). Messages that arrive while it boots are handed to worker_main, which then
// takes over onmessage. A boot failure is reported as {bootError} and the page decodes in place.
const early = [];
self.onmessage = async ({ data }) => {
  self.onmessage = (e) => early.push(e.data);
  try {
    const glue = await import(data.glue);
    await glue.default({ module_or_path: data.module });
    glue.worker_main(early);
  } catch (e) {
    self.postMessage({ bootError: String((e && e.message) || e) });
  }
};
