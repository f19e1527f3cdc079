"""Text normalisation for UN documents in Chinese and English. Pure functions, standard library only.

Why: the same document arrives word-segmented ("第2089 ( 2013 ) 号 决议"), PDF-extracted ("2 月 14 日") or clean;
retrieval, citation checks and de-duplication need one canonical spelling ("第2089(2013)号决议"), while Latin text
("Distr. General", "resolution 425 (1978)") must keep its spaces.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters, BOM, soft hyphen and bidi marks carry no text; they break exact matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff]")
# Every horizontal whitespace, including the ideographic space used for Chinese indentation.
_HSPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\u0085]")
# Full-width ASCII letters and digits only; Chinese full-width punctuation (，。：；（）) is kept as is.
_WIDTH_TABLE = {code: code - 0xFEE0
                for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation (。、「」《》)
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),
    (0x3190, 0x31FF),
    (0x3200, 0x32FF),  # enclosed (㈠)
    (0x3300, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # vertical forms
    (0xFF00, 0xFFEF),  # full-width forms (，：；（）！？)
    (0x20000, 0x3FFFF),
)
_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))

_CJK_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _CJK_RANGES)
_ANY_BRACKET = re.compile(r"[()\[\]（）【】]")
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_CJK_SPACE = re.compile(f"(?<=[{_CJK_CLASS}]) +| +(?=[{_CJK_CLASS}])")
_HAN = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _IDEOGRAPH_RANGES) + "]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OPEN_BRACKET_SPACE = re.compile(r"([(（【]) +")
_SPACE_CLOSE_BRACKET = re.compile(r" +([)）】])")
_CJK_CLOSE_SPACE = re.compile(f"([{_CJK_CLASS}][)\\]]) +(?=[0-9A-Za-z])")
_SPACE_BEFORE_PAREN = re.compile(r"(?<=[0-9A-Za-z/.\-]) +(?=\()")
_SYMBOL_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/.-")
# "PRST/200 4/16" -> "PRST/2004/16": a year broken in two inside a symbol; only when the halves make 19xx/20xx.
_BROKEN_YEAR = re.compile(r"(?<![A-Za-z0-9])((?:[A-Z]{1,5}/)+)(\d{1,3}) (\d{1,3})(?=/\d)")
# "S/ 2013/7", "S /PRST/2013/1", "S/2013/ 163": stray spaces next to a slash inside a symbol.
_SLASH_SPACE = re.compile(r"(?<![A-Za-z0-9])(S|A|E|ST|PRST|RES) ?/ ?(?=(?:[A-Z]{2,5}/)?(?:19|20)\d\d/)")
_TAIL_SPACE = re.compile(r"(?<![A-Za-z0-9])((?:S|A|E|ST)/(?:[A-Z]{2,5}/)?(?:19|20)\d\d/) (?=\d)")


def is_cjk(char: str) -> bool:
    """True for Chinese/Japanese characters and full-width punctuation: spaces next to them are not meaningful."""
    return bool(char) and _CJK_CHAR.match(char) is not None


def is_ideograph(char: str) -> bool:
    """True for Han characters only (not punctuation): used to measure how Chinese a text is."""
    return bool(char) and _HAN.match(char) is not None


def has_cjk(text: str) -> bool:
    """Whether text contains any CJK character or full-width punctuation."""
    return _CJK_CHAR.search(text) is not None


def count_cjk(text: str) -> int:
    """Number of CJK characters and full-width punctuation marks in text."""
    return len(_CJK_CHAR.findall(text))


def strip_invisible(text: str) -> str:
    """Remove zero-width characters, BOMs and soft hyphens."""
    return _INVISIBLE.sub("", text)


def fold_width(text: str) -> str:
    """Full-width ASCII letters and digits to half-width (ＡＢ１２ -> AB12); punctuation stays full-width."""
    return text.translate(_WIDTH_TABLE)


def collapse_whitespace(text: str) -> str:
    """One ASCII space for every run of horizontal whitespace, trimmed; newlines become spaces too."""
    return _HSPACE.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces that touch a CJK character or punctuation ("2013年 1月" -> "2013年1月", "14 票" -> "14票").

    Spaces between two Latin words or numbers ("Distr. General", "Marie Yolène") are kept.
    """
    return _CJK_SPACE.sub("", text) if " " in text and not text.isascii() else text


def tidy_brackets(text: str) -> str:
    """No spaces just inside brackets; no space before "(" when the word before it hangs on Chinese text.

    "第2089 ( 2013 ) 号" -> "第2089(2013)号", while "resolution 425 (1978)" keeps its space.
    """
    text = _OPEN_BRACKET_SPACE.sub(r"\1", text)
    text = _SPACE_CLOSE_BRACKET.sub(r"\1", text)
    text = _CJK_CLOSE_SPACE.sub(r"\1", text)
    if " (" not in text:
        return text

    def keep(match: re.Match[str]) -> str:
        head = match.start()
        while head > 0 and match.start() - head < 40 and text[head - 1] in _SYMBOL_CHARS:
            head -= 1
        before = text[head - 1] if head else ""
        return "" if before and is_cjk(before) else match.group(0)

    return _SPACE_BEFORE_PAREN.sub(keep, text)


def repair_symbols(text: str) -> str:
    """Mend spaces that segmentation or extraction put inside UN symbols ("PRST/200 4/16" -> "PRST/2004/16").

    Only unambiguous cases are repaired; a space is never inserted.
    """

    def join_year(match: re.Match[str]) -> str:
        year = match.group(2) + match.group(3)
        if len(year) == 4 and year[:2] in ("19", "20"):
            return match.group(1) + year
        return match.group(0)

    text = _BROKEN_YEAR.sub(join_year, text)
    text = _SLASH_SPACE.sub(r"\1/", text)
    return _TAIL_SPACE.sub(r"\1", text)


def normalize_line(line: str) -> str:
    """Canonical form of one line: NFC, invisible characters gone, width folded, spaces collapsed and tidied."""
    if not line.isascii():
        line = unicodedata.normalize("NFC", fold_width(strip_invisible(line)))
    line = collapse_whitespace(line)
    if "/" in line:
        line = repair_symbols(line)
    line = remove_cjk_spaces(line)
    if _ANY_BRACKET.search(line):
        line = tidy_brackets(line)
    return line


def normalize_text(text: str) -> str:
    """Normalise every line, keep the line structure; runs of blank lines collapse to one blank line."""
    lines = [normalize_line(line) for line in split_lines(text)]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalize_inline(text: str) -> str:
    """Normalise a text as one line (newlines become spaces, then the line rules apply)."""
    return normalize_line(_NEWLINES.sub("\n", text).replace("\n", " "))


def split_lines(text: str) -> list[str]:
    """Lines of text, whatever the newline convention (CRLF, CR, Unicode separators)."""
    return _NEWLINES.sub("\n", text).split("\n")


def count_scripts(text: str) -> tuple[int, int]:
    """(Han characters, Latin letters) in text: what decides the language."""
    return len(_HAN.findall(text)), len(_LATIN.findall(text))
