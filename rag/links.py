"""UN document symbols as links, and which versions of one document supersede which. Pure logic: no store, model
or UI imports; nothing is fetched (a link is built from the symbol alone).

What a symbol looks like has one home, `ingest.metadata` (its symbol pattern and `canonical_symbol`); this module
only splits a matched symbol into its base and its revision parts (Rev., Corr., Add., Amend.).

Versions (`newest_versions`): a revision replaces the text it revises, so S/2013/163/Rev.1 supersedes S/2013/163,
and Rev.2 supersedes both. A corrigendum (Corr.) corrects a version without restating it, so it never supersedes
anything; it is superseded, with the version it corrects, by a higher revision. An addendum (Add.) or amendment
(Amend.) is a document of its own that adds to its parent: it is neither superseded by a revision of its parent
nor supersedes it, and has revisions of its own (S/2013/163/Add.2/Rev.1 supersedes S/2013/163/Add.2).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ingest.metadata import _SYMBOL as SYMBOL_PATTERN  # the one pattern of what a UN document symbol looks like
from ingest.metadata import canonical_symbol

RESOLVER = "https://undocs.org"
RESOLVER_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the UN's official languages, as the resolver names them
PART_KINDS = ("Rev", "Corr", "Add", "Amend")
_PART = re.compile(r"/(Rev|Corr|Add|Amend)\.(\d{1,3})")  # one revision part of a symbol SYMBOL_PATTERN matched


@dataclass(frozen=True)
class SymbolParts:
    """A parsed symbol: "S/268/Rev.1/Corr.1" -> base "S/268", parts (("Rev", 1), ("Corr", 1))."""

    symbol: str  # canonical spelling ("S/RES/2511 (2020)")
    base: str  # the symbol without its revision parts
    parts: tuple[tuple[str, int], ...]  # (kind, number), kind one of PART_KINDS, in the order written

    @property
    def document(self) -> str:
        """What the versions of one document share: the base with its Add./Amend. parts (Rev./Corr. dropped)."""
        return self.base + "".join(f"/{kind}.{n}" for kind, n in self.parts if kind in ("Add", "Amend"))

    @property
    def revision(self) -> int:
        """The highest Rev. number (0 for the original text)."""
        return max((n for kind, n in self.parts if kind == "Rev"), default=0)

    @property
    def is_corrigendum(self) -> bool:
        return any(kind == "Corr" for kind, _ in self.parts)


def parse_symbol(symbol: str | None) -> SymbolParts | None:
    """The symbol's base and revision parts; None when it is not a UN document symbol."""
    if not symbol or not symbol.strip():
        return None
    canonical = canonical_symbol(symbol)
    if not SYMBOL_PATTERN.fullmatch(canonical):
        return None
    parts = tuple((m.group(1), int(m.group(2))) for m in _PART.finditer(canonical))
    return SymbolParts(symbol=canonical, base=_PART.sub("", canonical), parts=parts)


def symbol_url(symbol: str | None, language: str) -> str | None:
    """The UN symbol resolver's link for the document in `language` ("zh", "en"; English for a language the
    resolver does not serve): "S/RES/2511 (2020)", "zh" -> https://undocs.org/zh/S/RES/2511(2020).
    None when `symbol` is not a UN document symbol."""
    parsed = parse_symbol(symbol)
    if parsed is None:
        return None
    resolver_language = language if language in RESOLVER_LANGUAGES else "en"
    return f"{RESOLVER}/{resolver_language}/{parsed.symbol.replace(' ', '')}"


def newest_versions(symbols: Iterable[str | None]) -> dict[str, str]:
    """{superseded symbol: the newest version that supersedes it}, among the symbols given (None and symbols that
    do not parse are skipped). Keys and values are spelled as given; see the module docstring for the rules."""
    parsed = [(s, p) for s in dict.fromkeys(symbols) if s and (p := parse_symbol(s)) is not None]
    newest: dict[str, tuple[str, SymbolParts]] = {}
    for symbol, parts in parsed:
        if parts.is_corrigendum:
            continue
        best = newest.get(parts.document)
        if best is None or parts.revision > best[1].revision:
            newest[parts.document] = (symbol, parts)
    out: dict[str, str] = {}
    for symbol, parts in parsed:
        best = newest.get(parts.document)
        if best is not None and parts.revision < best[1].revision:
            out[symbol] = best[0]
    return out


def versions_named(symbols: Iterable[str]) -> set[str]:
    """The symbols among those a question names that pick one version (a Rev./Corr. part: "S/2013/163/Rev.1"),
    canonical. A bare symbol ("S/2013/163") names the document, whose newest version answers."""
    return {p.symbol for s in symbols if (p := parse_symbol(s)) is not None
            and any(kind in ("Rev", "Corr") for kind, _ in p.parts)}


def newest_first(symbols: Sequence[str | None], newer: Mapping[str, str], keep: Collection[str] = ()) -> list[int]:
    """The order (indices into `symbols`) that puts every superseded version (a key of `newer`, see
    `newest_versions`) after the rest, each group in its own order; a symbol in `keep` (a version the question
    names) stays where it is."""
    def superseded(index: int) -> bool:
        symbol = symbols[index]
        return symbol is not None and symbol in newer and canonical_symbol(symbol) not in keep
    return sorted(range(len(symbols)), key=superseded)
