"""UN document symbols: parsing with revision parts, resolver links, and which version supersedes which."""

from __future__ import annotations

import pytest

from rag.links import SymbolParts, newest_versions, parse_symbol, symbol_url


@pytest.mark.parametrize(("symbol", "base", "parts"), [
    ("S/RES/2511 (2020)", "S/RES/2511 (2020)", ()),
    ("S/RES/2511(2020)", "S/RES/2511 (2020)", ()),
    ("S/PRST/2013/1", "S/PRST/2013/1", ()),
    ("PRST/2013/1", "S/PRST/2013/1", ()),
    ("S/2013/163", "S/2013/163", ()),
    ("S/268/Rev.1/Corr.1", "S/268", (("Rev", 1), ("Corr", 1))),
    ("S/2013/163/Add.2", "S/2013/163", (("Add", 2),)),
    ("A/RES/50/1/Amend.1", "A/RES/50/1", (("Amend", 1),)),
])
def test_parse_symbol_keeps_the_revision_parts(symbol: str, base: str, parts: tuple[tuple[str, int], ...]) -> None:
    parsed = parse_symbol(symbol)
    assert parsed is not None
    assert parsed.base == base and parsed.parts == parts


def test_parse_symbol_properties() -> None:
    corrected = parse_symbol("S/268/Rev.1/Corr.1")
    assert corrected == SymbolParts("S/268/Rev.1/Corr.1", "S/268", (("Rev", 1), ("Corr", 1)))
    assert corrected.document == "S/268" and corrected.revision == 1 and corrected.is_corrigendum
    addendum = parse_symbol("S/2013/163/Add.2/Rev.1")
    assert addendum is not None and addendum.document == "S/2013/163/Add.2" and addendum.revision == 1
    assert not addendum.is_corrigendum


@pytest.mark.parametrize("text", [None, "", "  ", "第2511(2020)号决议", "Resolution 2511", "S/PV.8712", "s/2013/163"])
def test_what_is_not_a_symbol(text: str | None) -> None:
    assert parse_symbol(text) is None
    assert symbol_url(text, "zh") is None


def test_symbol_url_for_chinese_and_english() -> None:
    assert symbol_url("S/RES/2511 (2020)", "zh") == "https://undocs.org/zh/S/RES/2511(2020)"
    assert symbol_url("S/RES/2511 (2020)", "en") == "https://undocs.org/en/S/RES/2511(2020)"
    assert symbol_url("S/PRST/2013/1", "zh") == "https://undocs.org/zh/S/PRST/2013/1"
    assert symbol_url("S/268/Rev.1/Corr.1", "en") == "https://undocs.org/en/S/268/Rev.1/Corr.1"
    assert symbol_url(" PRST/2004/16 ", "zh") == "https://undocs.org/zh/S/PRST/2004/16"
    assert symbol_url("S/2013/163", "de") == "https://undocs.org/en/S/2013/163"  # not a resolver language


def test_a_revision_supersedes_its_base_and_lower_revisions() -> None:
    assert newest_versions(["S/2013/163", "S/2013/163/Rev.1"]) == {"S/2013/163": "S/2013/163/Rev.1"}
    assert newest_versions(["S/2013/163/Rev.2", "S/2013/163", "S/2013/163/Rev.1"]) == {
        "S/2013/163": "S/2013/163/Rev.2", "S/2013/163/Rev.1": "S/2013/163/Rev.2"}


def test_corrigenda_and_addenda_are_not_new_versions() -> None:
    assert newest_versions(["S/2013/163", "S/2013/163/Corr.1"]) == {}
    assert newest_versions(["S/2013/163", "S/2013/163/Add.2"]) == {}
    assert newest_versions(["S/268", "S/268/Rev.1/Corr.1"]) == {}  # the corrigendum alone is not the text
    # a corrigendum of an older version goes with it; one of the newest version stays
    assert newest_versions(["S/268/Corr.1", "S/268/Rev.1", "S/268/Rev.1/Corr.1"]) == {"S/268/Corr.1": "S/268/Rev.1"}
    # an addendum has revisions of its own and is not superseded by a revision of its parent
    assert newest_versions(["S/2013/163/Add.2", "S/2013/163/Add.2/Rev.1", "S/2013/163/Rev.1"]) == {
        "S/2013/163/Add.2": "S/2013/163/Add.2/Rev.1"}


def test_newest_versions_skips_unknown_symbols_and_keeps_spellings() -> None:
    assert newest_versions([None, "", "not a symbol", "S/RES/2511 (2020)", "S/RES/2511 (2020)"]) == {}
    assert newest_versions(["S/RES/2511(2020)", "S/PRST/2013/1"]) == {}
    assert newest_versions(["PRST/2013/1", "S/PRST/2013/1/Rev.1"]) == {"PRST/2013/1": "S/PRST/2013/1/Rev.1"}
