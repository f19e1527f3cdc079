"""A document's own facts (symbol, date) stated in its header lines become a citable paragraph ¶0; the body keeps
its paragraphs and their numbers 1..n, and metadata is what it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.chunking import index_context
from ingest.header import header_paragraph
from ingest.parse import parse_text
from ingest.pipeline import INDEX_VERSION, IngestError, build_document
from ingest.records import HEADER_LABEL, HEADER_NUMBER, ParsedDocument
from ingest.structure import analyse_layout
from ingest.tokenize import tokenize
from unscqa.cli.main import main
from unscqa.services import Services
from unscqa.settings import Settings

from .test_structure import PDF_LETTER

EN = "unsc-resolutions-en"
ZH = "unsc-resolutions-zh"


def parse_corpus(corpus_dir: Path, folder: str, name: str) -> ParsedDocument:
    return parse_text((corpus_dir / folder / name).read_text(encoding="utf-8"), filename=name)


@pytest.mark.parametrize(("folder", "name", "header"), [
    (EN, "S_RES_0242_1967_EN_GOLD.txt", "Resolution 242 (1967) of 22 November 1967"),
    (EN, "S_RES_0004_1946_EN_GOLD.txt", "4 (1946). Resolution of 29 April 1946"),
    (EN, "S_RES_0001_1946_EN_GOLD.txt", "1 (1946) Resolution of 25 January 1946"),  # below its subject heading
    (EN, "S_RES_0462_1980_EN_GOLD.txt", "Resolution 462 (1980)"),  # no date line: the symbol alone
    (ZH, "S_RES_0368_1975_ZH.txt", "一九七五年四月十七日 第368(1975)号决议"),
    (ZH, "S_RES_0570_1985_ZH.txt", "1985年9月12日 第570(1985)号决议"),  # not the "安全理事会" opening the preamble
    (ZH, "S_RES_0004_1946_ZH.txt", "四(一九四六).一九四六年四月二十九日决议案"),
    (ZH, "S_RES_0019_1947_ZH.txt", "十九(一九四七).一九四七年二月二十七日决议案"),
    (ZH, "S_RES_0006_1946_ZH.txt", "六(一九四六).一九四六年五月十七日決議案1"),  # traditional script, verbatim
    (ZH, "S_RES_0020_1947_ZH.txt", "二十(一九四七).一九四七年三月十日決議案"),  # not the draft's symbol 〔S/296〕
])
def test_resolution_header_paragraph(corpus_dir: Path, folder: str, name: str, header: str) -> None:
    doc = parse_corpus(corpus_dir, folder, name)
    assert doc.header is not None
    assert (doc.header.text, doc.header.label, doc.header.heading_path) == (header, HEADER_LABEL, ())


def test_every_resolution_has_a_header_paragraph(corpus_dir: Path) -> None:
    for folder in (EN, ZH):
        for path in sorted((corpus_dir / folder).glob("S_RES_*.txt")):
            doc = parse_text(path.read_text(encoding="utf-8"), filename=path.name)
            assert doc.header is not None and doc.header.text, path.name
            assert all(doc.header.text != p.text for p in doc.paragraphs), path.name


def test_seed_masthead_states_its_issue_date(seeds_dir: Path) -> None:
    name = "001_16b675922abb74e1.txt"
    doc = parse_text((seeds_dir / name).read_text(encoding="utf-8"), filename=name)
    assert doc.header is not None
    assert doc.header.text == "安全理事会 Distr.: General 30 November 2020 Chinese Original: English"
    assert doc.date == "2020-11-09" and doc.symbol is None  # metadata as before: the letter's date, no symbol


@pytest.mark.parametrize("name", ["000_2842183f001a0bce.txt", "002_a6bef1c7dfe8652a.txt", "003_71ee3118c768fd91.txt",
                                  "004_9dc1d1cf73785c67.txt"])
def test_seeds_stating_no_header_facts_have_no_header(seeds_dir: Path, name: str) -> None:
    assert parse_text((seeds_dir / name).read_text(encoding="utf-8"), filename=name).header is None


def test_charter_has_no_header(corpus_dir: Path) -> None:
    for lang in ("zh", "en"):
        assert parse_corpus(corpus_dir, "un-charter", f"raw_un_charter_{lang}.txt").header is None


def test_masthead_symbol_and_date_verbatim_without_job_numbers() -> None:
    header = parse_text(PDF_LETTER).header
    assert header is not None
    assert header.text == "联合国S/2020/1173 安全理事会 Distr.: General 30 November 2020 Chinese Original: English"


def test_no_header_without_symbol_or_date() -> None:
    assert parse_text("安全理事会\nDistr.: General\nChinese\n\n安全理事会审议了这个问题。\n").header is None
    assert parse_text("Letter\n\nThe Council met on 3 May 2013 and heard a briefing.\n").header is None
    assert parse_text("Resolution 462 (1980)\n").header is None  # header lines alone are not a document
    assert header_paragraph(analyse_layout("2013年3月17日，努瓦克肖特\n\n与会者商定了措施。\n")) is None


# Body paragraphs as the parser gave them before ¶0 existed: (count, ¶1, last paragraph).
BEFORE = {
    (EN, "S_RES_0242_1967_EN_GOLD.txt"): (14, "The Security Council,", "Adopted unanimously at the 1382nd meeting."),
    (EN, "S_RES_0004_1946_EN_GOLD.txt"): (
        8, "The attention of the Security Council has been drawn to the situation in Spain",
        "13 See Resolutions adopted by the General Assembly during the first part of its first session, page 39, "
        "resolution 32 (1) of 9 February 1946."),
    (ZH, "S_RES_0368_1975_ZH.txt"): (5, "安全理事会,回顾其一九七三年十月二十二日第338(1973)号",
                                    "第一八二一次会议以十三票对零票通过。1 1两个理事国(中国和伊拉克)没有参加表决。"),
    (ZH, "S_RES_0004_1946_ZH.txt"): (4, "查联合国一会员国前曾依据宪章第三十五条规定",
                                    "13参阅大会第一届会第一期会议所通过决议案,中文本第四十五页,一九四六年二月九日决议案三十二(一)。"),
    (ZH, "S_RES_0570_1985_ZH.txt"): (2, "遗憾地注意到普拉顿·莫罗佐夫法官于1985年8月23日辞职", "第2604次会议一致通过。"),
}


@pytest.mark.parametrize(("folder", "name"), sorted(BEFORE))
def test_body_numbering_is_unchanged(corpus_dir: Path, folder: str, name: str) -> None:
    path = corpus_dir / folder / name
    count, first, last = BEFORE[(folder, name)]
    document = build_document(path.read_text(encoding="utf-8"), path, "doc", "hash")
    assert [p.number for p in document.paragraphs] == [HEADER_NUMBER, *range(1, count + 1)]
    assert document.header is not None and document.header.label == HEADER_LABEL
    assert document.body[0].number == 1 and document.body[0].text.startswith(first)
    assert document.body[-1].number == count and document.body[-1].text == last


def test_seed_body_numbering_is_unchanged(seeds_dir: Path) -> None:
    letter = seeds_dir / "001_16b675922abb74e1.txt"
    document = build_document(letter.read_text(encoding="utf-8"), letter, "doc", "hash")
    assert [p.number for p in document.paragraphs] == list(range(0, 53))
    assert document.body[0].text == "谨随函转递比利时担任安全理事会2020年2月轮值主席期间安全理事会工作评估(见附件)。"
    plain = seeds_dir / "002_a6bef1c7dfe8652a.txt"
    document = build_document(plain.read_text(encoding="utf-8"), plain, "doc", "hash")
    assert document.header is None and [p.number for p in document.paragraphs] == list(range(1, 37))


def test_header_is_stored_chunked_and_found(corpus_dir: Path, hashing_settings: Settings, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for sub, name in ((EN, "S_RES_0242_1967_EN_GOLD.txt"), (EN, "S_RES_0243_1967_EN_GOLD.txt"),
                      (ZH, "S_RES_0368_1975_ZH.txt")):
        shutil.copy(corpus_dir / sub / name, folder / name)
    services = Services(hashing_settings)
    services.ingestor().ingest([folder], show_progress=False)
    [doc_id] = [d.doc_id for d in services.docstore.documents() if d.symbol == "S/RES/242 (1967)"]
    document = services.docstore.document(doc_id)
    assert document is not None and document.header is not None
    assert document.header.text == "Resolution 242 (1967) of 22 November 1967"
    assert services.docstore.paragraph_counts()[doc_id] == 14  # the body, as before
    chunks = [c for c in services.docstore.document_chunks(doc_id) if c[1] == HEADER_NUMBER]
    assert chunks == [(f"{doc_id}:0:0", 0, "Resolution 242 (1967) of 22 November 1967")]
    hits = services.keyword_index().search(tokenize("22 November 1967"), 5)
    assert (hits[0].doc_id, hits[0].paragraph) == (doc_id, HEADER_NUMBER)
    rows = services.vectors.collection.get(ids=[f"{doc_id}:0:0"], include=["metadatas"])
    assert rows["metadatas"][0]["label"] == HEADER_LABEL
    assert index_context(document, document.header) == index_context(document, document.body[0])  # no headings
    args = ["show", "S/RES/242 (1967)", "--paragraph", "0", "--data-dir", str(hashing_settings.data_dir),
            "--embedding-backend", "hashing"]
    assert main(args) == 0
    assert "¶0 Resolution 242 (1967) of 22 November 1967" in capsys.readouterr().out


def test_store_without_header_paragraphs_is_refused(seeds_dir: Path, hashing_settings: Settings) -> None:
    """A store built before ¶0 existed (index version 3) lacks the headers: it is refused, not silently kept."""
    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir / "004_9dc1d1cf73785c67.txt"], show_progress=False)
    assert services.docstore.get_meta("index_version") == INDEX_VERSION != "3"
    services.docstore.set_meta("index_version", "3")
    with pytest.raises(IngestError, match="index_version '3'"):
        services.ingestor().ingest([seeds_dir], show_progress=False)
