"""The check behind each citation (rag.checks), and how it and the aligned paragraph reach the reader: the chip's
hover, the panel beside the other language, the Markdown and .docx footnotes, `ask --json`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from rag.checks import check_of, citing_sentences, with_checks
from rag.citations import Aligned, Check, Citation
from rag.records import Answer
from ui.briefing import briefing_docx, briefing_markdown, read_docx_footnotes
from ui.checks import aligned_line, check_line
from ui.render import answer_html, chip_title
from unscqa.cli.ask_cmd import answer_record

EN = ("(b) To renew the mandate of the United Nations Emergency Force for a period of three months, that is, until "
      "24 July 1975;")
ZH = "(b)将联合国紧急部队的任务期限延长三个月,至一九七五年七月二十四日为止;"
CITED = Citation(doc_id="en368", symbol="S/RES/368 (1975)", title="Resolution 368 (1975)", paragraph=8,
                 quote="until 24 July 1975", score=1.0, text=EN, date="1975-04-17")
ALIGNED = Aligned(doc_id="zh368", language="zh", paragraph=3, text=ZH, article=None, basis="paragraph (b)",
                  similarity=0.83, facts=("24", "1975"))


def _answer(text: str, citations: tuple[Citation, ...], language: str = "zh", method: str = "llm") -> Answer:
    return Answer(question="q", text=text, citations=citations, abstained=False, sources=(), language=language,
                  standalone_question="q", method=method)


def test_citing_sentences_strip_markers_and_follow_each_number() -> None:
    cited = citing_sentences("任务期限延长至1975年7月24日[1]。第338(1973)号决议[1][2]。")
    assert cited == {1: ["任务期限延长至1975年7月24日。", "第338(1973)号决议。"], 2: ["第338(1973)号决议。"]}


def test_check_records_the_span_and_the_facts_matched() -> None:
    check = check_of(CITED, ["延长至1975年7月24日。"], verbatim=False, similarity=lambda a, b: 0.7123)
    start = EN.index("until 24 July 1975")
    assert (check.quote_start, check.quote_end) == (start, start + len("until 24 July 1975"))
    assert EN[check.quote_start:check.quote_end] == CITED.quote
    assert set(check.numbers) == {"1975", "7", "24"}  # July is stated by the paragraph as a month name
    assert check.similarity == 0.71  # a Chinese claim over an English source: its translation was measured
    same_language = check_of(CITED, ["until 24 July 1975."], verbatim=False, similarity=lambda a, b: 0.1)
    assert same_language.similarity is None
    symbol = replace(CITED, text="Recalling resolution S/RES/338 (1973).", quote="S/RES/338 (1973)")
    assert check_of(symbol, ["S/RES/338 (1973)."], verbatim=False, similarity=None).symbols == ("S/RES/338(1973)",)


def test_with_checks_marks_verbatim_strategies_and_leaves_abstentions() -> None:
    answer = with_checks(_answer("Adopted by 13 votes to none[1].", (CITED,), "en", method="extractive"))
    assert answer.citations[0].check is not None and answer.citations[0].check.verbatim
    assert not with_checks(_answer("x[1].", (CITED,), "en")).citations[0].check.verbatim  # type: ignore[union-attr]
    abstained = replace(_answer("未找到", ()), abstained=True)
    assert with_checks(abstained) is abstained


def test_check_line_in_both_languages() -> None:
    check = Check(40, 58, ("1975", "24"), (), 0.71)
    assert check_line(check, "zh") == "核实：引文原文一致（第40–58字）；数字1975、24一致；译文与原句相似度0.71"
    assert check_line(check, "en") == ("verified: quote exact (characters 40–58); 1975, 24 match; translated claim "
                                       "matched its source sentence at 0.71")
    assert check_line(None, "en") == ""


def test_aligned_line_says_where_and_how_or_why_not() -> None:
    assert aligned_line(replace(CITED, aligned=ALIGNED), "zh") == (
        "中文本 ¶3（按第(b)段对齐，相似度0.83，数字24、1975一致）")
    assert aligned_line(replace(CITED, alignment="facts differ"), "en") == (
        "no checked paragraph in the Chinese text (numbers differ)")
    assert aligned_line(replace(CITED, alignment="no other version"), "en") == ""


def test_hover_and_panel_carry_the_check() -> None:
    citation = replace(CITED, check=Check(40, 58, ("1975", "24")), aligned=ALIGNED)
    title = chip_title(citation, "zh")
    assert "核实：引文原文一致" in title and "中文本 ¶3" in title
    assert "核实：引文原文一致（第40–58字）" in answer_html(_answer("延长至1975年7月24日[1]。", (citation,)))


def test_footnotes_quote_both_languages_and_the_check(tmp_path: Path) -> None:
    citation = replace(CITED, check=Check(40, 58, ("1975", "24")), aligned=ALIGNED)
    answer = _answer("延长至1975年7月24日[1]。", (citation,))
    markdown = briefing_markdown(answer)
    assert "“until 24 July 1975” — 中文本 ¶3: “(b)将联合国紧急部队" in markdown
    assert markdown.rstrip().endswith("核实：引文原文一致（第40–58字）；数字1975、24一致")
    assert "until 24 July" not in briefing_markdown(answer, quotes="zh").split("[^1]:")[1]
    assert "中文本" not in briefing_markdown(answer, quotes="cited")
    notes = read_docx_footnotes(briefing_docx(answer, tmp_path / "b.docx"))
    assert len(notes) == 1 and "中文本 ¶3" in notes[0] and "核实：引文原文一致" in notes[0]


def test_ask_json_carries_check_and_aligned_paragraph() -> None:
    citation = replace(CITED, check=Check(40, 58, ("1975", "24")), aligned=ALIGNED)
    unaligned = replace(CITED, alignment="facts differ")
    record = json.loads(json.dumps(answer_record(_answer("x[1]", (citation, unaligned)))))
    first, second = record["citations"]
    assert first["check"]["quote_start"] == 40 and first["check"]["numbers"] == ["1975", "24"]
    assert first["aligned"]["doc_id"] == "zh368" and first["aligned"]["text"] == ZH
    assert first["url"] == "https://undocs.org/en/S/RES/368(1975)"
    assert second["aligned"] is None and second["alignment"] == "facts differ"
