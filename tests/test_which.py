""""Which resolution …?" answered by the paragraph stating what the question describes (rag.which), named from its
document's header: the pure choice, and the engine's strategy on real resolutions."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from rag.answer import AnswerEngine
from rag.docfacts import is_header
from rag.llm import EchoLLM
from rag.plan import answer_kind, plan_question
from rag.retrieve import ParagraphHit
from rag.which import described, stating_paragraph
from unscqa.services import Services
from unscqa.settings import Settings


def hit(symbol: str, text: str, date: str, paragraph: int = 5) -> ParagraphHit:
    return ParagraphHit(doc_id=symbol, symbol=symbol, title="t", paragraph=paragraph, text=text, score=1.0, date=date)


EMBARGO_1963 = hit("S/RES/181 (1963)", "3. Solemnly calls upon all States to cease forthwith the sale and shipment "
                   "of arms, ammunition of all types and military vehicles to South Africa;", "1963-08-07")
EMBARGO_1964 = hit("S/RES/191 (1964)", "Calls upon all States to cease forthwith the sale and shipment to South "
                   "Africa of arms, ammunition of all types and military vehicles;", "1964-06-18")
UNRELATED = hit("S/RES/242 (1967)", "Affirms the necessity for guaranteeing freedom of navigation through "
                "international waterways in the area;", "1967-11-22")


def choose(question: str, hits: list[ParagraphHit], min_share: float = 0.7) -> ParagraphHit | None:
    found = stating_paragraph(plan_question(question), hits, min_share=min_share, depth=5)
    return found.hit if found else None


def test_the_description_is_the_quote_or_the_question_without_its_frame() -> None:
    assert described("“Calls upon Israel to cease forthwith its acts”出自安理会哪一项决议？") == (
        "Calls upon Israel to cease forthwith its acts")
    assert described("Which 1985 resolution condemned all acts of hostage-taking?") == (
        "condemned all acts of hostage-taking")
    assert described("安理会在哪项决议中要求埃及取消限制？") == "要求埃及取消限制"
    assert answer_kind("哪一项安理会决议中写有“Endorses the measures”？") == "symbol"


def test_the_best_stating_paragraph_of_a_resolution_answers() -> None:
    question = "Which resolution called upon all States to cease the sale and shipment of arms to South Africa?"
    assert choose(question, [UNRELATED, EMBARGO_1964, EMBARGO_1963]) is EMBARGO_1964  # equal shares: rank order
    assert choose(question, [UNRELATED]) is None  # nothing states it: the model or an abstention answers
    assert choose(question.replace("Which resolution", "Which resolution first"),
                  [EMBARGO_1964, EMBARGO_1963]) is EMBARGO_1963  # "first": the earliest that states it
    assert choose(question.replace("Which resolution", "Which 1963 resolution"),
                  [EMBARGO_1964, EMBARGO_1963]) is EMBARGO_1963  # a year given is the resolution's


def test_headers_other_documents_and_other_questions_are_not_chosen() -> None:
    question = "Which resolution called upon all States to cease the sale and shipment of arms to South Africa?"
    header = replace(EMBARGO_1964, paragraph=0)
    letter = replace(EMBARGO_1964, symbol="S/2013/163", doc_id="letter")
    assert is_header(header) and choose(question, [header, letter]) is None
    assert choose("When did the Council call upon all States to cease the sale of arms?", [EMBARGO_1964]) is None
    assert choose(question, [EMBARGO_1964], min_share=1.01) is None


def test_a_chinese_question_quoting_the_english_text_finds_its_paragraph() -> None:
    assert choose("“cease forthwith the sale and shipment of arms”出自哪项决议？", [UNRELATED, EMBARGO_1963]) is (
        EMBARGO_1963)


class NotFound(EchoLLM):
    """The small model's usual reply to "which resolution" over the answering paragraph."""

    @staticmethod
    def _reply(prompt: str) -> str:
        return "ANSWER: NOT_FOUND"


def test_the_engine_names_the_resolution_from_its_header(corpus_dir: Path, hashing_settings: Settings,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("S_RES_0316_1972_EN_GOLD.txt", "S_RES_0317_1972_EN_GOLD.txt"):
        shutil.copy(corpus_dir / "unsc-resolutions-en" / name, folder / name)
    services = Services(replace(hashing_settings, llm_provider="fake"))
    services.ingestor().ingest([folder], show_progress=False)
    engine: AnswerEngine = Services(services.settings, embedder_override=services.embedder,
                                    llm_override=NotFound()).answer_engine(mode="bm25")
    answer = engine.ask('In which resolution does the Security Council write: "Declares that if the above-mentioned '
                        'steps do not result in the release of the abducted personnel"?')
    assert not answer.abstained and answer.method == "which-document"
    assert answer.text.startswith("Resolution 316 (1972)[1]: “") and answer.text.endswith("[2].")
    header, stating = answer.citations
    assert (header.symbol, header.paragraph) == ("S/RES/316 (1972)", 0) and "316" in header.quote
    assert stating.symbol == "S/RES/316 (1972)" and "abducted personnel" in stating.quote
    assert stating.quote in stating.text
    asked_otherwise = engine.ask("In which resolution does the Council write about the weather in Geneva?")
    assert asked_otherwise.abstained  # nothing states it, and the model found nothing


def article(label: str, text: str, paragraph: int) -> ParagraphHit:
    title = "联合国宪章" if label.startswith("第") else "Charter of the United Nations"
    return ParagraphHit(doc_id="charter", symbol=None, title=title, paragraph=paragraph, text=text, score=1.0,
                        label=label)


SUSPENSION = article("Article 5", "A Member of the United Nations against which preventive or enforcement action has "
                     "been taken by the Security Council may be suspended from the exercise of the rights and "
                     "privileges of membership by the General Assembly upon the recommendation of the Security "
                     "Council.", 26)
SELF_DEFENCE = article("第五十一条", "联合国任何会员国受武力攻击时，在安全理事会采取必要办法，"
                       "以维持国际和平及安全以前，本宪章不得认为禁止行使单独或集体自卫之自然权利。", 106)


def test_a_quoted_provision_is_named_by_its_article_label_in_the_questions_language() -> None:
    from rag.which import article_answer, stating_article

    english = plan_question("Which Charter article contains the provision \"A Member of the United Nations against "
                            "which preventive or enforcement action has been taken by the Security Council\"?")
    found = stating_article(english, [SELF_DEFENCE, SUSPENSION], min_share=0.7, depth=10)
    assert found is not None and found.hit is SUSPENSION
    assert article_answer(found, "en").startswith("Article 5 of the Charter of the United Nations[1]: “A Member of")
    chinese = plan_question("《联合国宪章》哪一条规定：“A Member of the United Nations against which preventive or "
                            "enforcement action has been taken”？")
    found = stating_article(chinese, [SUSPENSION], min_share=0.7, depth=10)
    assert found is not None and article_answer(found, "zh").startswith(
        "《Charter of the United Nations》第5条（Article 5）[1]：“A Member")
    native = plan_question("宪章哪一条写有“在安全理事会采取必要办法，以维持国际和平及安全以前”？")
    found = stating_article(native, [SUSPENSION, SELF_DEFENCE], min_share=0.7, depth=10)
    assert found is not None and article_answer(found, "zh").startswith("《联合国宪章》第五十一条[1]")
    assert article_answer(found, "en").startswith("Article 51 (第五十一条) of the 联合国宪章[1]")


def test_no_quote_no_article_label_or_too_little_stated_is_no_article_answer() -> None:
    from rag.which import stating_article

    unquoted = plan_question("宪章哪一条规定了自卫权？")  # left to retrieval and the model
    assert stating_article(unquoted, [SELF_DEFENCE], min_share=0.7, depth=10) is None
    other = plan_question("Which Charter article contains \"the Trusteeship Council shall formulate a questionnaire\"?")
    assert stating_article(other, [SUSPENSION, SELF_DEFENCE], min_share=0.7, depth=10) is None
    resolution = replace(SUSPENSION, label="5.", symbol="S/RES/1 (1946)")  # a resolution's paragraph 5, not Article 5
    quoted = plan_question("Which article contains \"A Member of the United Nations against which preventive\"?")
    assert stating_article(quoted, [resolution], min_share=0.7, depth=10) is None
    assert stating_article(quoted, [SUSPENSION], min_share=0.7, depth=0) is None  # outside the paragraphs read
