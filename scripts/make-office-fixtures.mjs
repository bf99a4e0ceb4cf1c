// Writes the Xinjiang tables (sheets.json from scripts/make-office-fixtures.py) with SheetJS
// (npm `xlsx`): sheetjs.xlsb, sheetjs.ods, sheetjs.xlsx in OUTDIR. Amounts are number cells
// with the format that prints them as in the text (`0.00`, `#,##0.00`).
// Usage: NODE_PATH=… node scripts/make-office-fixtures.mjs sheets.json OUTDIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');
const [spec, outdir] = process.argv.slice(2);
const sheets = JSON.parse(fs.readFileSync(spec, 'utf8'));

const amount = (s) => /^-?[0-9][0-9,]*\.[0-9]+$/.test(s.trim());
const book = XLSX.utils.book_new();
for (const s of sheets) {
  const ws = {};
  let maxC = 0;
  s.rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === '') return;
      const at = XLSX.utils.encode_cell({ r, c });
      if (amount(v)) {
        const decimals = v.split('.')[1].length;
        const fmt = (v.includes(',') ? '#,##0.' : '0.') + '0'.repeat(decimals);
        ws[at] = { t: 'n', v: Number(v.replace(/,/g, '')), z: fmt };
      } else {
        ws[at] = { t: 's', v };
      }
      maxC = Math.max(maxC, c);
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: s.rows.length - 1, c: maxC } });
  ws['!merges'] = s.merges.map(([r0, c0, r1, c1]) => ({ s: { r: r0, c: c0 }, e: { r: r1, c: c1 } }));
  XLSX.utils.book_append_sheet(book, ws, s.name);
}
for (const ext of ['xlsb', 'ods', 'xlsx']) {
  XLSX.writeFile(book, path.join(outdir, `sheetjs.${ext}`), { bookType: ext, cellStyles: true });
}
