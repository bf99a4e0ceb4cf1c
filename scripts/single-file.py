#!/usr/bin/env python3
"""Turns Trunk's release build (dist/) into one self-contained HTML file.

The page's CSS, the wasm-bindgen glue and the WebAssembly (base64) are inlined, so the
file opens from disk (file://) or any intranet share and works with no server and no
network. Browsers start no worker from a file, so the two workers (the checker and the
file reader: their glue and wasm, base64) are inlined too, as text that the page turns into
Blob URLs and hands the app in `window.suanpanWorkerUrl` and `window.suanpanReaderUrl`. The service worker is left out.

    python3 scripts/single-file.py [DIST] [OUT]     (defaults: dist, dist-single/suanpan.html)
"""
import base64
import html
import pathlib
import re
import sys

CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data:; connect-src 'none'; worker-src blob:; "
    "base-uri 'none'; form-action 'none'"
)


def one(dist: pathlib.Path, pattern: str) -> pathlib.Path:
    found = [p for p in dist.glob(pattern) if not p.name.startswith(("suanpan-worker", "suanpan-reader"))]
    if len(found) != 1:
        sys.exit(f"single-file: expected one {pattern} in {dist}, found {[p.name for p in found]}")
    return found[0]


def worker_source(dist: pathlib.Path, name: str) -> str:
    """A worker's glue (wasm-bindgen, no-modules) with its wasm inlined as base64."""
    glue = (dist / f"{name}.js").read_text(encoding="utf-8")
    wasm = (dist / f"{name}_bg.wasm").read_bytes()
    if "wasm_bindgen" not in glue:
        sys.exit(f"single-file: unexpected {name} glue (no wasm_bindgen)")
    return (
        glue
        + "\nconst wasmBase64 = \""
        + base64.b64encode(wasm).decode("ascii")
        + "\";\nwasm_bindgen({ module_or_path: Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0)) });\n"
    )


def blob_url(script_id: str) -> str:
    """JavaScript: a Blob URL of the inlined script's text."""
    return (
        f'URL.createObjectURL(new Blob([document.getElementById("{script_id}").textContent], '
        '{ type: "text/javascript" }))'
    )


def main() -> None:
    root = pathlib.Path(__file__).resolve().parent.parent
    dist = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "dist"
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "dist-single" / "suanpan.html"
    index = (dist / "index.html").read_text(encoding="utf-8")
    css = one(dist, "app-*.css").read_text(encoding="utf-8")
    glue = one(dist, "suanpan-web-*.js").read_text(encoding="utf-8")
    wasm = one(dist, "suanpan-web-*_bg.wasm").read_bytes()
    icon = dist / "icon.svg"

    # The glue is an ES module; inline, it exports nothing (its init is called below).
    glue, n = re.subn(r"^export \{[^}]*\};?\s*$", "", glue, flags=re.M)
    if n != 1 or "__wbg_init" not in glue:
        sys.exit("single-file: unexpected wasm-bindgen glue (no single export line / no __wbg_init)")
    if re.search(r"^\s*import\s", glue, flags=re.M):
        sys.exit("single-file: the glue imports other modules (snippets); they would need inlining too")
    worker_src = worker_source(dist, "suanpan-worker")
    reader_src = worker_source(dist, "suanpan-reader")
    # "</script" inside the inlined code would end the script element early.
    for name, text in (("glue", glue), ("css", css), ("worker", worker_src), ("reader", reader_src)):
        if "</script" in text.lower() or "</style" in text.lower():
            sys.exit(f"single-file: the {name} contains a closing tag")

    def meta(name: str) -> str:
        # attributes in any order, quoted or not (Trunk's release build minifies the HTML)
        tag = re.search(rf'<meta\b[^>]*\bname="?{name}"?[\s>/][^>]*>|<meta\b[^>]*\bname="?{name}"?>', index)
        m = tag and re.search(r'\bcontent="([^"]*)"', tag.group(0))
        return html.unescape(m.group(1)) if m else ""

    title = re.search(r"<title>(.*?)</title>", index, flags=re.S)
    icon_href = (
        "data:image/svg+xml;base64," + base64.b64encode(icon.read_bytes()).decode("ascii")
        if icon.exists()
        else "data:,"
    )
    b64 = base64.b64encode(wasm).decode("ascii")
    worker_url = blob_url("suanpan-worker")
    reader_url = blob_url("suanpan-reader")
    page = f"""<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="description" content="{html.escape(meta('description'))}" />
    <meta http-equiv="Content-Security-Policy" content="{CSP}" />
    <meta name="generator" content="suanpan scripts/single-file.py" />
    <title>{title.group(1) if title else '算盘'}</title>
    <link rel="icon" href="{icon_href}" />
    <style>
{css}
    </style>
  </head>
  <body>
    <noscript>算盘需要启用 JavaScript 和 WebAssembly。Suanpan needs JavaScript and WebAssembly.</noscript>
    <script type="text/plain" id="suanpan-worker">
{worker_src}
    </script>
    <script type="text/plain" id="suanpan-reader">
{reader_src}
    </script>
    <script type="module">
// the two workers, from the texts above (browsers start no worker from a file)
window.suanpanWorkerUrl = {worker_url};
window.suanpanReaderUrl = {reader_url};
{glue}
const wasmBase64 = "{b64}";
const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
await __wbg_init({{ module_or_path: bytes }});
    </script>
  </body>
</html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(
        f"single-file: {out} ({len(page.encode('utf-8'))} bytes; page wasm {len(wasm)} bytes)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
