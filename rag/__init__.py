"""Retrieval and cited answers: llama-index components over the ingested store.

Public API: `HybridRetriever`, `ParagraphMerger`, `ParagraphSearch`, `ParagraphHit`, `SearchFilters`, `Citation`,
`Reranker` (optional cross-encoder stage) with its `PairScorer` interface.
Names resolve lazily so that pure leaf modules (`rag.citations`) import without llama-index.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "SearchFilters": "rag.filters",
    "HybridRetriever": "rag.retrieve", "ParagraphHit": "rag.retrieve", "ParagraphMerger": "rag.retrieve",
    "ParagraphSearch": "rag.retrieve",
    "Citation": "rag.citations",
    "Reranker": "rag.rerank", "CrossEncoderScorer": "rag.rerank", "PairScorer": "rag.rerank",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
