"""Tally sentences restated across languages: only the numbers and names of the source sentence."""

from __future__ import annotations

from rag.citations import unsupported_facts
from rag.extract import render_tally


def test_english_adoption_lines_in_chinese() -> None:
    line = ("Adopted at the 474th meeting by 7 votes to 1 (Yugoslavia), with 2 abstentions (Egypt, India).")
    rendered = render_tally(line, "zh")
    assert rendered == "在第474次会议上以7票赞成、1票反对（Yugoslavia）、2票弃权（Egypt, India）通过。"
    assert not unsupported_facts(rendered, [line])  # every number is the source's
    assert render_tally("Adopted unanimously at the 2750th meeting.", "zh") == "在第2750次会议上一致通过。"
    assert render_tally("Adopted at the 1277th meeting by 10 votes to none, with 5 abstentions.", "zh") == (
        "在第1277次会议上以10票赞成、无反对票、5票弃权通过。")
    assert render_tally("The Council met at the 100th meeting.", "zh") is None


def test_chinese_tallies_in_english() -> None:
    source = "安全理事会以13票赞成、2票弃权通过了第2511(2020)号决议。"
    rendered = render_tally(source, "en")
    assert rendered == "Adopted by 13 votes in favour, with 2 abstentions."
    assert not unsupported_facts(rendered or "", [source])
    assert render_tally("决议以十四票赞成、1票弃权获得通过。", "en") == (
        "Adopted by 14 votes in favour, with 1 abstention.")
    assert render_tally("安理会还一致通过了第2086(2013)号决议。", "en") == "Adopted unanimously."
