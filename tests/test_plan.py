"""The typed query plan, document-fact answers and claim kinds: pure logic, no store or model."""

from __future__ import annotations

import pytest

from rag.claims import fits_kind
from rag.docfacts import adoption_date, document_name, names_document, spoken_date
from rag.plan import Anchor, answer_kind, plan_question, question_parts
from rag.retrieve import ParagraphHit


@pytest.mark.parametrize(("question", "kind"), [
    ("第2511(2020)号决议的表决结果如何？", "vote"),
    ("How many votes did resolution 50 (1948) get?", "vote"),
    ("第242(1967)号决议是哪天通过的？", "date"),
    ("When did the Security Council adopt resolution 242 (1967)?", "date"),
    ("第2088(2013)号决议将中非建和办的任务延长到什么时候？", "date"),
    ("Resolution 368 extended the force's mandate for how long?", "duration"),
    ("At which meeting was resolution 82 (1950) adopted?", "meeting"),
    ("Which resolution established the United Nations Peacekeeping Force in Cyprus?", "symbol"),
    ("哪项决议设立了联合国驻塞浦路斯维持和平部队？", "symbol"),
    ("2013年1月安理会通过了几项决议？", "count"),
    ("哪位副秘书长作了通报？", "entity"),
    ("What does resolution 242 (1967) call for?", "description"),
])
def test_answer_kind(question: str, kind: str) -> None:
    assert answer_kind(question) == kind


def test_plan_has_typed_anchors_language_and_adoption() -> None:
    plan = plan_question("When was resolution 242 (1967) adopted?")
    assert plan.language == "en" and plan.kind == "date" and plan.asks_adoption
    assert plan.anchors == (Anchor("res", "242"),) and plan.resolutions == ["242"]
    zh = plan_question("2013年1月安理会通过了几项决议？")
    assert zh.language == "zh" and zh.anchors == (Anchor("ym", "2013-1"),) and not zh.asks_adoption
    mandate = plan_question("第2088(2013)号决议将任务延长到什么时候？")
    assert mandate.kind == "date" and not mandate.asks_adoption  # a mandate's end, not the adoption


def test_follow_up_is_planned_on_the_standalone_question() -> None:
    plan = plan_question("那第2508号决议呢？", ["第2511(2020)号决议的表决结果如何？"])
    assert plan.standalone != plan.question and plan.resolutions == ["2508"] and plan.kind == "vote"


def test_question_parts() -> None:
    assert len(question_parts("它禁止了什么？后来哪项决议授权了检查？")) == 2
    assert len(question_parts("What did it ban, and which later resolution authorised inspections?")) == 2
    assert question_parts("第242(1967)号决议是哪天通过的？") == ("第242(1967)号决议是哪天通过的？",)


def _header(symbol: str, date: str, text: str, paragraph: int = 0) -> ParagraphHit:
    return ParagraphHit(doc_id="d", symbol=symbol, title="t", paragraph=paragraph, text=text, score=1.0, date=date)


def test_adoption_date_comes_from_the_named_resolutions_header() -> None:
    header = _header("S/RES/242 (1967)", "1967-11-22", "Resolution 242 (1967) of 22 November 1967")
    body = _header("S/RES/242 (1967)", "1967-11-22", "Recalling its resolution of 1 May 1960 ...", paragraph=3)
    en = adoption_date(plan_question("When was resolution 242 (1967) adopted?"), [body, header])
    assert [f.text for f in en] == ["Resolution 242 (1967) was adopted on 22 November 1967."]
    assert en[0].hit is header
    zh = adoption_date(plan_question("第242(1967)号决议是哪天通过的？"), [header])
    assert zh[0].text == "第242(1967)号决议于1967年11月22日通过。"
    assert adoption_date(plan_question("When was resolution 243 adopted?"), [header]) == []  # not its header
    assert adoption_date(plan_question("When was resolution 242 adopted?"), [body]) == []  # no header: no answer
    chinese = _header("S/RES/368 (1975)", "1975-04-17", "一九七五年四月十七日 第368(1975)号决议")
    assert adoption_date(plan_question("第368(1975)号决议是什么时候通过的？"), [chinese])[0].hit is chinese


def test_document_names_and_dates() -> None:
    assert document_name("S/RES/186 (1964)", "zh") == "第186(1964)号决议"
    assert document_name("S/PRST/2013/1", "en") == "S/PRST/2013/1"
    assert spoken_date("1975-04-17", "en") == "17 April 1975" and spoken_date("bad", "zh") is None
    assert names_document("Resolution 186 (1964) established it", "S/RES/186 (1964)")
    assert not names_document("It decided to establish a force", "S/RES/186 (1964)")


@pytest.mark.parametrize(("claim", "kind", "fits"), [
    ("1967年11月22日", "date", True),
    ("On 22 November 1967", "date", True),
    ("在第1382次会议上", "date", False),  # a meeting number answers another question
    ("大会第十五届会期间", "date", True),  # a General Assembly session is a time
    ("During the ninth session of the General Assembly", "date", True),
    ("by the Commission", "date", False),
    ("三个月", "duration", True),
    ("for six months", "duration", True),
    ("Israel", "duration", False),
    ("16次", "count", True),
    ("many", "count", False),
    ("Resolution 186 (1964)", "symbol", True),
    ("anything at all", "description", True),
])
def test_claims_must_fit_the_kind_asked(claim: str, kind: str, fits: bool) -> None:
    assert fits_kind(claim, kind) is fits
