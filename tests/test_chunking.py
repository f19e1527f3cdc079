"""The context each chunk is indexed with: how a resolution is named, and nothing embedded twice."""

from __future__ import annotations

from ingest.chunking import index_context
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
