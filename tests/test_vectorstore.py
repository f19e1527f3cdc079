"""The chunk collection's HNSW search width: set on a new collection and on one already on disk, and wide enough
that the nearest chunks it returns are the exact ones."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.records import Chunk
from ingest.vectorstore import ChunkVectors, chroma_client, set_ef_search
from unscqa.settings import Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="hashing")


def _chunks(count: int) -> list[Chunk]:
    return [Chunk(chunk_id=f"c{i}", doc_id=f"d{i % 7}", paragraph=i, part=0, text=f"chunk {i}",
                  metadata={"doc_id": f"d{i % 7}"}) for i in range(count)]


def test_a_new_collection_and_a_reopened_one_search_with_the_width_asked(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    vectors = ChunkVectors(chroma_client(settings), "chunks", ef_search=700)
    assert vectors.collection.configuration["hnsw"]["ef_search"] == 700
    rng = np.random.default_rng(0)
    vectors.add(_chunks(20), rng.normal(size=(20, 16)).astype(np.float32))
    reopened = ChunkVectors(chroma_client(settings), "chunks", ef_search=1500)
    assert reopened.collection.configuration["hnsw"]["ef_search"] == 1500
    assert reopened.count() == 20  # a query-time setting: nothing re-indexed or lost


def test_the_wide_search_returns_the_exact_nearest_chunks(tmp_path: Path) -> None:
    from llama_index.core.vector_stores.types import VectorStoreQuery

    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(3000, 32)).astype(np.float32)
    vectors = ChunkVectors(chroma_client(_settings(tmp_path)), "chunks", ef_search=3000)
    vectors.add(_chunks(len(matrix)), matrix)
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    for query in rng.normal(size=(5, 32)).astype(np.float32):
        exact = {f"c{i}" for i in np.argsort(-(unit @ (query / np.linalg.norm(query))))[:50]}
        found = vectors.store.query(VectorStoreQuery(query_embedding=[float(x) for x in query], similarity_top_k=50))
        assert {node.node_id for node in found.nodes or []} == exact


class _OldServerCollection:
    configuration: dict[str, Any] = {}

    def modify(self, **_: Any) -> None:
        raise ValueError("unknown field: configuration")


def test_a_server_that_cannot_change_it_keeps_its_own_search_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        set_ef_search(_OldServerCollection(), 3000)
    assert "ef_search" in caplog.text
