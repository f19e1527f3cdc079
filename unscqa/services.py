"""Wiring at the edge: build the store, embedder and indexes from settings, once, for a command or the UI.

Safe for many threads at once (the chat page's users). Readers (search, answers, the documents tab) share one store
connection and one published keyword index; `ingest` writes through a connection of its own, so a reader sees a
document only once its transaction has committed it whole, and the new keyword index replaces the old one by one
reference when the ingestion ends (an index is never changed in place). Readers never wait for an ingestion.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.llms import LLM

from ingest.docstore import DocStore
from ingest.embedder import Embedder, load_embedder
from ingest.keyword_index import KeywordIndex
from ingest.pipeline import Ingestor, IngestReport
from ingest.vectorstore import ChunkVectors, chroma_client
from rag.answer import AnswerEngine
from rag.filters import SearchFilters
from rag.rerank import PairScorer, load_scorer
from rag.retrieve import HybridRetriever, ParagraphSearch
from unscqa.settings import Settings

log = logging.getLogger("unscqa")


class SerializedEmbedder:
    """An embedder used by one thread at a time: a model's fast tokenizer is not safe to share between threads
    (it changes its truncation and padding state per call), and the chat page embeds queries for several users while
    an upload embeds its paragraphs. Everything else (`load`, `loaded`, ...) is the wrapped embedder's."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SerializedEmbedder({self.inner!r})"

    def __getattr__(self, name: str) -> Any:
        if name == "inner" or name.startswith("__"):  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        with self._lock:
            return self.inner.embed_documents(texts, progress)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return self.inner.embed_query(text)


@dataclass
class Services:
    """Lazily opened components; the embedder (slow to load) is only built when a command needs it."""

    settings: Settings
    embedder_override: Embedder | None = field(default=None, repr=False)
    llm_override: LLM | None = field(default=None, repr=False)
    scorer_override: PairScorer | None = field(default=None, repr=False)
    _keyword: KeywordIndex | None = field(default=None, init=False, repr=False, compare=False)
    _ingesting: bool = field(default=False, init=False, repr=False, compare=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    _write_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @cached_property
    def docstore(self) -> DocStore:
        return DocStore(self.settings.db_path)

    @cached_property
    def vectors(self) -> ChunkVectors:
        return ChunkVectors(chroma_client(self.settings), self.settings.collection,
                            ef_search=self.settings.dense_ef_search)

    @cached_property
    def embedder(self) -> Embedder:
        inner = self.embedder_override or load_embedder(self.settings)
        return inner if isinstance(inner, SerializedEmbedder) else SerializedEmbedder(inner)

    def ingestor(self) -> Ingestor:
        """An ingestor on the readers' store connection: for commands that do nothing else meanwhile. A process that
        answers while it ingests (the chat page) uses `ingest`."""
        return Ingestor(self.settings, self.embedder, self.docstore, self.vectors)

    def ingest(self, paths: Sequence[Path], *, prune: bool = False, show_progress: bool = False) -> IngestReport:
        """Ingest while others read: one ingestion at a time, written through its own store connection (a reader
        sees each document whole once committed, or not at all); the new keyword index is published at the end."""
        with self._write_lock:
            with self._index_lock:
                self._ingesting = True
            writer = DocStore(self.settings.db_path)
            try:
                return Ingestor(self.settings, self.embedder, writer, self.vectors).ingest(
                    paths, prune=prune, show_progress=show_progress)
            finally:
                writer.close()
                self._publish(self._saved_keyword_index())

    def keyword_index(self) -> KeywordIndex:
        """The published keyword index, reloaded when the store changed; while this process ingests, the one of
        before the ingestion (the new one is published when it ends)."""
        with self._index_lock:
            index = self._keyword
            if index is None or (not self._ingesting and index.generation != self.docstore.generation()):
                # mid-ingestion (first use only): built in memory, never saved over the index the ingestion writes
                index = (KeywordIndex.build(self.docstore) if self._ingesting
                         else KeywordIndex.load_or_build(self.settings.bm25_dir, self.docstore))
                self._keyword = index
            return index

    def _saved_keyword_index(self) -> KeywordIndex | None:
        try:
            return KeywordIndex.load_or_build(self.settings.bm25_dir, self.docstore)
        except Exception:  # the next reader builds it; the ingestion's own outcome is what the caller sees
            log.exception("reloading the keyword index after an ingestion failed")
            return None

    def _publish(self, index: KeywordIndex | None) -> None:
        with self._index_lock:
            self._ingesting = False
            self._keyword = index

    def search(self, *, mode: str = "hybrid", filters: SearchFilters | None = None) -> ParagraphSearch:
        retriever = HybridRetriever(
            embedder=self.embedder, vectors=self.vectors, keyword_index=self.keyword_index(),
            docstore=self.docstore, mode=mode, dense_weight=self.settings.fusion_dense_weight,
            named_weight=self.settings.fusion_named_weight, leaders=self.settings.fusion_leaders,
            rrf_k=self.settings.rrf_k, filters=filters, expand=self.settings.query_expansion)
        return ParagraphSearch(retriever, self.docstore, scorer=self.scorer,
                               rerank_depth=self.settings.rerank_depth)

    @cached_property
    def scorer(self) -> PairScorer | None:
        """The reranker's cross-encoder when one is configured; None (no reranking) by default."""
        return self.scorer_override or load_scorer(self.settings)

    @cached_property
    def llm(self) -> LLM:
        from rag.llm import load_llm

        return self.llm_override or load_llm(self.settings)

    def answer_engine(self, *, mode: str = "hybrid", filters: SearchFilters | None = None) -> AnswerEngine:
        s = self.settings
        return AnswerEngine(search=self.search(mode=mode, filters=filters), llm=self.llm,
                            filters=filters or SearchFilters(), embedder=self.embedder, top_n=s.answer_sources,
                            excerpt_chars=s.answer_excerpt_chars, retries=s.answer_retries,
                            grounded_share=s.grounded_share, translation_similarity=s.translation_similarity,
                            alignment_similarity=s.alignment_similarity, query_translation=s.query_translation,
                            translation_lead=s.translation_lead, which_share=s.which_share,
                            which_depth=s.which_depth, relation_share=s.relation_share)
