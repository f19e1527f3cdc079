"""ChromaDB through llama-index's ChromaVectorStore: on-disk by default, a Chroma server when configured."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.records import Chunk
from unscqa.settings import Settings

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore


class StoreError(RuntimeError):
    """The vector store cannot be reached or opened; the message names the setting to check."""


def chroma_client(settings: Settings) -> Any:
    """A Chroma client with telemetry off: PersistentClient under data_dir, or HttpClient to a server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_mode == "persistent":
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    if settings.chroma_mode == "http":
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                         settings=chroma_settings)
            client.heartbeat()
        except Exception as err:  # chromadb raises several kinds for a refused connection
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                             f"(UNSCQA_CHROMA_HOST / UNSCQA_CHROMA_PORT): {err}") from err
        return client
    raise StoreError(f"UNSCQA_CHROMA_MODE must be 'persistent' or 'http', not {settings.chroma_mode!r}")


def set_ef_search(collection: Any, ef_search: int) -> None:
    """Search the HNSW graph with `ef_search` candidates (Chroma's default is 100). At 100 the 50 nearest chunks
    it returns were not always the same in two processes over one store and one query vector (the last places
    changed), so retrieval, and every eval, moved between runs; a wider search finds the true neighbours. A
    query-time setting: changed on an existing collection, nothing is re-indexed."""
    configuration = getattr(collection, "configuration", None) or {}
    hnsw = configuration.get("hnsw") if isinstance(configuration, dict) else None
    if hnsw is not None and hnsw.get("ef_search") == ef_search:
        return
    try:
        collection.modify(configuration={"hnsw": {"ef_search": ef_search}})
    except Exception as err:  # an older Chroma server: its default search stays, answers still work
        log.warning("could not set the Chroma collection's ef_search to %d: %s", ef_search, err)


class ChunkVectors:
    """The chunk collection: add a document's chunks with their vectors, delete a document, query."""

    def __init__(self, client: Any, collection_name: str, *, ef_search: int = 0) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.collection = client.get_or_create_collection(
            collection_name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        if ef_search > 0:
            set_ef_search(self.collection, ef_search)
        self.store: ChromaVectorStore = ChromaVectorStore(chroma_collection=self.collection)

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode

        nodes: list[BaseNode] = []
        for chunk, vector in zip(chunks, vectors, strict=True):
            node = TextNode(id_=chunk.chunk_id, text=chunk.text, metadata=dict(chunk.metadata),
                            embedding=[float(x) for x in vector])
            node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.doc_id)
            nodes.append(node)
        if nodes:
            self.store.add(nodes)

    def delete_document(self, doc_id: str) -> None:
        self.store.delete(ref_doc_id=doc_id)

    def count(self) -> int:
        return int(self.collection.count())
