"""Alignment precision and coverage (issue: both official languages side by side).

    python -m evals.alignment --data-dir STORE [--split dev|test|all] [--floor X]

Precision: of the aligned paragraphs shown for the gold sample (evals/alignment_gold.jsonl, judged by hand from
both texts), the share that is one of the paragraphs the gold accepts; abstention: of the gold paragraphs that have
no counterpart, the share for which none is shown. Coverage: of every paragraph of every document the store holds
in both languages (the Charter, the twelve resolution pairs), the share that gets an aligned paragraph. The floor is
chosen on the dev split; read test.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from evals.dataset import DEFAULT_SET
from rag.align import Match

GOLD = DEFAULT_SET.with_name("alignment_gold.jsonl")


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(aligner: Any, gold: list[dict[str, Any]], split: str = "all") -> dict[str, Any]:
    """Precision, recall and abstention over the gold items of a split; coverage over every paired document."""
    docs = {Path(d.source_path).stem: d for d in aligner.docstore.documents()}
    shown = correct = answerable = found = empty = abstained = stale = 0
    misses = []
    for item in gold:
        if split != "all" and item["split"] != split:
            continue
        summary = docs.get(item["document"])
        doc = aligner.docstore.document(summary.doc_id) if summary else None
        paragraph = next((p for p in doc.paragraphs if p.number == item["paragraph"]), None) if doc else None
        if paragraph is None or not paragraph.text.startswith(item["starts"]):
            stale += 1  # the parser numbers paragraphs differently now: the gold item needs redoing
            continue
        result, _ = aligner.align_paragraph(doc, item["paragraph"])
        got = result.number if isinstance(result, Match) else None
        answerable += bool(item["to"])
        empty += not item["to"]
        if got is not None:
            shown += 1
            correct += got in item["to"]
            found += got in item["to"]
        else:
            abstained += not item["to"]
        if (got is None) != (not item["to"]) or (got is not None and got not in item["to"]):
            misses.append({"id": item["id"], "to": item["to"], "got": got,
                           "why": getattr(result, "reason", None), "similarity": getattr(result, "similarity", None)})
    return {"split": split, "floor": aligner.floor, "gold_items": answerable + empty, "stale": stale,
            "shown": shown, "precision": _share(correct, shown), "recall": _share(found, answerable),
            "abstention": _share(abstained, empty), **coverage(aligner), "misses": misses}


def coverage(aligner: Any) -> dict[str, Any]:
    """Of the paragraphs of every document with a version in the other language, the share aligned."""
    total = aligned = 0
    for summary in aligner.docstore.documents():
        doc = aligner.docstore.document(summary.doc_id)
        if doc is None or aligner.counterpart(doc) is None:
            continue
        for paragraph in doc.paragraphs:
            result, _ = aligner.align_paragraph(doc, paragraph.number)
            total += 1
            aligned += isinstance(result, Match)
    return {"paragraphs": total, "coverage": _share(aligned, total)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="a store holding the Charter and the pairs")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--floor", type=float, help="similarity floor (default: the alignment_similarity setting)")
    parser.add_argument("--misses", action="store_true", help="list the dev misses (never test's)")
    args = parser.parse_args(argv)

    from rag.aligner import ParagraphAligner
    from unscqa.services import Services
    from unscqa.settings import Settings

    settings = Settings.load(data_dir=args.data_dir)
    services = Services(settings)
    aligner = ParagraphAligner(services.docstore, services.embedder,
                               floor=args.floor if args.floor is not None else settings.alignment_similarity)
    report = measure(aligner, load_gold(), args.split)
    if not args.misses or args.split != "dev":
        report.pop("misses")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
