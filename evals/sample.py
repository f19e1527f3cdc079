"""Draw the gate's fixed samples of question ids, stratified by split and family so every kind of question is in
them, reproducible with a seed: for the full (LLM) check, hand-written gold from both splits and generated silver
questions; for the retrieval check (fast, but 3,390 questions take 7 minutes on 2 cores), every gold question and a
larger silver sample.

    python -m evals.sample --gold 60 --silver 60 --retrieval-silver 600 --seed 7
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from evals.dataset import DEFAULT_SET, SILVER_SET, Question, load_questions

HERE = Path(__file__).resolve().parent


def stratified(questions: Sequence[Question], n: int, rng: random.Random) -> list[Question]:
    """n questions, spread over (split, family) strata in proportion to their size, at least one per stratum
    while n allows."""
    strata: dict[tuple[str, str], list[Question]] = defaultdict(list)
    for q in questions:
        strata[(q.split, q.family)].append(q)
    keys = sorted(strata)
    for key in keys:
        rng.shuffle(strata[key])
    chosen: list[Question] = []
    quota = {k: max(1, round(n * len(strata[k]) / max(1, len(questions)))) for k in keys}
    for key in keys:
        chosen += strata[key][:quota[key]]
    rng.shuffle(chosen)
    return sorted(chosen[:n], key=lambda q: q.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=int, default=60, help="hand-written questions")
    parser.add_argument("--silver", type=int, default=60, help="generated questions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--retrieval-silver", type=int, default=600, help="generated questions, retrieval check")
    parser.add_argument("--out", type=Path, default=HERE / "gate_sample.txt")
    parser.add_argument("--retrieval-out", type=Path, default=HERE / "gate_retrieval.txt")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    gold, silver = load_questions(DEFAULT_SET), load_questions(SILVER_SET)
    ids = [q.id for q in stratified(gold, args.gold, rng)] + [q.id for q in stratified(silver, args.silver, rng)]
    retrieval = [q.id for q in gold] + [q.id for q in stratified(silver, args.retrieval_silver, rng)]
    for path, chosen in ((args.out, ids), (args.retrieval_out, retrieval)):
        path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
        print(f"{len(chosen)} ids -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
