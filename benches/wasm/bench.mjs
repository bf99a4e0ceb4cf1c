// node benches/wasm/bench.mjs MODULE.wasm PDF... : times pdf_to_text (and parse+check) in wasm.
// Every file runs in a fresh node process, so "cold" is what a page visitor gets for the first
// PDF (the module's code is compiled lazily and tiered up by V8 while it runs); "warm" is the
// median of 7 more runs in the same instance.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const [wasmPath, ...files] = process.argv.slice(2);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function one(f) {
  const c0 = performance.now();
  const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
  const compile = performance.now() - c0;
  const data = fs.readFileSync(f);
  const { exports: w } = await WebAssembly.instantiate(module, {});
  const load = () => {
    const ptr = w.input(data.length); // may grow (and detach) the memory: read .buffer after
    new Uint8Array(w.memory.buffer, ptr, data.length).set(data);
  };
  // optional warm-up on another (small) PDF, as a page could do while the visitor picks a file
  let warmup = 0;
  if (process.env.WARMUP) {
    const small = fs.readFileSync(process.env.WARMUP);
    const w0 = performance.now();
    for (let i = 0; i < +(process.env.WARMUP_RUNS || 1); i++) {
      const ptr = w.input(small.length);
      new Uint8Array(w.memory.buffer, ptr, small.length).set(small);
      w.pdf_to_text();
    }
    warmup = performance.now() - w0;
  }
  const times = [];
  let glyphs = 0;
  let coldCpu = 0;
  for (let i = 0; i < 8; i++) {
    load();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    glyphs = w.pdf_to_text();
    times.push(performance.now() - t0);
    if (i === 0) {
      const c = process.cpuUsage(c0);
      coldCpu = (c.user + c.system) / 1000;
    }
  }
  const t0 = performance.now();
  const tables = w.check();
  const check = performance.now() - t0;
  return {
    file: path.basename(f, ".pdf").replace("-dept-budget", "").replace("-dept-final", "-final").slice(0, 48),
    compile_ms: +compile.toFixed(1),
    ...(process.env.WARMUP ? { warmup_ms: +warmup.toFixed(1) } : {}),
    glyphs,
    tables,
    cold_ms: +times[0].toFixed(1),
    // CPU time of the whole process (V8's background compiler threads included) during the
    // first call: less sensitive to other load on the machine than the wall time
    cold_cpu_ms: +coldCpu.toFixed(1),
    warm_ms: +median(times.slice(1)).toFixed(1),
    check_ms: +check.toFixed(1),
    mem_mb: +(w.memory.buffer.byteLength / 1048576).toFixed(0),
  };
}

if (process.env.BENCH_ONE) {
  console.log(JSON.stringify(await one(files[0])));
} else {
  const me = fileURLToPath(import.meta.url);
  const rows = files.map((f) => {
    const r = spawnSync(process.execPath, [...process.execArgv, me, wasmPath, f], {
      env: { ...process.env, BENCH_ONE: "1" },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  });
  console.table(rows);
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0).toFixed(1);
  console.log(`total cold ${sum("cold_ms")} ms, warm ${sum("warm_ms")} ms`);
}
