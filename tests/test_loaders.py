"""File reading: encodings, formats, and one clear reason for each kind of bad file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.loaders import BadInputError, load_text

TEXT = "安全理事会以13票赞成、2票弃权通过了第2511(2020)号决议。United Nations S/PRST/2013/1"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-le"),  # no BOM
    TEXT.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be"])
def test_decodes_every_supported_encoding(tmp_path: Path, encoded: bytes) -> None:
    assert load_text(write(tmp_path, "doc.txt", encoded), max_bytes=10**6).strip() == TEXT


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="empty"):
        load_text(write(tmp_path, "empty.txt", b""), max_bytes=10**6)


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no text"):
        load_text(write(tmp_path, "blank.txt", b"  \n\n \t"), max_bytes=10**6)


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    data = bytes(range(256)) * 50
    with pytest.raises(BadInputError, match="binary|undecodable"):
        load_text(write(tmp_path, "blob.txt", data), max_bytes=10**6)


def test_oversize_file_is_rejected_without_reading(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="too large"):
        load_text(write(tmp_path, "big.txt", b"a" * 2000), max_bytes=1000)


def test_unsupported_suffix_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="unsupported file type .xlsx"):
        load_text(write(tmp_path, "sheet.xlsx", b"PK"), max_bytes=10**6)


def test_malformed_pdf_and_docx_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="malformed PDF"):
        load_text(write(tmp_path, "bad.pdf", b"%PDF-1.4 garbage"), max_bytes=10**6)
    with pytest.raises(BadInputError, match="malformed DOCX"):
        load_text(write(tmp_path, "bad.docx", b"not a zip at all"), max_bytes=10**6)


def test_docx_paragraphs_become_blocks(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("第一段：安全理事会通过了决议。")
    document.add_paragraph("Second paragraph in English.")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    assert load_text(path, max_bytes=10**6) == "第一段：安全理事会通过了决议。\n\nSecond paragraph in English."


def test_html_keeps_blocks_and_drops_scripts(tmp_path: Path) -> None:
    html = ("<html><head><title>t</title><script>var x = 1;</script></head><body>"
            "<h1>非洲</h1><p>安全理事会<b>一致</b>通过了决议。</p><ul><li>Item one</li></ul></body></html>")
    text = load_text(write(tmp_path, "page.html", html.encode("utf-8")), max_bytes=10**6)
    assert text == "非洲\n\n安全理事会一致通过了决议。\n\nItem one"


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    assert "Adopted unanimously" in load_text(write(tmp_path, "res.pdf", minimal_pdf("Adopted unanimously")),
                                              max_bytes=10**6)


def minimal_pdf(line: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
