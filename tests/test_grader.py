"""The eval's independent grader (evals.grader) and the metrics built on it: markers, numerals, facts, citations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evals.dataset import Gold, Question
from evals.grader import (
    chinese_to_int,
    english_to_int,
    facts,
    grade_citations,
    markers_of,
    month_number,
    normalize,
    numerals_to_digits,
    sentences,
    strip_markers,
)
from evals.metrics import answer_correct, citation_disagreements, contains_evidence, verified_citations

REPO = Path(__file__).resolve().parents[1]
TALLY_EN = "Adopted at the 1821st meeting by 13 votes to none, with 2 abstentions (China, Iraq)."
TALLY_ZH = "第一八二一次会议以十三票对零票通过。"


def vote(*patterns: str) -> Question:
    return Question(id="v", question="第2089(2013)号决议的表决结果如何？", kind="vote", language="zh",
                    answer_patterns=patterns, gold=(Gold("doc", "决议以14票赞成、1票弃权获得通过"),), abstain=False)


@pytest.mark.parametrize("text", ["通过[1]。", "通过 [1]。", "通过[1,2]。", "通过[1, 2]。", "通过[1][2]。",
                                  "通过［1］。", "通过\t[12]。"])
def test_markers_are_stripped_with_the_space_before_them(text: str) -> None:
    assert strip_markers(text) == "通过。"


def test_marker_numbers_are_read() -> None:
    assert markers_of("a[1, 2] b[3]［4］") == [1, 2, 3, 4]
    assert markers_of("resolution 242 (1967)") == []


def test_a_wrong_answer_no_longer_passes_on_its_marker() -> None:
    question = vote(r"(?<!\d)14(?!\d)", r"(?<!\d)1(?!\d)")
    assert not answer_correct(question, "以14票赞成、0票反对通过[1]。", abstained=False)  # the 1 was only "[1]"
    assert answer_correct(question, "以14票赞成、1票弃权通过[1]。", abstained=False)
    assert answer_correct(question, "以十四票赞成、一票弃权通过[1]。", abstained=False)
    assert answer_correct(question, "14 votes to none, with one abstention [1].", abstained=False)


def test_patterns_match_either_the_answer_or_its_digits() -> None:
    assert answer_correct(vote("unanim|一致"), "安理会一致通过了该决议[1]", abstained=False)
    assert not answer_correct(vote(r"(?<!\d)1(?!\d)"), "安理会一致通过了该决议[1]", abstained=False)  # 一致 is no 1
    assert answer_correct(vote(r"(?<!\d)13(?!\d)"), "以十三票赞成通过", abstained=False)


def test_chinese_numerals() -> None:
    cases = {"一": 1, "十三": 13, "二十一": 21, "一百零五": 105, "两千": 2000, "一九七五": 1975, "一八二一": 1821,
             "二〇一三": 2013, "零": 0, "十": 10, "六万": 60000}
    assert {text: chinese_to_int(text) for text in cases} == cases
    assert chinese_to_int("十三票") is None and chinese_to_int("二十一二") is None


def test_english_numbers_and_months() -> None:
    cases = {"thirteen": 13, "forty-seven": 47, "one hundred and fifty": 150, "twenty-first": 21, "1382nd": 1382,
             "first": 1, "twelve": 12}
    assert {text: english_to_int(text) for text in cases} == cases
    assert english_to_int("none") is None
    assert [month_number(m) for m in ("January", "november", "11月", "十一月", "十二月")] == [1, 11, 11, 11, 12]
    assert month_number("13月") is None and month_number("Monday") is None


def test_numerals_become_digits_only_where_they_count() -> None:
    assert numerals_to_digits("以十三票赞成、两票弃权") == "以13票赞成、2票弃权"
    assert numerals_to_digits("第一八二一次会议") == "第1821次会议"
    assert numerals_to_digits("应以九理事国之可决票") == "应以9理事国之可决票"  # the Charter's wording
    assert facts("应以九理事国之可决票") == set()  # ... which facts read strictly: no measure word after 九
    assert numerals_to_digits("一致通过，进一步，十分重要") == "一致通过，进一步，十分重要"
    assert numerals_to_digits("one abstention, one of them, the first time") == (
        "1 abstention, one of them, the first time")


def test_facts_are_canonical_in_both_languages() -> None:
    assert facts("S/RES/242 (1967)") == facts("第242(1967)号决议") == facts("resolution 242 (1967)") == {
        "S/RES/242(1967)"}
    dates = [facts(text) for text in ("22 November 1967", "1967年11月22日", "一九六七年十一月二十二日")]
    assert dates == [{"22", "11", "1967"}] * 3
    assert facts("see s/2013/163 and PRST/2013/1") == {"S/2013/163", "S/PRST/2013/1"}
    assert facts("1,500 people; 6万人") == {"1500", "60000"}
    assert facts("以13票赞成、2票弃权通过[1]。") == {"13", "2"}  # the marker is no fact
    assert facts("安理会一致通过；进一步加强；one of the members; the Council may decide") == set()
    assert facts("by 10 votes to none") == {"10"} and facts("with no abstentions") == set()
    assert facts("1. 中国\n(2) France\n3、第一，十三票") == {"13"}  # enumerators are no facts
    assert facts("Chapter VII") == facts("第七章") == {"7"}


def test_sentences_keep_markers_after_their_final_stop() -> None:
    parts = sentences("以13票赞成通过。[1] It cost 2.5 million U.S. dollars [2]. "
                      "他说（原文：“at the 1382nd meeting.”）[3]")
    assert parts == ["以13票赞成通过。[1]", "It cost 2.5 million U.S. dollars [2].",
                     "他说（原文：“at the 1382nd meeting.”）[3]"]


def test_a_cross_language_tally_passes() -> None:
    (grade,) = grade_citations("以13票赞成、2票弃权通过[1]。", [(TALLY_EN, "by 13 votes to none")])
    assert grade.ok, grade
    (grade,) = grade_citations("在第一八二一次会议上以十三票对零票通过[1]。", [(TALLY_EN, "1821st meeting")])
    assert grade.ok, grade
    (grade,) = grade_citations("Adopted at the 1821st meeting by 13 votes to none [1].",
                               [(TALLY_ZH, "以十三票对零票通过")])
    assert grade.ok, grade
    (grade,) = grade_citations("安理会一致通过了该决议[1]。",
                               [("Adopted unanimously at the 1382nd meeting.", "Adopted")])
    assert grade.ok, grade
    (grade,) = grade_citations("该决议于1967年通过[1]。", [("Recalling its resolution of 1967,", "Recalling")])
    assert grade.ok, grade
    (grade,) = grade_citations("以13票赞成、0票反对通过[1]。", [(TALLY_EN, "by 13 votes to none")])
    assert grade.ok, grade
    (grade,) = grade_citations("14 votes to none, 1 abstention [1].", [("以14票赞成、1票弃权获得通过", "以14票赞成")])
    assert grade.ok, grade  # "to none" states no number of its own
    (grade,) = grade_citations("见S/PRST/2004/16号声明[1]。", [("( PRST/200 4/16 ) 安理会 主席 声明", "安理会")])
    assert grade.ok, grade


def test_an_invented_number_fails() -> None:
    (grade,) = grade_citations("以14票赞成、2票弃权通过[1]。", [(TALLY_EN, "by 13 votes to none")])
    assert not grade.ok and grade.quote_found and grade.missing == ("14",)
    (grade,) = grade_citations("见第338(1973)号决议[1]。", [("Recalling resolution 242 (1967),", "Recalling")])
    assert grade.missing == ("S/RES/338(1973)",)


def test_a_quote_not_in_its_paragraph_fails() -> None:
    (grade,) = grade_citations("一致通过[1]。", [(TALLY_EN, "Adopted unanimously")])
    assert not grade.quote_found and not grade.ok
    (grade,) = grade_citations("通过[1]。", [(TALLY_EN, "by  13 votes\nto none")])  # whitespace does not matter
    assert grade.quote_found


def test_each_sentence_is_checked_against_the_paragraphs_it_cites() -> None:
    cited = [(TALLY_EN, "13 votes"), ("with 99 abstentions", "99")]
    assert [g.ok for g in grade_citations("以13票通过。[1] 有99票弃权[2]。", cited)] == [True, True]
    assert [g.ok for g in grade_citations("以13票通过，有99票弃权[1]。", cited)] == [False, True]
    assert [g.ok for g in grade_citations("以13票通过，有99票弃权[1][2]。", cited)] == [True, True]  # facts spread
    assert verified_citations("以13票通过，有99票弃权[1]。", cited) == 1


def test_disagreements_name_the_rejected_citation_and_why() -> None:
    cited = [(TALLY_EN, "13 votes"), (TALLY_EN, "not there")]
    reasons = citation_disagreements("以14票赞成通过[1]。另见[2]。", cited)
    assert reasons == ["[1] states 14 not in the cited paragraphs", "[2] quote not in its paragraph"]
    assert citation_disagreements("以13票赞成通过[1]。", cited[:1]) == []


def test_evidence_matching_ignores_width_and_spaces() -> None:
    gold = Gold("doc", "第2089(2013)号决议")
    assert contains_evidence(gold, "doc", "安理会通过了 第２０８９（２０１３）号 决议")
    assert not contains_evidence(gold, "other", "第2089(2013)号决议") and normalize(" a “b” ") == 'a"b"'


def test_the_grader_and_metrics_import_nothing_from_the_product() -> None:
    code = ("import sys, evals.metrics, evals.grader; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rag', 'ingest', 'ui', 'unscqa')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
