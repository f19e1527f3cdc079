"""Tune the fusion weights on the eval questions (retrieval only): hit@1/@5/@10 and MRR for each weighting.

Usage: .venv/bin/python bench/fusion_sweep.py --data-dir STORE [--dense 0.5,1,1.5] [--named 1,2,3] [--rrf-k 60]
       [--leaders 0,1,2]
STORE is an ingested store of ../shared/seeds and ../shared/corpus (e.g. the eval gate's cached store).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    from evals.dataset import load_questions
    from evals.runner import run_retrieval, summarize
    from rag.retrieve import HybridRetriever, ParagraphSearch
    from unscqa.services import Services
    from unscqa.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--dense", default="0.5,0.75,1,1.5")
    parser.add_argument("--named", default="1,2,3")
    parser.add_argument("--rrf-k", default="60")
    parser.add_argument("--leaders", default="0,1,2")
    args = parser.parse_args()
    services = Services(Settings.load(data_dir=args.data_dir))
    questions = load_questions()
    keyword_index = services.keyword_index()
    print(f"{'dense':>6} {'named':>6} {'rrf_k':>6} {'lead':>5} {'hit@1':>6} {'hit@5':>6} {'hit@10':>6} {'mrr':>6}")
    grid = itertools.product(*(map(float, v.split(",")) for v in (args.dense, args.named, args.rrf_k, args.leaders)))
    for dense, named, rrf_k, leaders in grid:
        retriever = HybridRetriever(embedder=services.embedder, vectors=services.vectors,
                                    keyword_index=keyword_index, docstore=services.docstore, dense_weight=dense,
                                    named_weight=named, rrf_k=int(rrf_k), leaders=int(leaders))
        search = ParagraphSearch(retriever, services.docstore)
        results = run_retrieval(questions, lambda q, s=search: [(h.source_stem, h.text) for h in s.search(q, 10)])
        m = summarize(results)["overall"]
        print(f"{dense:>6} {named:>6} {int(rrf_k):>6} {int(leaders):>5} {m['hit@1']:>6.3f} {m['hit@5']:>6.3f} "
              f"{m['hit@10']:>6.3f} {m['mrr']:>6.3f}", flush=True)


if __name__ == "__main__":
    main()
