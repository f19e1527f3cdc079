"""Ingestion: files -> parsed documents -> paragraph chunks -> embeddings -> Chroma + docstore + BM25.

Incremental (unchanged files are skipped without reading them, identical content is stored once), and safe
against a kill: a document's vectors go in first, its docstore rows are then committed in one transaction,
and vectors of documents that never got committed are removed at the start of the next run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.chunking import chunk_document
from ingest.docstore import DocStore, SourceState
from ingest.embedder import Embedder
from ingest.keyword_index import KeywordIndex
from ingest.loaders import SUPPORTED_SUFFIXES, BadInputError, load_text
from ingest.parse import parse_text
from ingest.records import HEADER_NUMBER, Chunk, Document, Paragraph, ParsedDocument
from ingest.tokenize import tokenize
from ingest.vectorstore import ChunkVectors
from unscqa.settings import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 3
EMBED_GROUP_CHUNKS = 256  # chunks embedded together, so length bucketing has material to work with
# Bump when parsing, chunking or index text change: a data directory built by another version would silently
# skip unchanged files and keep stale chunks, so it is refused instead.
INDEX_VERSION = "4"  # 4: a document's header lines are its paragraph 0


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # "ingested", "unchanged", "duplicate", "failed"
    doc_id: str | None = None
    reason: str = ""
    paragraphs: int = 0
    chunks: int = 0


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0  # chunks actually run through the model (cache misses)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every file is in, 3 when some failed and others went in, 1 when nothing could be ingested."""
        if not self.failures:
            return EXIT_OK
        return EXIT_PARTIAL if len(self.failures) < len(self.results) else EXIT_FAILED


class IngestError(RuntimeError):
    """Ingestion cannot run at all (not a per-file problem)."""


@dataclass
class Pending:
    """A parsed, chunked document waiting for its vectors (picklable: it comes back from Ray workers)."""

    document: Document
    chunks: list[Chunk]
    source: SourceState


@dataclass
class EmbedPlan:
    """The vectors of a group's chunks: found in the cache, to embed now (distinct texts), or to be read from
    the cache later (embedded for an earlier group still in flight)."""

    hashes: list[str]
    known: dict[str, np.ndarray]
    todo: dict[str, str]
    later: dict[str, str]

    @property
    def texts(self) -> list[str]:
        return list(self.todo.values())


Progress = Callable[[str, int], None]


class Ingestor:
    def __init__(self, settings: Settings, embedder: Embedder, docstore: DocStore, vectors: ChunkVectors) -> None:
        self.settings = settings
        self.embedder = embedder
        self.docstore = docstore
        self.vectors = vectors

    def ingest(self, paths: Sequence[Path], *, prune: bool = False, show_progress: bool = True) -> IngestReport:
        """Ingest files and folders; returns a per-file report (bad files are reported, never fatal)."""
        started = time.perf_counter()
        self.begin()
        report = IngestReport()
        files = self.collect(paths, report)
        batch: list[Pending] = []
        bar = progress_bar(len(files), show_progress)
        for path in files:
            result, pending = self._prepare(path)
            if pending is None:
                report.results.append(result)
            else:
                batch.append(pending)
                if sum(len(p.chunks) for p in batch) >= EMBED_GROUP_CHUNKS:
                    self._flush(batch, report)
                    batch = []
            bar.update(1)
            bar.set_postfix(chunks=sum(r.chunks for r in report.results), refresh=False)
        self._flush(batch, report)
        bar.close()
        self.finish(report, prune=prune, started=started)
        return report

    # -- the steps of a run, shared with the Ray engine (ingest/ray_engine.py) ---------------------------------
    def begin(self) -> None:
        """Before any file: refuse a store of another embedder or index version, and finish a killed run."""
        self._check_embedder()
        self.recover()

    def collect(self, paths: Sequence[Path], report: IngestReport) -> list[Path]:
        """The files to look at; missing paths go into the report as failed."""
        files, missing = collect_files(paths)
        report.results.extend(FileResult(str(p), "failed", reason="no such file or directory") for p in missing)
        return files

    def finish(self, report: IngestReport, *, prune: bool, started: float) -> None:
        if prune:
            report.pruned = self.prune()
        self.refresh_keyword_index()
        report.seconds = time.perf_counter() - started

    def unchanged(self, path: Path) -> FileResult | None:
        """'unchanged' when a stored document came from this path with this size and mtime (nothing is read);
        'failed' when the file cannot be looked at; None when it has to be read."""
        key = str(path)
        try:
            stat = path.stat()
        except OSError as err:
            return file_failure(key, err)
        known = self.docstore.source(key)
        if (known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns
                and self.docstore.has_document(known.doc_id)):
            return FileResult(key, "unchanged", known.doc_id)
        return None

    def admit(self, source: SourceState) -> FileResult | None:
        """'unchanged' or 'duplicate' when this content is already stored (the path is pointed at it), else None."""
        if not self.docstore.has_document(source.doc_id):
            return None
        known = self.docstore.source(source.path)
        self.docstore.set_source(source)
        status = "unchanged" if known and known.doc_id == source.doc_id else "duplicate"
        return FileResult(source.path, status, source.doc_id)

    def recover(self) -> None:
        """Remove vectors of documents that were being written (or dropped) when a run was killed."""
        orphans = self.docstore.pending_orphans()
        for doc_id in orphans:
            self.vectors.delete_document(doc_id)
        self.docstore.clear_pending(orphans)

    def prune(self) -> list[str]:
        """Forget source files that no longer exist; returns the pruned paths."""
        gone = [s.path for s in self.docstore.sources() if not Path(s.path).exists()]
        self.docstore.remove_sources(gone)
        self.recover()
        return gone

    def refresh_keyword_index(self) -> KeywordIndex:
        return KeywordIndex.load_or_build(self.settings.bm25_dir, self.docstore)

    def _check_embedder(self) -> None:
        """Refuse to mix vectors of another embedder, or chunks of another index version or chunking, in one
        store."""
        has_documents = self.docstore.counts()["documents"] > 0
        chunking = f"max_chars {self.settings.chunk_max_chars}, subject_bytes {self.settings.chunk_subject_bytes}"
        for key, current in (("embedder", self.embedder.name), ("index_version", INDEX_VERSION),
                             ("chunking", chunking)):
            recorded = self.docstore.get_meta(key)
            if recorded is None or not has_documents:
                self.docstore.set_meta(key, current)
            elif recorded != current:
                raise IngestError(f"this data directory was built with {key} {recorded!r}, not {current!r}: "
                                  "ingest into a new --data-dir (or delete this one)")

    def _prepare(self, path: Path) -> tuple[FileResult, Pending | None]:
        """Read and parse one file unless it is unchanged or already stored under another path."""
        skipped = self.unchanged(path)
        if skipped is not None:
            return skipped, None
        try:
            stat = path.stat()
            text = load_text(path, max_bytes=self.settings.max_file_bytes)
        except Exception as err:
            return file_failure(str(path), err), None
        content_hash, source = source_of(text, path, stat.st_size, stat.st_mtime_ns)
        stored = self.admit(source)
        if stored is not None:
            return stored, None
        return prepare_text(text, path, content_hash, source, self.settings.chunk_max_chars,
                            self.settings.chunk_subject_bytes)

    def _flush(self, batch: list[Pending], report: IngestReport) -> None:
        """Embed a group of documents together, then store each one atomically."""
        if not batch:
            return
        vectors, embedded = self._embed([c for p in batch for c in p.chunks])
        self.commit(batch, vectors, embedded, report)

    def commit(self, batch: Sequence[Pending], vectors: np.ndarray, embedded: int, report: IngestReport) -> None:
        """Store each document of an embedded group atomically: vectors first, then its docstore rows."""
        report.embedded += embedded
        for pending in batch:  # pending first: a crash from here on leaves vectors that `recover` removes
            self.docstore.mark_pending(pending.document.doc_id)
            self.vectors.delete_document(pending.document.doc_id)
        # the group's vectors in one call (one per document was most of a commit's time); a document met twice
        # in a group (identical files) is written once
        rows: dict[str, tuple[Chunk, np.ndarray]] = {}
        for chunk, vector in zip((c for p in batch for c in p.chunks), vectors, strict=True):
            rows.setdefault(chunk.chunk_id, (chunk, vector))
        if rows:
            self.vectors.add([c for c, _ in rows.values()], np.stack([v for _, v in rows.values()]))
        for pending in batch:
            doc, chunks = pending.document, pending.chunks
            self.docstore.commit_document(doc, chunks, [tokenize(c.index_text) for c in chunks], pending.source)
            report.results.append(FileResult(pending.source.path, "ingested", doc.doc_id,
                                             paragraphs=len(doc.body), chunks=len(chunks)))
        self.recover()  # vectors of documents replaced in this group

    def _embed(self, chunks: list[Chunk]) -> tuple[np.ndarray, int]:
        """Vectors for chunks, embedding each distinct text once and reusing cached vectors."""
        plan = self.plan_embedding(chunks)
        fresh = self.embedder.embed_documents(plan.texts) if plan.todo else None
        return self.complete_embedding(plan, fresh)

    def plan_embedding(self, chunks: Sequence[Chunk], in_flight: Collection[str] = ()) -> EmbedPlan:
        """Which distinct chunk texts need the model: not cached, and not being embedded for an earlier group
        (`in_flight` text hashes: those are read from the cache when this group completes)."""
        hashes = [hashlib.sha1(c.index_text.encode("utf-8")).hexdigest() for c in chunks]
        known = self.docstore.cached_vectors(self.embedder.name, hashes)
        todo: dict[str, str] = {}
        later: dict[str, str] = {}
        for text_hash, chunk in zip(hashes, chunks, strict=True):
            if text_hash not in known:
                (later if text_hash in in_flight else todo)[text_hash] = chunk.index_text
        return EmbedPlan(hashes, known, todo, later)

    def complete_embedding(self, plan: EmbedPlan, fresh: np.ndarray | None) -> tuple[np.ndarray, int]:
        """The group's vectors in chunk order, caching the fresh ones; and how many texts were embedded."""
        if plan.todo:
            assert fresh is not None
            new = dict(zip(plan.todo.keys(), fresh, strict=True))
            self.docstore.cache_vectors(self.embedder.name, new)
            plan.known.update(new)
        if plan.later:
            plan.known.update(self.docstore.cached_vectors(self.embedder.name, sorted(plan.later)))
        if not plan.hashes:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32), 0
        return np.stack([plan.known[h] for h in plan.hashes]).astype(np.float32), len(plan.todo)


def source_of(text: str, path: Path, size: int, mtime_ns: int) -> tuple[str, SourceState]:
    """The content hash of a file's text and the source row that points its path at the document."""
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return content_hash, SourceState(str(path), content_hash[:16], size, mtime_ns)


def prepare_text(text: str, path: Path, content_hash: str, source: SourceState,
                 chunk_max_chars: int, subject_bytes: int) -> tuple[FileResult, Pending | None]:
    """Parse a file's text into a numbered document and cut it into chunks (no store involved: a Ray worker
    runs this too)."""
    key = str(path)
    try:
        document = build_document(text, path, source.doc_id, content_hash)
    except Exception as err:  # a parser bug must not lose the rest of the batch
        return file_failure(key, err), None
    if not document.paragraphs:
        return FileResult(key, "failed", reason="no paragraphs of text found"), None
    chunks = chunk_document(document, chunk_max_chars, subject_bytes)
    return FileResult(key, "ingested", source.doc_id), Pending(document, chunks, source)


def file_failure(key: str, err: Exception) -> FileResult:
    """The report line of a file that could not be read or parsed."""
    if isinstance(err, BadInputError):
        return FileResult(key, "failed", reason=str(err))
    if isinstance(err, OSError):
        return FileResult(key, "failed", reason=f"cannot read: {err.strerror or err}")
    return FileResult(key, "failed", reason=f"could not parse: {type(err).__name__}: {err}")


def build_document(text: str, path: Path, doc_id: str, content_hash: str) -> Document:
    parsed = parse_text(text, filename=path.name)
    return Document(doc_id=doc_id, source_path=str(path), content_hash=content_hash, title=parsed.title,
                    paragraphs=number_paragraphs(parsed), symbol=parsed.symbol, symbols=parsed.symbols,
                    date=parsed.date, doc_type=parsed.doc_type, subjects=parsed.subjects, language=parsed.language)


def number_paragraphs(parsed: ParsedDocument) -> tuple[Paragraph, ...]:
    """The body numbered 1..n, as it always was (citations stay valid); the header, if any, before it as 0."""
    body = tuple(Paragraph(number=i, text=p.text, heading_path=p.heading_path, label=p.label)
                 for i, p in enumerate((p for p in parsed.paragraphs if p.text.strip()), 1))
    header = parsed.header
    if header is None or not body:
        return body
    return (Paragraph(HEADER_NUMBER, header.text, header.heading_path, header.label), *body)


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Files named directly, plus supported files under folders (hidden ones skipped); and the missing paths."""
    files: list[Path] = []
    missing: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.exists():
            files.append(path)
        else:
            missing.append(path)
    return list(dict.fromkeys(files)), missing


def progress_bar(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="ingest", disable=not enabled, dynamic_ncols=True)
