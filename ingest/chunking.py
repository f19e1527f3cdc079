"""Chunks never cross a paragraph boundary; a long paragraph splits at sentence boundaries."""

from __future__ import annotations

import re

from ingest.metadata import resolution_parts
from ingest.records import HEADER_NUMBER, Chunk, Document, Paragraph
from ingest.sentences import split_sentences

HEADING_SEPARATOR = " › "
# the organ's opening line of a resolution ("The Security Council,", "安全理事会,"), which says nothing of its subject
_ORGAN_OPENING = re.compile(r"^\s*(?:The Security Council|安全理事会)\s*[,，:：]?\s*", re.IGNORECASE)


def chunk_document(doc: Document, max_chars: int, subject_bytes: int = 0) -> list[Chunk]:
    subject = document_subject(doc, subject_bytes)  # once per document, not once per paragraph
    return [chunk for p in doc.paragraphs for chunk in chunk_paragraph(doc, p, max_chars, subject)]


def chunk_paragraph(doc: Document, paragraph: Paragraph, max_chars: int,
                    subject: tuple[str, frozenset[int]] = ("", frozenset())) -> list[Chunk]:
    metadata = chunk_metadata(doc, paragraph)
    context = index_context(doc, paragraph, subject)
    return [
        Chunk(chunk_id=f"{doc.doc_id}:{paragraph.number}:{part}", doc_id=doc.doc_id, paragraph=paragraph.number,
              part=part, text=text, heading_path=paragraph.heading_path, metadata={**metadata, "part": part},
              context=context)
        for part, text in enumerate(pack_sentences(paragraph.text, max_chars))
    ]


def document_subject(doc: Document, max_bytes: int) -> tuple[str, frozenset[int]]:
    """What a resolution is about, in its own words: its first preambular paragraph (after "The Security
    Council,"), up to max_bytes of UTF-8 (about max_bytes English or a third as many Chinese characters), cut at a
    word; with the numbers of the paragraphs it was read from. ("", {}) for other documents, or max_bytes 0."""
    if doc.doc_type != "resolution" or max_bytes <= 0:
        return "", frozenset()
    numbers: set[int] = set()
    text = ""
    for paragraph in doc.body:
        text = _ORGAN_OPENING.sub("", paragraph.text).strip()
        numbers.add(paragraph.number)  # the opening line alone too: a short chunk would match on its context only
        if text:
            break
    subject = text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    if len(subject) < len(text) and " " in subject[-40:]:
        subject = subject[:subject.rindex(" ")]  # an English cut ends at a word
    return subject.strip(), frozenset(numbers)


def index_context(doc: Document, paragraph: Paragraph,
                  subject: tuple[str, frozenset[int]] = ("", frozenset())) -> str:
    """Symbol (with the Chinese and English ways of naming a resolution), title, the resolution's subject
    (`document_subject`; not on the header nor on the paragraphs it is read from) and heading path. The subject lets a
    question that describes a resolution find its operative paragraph: "Recommends that the United Kingdom and
    Albanian Governments should immediately refer the dispute to the International Court" never says which
    dispute; its preamble ("an incident ... in the Straits of Corfu") does."""
    parts = []
    if doc.symbol:
        parts.append(doc.symbol)
        number, year = resolution_parts(doc.symbol, whole=True) or ("", None)
        if year:
            parts.append(f"第{number}({year})号决议 resolution {number} ({year})")
    if doc.title and doc.title not in parts:
        parts.append(doc.title)
    about, owners = subject
    if about and paragraph.number not in owners and paragraph.number != HEADER_NUMBER:
        parts.append(about)
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
