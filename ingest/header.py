"""A document's own facts as a citable paragraph ¶0: the header lines that state its symbol and date.

Why: "when was resolution 242 adopted?" and "what is its symbol?" are answered by a document's header ("Resolution
242 (1967)" / "of 22 November 1967", "一九七五年四月十七日" / "第368(1975)号决议", a masthead's "联合国 S/2020/1173" /
"Distr.: General" / "30 November 2020"), which the structure stage sets aside (resolution header, furniture) or keeps
only as a heading. Without a paragraph of its own an answer could only cite some other paragraph's number.

The header paragraph is those lines, verbatim (as normalised), in their order, joined with one space. It only takes
lines the structure stage did not make body paragraphs, so the body keeps its paragraphs and their numbers 1..n.
Pure functions, standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.records import HEADER_LABEL, ParagraphDraft
from ingest.structure import Layout

HEADER_SCAN = 12  # non-empty lines at the top where a masthead or a resolution header stands

_NUM = "〇零一二三四五六七八九十百"
_ZH_DATE_LINE = re.compile(rf"^(?:[{_NUM}]{{4}}|\d{{4}})年[{_NUM}\d]{{1,3}}月[{_NUM}\d]{{1,4}}日$")
_ZH_RESOLUTION_LINE = re.compile(r"^第\d{1,4}\s*[(（]\d{4}[)）]\s*[号號](?:决议|決議)$")
# The 1946-1960 Chinese texts: "四(一九四六). 一九四六年四月二十九日决议案",
# "六(一九四六). 一九四六年五月十七日決議案1" (traditional script, a footnote mark).
_CLASSICAL_LINE = re.compile(
    rf"^[{_NUM}千]{{1,6}}[(（][{_NUM}]{{4}}[)）][.．]?\s*"
    rf"[{_NUM}]{{4}}年[{_NUM}]{{1,3}}月[{_NUM}]{{1,4}}日(?:決議案|决议案)\d{{0,3}}$")
# Masthead lines (the structure stage files them under furniture).
_ORGAN = re.compile(r"^(?:联合国|安全理事会|大会|United Nations|Security Council|General Assembly)$", re.IGNORECASE)
_SYMBOL = re.compile(r"^(?:(?:联合国|United Nations)\s*)?(?:S|A|E)/[A-Z0-9][A-Za-z0-9./]*(?:\s*\(\d{4}\))?\*?$")
_DISTR = re.compile(r"^Distr\.?\s*[:：]?\s*(?:General|Limited|Restricted)\b.{0,40}$", re.IGNORECASE)
_ISSUE_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$|^\d{4}年\d{1,2}月\d{1,2}日$")
_LANGUAGE = re.compile(r"^(?:Original\s*[:：]\s*[A-Za-z]+|Chinese|English|French|Spanish|Russian|Arabic|中文|英文)$")

OWN = "own"  # states the document's symbol or date
MASTHEAD = "masthead"  # organ, distribution and language lines around them
NOISE = "noise"  # other furniture at the top (job numbers, barcodes): neither taken nor the end of the header


@dataclass(frozen=True)
class _Top:
    """What the scan of the top lines knows: the lines the structure stage set aside, and what was taken so far."""

    furniture: frozenset[str]
    headings: frozenset[str]
    distributed: bool = False  # a "Distr.: General" line was taken: a date line under it is the issue date
    resolution: bool = False  # a resolution header was taken: an organ line after it opens the preamble


def header_paragraph(layout: Layout) -> ParagraphDraft | None:
    """¶0 of a document whose header lines state its own symbol or date; None when they state neither."""
    lines = header_lines(layout)
    if not lines or not any(kind == OWN for _, kind in lines):
        return None
    return ParagraphDraft(" ".join(text for text, _ in lines), (), HEADER_LABEL)


def header_lines(layout: Layout) -> list[tuple[str, str]]:
    """(line, kind) of the header lines at the top of the document, in their order.

    A masthead and a Chinese resolution header stand at the very top, before the first body line; an English
    resolution's header lines are those the structure stage took off (resolution 1 has its subject heading above).
    """
    lines = [line for line in layout.text.split("\n") if line]
    pending = list(layout.header)
    top = _Top(frozenset(layout.furniture), frozenset(layout.headings))
    taken: list[tuple[str, str]] = []
    in_header = True
    for index, line in enumerate(lines[:HEADER_SCAN]):
        if pending and line == pending[0]:
            taken.append((pending.pop(0), OWN))
            top = replace(top, resolution=True)
            continue
        following = lines[index + 1:index + 2]
        kind = _line_kind(line, following, top) if in_header else None
        if kind in (OWN, MASTHEAD):
            taken.append((line, kind))
            top = replace(top, distributed=top.distributed or bool(_DISTR.match(line)),
                          resolution=top.resolution or resolution_header_line(line, following))
        elif kind != NOISE:
            in_header = False
            if not pending:
                break
    return taken


def _line_kind(line: str, following: Sequence[str], top: _Top) -> str | None:
    """OWN, MASTHEAD or NOISE for a line that may stand in a header; None for a body line."""
    if line in top.headings:  # a Chinese resolution's header, or a masthead symbol line the structure stage kept
        return OWN if resolution_header_line(line, following) or _SYMBOL.match(line) else None
    if line not in top.furniture:
        return None
    if _SYMBOL.match(line) or (top.distributed and _ISSUE_DATE.match(line)):
        return OWN
    if _DISTR.match(line) or _LANGUAGE.match(line) or (_ORGAN.match(line) and not top.resolution):
        return MASTHEAD
    return NOISE if not _ORGAN.match(line) else None


def resolution_header_line(line: str, following: Sequence[str]) -> bool:
    """A Chinese resolution's header line: "第368(1975)号决议", the date line above it, or the 1946-1960 form."""
    if _ZH_RESOLUTION_LINE.match(line) or _CLASSICAL_LINE.match(line):
        return True
    return bool(_ZH_DATE_LINE.match(line) and following and _ZH_RESOLUTION_LINE.match(following[0]))
