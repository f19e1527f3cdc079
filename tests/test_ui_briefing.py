""""Copy as briefing": Markdown footnotes and a .docx with real Word footnotes, built from typed answers."""

from __future__ import annotations

import zipfile
from pathlib import Path

from rag.answer import Answer
from rag.citations import Citation
from rag.retrieve import ParagraphHit
from ui.briefing import (
    briefing_docx,
    briefing_markdown,
    footnote_markdown,
    footnote_text,
    read_docx_footnotes,
    segments,
)

TALLY = "2月25日，安全理事会以13票赞成、2票弃权通过了第2511(2020)号决议。"
RES = Citation(doc_id="d1", symbol=None, title="2020年11月9日比利时常驻联合国代表给安全理事会主席的信", paragraph=37,
               quote=TALLY, score=0.9, text=TALLY + "其中将有关也门的制裁制度延长一年。", date="2020-11-09")
PRST = Citation(doc_id="d2", symbol="S/PRST/2013/12", title="安全理事会主席声明", paragraph=4,
                quote="安全理事会强调", score=0.5, text="安全理事会强调……", date=None)


def answer(text: str, citations: tuple[Citation, ...], *, abstained: bool = False, language: str = "zh",
           sources: tuple[ParagraphHit, ...] = ()) -> Answer:
    return Answer(question="第2511(2020)号决议的表决结果如何？", text=text, citations=citations, abstained=abstained,
                  sources=sources, language=language, standalone_question="第2511(2020)号决议的表决结果如何？",
                  method="abstain" if abstained else "llm")


def test_segments_split_text_and_markers() -> None:
    a = answer("甲[1]。乙[2][1]丙[1, 2]丁[7]", (RES, PRST))
    assert segments(a) == ["甲", 1, "。乙", 2, 1, "丙", 1, 2, "丁"]


def test_footnote_names_symbol_or_title_date_paragraph_and_quote() -> None:
    assert footnote_text(RES, "zh") == f"{RES.title}（文号不详）, 2020-11-09, ¶37: “{TALLY}”"
    assert footnote_text(RES, "en") == f"{RES.title} (symbol unknown), 2020-11-09, ¶37: “{TALLY}”"
    assert footnote_text(PRST, "en") == "S/PRST/2013/12, n.d., ¶4: “安全理事会强调”"
    assert footnote_text(PRST, "zh").startswith("S/PRST/2013/12, 无日期, ¶4")
    article = Citation(doc_id="c", symbol=None, title="联合国宪章", paragraph=106, quote="自卫之自然权利", score=1.0,
                       text="……不得认为禁止行使单独或集体自卫之自然权利。", article="第五十一条")
    assert footnote_text(article, "zh") == "联合国宪章（文号不详）, 无日期, 第五十一条 ¶106: “自卫之自然权利”"


def test_markdown_footnote_links_the_symbol() -> None:
    assert footnote_markdown(PRST, "zh") == ("[S/PRST/2013/12](https://undocs.org/zh/S/PRST/2013/12), 无日期, ¶4: "
                                             "“安全理事会强调”")
    assert footnote_markdown(PRST, "en").startswith("[S/PRST/2013/12](https://undocs.org/en/S/PRST/2013/12), n.d.")
    resolution = Citation(doc_id="r", symbol="S/RES/2511 (2020)", title="第2511(2020)号决议", paragraph=3,
                          quote="决定", score=1.0, date="2020-02-25")
    assert footnote_markdown(resolution, "zh").startswith(
        "[S/RES/2511 (2020)](https://undocs.org/zh/S/RES/2511(2020)), 2020-02-25, ¶3")
    assert footnote_markdown(RES, "zh") == footnote_text(RES, "zh")  # nothing to link


def test_markdown_has_footnote_references_and_definitions() -> None:
    text = f"{TALLY}[1]主席声明也有说明。[2]"
    markdown = briefing_markdown(answer(text, (RES, PRST)))
    lines = markdown.splitlines()
    assert lines[0] == "**问题：** 第2511(2020)号决议的表决结果如何？"
    assert f"{TALLY}[^1]主席声明也有说明。[^2]" in lines
    assert f"[^1]: {RES.title}（文号不详）, 2020-11-09, ¶37: “{TALLY}”" in lines
    assert "[^2]: [S/PRST/2013/12](https://undocs.org/zh/S/PRST/2013/12), 无日期, ¶4: “安全理事会强调”" in lines
    assert "[1]" not in markdown


def test_abstention_briefing_lists_closest_passages_without_footnotes() -> None:
    hit = ParagraphHit(doc_id="d1", symbol=None, title="信", paragraph=39, text="决议以14票赞成、1票弃权获得通过。",
                       score=0.3, date="2013-04-26")
    named = ParagraphHit(doc_id="d2", symbol="S/2013/163", title="报告", paragraph=2, text="报告全文。", score=0.2)
    markdown = briefing_markdown(answer("所提供的文件中没有找到该问题的答案。", (), abstained=True,
                                        sources=(hit, named)))
    assert "> **未能回答：** 所提供的文件中没有找到该问题的答案。" in markdown
    assert "最接近的段落：" in markdown and "- 信（文号不详）, 2013-04-26, ¶39: 决议以14票赞成" in markdown
    assert "- [S/2013/163](https://undocs.org/zh/S/2013/163), 无日期, ¶2: 报告全文。" in markdown
    assert "[^" not in markdown


def test_docx_has_one_real_footnote_per_citation(tmp_path: Path) -> None:
    from docx import Document

    path = briefing_docx(answer(f"{TALLY}[1]另见[2]。", (RES, PRST)), tmp_path / "out" / "b.docx")
    assert path.is_file()
    notes = read_docx_footnotes(path)
    assert notes == [footnote_text(RES, "zh"), footnote_text(PRST, "zh")]
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "问题：第2511(2020)号决议的表决结果如何？" in text and TALLY in text
    body = doc.element.body.xml
    assert body.count("w:footnoteReference") == 2 and 'w:id="1"' in body and 'w:id="2"' in body
    with zipfile.ZipFile(path) as package:
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
        rels = package.read("word/_rels/footnotes.xml.rels").decode("utf-8")
    # the symbol is a hyperlink to the UN's copy; the letter without a symbol has none
    assert footnotes.count("<w:hyperlink ") == 1 and 'Target="https://undocs.org/zh/S/PRST/2013/12"' in rels
    assert 'TargetMode="External"' in rels


def test_docx_of_an_abstention_has_no_footnotes(tmp_path: Path) -> None:
    path = briefing_docx(answer("The provided documents do not answer this question.", (), abstained=True,
                                language="en"), tmp_path / "a.docx")
    assert read_docx_footnotes(path) == []
    from docx import Document

    assert any("Not answered: The provided documents" in p.text for p in Document(str(path)).paragraphs)


def test_docx_closest_passages_link_the_symbol(tmp_path: Path) -> None:
    hits = (ParagraphHit(doc_id="d2", symbol="S/2013/163", title="Report", paragraph=2, text="Full text.", score=0.2),
            ParagraphHit(doc_id="d1", symbol=None, title="Letter", paragraph=9, text="Adopted.", score=0.1))
    path = briefing_docx(answer("Not found.", (), abstained=True, language="en", sources=hits), tmp_path / "c.docx")
    from docx import Document

    bullets = [p.text for p in Document(str(path)).paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets == ["S/2013/163, n.d., ¶2: Full text.", "Letter (symbol unknown), n.d., ¶9: Adopted."]
    with zipfile.ZipFile(path) as package:
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert 'Target="https://undocs.org/en/S/2013/163"' in rels and body.count("<w:hyperlink ") == 1
