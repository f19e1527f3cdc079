"""Several versions of one document in the store: the newest answers, an older one is marked superseded wherever
a citation of it is shown (chip, hover, footnote, `ask --json`), and a question naming a version keeps it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rag.citations import Citation
from rag.links import newest_first, versions_named
from rag.llm import EchoLLM
from ui.briefing import footnote_text
from ui.render import chip_title, source_html
from unscqa.cli.ask_cmd import citation_record
from unscqa.services import Services
from unscqa.settings import Settings

HEAD = "Security Council\n{symbol}\nDistr.: General\n{date} March 2013\n\nLetter dated 11 March 2013 from the " \
       "Secretary-General\n\n"
# the original says the asked words twice (BM25 ranks it first), its revision restates the paragraph once
ORIGINAL = ("1. The mission of the panel of experts on the water cisterns of Ruritania is extended until 30 June "
            "2013; the mission of the panel of experts on the water cisterns continues.\n\n2. The panel reports.\n")
REVISION = ("1. The mission of the panel of experts on the water cisterns of Ruritania is extended until 31 July "
            "2013.\n\n2. The panel shall report monthly.\n")
QUESTION = "Until when is the mission of the panel of experts on the water cisterns extended?"


def test_versions_named_are_those_picking_one_version() -> None:
    assert versions_named(["S/2013/163/Rev.1", "S/2013/163", "S/268/Rev.1/Corr.1", "S/2013/163/Add.2"]) == {
        "S/2013/163/Rev.1", "S/268/Rev.1/Corr.1"}
    assert versions_named(["not a symbol"]) == set()


def test_newest_first_moves_superseded_versions_after_the_rest_in_order() -> None:
    newer = {"S/1/Rev.1": "S/1/Rev.2", "S/1": "S/1/Rev.2"}
    symbols = ["S/1", "S/9", "S/1/Rev.1", None, "S/1/Rev.2"]
    assert newest_first(symbols, newer) == [1, 3, 4, 0, 2]
    assert newest_first(symbols, newer, keep={"S/1/Rev.1"}) == [1, 2, 3, 4, 0]  # the version the question names
    assert newest_first(symbols, {}) == [0, 1, 2, 3, 4]


@pytest.fixture()
def versions(tmp_path: Path, hashing_settings: Settings) -> Services:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "original.txt").write_text(HEAD.format(symbol="S/2013/163", date=12) + ORIGINAL, encoding="utf-8")
    (folder / "revision.txt").write_text(HEAD.format(symbol="S/2013/163/Rev.1", date=14) + REVISION,
                                         encoding="utf-8")
    services = Services(replace(hashing_settings, llm_provider="fake"))
    services.ingestor().ingest([folder], show_progress=False)
    return services


def test_the_newest_version_is_found_first(versions: Services) -> None:
    search = versions.search(mode="bm25")
    assert search.newer_versions() == {"S/2013/163": "S/2013/163/Rev.1"}
    raw = [n.node.metadata["doc_id"] for n in search.retriever.retrieve(QUESTION)]
    symbols = {d.doc_id: d.symbol for d in versions.docstore.documents()}
    assert symbols[raw[0]] == "S/2013/163"  # the words alone rank the original first
    for question in (QUESTION, "Until when does S/2013/163 extend the mission of the panel of experts?"):
        hits = [h.symbol for h in search.search(question, k=4) if h.paragraph == 1]
        assert hits == ["S/2013/163/Rev.1", "S/2013/163"], question
    named = [h.symbol for h in search.search("What does S/2013/163/Rev.1 say of the panel's mission?", k=4)]
    assert "S/2013/163/Rev.1" in named  # a version named is found


class Quoting(EchoLLM):
    """Answers with the newest version's sentence, cited to the first source."""

    @staticmethod
    def _reply(prompt: str) -> str:
        return "SOURCE: 1\nQUOTE: extended until 31 July 2013\nANSWER: 31 July 2013"


def test_a_superseded_citation_says_so_wherever_it_is_shown(versions: Services) -> None:
    engine = Services(versions.settings, embedder_override=versions.embedder,
                      llm_override=Quoting()).answer_engine(mode="bm25")
    answer = engine.ask(QUESTION)
    assert not answer.abstained and answer.citations[0].symbol == "S/2013/163/Rev.1"
    assert answer.citations[0].superseded_by is None
    old = replace(answer.citations[0], symbol="S/2013/163", superseded_by="S/2013/163/Rev.1")
    assert "superseded by S/2013/163/Rev.1" in source_html(old, "en")
    assert "已被 S/2013/163/Rev.1 取代" in source_html(old, "zh") and "已被" in chip_title(old, "zh")
    assert footnote_text(old, "en").startswith("S/2013/163 (superseded by S/2013/163/Rev.1), ")
    assert citation_record(old)["superseded_by"] == "S/2013/163/Rev.1"
    assert "superseded" not in source_html(answer.citations[0], "en") + footnote_text(answer.citations[0], "en")


def test_the_engine_marks_a_citation_of_an_older_version(versions: Services) -> None:
    class QuotingOriginal(EchoLLM):
        @staticmethod
        def _reply(prompt: str) -> str:
            return "SOURCE: 2\nQUOTE: extended until 30 June 2013\nANSWER: 30 June 2013"

    engine = Services(versions.settings, embedder_override=versions.embedder,
                      llm_override=QuotingOriginal()).answer_engine(mode="bm25")
    answer = engine.ask(QUESTION)
    cited: list[Citation] = [c for c in answer.citations if c.symbol == "S/2013/163"]
    assert cited and all(c.superseded_by == "S/2013/163/Rev.1" for c in cited), answer
