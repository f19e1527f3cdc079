"""The answer pipeline with deterministic fakes (hashing embedder, echo LLM, fake OpenAI server) on the seeds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rag.answer import AnswerEngine, Final, Token
from rag.citations import quote_in_paragraph
from rag.llm import EchoLLM
from unscqa.cli.main import main
from unscqa.services import Services
from unscqa.settings import Settings

from .fake_openai import fake_openai_server


class NeverCalled(EchoLLM):
    """An LLM the engine must not call."""

    def stream_chat(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the LLM must not be called")


class Scripted(EchoLLM):
    """Replies with `reply` verbatim, whatever the prompt: the model's raw output under test."""

    reply: str = ""

    def _reply(self, prompt: str) -> str:  # type: ignore[override]
        return self.reply


def engine_with(seeded: Services, llm: EchoLLM) -> AnswerEngine:
    return Services(seeded.settings, embedder_override=seeded.embedder, llm_override=llm).answer_engine(mode="bm25")


@pytest.fixture()
def seeded(seeds_dir: Path, hashing_settings: Settings) -> Services:
    # the model's prompts under test are the answer's: a Chinese question's translation (rag.translate, its own
    # tests) would be one more prompt to every scripted model here
    services = Services(replace(hashing_settings, llm_provider="fake", query_translation=False))
    services.ingestor().ingest([seeds_dir], show_progress=False)
    return services


def test_vote_question_is_answered_from_the_tally_sentence(seeded: Services) -> None:
    answer = seeded.answer_engine(mode="bm25").ask("第2511(2020)号决议的表决结果如何？")
    assert not answer.abstained and answer.method == "extractive"
    assert "13票赞成" in answer.text and "2票弃权" in answer.text and answer.text.endswith("[1]。")
    (citation,) = answer.citations
    assert quote_in_paragraph(citation.quote, citation.text) and "2511" in citation.quote
    assert len(answer.sources) == 10


def test_llm_answer_is_cited_and_verified(seeded: Services) -> None:
    answer = seeded.answer_engine(mode="bm25").ask("2020年2月安理会举行了多少次公开会议？")
    assert not answer.abstained and answer.method == "llm"
    assert answer.citations and all(quote_in_paragraph(c.quote, c.text) for c in answer.citations)
    assert "[1]" in answer.text


def test_unknown_resolution_abstains_without_calling_the_llm(seeded: Services) -> None:
    answer = engine_with(seeded, NeverCalled()).ask("第9999(2030)号决议的表决结果如何？")
    assert answer.abstained and answer.citations == () and "没有找到" in answer.text
    assert answer.sources  # the closest passages are still listed


def test_llm_claim_with_a_wrong_number_is_dropped(seeded: Services) -> None:
    class WrongTally(EchoLLM):
        @staticmethod
        def _reply(prompt: str) -> str:
            return "安理会在2020年2月举行了99次公开会议[1]。"

    answer = engine_with(seeded, WrongTally()).ask("2020年2月安理会举行了多少次公开会议？")
    assert answer.abstained and "99" not in answer.text


def test_follow_up_uses_the_previous_question(seeded: Services) -> None:
    engine = seeded.answer_engine(mode="bm25")
    first = engine.ask("第2511(2020)号决议的表决结果如何？")
    follow = engine.ask("那第2089(2013)号决议呢？", history=[first.standalone_question])
    assert follow.standalone_question == "第2089(2013)号决议的表决结果如何？"
    assert not follow.abstained and "14票赞成" in follow.text


def test_stream_yields_tokens_then_the_verified_answer(seeded: Services) -> None:
    events = list(seeded.answer_engine(mode="bm25").stream("2020年2月安理会举行了多少次公开会议？"))
    assert isinstance(events[-1], Final)
    assert any(isinstance(e, Token) for e in events[:-1])


def test_openai_compatible_server_by_configuration(seeded: Services) -> None:
    with fake_openai_server() as (base_url, requests):
        settings = replace(seeded.settings, llm_provider="openai", llm_base_url=base_url, llm_model="test-model")
        services = Services(settings, embedder_override=seeded.embedder)
        answer = services.answer_engine(mode="bm25").ask("2020年2月安理会举行了多少次公开会议？")
    assert requests and requests[0]["model"] == "test-model"
    assert not answer.abstained and answer.citations


def test_ask_batch_writes_the_documented_records(seeded: Services, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "v1", "question": "第2511(2020)号决议的表决结果如何？"},
        {"id": "u1", "question": "第9999号决议的表决结果如何？"}]), encoding="utf-8")
    out = tmp_path / "a.jsonl"
    code = main(["ask", "--batch", str(questions), "--out", str(out), "--data-dir", str(seeded.settings.data_dir),
                 "--embedding-backend", "hashing", "--llm-provider", "fake"])
    assert code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["v1", "u1"]
    assert set(records[0]) == {"id", "question", "answer", "abstained", "citations", "sources", "latency_ms"}
    assert set(records[0]["citations"][0]) == {"doc_id", "symbol", "url", "paragraph", "article", "text", "quote",
                                               "score", "check", "aligned", "alignment", "superseded_by"}
    assert records[0]["citations"][0]["quote"] in records[0]["citations"][0]["text"]
    first = records[0]["citations"][0]
    check = first["check"]  # how it was verified: where the quote is, the facts matched
    assert first["text"][check["quote_start"]:check["quote_end"]] == first["quote"]
    assert len(records[0]["sources"]) == 10 and records[1]["abstained"] is True


def test_two_named_resolutions_get_one_cited_tally_each(seeded: Services) -> None:
    answer = seeded.answer_engine().ask("第2089(2013)号决议和第2511(2020)号决议表决时各有几票弃权？")
    assert answer.method == "extractive" and len(answer.citations) == 2
    assert "[1]" in answer.text and "[2]" in answer.text
    first, second = answer.citations
    assert "2089" in first.quote and "14票赞成" in first.quote
    assert "2511" in second.quote and "13票赞成" in second.quote


def test_english_question_on_a_chinese_tally_is_restated_in_english(seeded: Services) -> None:
    answer = seeded.answer_engine().ask("What was the vote on resolution 2511 (2020)?")
    assert answer.method == "extractive" and answer.language == "en"
    assert answer.text == "Adopted by 13 votes in favour, with 2 abstentions[1]."
    assert "13票赞成" in answer.citations[0].quote  # the citation quotes the source verbatim


def test_anchor_gate_reads_document_context_and_needs_every_named_item() -> None:
    from rag.answer import anchored_hits
    from rag.retrieve import ParagraphHit

    adoption = ParagraphHit(doc_id="r242", symbol="S/RES/242 (1967)", title="242 (1967). Resolution", paragraph=9,
                            text="Adopted unanimously at the 1382nd meeting.", score=1.0, date="1967-11-22")
    january = ParagraphHit(doc_id="s1", symbol=None, title="2013年4月26日的信", paragraph=3,
                           text="1月21日，安理会举行了公开辩论。", score=0.5, date="2013-04-26")
    statement = ParagraphHit(doc_id="p1", symbol=None, title="主席声明", paragraph=4, text="安理会重申其决心。",
                             score=0.4, date="2009-08-05")
    hits = [adoption, january, statement]
    assert anchored_hits(hits, ["res:242"]) == [adoption]  # the number is in the symbol, not the text
    assert anchored_hits(hits, ["ym:2013-1"]) == [january]  # "1月" in the text, 2013 in the title
    assert anchored_hits(hits, ["ym:2009-8"]) == [statement]  # issued that month
    assert anchored_hits(hits, ["ym:2013-1", "ym:2009-8"]) == [january, statement]  # one each
    assert anchored_hits(hits, ["res:242", "res:9999"]) == []  # 9999 is nowhere: abstain
    assert anchored_hits(hits, []) == hits


def test_unattributed_reply_is_cited_to_the_source_holding_its_words(seeded: Services) -> None:
    llm = Scripted(reply="ANSWER: 26次公开会议")
    engine = engine_with(seeded, llm)
    answer = engine.ask("2020年2月安理会举行了多少次公开会议？")
    assert not answer.abstained and answer.text == "26次公开会议[1]"
    assert "26次公开会议" in answer.citations[0].text
    llm.reply = "ANSWER: 企鹅乐队在火星演唱"  # words no source holds
    assert engine.ask("2020年2月安理会举行了多少次公开会议？").abstained


def test_vote_question_without_a_tally_in_the_text_abstains(seeded: Services) -> None:
    answer = engine_with(seeded, NeverCalled()).ask("第2087(2013)号决议的表决结果是多少票赞成？")
    assert answer.abstained  # 2087 is mentioned in the seeds, its tally is not


def test_marks_sit_before_the_final_stop_of_every_cited_sentence(seeded: Services) -> None:
    from rag.claims import with_marks

    assert with_marks("以13票赞成通过。", "[1]") == "以13票赞成通过[1]。"
    assert with_marks("Adopted unanimously.", "[1][2]") == "Adopted unanimously[1][2]."
    assert with_marks("26次", "[1]") == "26次[1]"
    answer = seeded.answer_engine(mode="bm25").ask("第2089(2013)号决议的表决结果如何？")
    assert answer.method == "extractive"
    assert answer.text.count("[1]") == len([c for c in answer.text if c == "。"])  # one mark per sentence


def test_a_failed_reply_is_retried_with_one_source_at_a_time(seeded: Services) -> None:
    class OnlyWithOneSource(EchoLLM):
        prompts: list[str] = []

        def _reply(self, prompt: str) -> str:  # type: ignore[override]
            self.prompts.append(prompt)
            sources = prompt.rsplit("资料：", 1)[-1]  # the user message's sources, not the system prompt's example
            return "NOT_FOUND" if "\n[2] (" in sources else super()._reply(prompt)

    llm = OnlyWithOneSource()
    answer = engine_with(seeded, llm).ask("2020年2月安理会举行了多少次公开会议？")
    assert not answer.abstained and answer.citations
    assert len(llm.prompts) == 2 and "\n[2] (" not in llm.prompts[1].rsplit("资料：", 1)[-1]
    assert quote_in_paragraph(answer.citations[0].quote, answer.citations[0].text)


def test_a_question_wanting_several_facts_is_answered_with_the_quoted_source(seeded: Services) -> None:
    one_part = Scripted(reply="SOURCE: 3\nQUOTE: 1月27日，安理会对也门进行了访问。\nANSWER: 也门")  # a wrong source
    engine = engine_with(seeded, one_part)
    answer = engine.ask("安理会2013年1月派访问团去了哪个国家？是哪一天？")
    assert answer.text == "1月27日，安理会对也门进行了访问[1]。"
    assert "1月27日" in answer.citations[0].text
    assert engine.ask("安理会2013年1月派访问团去了哪个国家？").text == "也门[1]"  # one fact: the short answer


def test_a_claim_over_a_source_in_the_other_language_shows_the_original_words() -> None:
    from rag.citations import Citation
    from rag.support import shown_claim

    english = Citation(doc_id="d", symbol="S/RES/598 (1987)", title="", paragraph=11, score=1.0,
                       quote="observe an immediate cease-fire", text="1. Demands that ... observe an immediate "
                       "cease-fire, discontinue all military actions")
    shown = shown_claim("立即停火", english, "zh", several=False)
    assert shown == "立即停火（原文：“observe an immediate cease-fire”）"
    assert shown_claim("cease-fire", english, "en", several=False) == "cease-fire"
    assert shown_claim("598", english, "zh", several=False) == "598"  # a number reads the same in both
    assert shown_claim("observe an immediate cease-fire", english, "zh", several=False) == english.quote  # copied
    article = Citation(doc_id="c", symbol=None, title="Charter", paragraph=82, score=1.0, quote="measures not "
                       "involving the use of armed force", text="The Security Council may decide what measures not "
                       "involving the use of armed force are to be employed. These may include complete or partial "
                       "interruption of economic relations and the severance of diplomatic relations.")
    assert shown_claim("measures not involving the use of armed force", article, "en", several=True) == article.text
    assert shown_claim("measures not involving the use of armed force", article, "en",
                       several=False) == "measures not involving the use of armed force"


def test_an_article_number_stated_only_in_the_label_is_shown_and_verified(seeded: Services) -> None:
    from rag.context import Source
    from rag.prompt import source_line
    from rag.retrieve import ParagraphHit

    hit = ParagraphHit(doc_id="c", symbol=None, title="联合国宪章", paragraph=106, score=1.0, label="第五十一条",
                       text="联合国任何会员国受武力攻击时，本宪章不得认为禁止行使单独或集体自卫之自然权利。")
    assert source_line(Source(1, hit, hit.text)).startswith("[1] (联合国宪章, 第五十一条, ¶106) 联合国任何会员国")
    numbered = ParagraphHit(doc_id="r", symbol=None, title="t", paragraph=3, score=1.0, label="2.", text="2. Decides")
    assert numbered.article is None  # the text states its own number

    class OneHit:
        def search(self, question: str, k: int = 10) -> list[ParagraphHit]:
            return [hit]

        def newer_versions(self) -> dict[str, str]:
            return {}

    article = Scripted(reply="SOURCE: 1\nQUOTE: 本宪章不得认为禁止行使单独或集体自卫之自然权利\nANSWER: 第51条")
    engine = AnswerEngine(search=OneHit(), llm=article)  # type: ignore[arg-type]
    answer = engine.ask("宪章哪一条规定了自卫权？")
    assert answer.text == "第51条[1]" and answer.citations[0].article == "第五十一条"
    from rag.citations import verify

    assert verify(answer.citations[0], answer.text, [])


def test_a_bare_count_the_source_states_only_as_a_date_is_not_an_answer() -> None:
    from rag.retrieve import ParagraphHit

    hit = ParagraphHit(doc_id="l", symbol=None, title="信", paragraph=13, score=1.0,
                       text="法国于1月11日致函秘书长，告知其已向马里部署部队，并将视需要驻留马里。")

    class OneHit:
        def search(self, question: str, k: int = 10) -> list[ParagraphHit]:
            return [hit]

        def newer_versions(self) -> dict[str, str]:
            return {}

    question = "法国向马里部署了多少支部队？"
    day = AnswerEngine(search=OneHit(), llm=Scripted(reply="ANSWER: 1"), retries=0)  # type: ignore[arg-type]
    assert day.ask(question).abstained  # "1" is the month of "1月11日"
    hit = replace(hit, text=hit.text.replace("部署部队", "部署了3支部队"))
    three = AnswerEngine(search=OneHit(), llm=Scripted(reply="ANSWER: 3"), retries=0)  # type: ignore[arg-type]
    assert three.ask(question).text == "3[1]"


def test_a_question_comparing_two_months_gets_one_cited_answer_per_month(seeded: Services) -> None:
    class Counting(EchoLLM):
        calls: int = 0

        def _reply(self, prompt: str) -> str:  # type: ignore[override]
            self.calls += 1
            return super()._reply(prompt)

    llm = Counting()
    answer = engine_with(seeded, llm).ask("2013年1月和2020年2月安理会各举行了多少次全体磋商？")
    assert not answer.abstained and llm.calls == 2
    titles = [c.title for c in answer.citations]
    assert any("巴基斯坦" in t for t in titles) and any("比利时" in t for t in titles)  # one source per month
    assert "[1]" in answer.text and "[2]" in answer.text


def test_a_two_part_question_answers_each_part_or_says_which_is_unanswered(seeded: Services) -> None:
    prompts: list[str] = []

    class FirstPartOnly(EchoLLM):
        def _reply(self, prompt: str) -> str:  # type: ignore[override]
            prompts.append(prompt)
            return "NOT_FOUND" if "问题背景" in prompt else super()._reply(prompt)

    question = "2020年2月安理会举行了多少次公开会议？其中哪一次讨论了也门？"
    answer = engine_with(seeded, FirstPartOnly()).ask(question)
    assert answer.method == "per-part" and not answer.abstained
    assert answer.text.endswith("所提供的文件中没有找到这一问的答案：“其中哪一次讨论了也门”")
    assert answer.citations and answer.text.count("[1]") >= 1
    # the second part was asked on its own, with the first as its context
    assert any("其中哪一次讨论了也门？（问题背景：2020年2月安理会举行了多少次公开会议？）" in p for p in prompts)
    assert all(c.check is not None for c in answer.citations)  # the final answer carries each citation's check


def test_a_two_part_question_without_any_answered_part_falls_through(seeded: Services) -> None:
    class Nothing(EchoLLM):
        @staticmethod
        def _reply(prompt: str) -> str:
            return "NOT_FOUND"

    answer = engine_with(seeded, Nothing()).ask("2020年2月安理会举行了多少次公开会议？其中哪一次讨论了也门？")
    assert answer.abstained and answer.method == "abstain"
