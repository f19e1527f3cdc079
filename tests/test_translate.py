"""Query translation (rag.translate): which questions are translated, the repair of the model's reply, the order
of the merged paragraphs, and the engine searching the question with its translation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rag.llm import EchoLLM
from rag.plan import plan_question
from rag.retrieve import ParagraphHit
from rag.translate import SYSTEM, led_by, repaired_translation, wants_translation
from unscqa.services import Services
from unscqa.settings import Settings

ENGLISH = "How many public meetings did the Security Council hold in February 2020?"


@pytest.mark.parametrize(("question", "wanted"), [
    ("阿道夫·艾希曼被转移到以色列一事，安理会要求以色列做什么？", True),
    ("安理会关于劫持飞机的决议要求各国采取什么措施？", True),
    ("第2511(2020)号决议的表决结果如何？", False),  # its vote: the document's own line
    ("第368(1975)号决议是哪一天通过的？", False),  # its adoption date: the header
    ("What did the Council ask Israel to do?", False),  # English already
])
def test_which_questions_are_translated(question: str, wanted: bool) -> None:
    assert wants_translation(plan_question(question)) is wanted


@pytest.mark.parametrize(("reply", "repaired"), [
    (f"{ENGLISH}\n\nNote: the question asks about meetings.", ENGLISH),
    (f"Translation: “{ENGLISH}”", ENGLISH),
    (f"English: {ENGLISH}", ENGLISH),
    ("Article 23", None),  # a few words are not the question
    ("安理会在2020年2月举行了多少次公开会议？", None),  # not translated
    ("", None),
])
def test_the_reply_is_repaired_or_refused(reply: str, repaired: str | None) -> None:
    assert repaired_translation(reply) == repaired


def hit(doc: str, paragraph: int) -> ParagraphHit:
    return ParagraphHit(doc_id=doc, symbol=None, title=doc, paragraph=paragraph, text=f"{doc} {paragraph}", score=0.0,
                        heading_path=(), label=None, date=None, source_stem=doc)


def test_led_by_keeps_the_lead_then_the_second_ranking_then_the_rest() -> None:
    first = [hit("a", 1), hit("a", 2), hit("b", 1)]
    second = [hit("c", 1), hit("a", 1), hit("b", 1)]
    assert [(h.doc_id, h.paragraph) for h in led_by(first, second, 1)] == [("a", 1), ("c", 1), ("b", 1)]
    assert [(h.doc_id, h.paragraph) for h in led_by(first, second, 2)] == [("a", 1), ("a", 2), ("c", 1)]
    assert led_by(first, [], 1) == first and led_by([], second, 1) == second


class Translating(EchoLLM):
    """Translates when asked to (rag.translate's prompt), answers like EchoLLM otherwise; counts translations."""

    translations: int = 0

    def _reply(self, prompt: str) -> str:  # type: ignore[override]
        if SYSTEM not in prompt:
            return EchoLLM._reply(prompt)
        self.translations += 1
        return ENGLISH


@pytest.fixture()
def seeded(seeds_dir: Path, hashing_settings: Settings) -> Services:
    services = Services(replace(hashing_settings, llm_provider="fake", query_translation=True))  # opt-in
    services.ingestor().ingest([seeds_dir], show_progress=False)
    return services


def test_the_engine_searches_a_chinese_question_with_its_translation(seeded: Services) -> None:
    llm = Translating()
    engine = Services(seeded.settings, embedder_override=seeded.embedder, llm_override=llm).answer_engine(mode="bm25")
    searched: list[str] = []
    search = engine.search.search

    def spy(query: str, k: int = 10) -> list[ParagraphHit]:
        searched.append(query)
        return search(query, k)

    engine.search.search = spy  # type: ignore[method-assign]
    question = "2020年2月安理会举行了多少次公开会议？"
    answer = engine.ask(question)
    assert llm.translations == 1 and searched == [question, f"{question} {ENGLISH}"]
    own_first = search(question, 10)[0]
    assert (answer.sources[0].doc_id, answer.sources[0].paragraph) == (own_first.doc_id, own_first.paragraph)
    searched.clear()
    engine.ask("第2511(2020)号决议的表决结果如何？")  # a vote: no translation
    assert llm.translations == 1 and len(searched) == 1
    engine.query_translation = False
    engine.ask(question)
    assert llm.translations == 1 and searched[-1] == question
