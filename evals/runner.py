"""Run questions through the real pipeline (retrieval only, or full cited answers) and summarise the metrics."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from evals.dataset import Question
from evals.metrics import answer_correct, first_relevant_rank, percentile, score_citations, verified_citations

HEADLINE = ("accuracy", "hit@1", "hit@5", "mrr", "citation_precision", "citation_recall", "verified_share",
            "abstention_precision", "abstention_recall")


@dataclass
class QuestionResult:
    id: str
    kind: str
    language: str
    expects_abstain: bool
    rank: int | None = None  # first retrieved paragraph holding gold evidence
    correct: bool | None = None  # None in retrieval-only mode
    abstained: bool | None = None
    answer: str = ""
    shown: int = 0
    supporting: int = 0
    verified: int = 0
    gold_found: int = 0
    gold_total: int = 0
    latency_ms: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


Ranked = list[tuple[str, str]]  # (source file stem, paragraph text) in rank order


def run_retrieval(questions: Sequence[Question], retrieve: Callable[[str], Ranked],
                  progress: Callable[[Iterable[Question]], Iterable[Question]] = iter) -> list[QuestionResult]:
    results = []
    for q in progress(questions):
        started = time.perf_counter()
        ranked = retrieve(q.question)
        latency = (time.perf_counter() - started) * 1000
        results.append(QuestionResult(q.id, q.kind, q.language, q.abstain, rank=first_relevant_rank(q, ranked),
                                      gold_total=len(q.gold), latency_ms=latency))
    return results


@dataclass(frozen=True)
class AnswerOutcome:
    """What a pipeline returned for one question, in plain terms the harness can score."""

    text: str
    abstained: bool
    ranked: Ranked
    cited: list[tuple[str, str, str]]  # (stem, paragraph text, quote)
    latency_ms: float


def run_full(questions: Sequence[Question], answer: Callable[[str], AnswerOutcome],
             progress: Callable[[Iterable[Question]], Iterable[Question]] = iter) -> list[QuestionResult]:
    results = []
    for q in progress(questions):
        outcome = answer(q.question)
        cited = [(stem, text) for stem, text, _ in outcome.cited]
        scores = score_citations(q, cited)
        verified = verified_citations(outcome.text, [(text, quote) for _, text, quote in outcome.cited])
        results.append(QuestionResult(
            q.id, q.kind, q.language, q.abstain, rank=first_relevant_rank(q, outcome.ranked),
            correct=answer_correct(q, outcome.text, outcome.abstained), abstained=outcome.abstained,
            answer=outcome.text, shown=scores.shown, supporting=scores.supporting, verified=verified,
            gold_found=scores.gold_found, gold_total=scores.gold_total, latency_ms=outcome.latency_ms))
    return results


def summarize(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """Headline metrics overall and per kind."""
    summary: dict[str, Any] = {"overall": _metrics(results), "per_kind": {}}
    for kind in sorted({r.kind for r in results}):
        summary["per_kind"][kind] = _metrics([r for r in results if r.kind == kind])
    return summary


def _metrics(results: Sequence[QuestionResult]) -> dict[str, float | int | None]:
    answerable = [r for r in results if not r.expects_abstain]
    ranks = [r.rank for r in answerable]
    metrics: dict[str, float | int | None] = {"questions": len(results)}
    for k in (1, 5, 10):
        metrics[f"hit@{k}"] = _share(sum(1 for x in ranks if x is not None and x <= k), len(ranks))
    metrics["mrr"] = _share(sum(1 / x for x in ranks if x is not None), len(ranks))
    full = [r for r in results if r.correct is not None]
    if full:
        metrics["accuracy"] = _share(sum(1 for r in full if r.correct), len(full))
        shown = sum(r.shown for r in full)
        metrics["citation_precision"] = _share(sum(r.supporting for r in full), shown)
        metrics["citation_recall"] = _share(sum(r.gold_found for r in full if not r.expects_abstain),
                                            sum(r.gold_total for r in full if not r.expects_abstain))
        metrics["verified_share"] = _share(sum(r.verified for r in full), shown)
        abstained = [r for r in full if r.abstained]
        expected = [r for r in full if r.expects_abstain]
        metrics["abstention_precision"] = _share(sum(1 for r in abstained if r.expects_abstain), len(abstained))
        metrics["abstention_recall"] = _share(sum(1 for r in expected if r.abstained), len(expected))
    latencies = [r.latency_ms for r in results]
    metrics["latency_p50_ms"] = round(percentile(latencies, 0.5), 1)
    metrics["latency_p95_ms"] = round(percentile(latencies, 0.95), 1)
    return metrics


def _share(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, 4)


def compare_to_baseline(current: dict[str, Any], baseline: dict[str, Any], margin: float) -> list[str]:
    """Headline metrics (per pipeline) that dropped by more than `margin` below the baseline."""
    failures = []
    for pipeline, metrics in baseline.items():
        now = current.get(pipeline, {}).get("overall", {})
        for name in HEADLINE:
            before = metrics.get(name)
            after = now.get(name)
            if before is None:
                continue
            if after is None:
                failures.append(f"{pipeline}: {name} missing (baseline {before})")
            elif after < before - margin:
                failures.append(f"{pipeline}: {name} {after:.3f} < baseline {before:.3f} - {margin}")
    return failures


def as_records(results: Sequence[QuestionResult]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]
