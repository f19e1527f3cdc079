"""SQLite record of what is ingested: documents, paragraphs, chunks, source files and an embedding cache.

It is the source of truth for "is this document in": a document's rows are written in one transaction after
its vectors are in Chroma, and documents whose vectors were written but never committed are listed as
pending so the next run can remove them. That keeps a document all in or all out across a kill.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.records import Chunk, Document, Paragraph

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, content_hash TEXT NOT NULL, title TEXT NOT NULL,
    symbol TEXT, symbols TEXT NOT NULL, date TEXT, doc_type TEXT NOT NULL, subjects TEXT NOT NULL,
    language TEXT NOT NULL, n_paragraphs INTEGER NOT NULL, n_chars INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, number INTEGER NOT NULL,
    text TEXT NOT NULL, heading_path TEXT NOT NULL, label TEXT, PRIMARY KEY (doc_id, number)
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS paragraphs_label ON paragraphs(label);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, doc_id TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS embedding_cache (
    model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)
);
"""


@dataclass(frozen=True)
class SourceState:
    path: str
    doc_id: str
    size: int
    mtime_ns: int


class DocStore:
    """Thin typed wrapper over one SQLite file; every write method is one transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = str(path)
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._open_lock = threading.Lock()
        self._db.executescript(SCHEMA)

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection. Threads never share one: a statement left open by one thread keeps the shared
        connection's read snapshot, so other threads reading through it would never see a later commit."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=30, check_same_thread=False)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            with self._open_lock:
                self._open.append(db)
            self._local.db = db
        return db

    def close(self) -> None:
        with self._open_lock:
            for db in self._open:
                db.close()
            self._open.clear()
        self._local = threading.local()

    # -- meta -------------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """Bumped by every change to the set of chunks, so derived indexes know when they are stale."""
        return int(self.get_meta("generation") or 0)

    # -- sources ----------------------------------------------------------------------------------------
    def source(self, path: str) -> SourceState | None:
        row = self._db.execute("SELECT path, doc_id, size, mtime_ns FROM sources WHERE path = ?", (path,)).fetchone()
        return None if row is None else SourceState(*row)

    def sources(self) -> list[SourceState]:
        return [SourceState(*r) for r in self._db.execute("SELECT path, doc_id, size, mtime_ns FROM sources")]

    def set_source(self, state: SourceState) -> None:
        """Point a path at an already ingested document; drops the document it pointed at if now orphaned."""
        with self._db:
            old = self.source(state.path)
            self._db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                             (state.path, state.doc_id, state.size, state.mtime_ns))
            if old and old.doc_id != state.doc_id:
                self._drop_if_orphaned(old.doc_id)

    def remove_sources(self, paths: Iterable[str]) -> list[str]:
        """Forget paths; returns the doc ids that no path refers to any more (deleted here)."""
        dropped: list[str] = []
        with self._db:
            for path in paths:
                old = self.source(path)
                self._db.execute("DELETE FROM sources WHERE path = ?", (path,))
                if old and self._drop_if_orphaned(old.doc_id):
                    dropped.append(old.doc_id)
        return dropped

    def _drop_if_orphaned(self, doc_id: str) -> bool:
        if self._db.execute("SELECT 1 FROM sources WHERE doc_id = ?", (doc_id,)).fetchone():
            return False
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))  # its vectors go next
        self._bump()
        return True

    def _bump(self) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(self.generation() + 1),))

    # -- pending: vectors written (or to be removed) without a committed document -------------------------
    def mark_pending(self, doc_id: str) -> None:
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def pending_orphans(self) -> list[str]:
        """Pending doc ids with no committed document: their vectors must be deleted."""
        rows = self._db.execute(
            "SELECT doc_id FROM pending WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchall()
        return [r[0] for r in rows]

    def clear_pending(self, doc_ids: Sequence[str]) -> None:
        with self._db:
            self._db.executemany("DELETE FROM pending WHERE doc_id = ?", [(d,) for d in doc_ids])

    # -- documents --------------------------------------------------------------------------------------
    def commit_document(self, doc: Document, chunks: Sequence[Chunk], tokens: Sequence[list[str]],
                        source: SourceState) -> None:
        """Write a document, its paragraphs and chunks, and point its source at it: all or nothing."""
        with self._db:
            self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
            self._db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, doc.source_path, doc.content_hash, doc.title, doc.symbol, json.dumps(doc.symbols),
                 doc.date, doc.doc_type, json.dumps(doc.subjects), doc.language, len(doc.body),
                 sum(len(p.text) for p in doc.paragraphs)))
            self._db.executemany(
                "INSERT INTO paragraphs VALUES (?,?,?,?,?)",
                [(doc.doc_id, p.number, p.text, json.dumps(p.heading_path, ensure_ascii=False), p.label)
                 for p in doc.paragraphs])
            self._db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, c.paragraph, c.part, c.text, " ".join(t))
                 for c, t in zip(chunks, tokens, strict=True)])
            old = self.source(source.path)
            self._db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                             (source.path, source.doc_id, source.size, source.mtime_ns))
            if old and old.doc_id != doc.doc_id:
                self._drop_if_orphaned(old.doc_id)
            self._db.execute("DELETE FROM pending WHERE doc_id = ?", (doc.doc_id,))
            self._bump()

    def has_document(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def documents(self) -> list[Document]:
        """All documents with metadata (paragraphs not loaded: use `document` for those)."""
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY source_path").fetchall()
        return [_document(row, ()) for row in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        paragraphs = tuple(
            Paragraph(number=n, text=t, heading_path=tuple(json.loads(h)), label=lab)
            for n, t, h, lab in self._db.execute(
                "SELECT number, text, heading_path, label FROM paragraphs WHERE doc_id = ? ORDER BY number",
                (doc_id,)))
        return _document(row, paragraphs)

    def document_summary(self, doc_id: str) -> Document | None:
        """The document's metadata without loading its paragraphs."""
        row = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else _document(row, ())

    def paragraph_counts(self) -> dict[str, int]:
        """Body paragraphs per document, numbered 1..n (a header paragraph 0 is not counted)."""
        return {d: int(n) for d, n in self._db.execute("SELECT doc_id, n_paragraphs FROM documents")}

    def paragraph(self, doc_id: str, number: int) -> Paragraph | None:
        row = self._db.execute("SELECT number, text, heading_path, label FROM paragraphs WHERE doc_id = ? AND "
                               "number = ?", (doc_id, number)).fetchone()
        return None if row is None else Paragraph(row[0], row[1], tuple(json.loads(row[2])), row[3])

    def counts(self) -> dict[str, int]:
        return {table: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("documents", "paragraphs", "chunks", "sources")}

    def document_chunks(self, doc_id: str) -> list[tuple[str, int, str]]:
        """(chunk_id, paragraph, text) of one document's chunks in reading order."""
        return [(c, int(p), t) for c, p, t in self._db.execute(
            "SELECT chunk_id, paragraph, text FROM chunks WHERE doc_id = ? ORDER BY paragraph, part", (doc_id,))]

    def labelled_chunks(self, labels: Sequence[str]) -> list[tuple[str, str, int, str]]:
        """(chunk_id, doc_id, paragraph, label) of the chunks of paragraphs labelled so ("Article 51", "第五十一条"):
        a Charter article's number is in its label only."""
        wanted = list(labels)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        return [(c, d, int(p), lab) for c, d, p, lab in self._db.execute(
            "SELECT c.chunk_id, c.doc_id, c.paragraph, p.label FROM chunks c JOIN paragraphs p "
            f"ON p.doc_id = c.doc_id AND p.number = c.paragraph WHERE p.label IN ({marks}) "
            "ORDER BY c.doc_id, c.paragraph, c.part", wanted)]

    def chunk_texts(self, chunk_ids: Sequence[str]) -> dict[str, str]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return dict(self._db.execute(f"SELECT chunk_id, text FROM chunks WHERE chunk_id IN ({marks})", ids))

    def iter_chunk_tokens(self) -> Iterator[tuple[str, str, int, list[str]]]:
        """(chunk_id, doc_id, paragraph, tokens) of every committed chunk, in a stable order."""
        for chunk_id, doc_id, paragraph, tokens in self._db.execute(
                "SELECT chunk_id, doc_id, paragraph, tokens FROM chunks ORDER BY chunk_id"):
            yield chunk_id, doc_id, paragraph, tokens.split(" ") if tokens else []

    # -- embedding cache --------------------------------------------------------------------------------
    def cached_vectors(self, model: str, text_hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(text_hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start:start + 500]
            marks = ",".join("?" * len(batch))
            for text_hash, blob in self._db.execute(
                    f"SELECT text_hash, vector FROM embedding_cache WHERE model = ? AND text_hash IN ({marks})",
                    (model, *batch)):
                vector = np.frombuffer(blob, dtype=np.float32)
                if np.isfinite(vector).all():  # a store cached by an older release may hold a NaN: re-embed it
                    found[text_hash] = vector
        return found

    def cache_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Remember vectors by text hash; a non-finite one is never kept (it would be reused for ever)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embedding_cache VALUES (?, ?, ?)",
                                 [(model, h, v.astype(np.float32).tobytes()) for h, v in vectors.items()
                                  if np.isfinite(v).all()])


_DOC_COLUMNS = "doc_id, source_path, content_hash, title, symbol, symbols, date, doc_type, subjects, language"


def _document(row: tuple, paragraphs: tuple[Paragraph, ...]) -> Document:  # type: ignore[type-arg]
    doc_id, source_path, content_hash, title, symbol, symbols, date, doc_type, subjects, language = row
    return Document(doc_id=doc_id, source_path=source_path, content_hash=content_hash, title=title,
                    paragraphs=paragraphs, symbol=symbol, symbols=tuple(json.loads(symbols)), date=date,
                    doc_type=doc_type, subjects=tuple(json.loads(subjects)), language=language)
