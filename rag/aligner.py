"""Aligned paragraphs for citations: finds the cited document's version in the other official language in the
store (the same symbol; for the Charter, the other language's Charter) and its paragraph that says the same
(rag.align), with the embedder for the similarity check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ingest.docstore import DocStore
from ingest.embedder import Embedder
from ingest.metadata import canonical_symbol
from ingest.records import HEADER_LABEL, Document
from rag.align import Match, Passage, Rejected, align
from rag.citations import Aligned, Citation

ALIGNMENT_SIMILARITY = 0.5  # cosine floor of aligned paragraphs (rag.align; measured: python -m evals.alignment)
NO_VERSION = "no other version"


@dataclass
class ParagraphAligner:
    docstore: DocStore
    embedder: Embedder
    floor: float = ALIGNMENT_SIMILARITY
    _versions: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False)
    _generation: int = field(default=-1, init=False, repr=False)
    _vectors: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    def counterpart(self, doc: Document) -> Document | None:
        """The same document in the other official language, when the store holds it."""
        generation = self.docstore.generation()
        if generation != self._generation:
            self._versions = {}
            for other in self.docstore.documents():
                for key in _version_keys(other):
                    self._versions.setdefault(key, other.doc_id)
            self._generation = generation
        for doc_key, language in _version_keys(doc):
            found = self._versions.get((doc_key, "en" if language == "zh" else "zh"))
            if found and found != doc.doc_id:
                return self.docstore.document(found)
        return None

    def align(self, citation: Citation) -> Citation:
        """The citation with its aligned paragraph, or with the reason it has none."""
        doc = self.docstore.document(citation.doc_id)
        found, other = self.align_paragraph(doc, citation.paragraph) if doc else (None, None)
        if other is None or found is None:
            return replace(citation, alignment=NO_VERSION)
        if not isinstance(found, Match):
            return replace(citation, alignment=found.reason)
        paragraph = next(p for p in other.paragraphs if p.number == found.number)
        article = paragraph.label if paragraph.label and paragraph.label.startswith(("Article", "第")) else None
        aligned = Aligned(doc_id=other.doc_id, language=other.language, paragraph=paragraph.number,
                          text=paragraph.text, article=article, basis=found.basis,
                          similarity=round(found.similarity, 3), facts=found.facts)
        return replace(citation, aligned=aligned, alignment="")

    def align_paragraph(self, doc: Document, number: int) -> tuple[Match | Rejected | None, Document | None]:
        """The aligned paragraph of `doc`'s paragraph `number` in the other version, or why there is none, with
        that version; (None, None) without one."""
        other = self.counterpart(doc)
        cited = next((p for p in doc.paragraphs if p.number == number), None)
        if other is None or cited is None:
            return None, None
        passages = [_passage(p) for p in other.paragraphs]
        return align(_passage(cited), passages, self._similarities, floor=self.floor), other

    def _similarities(self, text: str, texts: Sequence[str]) -> list[float]:
        missing = [t for t in dict.fromkeys([text, *texts]) if t not in self._vectors]
        if missing:
            for t, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._vectors[t] = vector
            if len(self._vectors) > 4096:  # a bounded cache: the oldest half goes
                for key in list(self._vectors)[:2048]:
                    del self._vectors[key]
        probe = self._vectors[text]
        return [float(self._vectors[t] @ probe) for t in texts]


def _passage(paragraph: Any) -> Passage:
    label = None if paragraph.label == HEADER_LABEL else paragraph.label
    return Passage(paragraph.number, paragraph.text, label)


def _version_keys(doc: Document) -> list[tuple[str, str]]:
    """What the versions of one document share, with the language: its symbol; the Charter is one document."""
    keys = []
    if doc.symbol:
        keys.append((canonical_symbol(doc.symbol), doc.language))
    if doc.doc_type == "charter":
        keys.append(("charter", doc.language))
    return keys
