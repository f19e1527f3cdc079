"""Reading files into text: encoding detection and format parsers, with one clear reason per bad file."""

from __future__ import annotations

import codecs
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".pdf", ".docx", ".html", ".htm")


class BadInputError(ValueError):
    """A file that cannot be ingested; the message is the reason shown to the user."""


def load_text(path: Path, *, max_bytes: int) -> str:
    """Return the file's text, or raise BadInputError saying why it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInputError(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise BadInputError(f"cannot read: {err.strerror or err}") from err
    if size == 0:
        raise BadInputError("empty file")
    if size > max_bytes:
        raise BadInputError(f"too large: {size / 1e6:.1f} MB > limit {max_bytes / 1e6:.0f} MB")
    data = path.read_bytes()
    if suffix == ".pdf":
        text = pdf_text(data)
    elif suffix == ".docx":
        text = docx_text(data)
    elif suffix in (".html", ".htm"):
        text = html_text(data)
    else:
        text = decode_bytes(data)
    if not text.strip():
        raise BadInputError("no text found")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode plain text: BOMs first, then strict UTF-8, then UTF-16 without BOM, then GB18030; else reject."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BadInputError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    best = _charset_normalizer_guess(data)
    if best is not None:
        return _checked(best)
    raise BadInputError("undecodable text: not UTF-8, UTF-16 or GB18030")


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows NUL bytes at every other position for ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    return None if match is None else str(match)


def _checked(text: str) -> str:
    """Reject decoded 'text' that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    if not sample:
        return text
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") + sample.count("\ufffd")
    if control / len(sample) > 0.02:
        raise BadInputError("binary file (control characters), not text")
    return text


def pdf_text(data: bytes) -> str:
    """Text of each page, pages separated by blank lines; page furniture is dropped later by normalisation."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise BadInputError(f"malformed PDF: {err}") from err
    return "\n\n".join(pages)


def docx_text(data: bytes) -> str:
    """Paragraphs (and table cells) of a Word document, one per line with blank lines between."""
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise BadInputError(f"malformed DOCX: {err}") from err
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" ".join(cell.text for cell in row.cells))
    return "\n\n".join(b for b in blocks if b.strip())


def html_text(data: bytes) -> str:
    """Visible text of an HTML page, one block element per paragraph."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "noscript", "head", "nav", "footer"]):
        tag.decompose()
    blocks = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre", "blockquote"]):
        if element.find(["p", "li", "td"]):
            continue  # its children are visited on their own
        text = " ".join(element.get_text().split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [soup.get_text("\n")]
    return "\n\n".join(blocks)
