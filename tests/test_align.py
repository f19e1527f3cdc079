"""Paragraph alignment across the official languages (rag.align: pure; rag.aligner: with the real embedding model
over the real Charter and resolution 368 (1975) in both languages)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from rag.align import Match, Passage, Rejected, align, facts_agree, key_of, significant_facts


def _by_words(text: str, texts: Sequence[str]) -> list[float]:
    """A stand-in similarity for the pure tests: the share of shared characters."""
    return [len(set(text) & set(t)) / max(len(set(text) | set(t)), 1) for t in texts]


def test_keys_are_the_same_in_both_languages() -> None:
    assert key_of(Passage(0, "一九七五年四月十七日 第368(1975)号决议", None)) == "header"
    assert key_of(Passage(98, "Nothing in the present Charter", "Article 51")) == "article 51"
    assert key_of(Passage(106, "联合国任何会员国受武力攻击时", "第五十一条")) == "article 51"
    assert key_of(Passage(5, "2. Decides further that", "2.")) == key_of(Passage(2, "二.并决定此项补选", None))
    assert key_of(Passage(8, "(b) To renew the mandate", "(b)")) == key_of(Passage(3, "(b)将联合国紧急部队", "(b)"))
    assert key_of(Passage(3, "The Security Council,", None)) is None


def test_facts_must_agree() -> None:
    zh = "(b)将联合国紧急部队的任务期限延长三个月,至一九七五年七月二十四日为止;"
    en = "(b) To renew the mandate of the Force for a period of three months, that is, until 24 July 1975;"
    assert facts_agree(en, zh) == (True, ("24", "1975"))
    assert not facts_agree(en, zh.replace("七月二十四日", "十月二十四日").replace("一九七五", "一九七七"))[0]
    assert not facts_agree(en, "(b)请秘书长提出报告。")[0]  # a paragraph stating a date is not one stating none
    assert facts_agree("The Security Council,", zh)[0]  # the cited paragraph may hold less than its counterpart
    # footnote marks opening or closing a paragraph are not facts of it
    assert significant_facts("54 One member (China) did not participate in the voting.") == set()
    assert significant_facts("Adopted at the 2107th meeting by 14 votes to none. 54") == {"2107", "14"}
    assert significant_facts("1985年9月12日 第570(1985)号决议") == {"1985", "12", "570"}


def test_align_takes_the_keyed_paragraph_and_checks_it() -> None:
    others = [Passage(0, "一九七五年四月十七日 第368(1975)号决议"),
              Passage(2, "(a)要求有关各方立即执行第338(1973)号决议;", "(a)"),
              Passage(3, "(b)将联合国紧急部队的任务期限延长三个月,至一九七五年七月二十四日为止;", "(b)")]
    cited = Passage(8, "(b) To renew the mandate until 24 July 1975;", "(b)")
    found = align(cited, others, lambda text, texts: [0.9] * len(texts), floor=0.5)
    assert isinstance(found, Match) and found.number == 3 and found.basis == "paragraph (b)"
    assert found.facts == ("24", "1975")
    wrong = Passage(8, "(b) To renew the mandate until 24 October 1977;", "(b)")
    assert align(wrong, others, lambda text, texts: [0.9] * len(texts), floor=0.5) == Rejected(
        "facts differ", 3, 0.9)
    low = align(cited, others, lambda text, texts: [0.3] * len(texts), floor=0.5)
    assert isinstance(low, Rejected) and low.reason == "below similarity floor"


def test_an_article_is_never_aligned_outside_its_article() -> None:
    others = [Passage(10, "联合国之宗旨为：", "第一条"), Passage(106, "联合国任何会员国受武力攻击时", "第五十一条")]
    found = align(Passage(99, "The Organization shall", "Article 52"), others, _by_words, floor=0.0)
    assert found == Rejected("no candidate")


def test_an_unkeyed_paragraph_goes_to_the_most_similar_unkeyed_one() -> None:
    others = [Passage(1, "欲免后世再遭今代人类两度身历惨不堪言之战祸"), Passage(11, "维持国际和平及安全", "第一条"),
              Passage(5, "力行容恕，彼此以善邻之道，和睦相处")]
    similarity = {1: 0.2, 11: 0.95, 5: 0.7}
    found = align(Passage(2, "to practice tolerance and live together in peace"), others,
                  lambda text, texts: [similarity[p.number] for p in others if p.text in texts], floor=0.5)
    assert isinstance(found, Match) and found.number == 5 and found.basis == "closest"


@pytest.fixture(scope="module")
def aligner(corpus_dir: Path):  # type: ignore[no-untyped-def]
    """The real Charter and resolution 368 (1975) in both languages, parsed as ingest does, with the real
    embedding model."""
    from ingest.embedder import load_embedder
    from ingest.pipeline import build_document
    from rag.aligner import ParagraphAligner
    from tests.conftest import real_model_settings

    files = [corpus_dir / "un-charter" / "raw_un_charter_en.txt", corpus_dir / "un-charter" / "raw_un_charter_zh.txt",
             corpus_dir / "unsc-resolutions-en" / "S_RES_0368_1975_EN_GOLD.txt",
             corpus_dir / "unsc-resolutions-zh" / "S_RES_0368_1975_ZH.txt"]
    docs = [build_document(f.read_text(encoding="utf-8"), f, f.stem, f.stem) for f in files]
    store = _Store(docs)
    settings = real_model_settings(Path("/nonexistent"))
    return ParagraphAligner(store, load_embedder(settings), floor=settings.alignment_similarity)  # type: ignore[arg-type]


class _Store:
    """The part of DocStore the aligner reads."""

    def __init__(self, docs: list) -> None:  # type: ignore[type-arg]
        self.docs = {d.doc_id: d for d in docs}

    def generation(self) -> int:
        return 1

    def documents(self) -> list:  # type: ignore[type-arg]
        return list(self.docs.values())

    def document(self, doc_id: str):  # type: ignore[no-untyped-def]
        return self.docs.get(doc_id)


def _number(doc, text: str) -> int:  # type: ignore[no-untyped-def]
    return next(p.number for p in doc.paragraphs if p.text.startswith(text))


@pytest.mark.slow
def test_real_alignments(aligner) -> None:  # type: ignore[no-untyped-def]
    from rag.citations import Citation

    store = aligner.docstore
    en, zh = store.document("raw_un_charter_en"), store.document("raw_un_charter_zh")
    article51 = _number(en, "Nothing in the present Charter shall impair")
    citation = Citation(en.doc_id, None, en.title, article51, "inherent right of individual or collective "
                        "self-defence", 1.0, text=en.paragraphs[article51 - 1].text)
    aligned = aligner.align(citation).aligned
    assert aligned is not None and aligned.doc_id == zh.doc_id and aligned.basis == "article 51"
    assert aligned.text.startswith("联合国任何会员国受武力攻击时")
    # Article 27: three paragraphs each side; the second goes to the second
    found, _ = aligner.align_paragraph(zh, _number(zh, "二、安全理事会关于程序事项之决议"))
    assert isinstance(found, Match) and en.paragraphs[found.number - 1].text.startswith(
        "Decisions of the Security Council on procedural matters")
    res_en, res_zh = store.document("S_RES_0368_1975_EN_GOLD"), store.document("S_RES_0368_1975_ZH")
    found, _ = aligner.align_paragraph(res_en, _number(res_en, "(b) To renew the mandate"))
    assert isinstance(found, Match) and found.basis == "paragraph (b)" and "1975" in found.facts
    found, _ = aligner.align_paragraph(res_zh, 0)
    assert isinstance(found, Match) and found.number == 0
    # a citation of a document without another version says so
    single = Citation("none", None, "", 1, "x", 1.0, text="x")
    assert aligner.align(single).alignment == "no other version"
