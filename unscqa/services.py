"""Wiring at the edge: build the store, embedder and indexes from settings, once, for a command or the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from llama_index.core.llms import LLM

from ingest.docstore import DocStore
from ingest.embedder import Embedder, load_embedder
from ingest.keyword_index import KeywordIndex
from ingest.pipeline import Ingestor
from ingest.vectorstore import ChunkVectors, chroma_client
from rag.answer import AnswerEngine
from rag.filters import SearchFilters
from rag.rerank import PairScorer, load_scorer
from rag.retrieve import HybridRetriever, ParagraphSearch
from unscqa.settings import Settings


@dataclass
class Services:
    """Lazily opened components; the embedder (slow to load) is only built when a command needs it."""

    settings: Settings
    embedder_override: Embedder | None = field(default=None, repr=False)
    llm_override: LLM | None = field(default=None, repr=False)
    scorer_override: PairScorer | None = field(default=None, repr=False)

    @cached_property
    def docstore(self) -> DocStore:
        return DocStore(self.settings.db_path)

    @cached_property
    def vectors(self) -> ChunkVectors:
        return ChunkVectors(chroma_client(self.settings), self.settings.collection)

    @cached_property
    def embedder(self) -> Embedder:
        return self.embedder_override or load_embedder(self.settings)

    def ingestor(self) -> Ingestor:
        return Ingestor(self.settings, self.embedder, self.docstore, self.vectors)

    def keyword_index(self) -> KeywordIndex:
        return KeywordIndex.load_or_build(self.settings.bm25_dir, self.docstore)

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
                            grounded_share=s.grounded_share, translation_similarity=s.translation_similarity)
