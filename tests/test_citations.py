"""Citation verification, follow-up rewriting and question anchors: pure logic."""

from __future__ import annotations

import pytest

from rag.citations import Citation, chinese_to_int, facts_of, quote_in_paragraph, unsupported_facts, verify
from rag.extract import anchors, is_vote_question, mentions, tally_sentence
from rag.followup import standalone_question
from rag.language import detect_language

PARAGRAPH = "2月28日，安全理事会以13票赞成、2票弃权通过了第2511(2020)号决议，将制裁措施延长至2021年2月28日。"


def citation(quote: str, text: str = PARAGRAPH) -> Citation:
    return Citation(doc_id="d1", symbol="S/2020/1173", title="t", paragraph=12, quote=quote, score=1.0, text=text)


def test_quote_matches_across_whitespace_and_width() -> None:
    assert quote_in_paragraph("以１３票赞成、 2票弃权", PARAGRAPH)
    assert quote_in_paragraph("第2511 (2020) 号决议", PARAGRAPH)
    assert not quote_in_paragraph("以14票赞成", PARAGRAPH)
    assert not quote_in_paragraph("   ", PARAGRAPH)


def test_citation_with_quote_not_in_paragraph_fails() -> None:
    assert verify(citation("以13票赞成、2票弃权"), "该决议以13票赞成、2票弃权获得通过[1]。", [])
    assert not verify(citation("以15票一致通过"), "该决议获得通过[1]。", [])


def test_numbers_of_the_sentence_must_be_in_the_cited_paragraph() -> None:
    assert not verify(citation("以13票赞成"), "该决议以14票赞成获得通过[1]。", [])
    assert unsupported_facts("第2511(2020)号决议以13票赞成通过[1]", [PARAGRAPH]) == set()
    assert unsupported_facts("第2512(2020)号决议以13票赞成通过", [PARAGRAPH]) == {"2512"}
    assert unsupported_facts("延长至2022年", [PARAGRAPH]) == {"2022"}


def test_chinese_numerals_count_as_numbers() -> None:
    assert chinese_to_int("十三") == 13 and chinese_to_int("二十一") == 21 and chinese_to_int("一百零五") == 105
    assert "13" in facts_of("以十三票赞成")
    assert unsupported_facts("以十三票赞成、两票弃权通过", [PARAGRAPH]) == set()
    assert facts_of("第一百零八条") == {"108"} and facts_of("第七十五届会议") == {"75"}
    article_109 = "第一百零九条\n二、全体会议以三分之二表决所建议对于宪章之任何更改，应经…批准后，发生效力。"
    assert unsupported_facts("第一百零八条", [article_109]) == {"108"}  # the article named is not the one cited
    assert unsupported_facts("第一百零九条", [article_109]) == set()


def test_chapters_in_roman_numerals_count_as_numbers() -> None:
    assert unsupported_facts("第7章", ["Acting therefore under Chapter VII of the Charter,"]) == set()
    assert unsupported_facts("第7章", ["Acting under Chapter VI of the Charter,"]) == {"7"}
    assert unsupported_facts("第7章", ["I. Decides that"]) == {"7"}  # a Roman numeral alone is not a chapter


def test_symbols_are_facts() -> None:
    assert "S/PRST/2013/1" in facts_of("见S/PRST/2013/1号文件")
    assert unsupported_facts("见S/PRST/2013/1", [PARAGRAPH]) == {"S/PRST/2013/1"}


def test_followup_substitutes_the_new_resolution() -> None:
    history = ["第2511(2020)号决议的表决结果如何？"]
    assert standalone_question("那第2508号决议呢？", history) == "第2508号决议的表决结果如何？"
    assert standalone_question("第2089(2013)号决议的表决结果如何？", history) == "第2089(2013)号决议的表决结果如何？"
    assert standalone_question("What about resolution 243?", ["How was resolution 242 (1967) adopted?"]) == \
        "How was resolution 243 adopted?"
    assert standalone_question("那第2508号决议呢？", []) == "那第2508号决议呢？"


def test_anchors_and_mentions() -> None:
    assert anchors("第2511(2020)号决议的表决结果如何？") == ["res:2511"]
    assert anchors("What happened in March 2013?") == ["ym:2013-3"]
    assert mentions("resolution 242 (1967)", "res:242") and not mentions("2420 apples", "res:242")
    assert mentions("2013年3月27日秘书长的信", "ym:2013-3")
    assert not mentions("2013年3月27日秘书长的信", "ym:2013-4")


@pytest.mark.parametrize("question,expected", [
    ("第2511(2020)号决议的表决结果如何？", True), ("How was resolution 242 adopted?", True),
    ("谁在2月通报了安理会？", False)])
def test_vote_questions(question: str, expected: bool) -> None:
    assert is_vote_question(question) is expected


def test_tally_sentence_needs_the_asked_resolution() -> None:
    sentences = ["安理会开会。", "安全理事会以14票赞成、1票弃权通过了第2089(2013)号决议。", PARAGRAPH]
    paragraph = "".join(sentences)
    assert tally_sentence(paragraph, sentences, ["res:2511"]) == PARAGRAPH
    assert tally_sentence(paragraph, sentences, ["res:2089"]) == sentences[1]
    assert tally_sentence(paragraph, sentences, ["res:9999"]) is None


def test_tally_in_the_sentence_after_the_resolution() -> None:
    sentences = ["1月24日，安理会通过了第2089(2013)号决议，将任务期限延长至2013年7月31日。",
                 "决议以14票赞成、1票弃权获得通过。"]
    paragraph = "".join(sentences)
    assert tally_sentence(paragraph, sentences, ["res:2089"]) == paragraph
    assert tally_sentence(paragraph, sentences, ["res:2088"]) is None


def test_language_detection() -> None:
    assert detect_language("第2511(2020)号决议的表决结果如何？") == "zh"
    assert detect_language("How was resolution 2511 (2020) adopted?") == "en"


def test_sources_state_numbers_in_chinese_numerals_and_english_words() -> None:
    assert unsupported_facts("安全理事会由15个会员国组成[1]", ["一、安全理事会以联合国十五会员国组织之。"]) == set()
    assert unsupported_facts("第51条[1]", ["第五十一条 联合国任何会员国受武力攻击时……"]) == set()
    assert unsupported_facts("5 members[1]", ["appoints a sub-committee of five of its members"]) == set()
    assert unsupported_facts("7 members[1]", ["appoints a sub-committee of five of its members"]) == {"7"}


def test_a_count_is_a_number_the_source_states_outside_dates_and_paragraph_labels() -> None:
    from rag.citations import counted_numbers, numbers_of_source

    letter = "法国于1月11日致函秘书长，告知其部署了部队。"
    assert "1" in numbers_of_source(letter) and "1" not in counted_numbers(letter)  # a day of a date, not a count
    operative = "8. Calls upon all States to break all economic relations, including an embargo on oil;"
    assert "8" in numbers_of_source(operative) and not counted_numbers(operative)  # the paragraph's own label
    adoption = "Adopted on 22 November 1967 by 15 votes; on January 5, 1948 a commission of five members met."
    assert counted_numbers(adoption) == {"15", "5"}  # the votes and "five"; not 22, 11, 1967, 1, 1948
    assert counted_numbers("一九七三年十月二十二日，安理会以十三票赞成通过") == {"13"}
