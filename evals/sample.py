"""Draw the gate's fixed sample of question ids: hand-written gold from both splits and generated silver questions,
stratified by split and family so every kind of question is in it. Reproducible with a seed.

    python -m evals.sample --gold 60 --silver 60 --seed 7 --out evals/gate_sample.txt
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from evals.dataset import DEFAULT_SET, SILVER_SET, Question, load_questions


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
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "gate_sample.txt")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    ids = [q.id for q in stratified(load_questions(DEFAULT_SET), args.gold, rng)]
    ids += [q.id for q in stratified(load_questions(SILVER_SET), args.silver, rng)]
    args.out.write_text("\n".join(ids) + "\n", encoding="utf-8")
    print(f"{len(ids)} ids -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
