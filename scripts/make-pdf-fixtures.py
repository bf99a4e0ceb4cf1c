#!/usr/bin/env python3
"""Generates the small PDFs of tests/fixtures/pdf (committed; rerun only to change them).

Needs pikepdf (PyPI): python3 -m venv /tmp/py && /tmp/py/bin/pip install pikepdf
Usage: /tmp/py/bin/python scripts/make-pdf-fixtures.py
"""

import os
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")
CORPUS = os.path.join(ROOT, "tests", "corpus", "pdf")


def helvetica(pdf):
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )


def page(pdf, content, resources):
    p = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, 595, 842]),
        Contents=pdf.make_stream(content),
        Resources=resources,
    )
    pdf.pages.append(pikepdf.Page(p))


def gray_image(pdf, w=64, h=32):
    # a striped grey image, like a scanned page (no text in it)
    data = bytes(((x // 4 + y // 4) % 2) * 200 + 30 for y in range(h) for x in range(w))
    s = Stream(pdf, zlib.compress(data))
    s.Type = Name.XObject
    s.Subtype = Name.Image
    s.Width = w
    s.Height = h
    s.ColorSpace = Name.DeviceGray
    s.BitsPerComponent = 8
    s.Filter = Name.FlateDecode
    return pdf.make_indirect(s)


def text_pdf():
    pdf = Pdf.new()
    font = helvetica(pdf)
    content = b"BT /F1 12 Tf 72 770 Td (Budget 2024) Tj 0 -20 Td (Total        1,234.50) Tj ET"
    page(pdf, content, Dictionary(Font=Dictionary(F1=font)))
    return pdf


def cjk_font(pdf, encoding):
    # non-embedded STSong-Light with a predefined CMap (pitfall 3 of docs/pdf-engines.md)
    cid = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType0,
            BaseFont=Name("/STSong-Light"),
            CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("GB1"), Supplement=2),
            FontDescriptor=pdf.make_indirect(
                Dictionary(
                    Type=Name.FontDescriptor,
                    FontName=Name("/STSong-Light"),
                    Flags=6,
                    FontBBox=Array([-25, -254, 1000, 880]),
                    ItalicAngle=0,
                    Ascent=880,
                    Descent=-120,
                    CapHeight=880,
                    StemV=93,
                )
            ),
            DW=1000,
        )
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/STSong-Light-" + encoding),
            Encoding=Name("/" + encoding),
            DescendantFonts=Array([cid]),
        )
    )


def ucs2(s):
    return "<" + s.encode("utf-16-be").hex().upper() + ">"


def features_pdf():
    """Page rotations, a vertical-writing column, fill+stroke text, invisible, off-page and
    rotated text, predefined CJK CMaps."""
    pdf = Pdf.new()
    res = Dictionary(
        Font=Dictionary(
            F1=cjk_font(pdf, "UniGB-UCS2-H"),
            F2=helvetica(pdf),
            F3=cjk_font(pdf, "UniGB-UCS2-V"),
        )
    )
    c = "\n".join(
        [
            "BT /F1 12 Tf 72 770 Td %s Tj ET" % ucs2("收入合计"),
            "BT /F2 12 Tf 300 770 Td (1,234.50) Tj ET",
            "BT /F1 12 Tf 72 750 Td %s Tj ET" % ucs2("行政运行"),
            "BT /F2 12 Tf 313.344 750 Td (34.50) Tj ET",
            "q BT 2 Tr /F1 12 Tf 72 730 Td %s Tj ET Q" % ucs2("粗体"),
            "q BT 3 Tr /F2 12 Tf 72 710 Td (hidden) Tj ET Q",
            "q BT 7 Tr /F2 12 Tf 72 700 Td (clip) Tj ET Q",
            "BT /F2 12 Tf 72 -40 Td (offpage 9.99) Tj ET",
            "BT /F2 12 Tf 0 1 -1 0 500 300 Tm (STAMP) Tj ET",
            "BT /F3 12 Tf 450 700 Td %s Tj ET" % ucs2("因公出国"),
        ]
    ).encode()
    page(pdf, c, res)
    for rot, tm in [(90, "0 1 -1 0 500 100"), (180, "-1 0 0 -1 500 700"), (270, "0 -1 1 0 100 700")]:
        page(pdf, ("BT /F2 12 Tf %s Tm (Rotate %d total 42.00) Tj ET" % (tm, rot)).encode(), res)
        pdf.pages[-1].Rotate = rot
    return pdf


def main():
    os.makedirs(OUT, exist_ok=True)
    opts = dict(deterministic_id=True, compress_streams=True)

    # image only: a scanned page
    pdf = Pdf.new()
    img = gray_image(pdf)
    for _ in range(2):
        page(pdf, b"q 480 0 0 240 57 500 cm /Im0 Do Q", Dictionary(XObject=Dictionary(Im0=img)))
    pdf.save(os.path.join(OUT, "image-only.pdf"), **opts)

    # a scan with an invisible OCR layer (text render mode 3)
    pdf = Pdf.new()
    img = gray_image(pdf)
    font = helvetica(pdf)
    page(
        pdf,
        b"q 480 0 0 240 57 500 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 72 600 Td (Total 1,234.50) Tj ET",
        Dictionary(XObject=Dictionary(Im0=img), Font=Dictionary(F1=font)),
    )
    pdf.save(os.path.join(OUT, "ocr-layer-only.pdf"), **opts)

    # encrypted: a user password is needed to open it
    text_pdf().save(
        os.path.join(OUT, "encrypted-user-password.pdf"),
        encryption=pikepdf.Encryption(user="secret", owner="owner", R=6),
        compress_streams=True,
    )
    # encrypted with an owner password only: opens without a password
    text_pdf().save(
        os.path.join(OUT, "encrypted-owner-only.pdf"),
        encryption=pikepdf.Encryption(user="", owner="owner", R=4, aes=True),
        compress_streams=True,
    )

    # Identity-H fonts without ToUnicode: one table page of a corpus file, maps removed
    src = Pdf.open(os.path.join(CORPUS, "jiangsu-party-committee-office-2018-dept-budget-tables.pdf"))
    pdf = Pdf.new()
    pdf.pages.append(src.pages[2])
    for p in pdf.pages:
        fonts = p.Resources.get("/Font", {})
        for k in list(fonts.keys()):
            f = fonts[k]
            if "/ToUnicode" in f:
                del f["/ToUnicode"]
    pdf.remove_unreferenced_resources()
    pdf.save(os.path.join(OUT, "identity-h-without-tounicode.pdf"), **opts)

    features_pdf().save(os.path.join(OUT, "features.pdf"), **opts)

    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
