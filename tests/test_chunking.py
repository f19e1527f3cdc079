"""The context each chunk is indexed with: how a resolution is named, and nothing embedded twice."""

from __future__ import annotations

from dataclasses import replace

from ingest.chunking import chunk_document, document_subject, index_context
from ingest.records import Document, Paragraph


def _doc(title: str, symbol: str | None) -> Document:
    return Document(doc_id="d", source_path="x.txt", content_hash="h", title=title, paragraphs=(), symbol=symbol)


def test_resolution_is_named_in_chinese_and_english() -> None:
    context = index_context(_doc("242 (1967). Resolution of 22 November 1967", "S/RES/242 (1967)"),
                            Paragraph(number=3, text="Adopted unanimously."))
    assert context.split(" | ") == ["S/RES/242 (1967)", "第242(1967)号决议 resolution 242 (1967)",
                                    "242 (1967). Resolution of 22 November 1967"]


def test_a_heading_equal_to_the_title_is_not_repeated() -> None:
    title = "2013年4月26日巴基斯坦常驻联合国代表给安全理事会主席的信"
    paragraph = Paragraph(number=5, text="……", heading_path=(title, "专题问题", "总结会议"))
    assert index_context(_doc(title, None), paragraph) == f"{title} | 专题问题 › 总结会议"
    assert index_context(_doc(title, None), Paragraph(number=1, text="……", heading_path=(title,))) == title


def _resolution(*texts: str) -> Document:
    paragraphs = tuple(Paragraph(number=n, text=t) for n, t in enumerate(texts, 1))
    return Document(doc_id="r", source_path="r.txt", content_hash="h", title="22 (1947). Resolution of 9 April 1947",
                    paragraphs=paragraphs, symbol="S/RES/22 (1947)", doc_type="resolution", language="en")


def test_an_operative_paragraph_is_indexed_with_its_resolutions_subject() -> None:
    # "Recommends that ... refer the dispute to the Court" never says which dispute: its preamble does
    doc = _resolution("The Security Council,", "Having considered statements concerning an incident in the Straits "
                      "of Corfu in which two British ships were damaged by mines,",
                      "Recommends that the Governments should immediately refer the dispute to the Court.")
    subject = document_subject(doc, 300)
    operative = index_context(doc, doc.paragraphs[2], subject)
    assert "Straits of Corfu" in operative and "British ships" in operative
    # the paragraphs the subject is taken from (the opening line included) are not indexed with it twice
    assert "Corfu" not in index_context(doc, doc.paragraphs[0], subject)
    assert "Corfu" not in index_context(doc, doc.paragraphs[1], subject)
    assert "Corfu" not in index_context(doc, doc.paragraphs[2], document_subject(doc, 0))  # off
    assert "Corfu" in chunk_document(doc, 600, 300)[2].index_text
    assert "Corfu" not in chunk_document(doc, 600)[2].index_text


def test_the_subject_is_cut_to_its_budget_at_a_word_and_kept_to_resolutions() -> None:
    preamble = "Recalling " + "its earlier resolutions " * 40
    doc = _resolution("The Security Council,", preamble, "Decides to remain seized of the matter.")
    subject, owners = document_subject(doc, 120)
    assert len(subject.encode()) <= 120 and preamble.startswith(subject + " ") and owners == {1, 2}
    chinese = replace(doc, paragraphs=(Paragraph(number=1, text="安全理事会,回顾其" + "关于南非局势的决议" * 20),
                                       Paragraph(number=2, text="决定继续处理此案。")))
    subject, _ = document_subject(chinese, 120)
    assert subject.startswith("回顾其关于南非") and len(subject.encode()) <= 120
    assert document_subject(replace(doc, doc_type="letter"), 120) == ("", frozenset())
    assert document_subject(doc, 0) == ("", frozenset())
