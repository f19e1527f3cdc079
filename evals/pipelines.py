"""The pipelines compared by the eval: ours (hybrid, bm25-only, dense-only) and llama-index's stock one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from evals.runner import AnswerOutcome, Ranked
from rag.answer import AnswerEngine
from unscqa.services import Services

PIPELINES = ("hybrid", "bm25", "dense", "stock")


def retriever_for(services: Services, pipeline: str, k: int) -> Callable[[str], Ranked]:
    if pipeline == "stock":
        return _stock(services, k)[0]
    search = services.search(mode=pipeline)
    return lambda question: [(h.source_stem, h.text) for h in search.search(question, k=k)]


def answerer_for(services: Services, pipeline: str, k: int) -> Callable[[str], AnswerOutcome]:
    if pipeline == "stock":
        return _stock(services, k)[1]
    engine: AnswerEngine = services.answer_engine(mode=pipeline)
    engine.k = max(engine.k, k)

    def answer(question: str) -> AnswerOutcome:
        result = engine.ask(question)
        return AnswerOutcome(
            text=result.text, abstained=result.abstained,
            ranked=[(h.source_stem, h.text) for h in result.sources[:k]],
            cited=[(_stem(services, c.doc_id), c.checked_text, c.quote) for c in result.citations],
            latency_ms=result.latency_ms, strategy=result.method)

    return answer


def _stem(services: Services, doc_id: str) -> str:
    doc = services.docstore.document_summary(doc_id)
    return doc.source_stem if doc else ""


def _stock(services: Services, k: int) -> tuple[Callable[[str], Ranked], Callable[[str], AnswerOutcome]]:
    """VectorStoreIndex over the same Chroma collection, the same embedding model through HuggingFaceEmbedding,
    and its default query engine with the same LLM: no fusion, no paragraph merging, no citations."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from llama_index.core import VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    embed_model = HuggingFaceEmbedding(model_name=str(services.settings.embedding_path), device="cpu")
    index = VectorStoreIndex.from_vector_store(services.vectors.store, embed_model=embed_model)
    retriever = index.as_retriever(similarity_top_k=k)

    def ranked(nodes: list[Any]) -> Ranked:
        out = []
        for n in nodes:
            meta = n.node.metadata
            paragraph = services.docstore.paragraph(str(meta.get("doc_id")), int(meta.get("paragraph", -1)))
            out.append((str(meta.get("source_stem", "")), paragraph.text if paragraph else n.node.get_content()))
        return out

    def retrieve(question: str) -> Ranked:
        return ranked(retriever.retrieve(question))

    def answer(question: str) -> AnswerOutcome:
        started = time.perf_counter()
        engine = index.as_query_engine(llm=services.llm)  # its defaults: top-2 chunks, compact synthesis
        response = engine.query(question)
        return AnswerOutcome(text=str(getattr(response, "response", "") or ""), abstained=False,
                             ranked=ranked(response.source_nodes or []), cited=[],
                             latency_ms=(time.perf_counter() - started) * 1000)

    return retrieve, answer
