"""Optional reranking stage: a cross-encoder rescoring the merged paragraphs, as a llama-index node postprocessor.

Off by default: no Chinese cross-encoder ships offline through PyPI, so one is used only when a local folder is
configured (`UNSCQA_RERANKER_MODEL`). The scorer is an interface, so a test (or another model family) plugs in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle
from pydantic import PrivateAttr

from ingest.embedder import force_hub_offline

if TYPE_CHECKING:
    from unscqa.settings import Settings


class RerankerError(RuntimeError):
    """The configured reranker cannot be loaded (missing folder or dependency)."""


class PairScorer(Protocol):
    """Scores (query, passage) pairs; higher means more relevant. Only the order of the scores matters."""

    name: str

    def score(self, query: str, passages: Sequence[str]) -> list[float]: ...


class CrossEncoderScorer:
    """A sentence-transformers `CrossEncoder` loaded from a local folder on the CPU, never touching the network."""

    def __init__(self, path: Path, *, max_length: int = 512, batch_size: int = 16) -> None:
        path = Path(path)
        if not (path / "config.json").is_file():
            raise RerankerError(f"reranker model not found at {path}: expected a local cross-encoder folder "
                                "(config.json, weights, tokenizer); unset UNSCQA_RERANKER_MODEL to run without one")
        force_hub_offline()
        try:
            from sentence_transformers import CrossEncoder
        except ImportError as err:
            raise RerankerError(f"the reranker needs sentence-transformers ({err.name} is missing): "
                                "pip install sentence-transformers") from err
        self._model: Any = CrossEncoder(str(path), device="cpu", local_files_only=True, max_length=max_length)
        self.batch_size = batch_size
        self.name = f"cross-encoder:{path.name}"

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        scores = self._model.predict([(query, p) for p in passages], batch_size=self.batch_size,
                                     show_progress_bar=False, convert_to_numpy=True)
        return [float(s) for s in scores.reshape(len(passages), -1)[:, -1]]


class Reranker(BaseNodePostprocessor):
    """Reorders nodes by a pair scorer and keeps the best `top_n`; each node's score becomes the scorer's."""

    top_n: int = 10
    _scorer: PairScorer = PrivateAttr()

    def __init__(self, scorer: PairScorer, top_n: int = 10) -> None:
        super().__init__(top_n=top_n)  # type: ignore[call-arg]  # a pydantic field declared above
        self._scorer = scorer

    @classmethod
    def class_name(cls) -> str:
        return "Reranker"

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        if query_bundle is None or not nodes:
            return nodes[: self.top_n]
        scores = self._scorer.score(query_bundle.query_str, [n.node.get_content() for n in nodes])
        if len(scores) != len(nodes):
            raise RerankerError(f"{self._scorer.name} returned {len(scores)} scores for {len(nodes)} passages")
        order = sorted(range(len(nodes)), key=lambda i: -scores[i])  # stable: ties keep the retrieval order
        return [NodeWithScore(node=nodes[i].node, score=scores[i]) for i in order[: self.top_n]]


def load_scorer(settings: Settings) -> PairScorer | None:
    """The configured cross-encoder, or None when reranking is off (the default)."""
    if not settings.reranker_model:
        return None
    return CrossEncoderScorer(settings.reranker_path)
