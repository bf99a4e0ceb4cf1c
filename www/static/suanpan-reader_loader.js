// Starts the file reader's web worker (PDF, Excel, Word…): the wasm-bindgen glue (no-modules build), then its wasm.
importScripts('./suanpan-reader.js');
wasm_bindgen({ module_or_path: './suanpan-reader_bg.wasm' });
