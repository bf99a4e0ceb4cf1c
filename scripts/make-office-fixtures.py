#!/usr/bin/env python3
"""Writes tests/fixtures/office/ (committed; rerun only to change them): the Xinjiang tables
of the corpus (tests/corpus/text/xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt,
one sheet per table, split and merged as tests/formats.rs's `xinjiang_sheets()` and
tests/support's `sheet_from_text` do) written by programs that are not ours:

- SheetJS (npm `xlsx`, CE 0.18.5): .xlsb, .ods and .xlsx (scripts/make-office-fixtures.mjs);
- LibreOffice 7.4 (Debian `libreoffice-calc-nogui`, `libreoffice-writer-nogui`): SheetJS's
  .xlsx re-saved as .ods and as Excel 97 .xls (kept as the .et fixture: WPS 表格's .et is
  the same OLE + BIFF8 file); the whole Xinjiang document (narrative and tables) as HTML
  converted to Word 97 .doc (tests/formats.rs also reads it named .wps: WPS 文字's .wps is
  a Word 97 OLE file).

No WPS Office runs here, so the .et fixture is LibreOffice's .xls under that name, and the
.wps case is the .doc's bytes under that name (docs/formats.md says so); the readers decide
by the bytes, never the name.

Needs: python3, node with `xlsx` installed (NODE_PATH, e.g. `cd /tmp/sheetjs && npm install
xlsx@0.18.5`), soffice.
Usage: NODE_PATH=/tmp/sheetjs/node_modules python3 scripts/make-office-fixtures.py
"""

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "office")
E2E = os.path.join(ROOT, "e2e", "fixtures", "formats")
TEXT = os.path.join(ROOT, "tests", "corpus", "text", "xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt")


def is_amount(s):
    t = s.strip().lstrip("-").replace(",", "")
    parts = t.split(".")
    return len(parts) == 2 and all(p and p.isdigit() for p in parts)


def table_with_merges(rows):
    """Header merges inferred as tests/support's `table_with_merges`."""
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = next((i for i, r in enumerate(rows) if any(is_amount(c) for c in r)), len(rows))
    merges = []

    def covered(r, c):
        return any(m[0] <= r <= m[2] and m[1] <= c <= m[3] and (m[0], m[1]) != (r, c) for m in merges)

    def cell(r, c):
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else ""

    for r in range(header):
        for c in range(width):
            if not cell(r, c) or covered(r, c):
                continue
            c1 = c
            while c1 + 1 < width and not cell(r, c1 + 1) and not covered(r, c1 + 1):
                c1 += 1
            r1 = r
            while (
                r1 + 1 < header
                and all(not cell(r1 + 1, k) and not covered(r1 + 1, k) for k in range(c, c1 + 1))
                and any(rows[r1 + 1])
            ):
                r1 += 1
            if (r1, c1) != (r, c):
                merges.append((r, c, r1, c1))
    return rows, merges


def sheet_from_text(text):
    pre, rows = [], []
    for line in (l for l in text.split("\n") if l.strip()):
        if "\t" in line or rows:
            rows.append([s.strip() for s in line.split("\t")])
        else:
            pre.append(line.strip())
    body, body_merges = table_with_merges(rows)
    width = max(max((len(r) for r in body), default=0), 1)
    out = [[p] + [""] * (width - 1) for p in pre]
    merges = []
    title = next((i for i, p in enumerate(pre) if not p.startswith("表")), None)
    if title is not None and width > 1:
        merges.append((title, 0, title, width - 1))
    off = len(out)
    out.extend(body)
    merges.extend((m[0] + off, m[1], m[2] + off, m[3]) for m in body_merges)
    return out, merges


def xinjiang_sheets(text):
    tables = text[text.index("表一：") : text.index("### 第三部分")]
    out = []
    for line in tables.split("\n")[:-1] if tables.endswith("\n") else tables.split("\n"):
        t = line.strip()
        if t.startswith("表") and (t.endswith("：") or t.endswith(":")) and len(t) <= 4:
            out.append([t.rstrip("：:"), ""])
        out[-1][1] += line + "\n"
    return out


def blocks(text):
    """Paragraphs and tables as tests/support's `blocks`."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines = lines[:-1]
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines):
                if "\t" in lines[i]:
                    rows.append([s.strip() for s in lines[i].split("\t")])
                    i += 1
                elif not lines[i].strip() and any("\t" in l for l in [next((x for x in lines[i + 1 :] if x.strip()), "")]):
                    i += 1
                else:
                    break
            out.append(("table",) + table_with_merges(rows))
        else:
            if line.strip():
                out.append(("para", line))
            i += 1
    return out


def html_table(rows, merges):
    starts = {(m[0], m[1]): m for m in merges}
    covered = set()
    for m in merges:
        for r in range(m[0], m[2] + 1):
            for c in range(m[1], m[3] + 1):
                if (r, c) != (m[0], m[1]):
                    covered.add((r, c))
    out = ['<table border="1" cellspacing="0">']
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            span = ""
            m = starts.get((r, c))
            if m:
                if m[3] > m[1]:
                    span += f' colspan="{m[3] - m[1] + 1}"'
                if m[2] > m[0]:
                    span += f' rowspan="{m[2] - m[0] + 1}"'
            out.append(f"<td{span}>{html.escape(v)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def document_html(text):
    body = []
    for b in blocks(text):
        if b[0] == "para":
            body.append(f"<p>{html.escape(b[1])}</p>")
        else:
            body.append(html_table(b[1], b[2]))
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>预算</title></head><body>\n'
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def soffice(src, fmt, outdir):
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", fmt, "--outdir", outdir, src],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    with open(TEXT, encoding="utf-8") as f:
        text = f.read()
    sheets = []
    for name, t in xinjiang_sheets(text):
        rows, merges = sheet_from_text(t)
        sheets.append({"name": name, "rows": rows, "merges": merges})
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp()
    spec = os.path.join(tmp, "sheets.json")
    with open(spec, "w", encoding="utf-8") as f:
        json.dump(sheets, f, ensure_ascii=False)
    # SheetJS: .xlsb, .ods, .xlsx (the last only as LibreOffice's input)
    subprocess.run(
        ["node", os.path.join(ROOT, "scripts", "make-office-fixtures.mjs"), spec, tmp], check=True
    )
    for ext in ["xlsb", "ods"]:
        shutil.copy(os.path.join(tmp, f"sheetjs.{ext}"), os.path.join(OUT, f"xinjiang-tables-sheetjs.{ext}"))
    # LibreOffice: the workbook as .ods and .xls (.et), the document as .doc (.wps)
    lo = os.path.join(tmp, "lo")
    os.makedirs(lo)
    soffice(os.path.join(tmp, "sheetjs.xlsx"), "ods", lo)
    soffice(os.path.join(tmp, "sheetjs.xlsx"), "xls:MS Excel 97", lo)
    page = os.path.join(tmp, "xinjiang.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(document_html(text))
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--infilter=HTML (StarWriter)",
         "--convert-to", "doc:MS Word 97", "--outdir", lo, page],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copy(os.path.join(lo, "sheetjs.ods"), os.path.join(OUT, "xinjiang-tables-libreoffice.ods"))
    shutil.copy(os.path.join(lo, "sheetjs.xls"), os.path.join(OUT, "xinjiang-tables-libreoffice.et"))
    shutil.copy(os.path.join(lo, "xinjiang.doc"), os.path.join(OUT, "xinjiang-libreoffice.doc"))
    # the browser test uploads the .ods
    shutil.copy(os.path.join(lo, "sheetjs.ods"), os.path.join(E2E, "xinjiang-2019-tables.ods"))
    shutil.rmtree(tmp)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))


if __name__ == "__main__":
    sys.exit(main())
