"""Chunks never cross a paragraph boundary; a long paragraph splits at sentence boundaries."""

from __future__ import annotations

from ingest.metadata import resolution_parts
from ingest.records import Chunk, Document, Paragraph
from ingest.sentences import split_sentences

HEADING_SEPARATOR = " › "


def chunk_document(doc: Document, max_chars: int) -> list[Chunk]:
    return [chunk for p in doc.paragraphs for chunk in chunk_paragraph(doc, p, max_chars)]


def chunk_paragraph(doc: Document, paragraph: Paragraph, max_chars: int) -> list[Chunk]:
    metadata = chunk_metadata(doc, paragraph)
    context = index_context(doc, paragraph)
    return [
        Chunk(chunk_id=f"{doc.doc_id}:{paragraph.number}:{part}", doc_id=doc.doc_id, paragraph=paragraph.number,
              part=part, text=text, heading_path=paragraph.heading_path, metadata={**metadata, "part": part},
              context=context)
        for part, text in enumerate(pack_sentences(paragraph.text, max_chars))
    ]


def index_context(doc: Document, paragraph: Paragraph) -> str:
    """Symbol (with the Chinese and English ways of naming a resolution), title and heading path."""
    parts = []
    if doc.symbol:
        parts.append(doc.symbol)
        number, year = resolution_parts(doc.symbol, whole=True) or ("", None)
        if year:
            parts.append(f"第{number}({year})号决议 resolution {number} ({year})")
    if doc.title and doc.title not in parts:
        parts.append(doc.title)
    headings = paragraph.heading_path
    if headings and headings[0] == doc.title:  # a document's first heading is often its title: embed it once
        headings = headings[1:]
    if headings:
        parts.append(HEADING_SEPARATOR.join(headings))
    return " | ".join(parts)


def pack_sentences(text: str, max_chars: int) -> list[str]:
    """Greedily pack whole sentences into pieces of at most max_chars, each a verbatim slice of the paragraph.

    A single sentence longer than max_chars is cut at max_chars, as a last resort.
    """
    if len(text) <= max_chars:
        return [text]
    bounds = sentence_ends(text)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        limit = start + max_chars
        ends = [e for e in bounds if start < e <= limit]
        end = ends[-1] if ends else min(limit, len(text))
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def sentence_ends(text: str) -> list[int]:
    """End offsets of the sentences of text, located in the original string (whitespace kept)."""
    ends: list[int] = []
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found < 0:
            continue
        position = found + len(sentence)
        ends.append(position)
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def chunk_metadata(doc: Document, paragraph: Paragraph) -> dict[str, str | int | float]:
    """Flat metadata (Chroma accepts scalars only); date_int makes date ranges filterable."""
    return {
        "doc_id": doc.doc_id,
        "paragraph": paragraph.number,
        "label": paragraph.label or "",
        "heading_path": HEADING_SEPARATOR.join(paragraph.heading_path),
        "symbol": doc.symbol or "",
        "title": doc.title,
        "doc_type": doc.doc_type,
        "date": doc.date or "",
        "date_int": int(doc.date.replace("-", "")) if doc.date else 0,
        "language": doc.language,
        "subjects": "|".join(doc.subjects),
        "source_stem": doc.source_stem,
    }
