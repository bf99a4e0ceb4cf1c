// Starts the checker's web worker: the wasm-bindgen glue (no-modules build), then its wasm.
importScripts('./suanpan-worker.js');
wasm_bindgen({ module_or_path: './suanpan-worker_bg.wasm' });
