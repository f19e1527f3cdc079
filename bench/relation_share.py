"""How much of a question's words the cited paragraphs state, for answered short-answer questions (issue 12).

Why: a short answer ("第二条", "34") can pass the fact check over a paragraph that is not about the asked relation;
this prints, per answered question, that share and whether the answer is right, to choose a floor on the dev split.

    UNSCQA_EMBEDDING_BACKEND=int8 .venv/bin/python bench/relation_share.py STORE dev entity,count,date,duration,meeting
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evals.dataset import load_questions  # noqa: E402
from evals.metrics import answer_correct  # noqa: E402
from rag.claims import relation_share  # noqa: E402
from rag.plan import plan_question  # noqa: E402
from unscqa.services import Services  # noqa: E402
from unscqa.settings import Settings  # noqa: E402


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} STORE dev|test KIND[,KIND...]")
    store, split, kinds = Path(sys.argv[1]), sys.argv[2], set(sys.argv[3].split(","))
    engine = Services(Settings.load(data_dir=store)).answer_engine()
    for q in load_questions(REPO / "evals" / "questions.jsonl"):
        plan = plan_question(q.question)
        if q.split != split or plan.kind not in kinds:
            continue
        answer = engine.ask(q.question)
        if answer.abstained:
            continue
        share = relation_share(plan.standalone, [f"{c.title or ''} {c.text}" for c in answer.citations])
        right = answer_correct(q, answer.text, answer.abstained)
        print(f"{share:.2f} {'right' if right else 'WRONG'} {q.id} {plan.kind} {answer.text[:50]!r}", flush=True)


if __name__ == "__main__":
    main()
