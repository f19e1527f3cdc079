"""The optional reranking stage: off by default, plugged in by a scorer, and a real local CrossEncoder folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from rag.rerank import CrossEncoderScorer, Reranker, RerankerError, load_scorer
from unscqa.services import Services
from unscqa.settings import Settings


class ContainsScorer:
    """Deterministic fake: a passage scores by how often it contains the marker, so the expected order is known."""

    name = "contains"

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.calls: list[int] = []

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        self.calls.append(len(passages))
        return [float(p.count(self.marker)) for p in passages]


def _nodes(*texts: str) -> list[NodeWithScore]:
    return [NodeWithScore(node=TextNode(id_=str(i), text=t), score=1.0 / (i + 1)) for i, t in enumerate(texts)]


def test_reranker_orders_by_the_scorer_and_keeps_top_n() -> None:
    nodes = _nodes("no marker", "x once", "x and x", "x")
    out = Reranker(ContainsScorer("x"), top_n=3).postprocess_nodes(nodes, query_bundle=QueryBundle("q"))
    assert [n.node.get_content() for n in out] == ["x and x", "x once", "x"]  # ties keep retrieval order
    assert [n.score for n in out] == [2.0, 1.0, 1.0]


def test_reranker_rejects_a_scorer_that_loses_passages() -> None:
    class Short(ContainsScorer):
        def score(self, query: str, passages: Sequence[str]) -> list[float]:
            return [1.0]

    with pytest.raises(RerankerError, match="1 scores for 2 passages"):
        Reranker(Short("x")).postprocess_nodes(_nodes("a", "b"), query_bundle=QueryBundle("q"))


def test_reranking_is_off_by_default_and_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    assert load_scorer(Settings.load(env={})) is None
    with pytest.raises(RerankerError, match="reranker model not found at .*nowhere"):
        load_scorer(Settings.load(env={}, reranker_model=str(tmp_path / "nowhere")))


def test_search_reranks_a_deeper_candidate_pool(seeds_dir: Path, hashing_settings: Settings) -> None:
    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir], show_progress=False)
    query = "第2511(2020)号决议的表决结果如何？"
    plain = services.search(mode="bm25").search(query, k=5)

    scorer = ContainsScorer("弃权")
    reranked = Services(replace(hashing_settings, rerank_depth=25), embedder_override=services.embedder,
                        scorer_override=scorer).search(mode="bm25").search(query, k=5)
    assert scorer.calls == [25]  # rescored 25 merged paragraphs, kept 5
    assert len(reranked) == 5
    counts = [h.text.count("弃权") for h in reranked]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert [h.score for h in reranked] == [float(c) for c in counts]
    assert [(h.doc_id, h.paragraph) for h in plain] != [(h.doc_id, h.paragraph) for h in reranked]


def _tiny_cross_encoder(folder: Path) -> Path:
    """A randomly initialised one-layer BERT cross-encoder saved as a local folder: exercises the real loading
    path (sentence-transformers CrossEncoder, offline) without any downloaded weights."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder.mkdir(parents=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"决议表决结果通过弃权票赞成安理会",
             *"abcdefghijklmnopqrstuvwxyz"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    tokenizer.save_pretrained(str(folder))
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, num_labels=1)
    transformers.BertForSequenceClassification(config).save_pretrained(str(folder))
    return folder


def test_a_local_cross_encoder_folder_loads_offline_and_scores(tmp_path: Path) -> None:
    folder = _tiny_cross_encoder(tmp_path / "tiny-ce")
    scorer = load_scorer(Settings.load(env={}, models_dir=tmp_path, reranker_model="tiny-ce"))
    assert isinstance(scorer, CrossEncoderScorer)
    passages = ["以13票赞成、2票弃权通过", "安理会", "abc"]
    scores = scorer.score("表决结果", passages)
    assert len(scores) == 3 and len(set(scores)) == 3  # one distinct score per passage
    assert scorer.score("表决结果", passages) == scores  # deterministic
    assert scorer.score("表决结果", []) == []
    out = Reranker(scorer, top_n=3).postprocess_nodes(_nodes(*passages), query_bundle=QueryBundle("表决结果"))
    assert [n.score for n in out] == sorted(scores, reverse=True)
    assert folder.name in scorer.name
