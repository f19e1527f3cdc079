"""Ingestion: files -> numbered paragraphs -> chunks -> embeddings in Chroma, a BM25 index and a docstore.

Public API: `Ingestor` (run ingestion), `IngestReport`, `parse_text` (pure parsing), the records, `DocStore`,
`ChunkVectors`/`chroma_client` (the vector store), `KeywordIndex`, `load_embedder`. Names resolve lazily so
that importing a pure leaf module (`ingest.normalize`) does not pull in the store or the model.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BadInputError": "ingest.loaders", "load_text": "ingest.loaders",
    "Chunk": "ingest.records", "Document": "ingest.records", "Paragraph": "ingest.records",
    "ParsedDocument": "ingest.records", "HEADER_LABEL": "ingest.records", "HEADER_NUMBER": "ingest.records",
    "ChunkVectors": "ingest.vectorstore", "chroma_client": "ingest.vectorstore",
    "DocStore": "ingest.docstore",
    "Embedder": "ingest.embedder", "load_embedder": "ingest.embedder",
    "IngestReport": "ingest.pipeline", "Ingestor": "ingest.pipeline",
    "KeywordIndex": "ingest.keyword_index",
    "parse_text": "ingest.parse",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
