"""Metadata filters for retrieval, applied as the set of documents a search may return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ingest.records import Document


@dataclass(frozen=True)
class SearchFilters:
    """Empty fields mean "any"; dates are ISO strings compared inclusively."""

    symbols: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.symbols or self.doc_types or self.languages or self.subjects or self.doc_ids
                    or self.date_from or self.date_to)

    def matches(self, doc: Document) -> bool:
        if self.doc_ids and doc.doc_id not in self.doc_ids:
            return False
        if self.symbols and not _symbol_match(doc, self.symbols):
            return False
        if self.doc_types and doc.doc_type not in self.doc_types:
            return False
        if self.languages and doc.language not in self.languages:
            return False
        if self.subjects and not {s.upper() for s in self.subjects} & {s.upper() for s in doc.subjects}:
            return False
        if (self.date_from or self.date_to) and not doc.date:
            return False
        if self.date_from and doc.date and doc.date < self.date_from:
            return False
        return not (self.date_to and doc.date and doc.date > self.date_to)

    def allowed(self, documents: Iterable[Document]) -> set[str]:
        return {d.doc_id for d in documents if self.matches(d)}


def _symbol_match(doc: Document, symbols: tuple[str, ...]) -> bool:
    wanted = {_compact(s) for s in symbols}
    return doc.symbol is not None and _compact(doc.symbol) in wanted


def _compact(symbol: str) -> str:
    return "".join(symbol.split()).upper()
