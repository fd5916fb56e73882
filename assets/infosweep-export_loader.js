// infosweep's export worker bootstrap (a classic worker, started by src/app/export_client.rs on the first PDF):
// loads the export module's no-modules glue and instantiates its wasm, whose main takes over onmessage. In
// place of Trunk's loader shim, which calls the glue with a bare URL, a form wasm-bindgen deprecates (a
// console warning on every first export). The relative URLs become data: URLs in a standalone report
// (src/share/report_boot.js).
importScripts('./infosweep-export.js');
wasm_bindgen({ module_or_path: './infosweep-export_bg.wasm' });
