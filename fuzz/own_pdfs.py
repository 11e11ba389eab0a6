#!/usr/bin/env python3
"""Writes the small PDFs of our own that seed fuzz/corpus/pdf and pdf_isolated: valid files
whose objects sit where their xref tables say, so mutations reach the parsers. Text is ours."""
import os
import sys
import zlib


def pdf(objects):
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def stream(content, flate=False, extra=b""):
    if flate:
        content = zlib.compress(content)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def page(font, content, flate=False, resources_extra=b""):
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >>" + resources_extra + b" >> /Contents 4 0 R >>",
        stream(content, flate),
        font,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimHei /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>",
    ])


gbk = "澜江市人民政府公报 2021年第3期 目录 关于做好冬季供暖保障工作的通知".encode("gbk")
utf16 = "澜江市人民政府办公室关于开展老旧小区改造摸底调查的通知".encode("utf-16-be")
type0 = lambda encoding: (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /"
                          + encoding + b" /DescendantFonts [6 0 R] >>")
files = {
    "own-gbk-cmap.pdf": page(type0(b"GBK-EUC-H"),
                             b"BT /F1 12 Tf 72 720 Td <" + gbk.hex().encode() + b"> Tj ET"),
    "own-utf16-flate.pdf": page(type0(b"UniGB-UTF16-H"),
                                b"BT /F1 10 Tf 1 0 0 1 60 700 Tm 14 TL <" + utf16.hex().encode()
                                + b"> Tj T* [<" + utf16[:8].hex().encode() + b"> -250 <"
                                + utf16[8:16].hex().encode() + b">] TJ ET", flate=True),
    "own-winansi-gbk.pdf": page(b"<< /Type /Font /Subtype /TrueType /BaseFont /SimSun "
                                b"/Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 >>",
                                b"BT /F1 12 Tf 72 720 Td (" + gbk.replace(b"(", b"\\(") + b") Tj ET"),
}
target = sys.argv[1] if len(sys.argv) > 1 else "corpus"
for directory in ("pdf", "pdf_isolated"):
    os.makedirs(os.path.join(target, directory), exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(target, directory, name), "wb") as out:
            out.write(data)
