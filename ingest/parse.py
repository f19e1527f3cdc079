"""The pure parsing stage: decoded text -> ParsedDocument (paragraphs with heading paths, labels and metadata).

Why a separate stage: it needs no store, model or UI, so it is fast, deterministic and testable on its own;
the pipeline numbers the paragraphs (the header lines stating the document's symbol and date, when it has them,
as paragraph 0; the body 1..n) and takes it from there.
"""

from __future__ import annotations

from ingest.header import header_paragraph
from ingest.metadata import extract_metadata, split_subject_line
from ingest.records import ParagraphDraft, ParsedDocument
from ingest.structure import analyse_layout


def parse_text(text: str, *, filename: str = "") -> ParsedDocument:
    """Parse one document's text; filename is only a hint (resolution files carry their symbol in the name)."""
    subjects, body = split_subject_line(text)
    layout = analyse_layout(body)
    paragraphs = layout.paragraphs or _fallback_paragraphs(layout.headings)
    meta = extract_metadata(body=layout.text, headings=layout.headings, header=layout.header,
                            furniture=layout.furniture, first_text=paragraphs[0].text if paragraphs else "",
                            filename=filename, subjects=subjects)
    header = header_paragraph(layout) if layout.paragraphs else None  # never a document of header lines alone
    return ParsedDocument(title=meta.title, paragraphs=paragraphs, symbol=meta.symbol, symbols=meta.symbols,
                          date=meta.date, doc_type=meta.doc_type, subjects=meta.subjects, language=meta.language,
                          header=header)


def _fallback_paragraphs(headings: tuple[str, ...]) -> tuple[ParagraphDraft, ...]:
    """A text made only of short lines still yields its lines as paragraphs rather than nothing."""
    return tuple(ParagraphDraft(text) for text in headings if text.strip())
