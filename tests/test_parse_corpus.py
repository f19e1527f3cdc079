"""Every English resolution and both Charter texts parse: paragraphs, adoption lines, labels, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.normalize import normalize_line
from ingest.parse import parse_text
from ingest.records import DOC_TYPES, ParsedDocument

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
RESOLUTIONS = CORPUS / "unsc-resolutions-en"
CHARTER = CORPUS / "un-charter"


@pytest.fixture(scope="module")
def resolutions() -> dict[str, tuple[str, ParsedDocument]]:
    files = sorted(RESOLUTIONS.glob("S_RES_*.txt")) if RESOLUTIONS.is_dir() else []
    if not files:
        pytest.skip(f"resolution corpus not found at {RESOLUTIONS}")
    out: dict[str, tuple[str, ParsedDocument]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        out[path.name] = (text, parse_text(text, filename=path.name))
    return out


@pytest.fixture(scope="module")
def charters() -> dict[str, ParsedDocument]:
    if not CHARTER.is_dir():
        pytest.skip(f"charter texts not found at {CHARTER}")
    return {lang: parse_text((CHARTER / f"raw_un_charter_{lang}.txt").read_text(encoding="utf-8"),
                             filename=f"raw_un_charter_{lang}.txt") for lang in ("zh", "en")}


def test_every_resolution_parses(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    assert len(resolutions) == 599
    for name, (_text, doc) in resolutions.items():
        assert doc.paragraphs, name
        assert all(p.text.strip() for p in doc.paragraphs), name
        assert doc.doc_type == "resolution" and doc.language == "en", name
        number, year = re.match(r"S_RES_0*(\d+)_(\d{4})", name).groups()  # type: ignore[union-attr]
        assert doc.symbol == f"S/RES/{number} ({year})", name
        assert doc.title, name
        assert doc.date is None or doc.date.startswith(("19", "20")), name


def test_adoption_line_is_one_intact_paragraph(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    with_adoption = 0
    for name, (text, doc) in resolutions.items():
        if not re.search(r"^Adopted", text, re.MULTILINE):
            continue
        with_adoption += 1
        adopted = [p for p in doc.paragraphs if p.text.startswith("Adopted")]
        assert len(adopted) == 1, name
        first_line = re.search(r"^Adopted.*$", text, re.MULTILINE).group(0)  # type: ignore[union-attr]
        assert adopted[0].text.startswith(normalize_line(first_line).rstrip("-")), name
    assert with_adoption >= 590


def test_adoption_vote_counts_stay_whole(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    doc = resolutions["S_RES_0004_1946_EN_GOLD.txt"][1]
    assert any(p.text == "Adopted at the 39th meeting by 10 votes to none, with 1 abstention (Union of Soviet "
                         "Socialist Republics)." for p in doc.paragraphs)
    doc = resolutions["S_RES_0017_1947_EN_GOLD.txt"][1]
    assert any(p.text == "Adopted at the 101st meeting by 9 votes to none, with 2 abstentions (Poland, Union of "
                         "Soviet Socialist Republics)." for p in doc.paragraphs)


def test_resolution_242(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    doc = resolutions["S_RES_0242_1967_EN_GOLD.txt"][1]
    assert doc.title == "Resolution 242 (1967) of 22 November 1967" and doc.date == "1967-11-22"
    labels = [p.label for p in doc.paragraphs]
    assert [label for label in labels if label and label[0].isdigit()] == ["1.", "2.", "3.", "4."]
    assert {"(a)", "(b)", "(c)"} <= set(labels)
    by_label = {p.label: p.text for p in doc.paragraphs}
    assert by_label["1."].startswith("1. Affirms that the fulfilment of Charter principles requires the establishment")
    assert by_label["(a)"] == "(a) For guaranteeing freedom of navigation through international waterways in the area;"
    assert doc.paragraphs[0].text == "The Security Council,"
    assert doc.paragraphs[-1].text == "Adopted unanimously at the 1382nd meeting."
    assert not any("Resolution 242" in p.text for p in doc.paragraphs)  # the header is the title, not a paragraph


def test_footnotes_after_adoption(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    doc = resolutions["S_RES_0001_1946_EN_GOLD.txt"][1]
    assert doc.paragraphs[-2].text == "Adopted at the 2nd meeting. 22"
    assert doc.paragraphs[-1].text == "22 Adopted without vote." and doc.paragraphs[-1].heading_path == ("Footnotes",)


def test_symbols_in_resolutions(resolutions: dict[str, tuple[str, ParsedDocument]]) -> None:
    doc = resolutions["S_RES_0599_1987_EN_GOLD.txt"][1]
    assert doc.symbols[:4] == ("S/RES/599 (1987)", "S/RES/425 (1978)", "S/RES/426 (1978)", "S/RES/501 (1982)")
    assert "S/18990" in doc.symbols


def test_charters(charters: dict[str, ParsedDocument]) -> None:
    zh, en = charters["zh"], charters["en"]
    assert (zh.doc_type, zh.language, zh.title, zh.date) == ("charter", "zh", "联合国宪章", "1945-06-26")
    assert (en.doc_type, en.language, en.title, en.date) == ("charter", "en", "Charter of the United Nations",
                                                             "1945-06-26")
    zh_labels = {p.label for p in zh.paragraphs}
    en_labels = {p.label for p in en.paragraphs}
    assert {"第一条", "第二条", "第五十一条", "第一百一十一条"} <= zh_labels
    assert {"Article 1", "Article 2", "Article 51", "Article 111"} <= en_labels
    [purposes] = [p for p in zh.paragraphs if p.text == "联合国之宗旨为："]
    assert purposes.label == "第一条" and purposes.heading_path == ("第一章 宗旨及原则",)
    [self_defence] = [p for p in en.paragraphs if p.label == "Article 51"]
    assert self_defence.heading_path[0].startswith("Chapter VII Action with Respect to Threats to the Peace")
    assert ("第五章 安全理事会", "投票") in {p.heading_path for p in zh.paragraphs}
    assert ("Chapter V The Security Council", "VOTING") in {p.heading_path for p in en.paragraphs}
    for doc in (zh, en):
        assert 150 <= len(doc.paragraphs) <= 260
        assert all(p.text.strip() for p in doc.paragraphs)
        assert doc.doc_type in DOC_TYPES
        assert not any(re.match(r"^(第.+章|Chapter [IVXL]+)", p.text) for p in doc.paragraphs)
