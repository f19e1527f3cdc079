"""BM25 over jieba tokens (bm25s), persisted beside the store and rebuilt when the chunk set changes."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.docstore import DocStore


@dataclass(frozen=True)
class KeywordHit:
    chunk_id: str
    doc_id: str
    paragraph: int
    score: float


class KeywordIndex:
    """A bm25s index plus the chunk ids in index order; `generation` ties it to the docstore state it reflects."""

    def __init__(self, retriever: object | None, chunk_ids: list[str], doc_ids: list[str], paragraphs: list[int],
                 generation: int) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.doc_ids = doc_ids
        self.paragraphs = paragraphs
        self.generation = generation

    @classmethod
    def build(cls, docstore: DocStore) -> KeywordIndex:
        import bm25s

        chunk_ids: list[str] = []
        doc_ids: list[str] = []
        paragraphs: list[int] = []
        corpus: list[list[str]] = []
        for chunk_id, doc_id, paragraph, tokens in docstore.iter_chunk_tokens():
            chunk_ids.append(chunk_id)
            doc_ids.append(doc_id)
            paragraphs.append(paragraph)
            corpus.append(tokens or ["\u0000"])  # bm25s needs a token per document
        retriever = None
        if corpus:
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
        return cls(retriever, chunk_ids, doc_ids, paragraphs, docstore.generation())

    def save(self, directory: Path) -> None:
        """Write to a temporary folder and swap it in, so a kill never leaves a half-written index."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp / "bm25"))  # type: ignore[attr-defined]
        (tmp / "chunks.json").write_text(json.dumps(
            {"generation": self.generation, "chunk_ids": self.chunk_ids, "doc_ids": self.doc_ids,
             "paragraphs": self.paragraphs}))
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load_or_build(cls, directory: Path, docstore: DocStore) -> KeywordIndex:
        """The saved index when it matches the docstore's generation; otherwise rebuild and save it."""
        meta_path = directory / "chunks.json"
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text())
            if meta["generation"] == docstore.generation():
                retriever = None
                if (directory / "bm25").is_dir():
                    import bm25s

                    retriever = bm25s.BM25.load(str(directory / "bm25"))
                return cls(retriever, meta["chunk_ids"], meta["doc_ids"], meta["paragraphs"], meta["generation"])
        index = cls.build(docstore)
        index.save(directory)
        return index

    def search(self, tokens: list[str], k: int, allowed_docs: set[str] | None = None) -> list[KeywordHit]:
        """Top-k chunks by BM25 score (only positive scores), optionally restricted to some documents."""
        if self._retriever is None or not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]
        if allowed_docs is not None:
            mask = np.fromiter((d in allowed_docs for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [KeywordHit(self.chunk_ids[i], self.doc_ids[i], self.paragraphs[i], float(scores[i]))
                for i in top if scores[i] > 0]
