"""Answers from a document's own facts: its symbol and date, stated in its header paragraph ¶0 ("Resolution 242
(1967) of 22 November 1967", "一九七五年四月十七日 第368(1975)号决议"). Pure logic: no store, model or UI imports.

A date question about a named resolution's adoption is answered from that resolution's header, never from another
paragraph that happens to hold a date; a "which resolution" answer names the document whose paragraph answers,
citing its header for the symbol.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.metadata import MONTHS, resolution_parts
from ingest.records import HEADER_NUMBER
from rag.extract import mentions
from rag.language import detect_language
from rag.plan import QueryPlan
from rag.retrieve import ParagraphHit

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DocumentFact:
    """A sentence stating one fact of a document, and the header paragraph that states it."""

    hit: ParagraphHit
    text: str


def is_header(hit: ParagraphHit) -> bool:
    return hit.paragraph == HEADER_NUMBER


def document_name(symbol: str | None, language: str) -> str | None:
    """"S/RES/242 (1967)" -> "第242(1967)号决议" / "Resolution 242 (1967)"; other symbols as they are."""
    if not symbol:
        return None
    number, year = resolution_parts(symbol) or ("", None)
    if year:
        return f"第{number}({year})号决议" if language == "zh" else f"Resolution {number} ({year})"
    return symbol


def document_names(symbol: str | None) -> str:
    """Every way an answer may name the document: its symbol and its name in both languages."""
    return " ".join(n for n in (symbol, document_name(symbol, "zh"), document_name(symbol, "en")) if n)


def spoken_date(iso: str, language: str) -> str | None:
    """"1967-11-22" -> "1967年11月22日" / "22 November 1967"."""
    match = _ISO.match(iso)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return None
    return f"{year}年{month}月{day}日" if language == "zh" else f"{day} {MONTHS[month - 1].capitalize()} {year}"


def _states_date(hit: ParagraphHit) -> bool:
    """The header holds the document's date (in digits, words or Chinese numerals: checked by its year)."""
    match = _ISO.match(hit.date or "")
    if not match:
        return False
    year = match.group(1)
    chinese_year = "".join("〇一二三四五六七八九"[int(d)] for d in year)
    return year in hit.text or chinese_year in hit.text


def adoption_date(plan: QueryPlan, hits: Sequence[ParagraphHit]) -> list[DocumentFact]:
    """For "when was resolution N adopted?": each named resolution's adoption date from its own header, [] unless
    every named resolution's header is among the hits and states its date."""
    if plan.kind != "date" or not plan.asks_adoption or not plan.resolutions:
        return []
    facts = []
    for number in plan.resolutions:
        headers = [h for h in hits if is_header(h) and h.symbol and mentions(h.symbol, f"res:{number}")
                   and _states_date(h)]  # the question's language first: both texts of a resolution may be held
        header = min(headers, key=lambda h: detect_language(h.text) != plan.language, default=None)
        if header is None:
            return []
        name, date = document_name(header.symbol, plan.language), spoken_date(header.date or "", plan.language)
        if not name or not date:
            return []
        text = f"{name}于{date}通过。" if plan.language == "zh" else f"{name} was adopted on {date}."
        facts.append(DocumentFact(header, text))
    return facts


def names_document(claim: str, symbol: str | None) -> bool:
    """Whether an answer already names the document (its resolution number or symbol)."""
    if not symbol:
        return True
    own = resolution_parts(symbol)
    if own and own[1]:
        return mentions(claim, f"res:{own[0]}")
    return re.sub(r"\s", "", symbol) in re.sub(r"\s", "", claim)
