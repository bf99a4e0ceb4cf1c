// Renderer comparison for the page view (docs/page-view.md): draws sample pages of every
// corpus PDF three ways in headless Chromium — suanpan's SVG (`pdf::render`, written by the
// `pdfpage` example), pdf.js (pdfjs-dist, canvas) and, as the reference, poppler
// (`pdftoppm`) — and reports per document the ink agreement with poppler (recall: poppler's
// dark pixels that the renderer also inks within 1 px; precision: the converse) and the time
// to draw. A benchmark script, not a test: run by hand.
//
//   cargo build --release --example pdfpage
//   (cd /tmp/pdfjs && npm install pdfjs-dist@5.6.205)     # PDFJS=/tmp/pdfjs/node_modules/pdfjs-dist
//   node benches/render/compare.js [corpus dirs…]
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { chromium } = require(path.join(__dirname, '..', '..', 'e2e', 'node_modules', '@playwright/test'));

const ROOT = path.resolve(__dirname, '..', '..');
const PDFJS = process.env.PDFJS || '/tmp/pdfjs/node_modules/pdfjs-dist';
const OUT = process.env.OUT || '/tmp/suanpan-render-compare';
const DPI = 144;
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['pdf', 'golden', 'unaudited'].map((d) => path.join(ROOT, 'tests', 'corpus', d));
const pdfs = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.pdf')).map((f) => path.join(d, f))).sort();

fs.mkdirSync(OUT, { recursive: true });
const samples = [];
for (const pdf of pdfs) {
  const name = path.basename(pdf, '.pdf');
  const pages = Number(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
  fs.copyFileSync(pdf, path.join(OUT, `${name}.pdf`));
  execFileSync(path.join(ROOT, 'target', 'release', 'examples', 'pdfpage'), ['--out', OUT, pdf], { stdio: 'ignore' });
  for (const p of [...new Set([1, Math.ceil(pages / 2), pages])]) {
    execFileSync('pdftoppm', ['-r', String(DPI), '-f', String(p), '-l', String(p), '-png', '-singlefile', pdf, path.join(OUT, `${name}-${p}`)]);
    samples.push({ name, page: p });
  }
}

const harness = `<!doctype html><meta charset=utf-8><body><script type=module>
import * as pdfjs from './pdfjs/build/pdf.min.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = './pdfjs/build/pdf.worker.min.mjs';
const img = (src) => new Promise((ok, no) => { const i = new Image(); i.onload = () => ok(i); i.onerror = no; i.src = src; });
function ink(ctx, w, h) {
  const d = ctx.getImageData(0, 0, w, h).data; const m = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) m[i] = (0.299 * d[4 * i] + 0.587 * d[4 * i + 1] + 0.114 * d[4 * i + 2]) < 160 ? 1 : 0;
  return m;
}
function near(m, w, h, x, y) {
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    const X = x + dx, Y = y + dy; if (X >= 0 && Y >= 0 && X < w && Y < h && m[Y * w + X]) return true;
  }
  return false;
}
function agree(ref, got, w, h) {
  let r = 0, rn = 0, p = 0, pn = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    if (ref[i]) { rn++; if (near(got, w, h, x, y)) r++; }
    if (got[i]) { pn++; if (near(ref, w, h, x, y)) p++; }
  }
  return { recall: rn ? r / rn : 1, precision: pn ? p / pn : 1 };
}
function canvas(w, h) { const c = document.createElement('canvas'); c.width = w; c.height = h; const x = c.getContext('2d', { willReadFrequently: true }); x.fillStyle = '#fff'; x.fillRect(0, 0, w, h); return [c, x]; }
const docs = {};
window.measure = async (name, page) => {
  const ref = await img(name + '-' + page + '.png');
  const w = ref.naturalWidth, h = ref.naturalHeight;
  const [, rx] = canvas(w, h); rx.drawImage(ref, 0, 0);
  const refInk = ink(rx, w, h);
  // suanpan: the SVG string as the reader worker returns it, drawn as an image
  let t = performance.now();
  const svgText = await (await fetch(name + '-' + page + '.svg')).text();
  const svg = await img(URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' })));
  const [, sx] = canvas(w, h); sx.drawImage(svg, 0, 0, w, h);
  const svgMs = performance.now() - t;
  const ours = agree(refInk, ink(sx, w, h), w, h);
  // pdf.js, on a canvas at the same resolution (CMaps and standard fonts from this server)
  t = performance.now();
  docs[name] ||= await pdfjs.getDocument({ url: name + '.pdf', cMapUrl: './pdfjs/cmaps/', cMapPacked: true, standardFontDataUrl: './pdfjs/standard_fonts/' }).promise;
  const pg = await docs[name].getPage(page);
  const vp = pg.getViewport({ scale: ${DPI} / 72 });
  const [pc, px] = canvas(w, h);
  await pg.render({ canvas: pc, canvasContext: px, viewport: vp }).promise;
  const pdfjsMs = performance.now() - t;
  const theirs = agree(refInk, ink(px, w, h), w, h);
  return { ours, theirs, svgMs, pdfjsMs, svgBytes: svgText.length };
};
window.ready = true;
</script>`;
fs.writeFileSync(path.join(OUT, 'index.html'), harness);
try { fs.symlinkSync(PDFJS, path.join(OUT, 'pdfjs')); } catch {}

const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.png': 'image/png', '.svg': 'image/svg+xml', '.pdf': 'application/pdf', '.bcmap': 'application/octet-stream', '.pfb': 'application/octet-stream', '.ttf': 'font/ttf' };
const server = http.createServer((req, res) => {
  const f = path.join(OUT, decodeURIComponent(req.url.split('?')[0]));
  fs.readFile(f, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' });
    res.end(data);
  });
});

(async () => {
  await new Promise((r) => server.listen(8123, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:8123/index.html');
  await page.waitForFunction(() => window.ready);
  const rows = {};
  for (const s of samples) {
    const r = await page.evaluate(([n, p]) => window.measure(n, p), [s.name, s.page]);
    (rows[s.name] ||= []).push(r);
  }
  const pct = (v) => (100 * v).toFixed(1);
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  console.log('document\tpages sampled\tours recall\tours precision\tpdf.js recall\tpdf.js precision\tours ms (SVG→canvas)\tpdf.js ms\tSVG KB');
  const all = Object.values(rows).flat();
  for (const [n, rs] of Object.entries(rows)) {
    console.log([n, rs.length, pct(Math.min(...rs.map((r) => r.ours.recall))), pct(Math.min(...rs.map((r) => r.ours.precision))),
      pct(Math.min(...rs.map((r) => r.theirs.recall))), pct(Math.min(...rs.map((r) => r.theirs.precision))),
      Math.round(mean(rs.map((r) => r.svgMs))), Math.round(mean(rs.map((r) => r.pdfjsMs))), Math.round(mean(rs.map((r) => r.svgBytes)) / 1024)].join('\t'));
  }
  console.log(['all (mean; min)', all.length,
    `${pct(mean(all.map((r) => r.ours.recall)))}; ${pct(Math.min(...all.map((r) => r.ours.recall)))}`,
    `${pct(mean(all.map((r) => r.ours.precision)))}; ${pct(Math.min(...all.map((r) => r.ours.precision)))}`,
    `${pct(mean(all.map((r) => r.theirs.recall)))}; ${pct(Math.min(...all.map((r) => r.theirs.recall)))}`,
    `${pct(mean(all.map((r) => r.theirs.precision)))}; ${pct(Math.min(...all.map((r) => r.theirs.precision)))}`,
    Math.round(mean(all.map((r) => r.svgMs))), Math.round(mean(all.map((r) => r.pdfjsMs))), Math.round(mean(all.map((r) => r.svgBytes)) / 1024)].join('\t'));
  await browser.close();
  server.close();
})();
