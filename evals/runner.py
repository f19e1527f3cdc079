"""Run questions through the real pipeline (retrieval only, or full cited answers) and summarise the metrics."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from evals.dataset import Question
from evals.metrics import answer_correct, first_relevant_rank, percentile, score_citations, verified_citations

HEADLINE = ("accuracy", "hit@1", "hit@5", "mrr", "citation_precision", "citation_recall", "verified_share",
            "abstention_precision", "abstention_recall")
# How many trials each headline share is measured over (stored beside it, so the gate's margin fits its sample).
DENOMINATOR = {"accuracy": "questions", "hit@1": "answerable", "hit@5": "answerable", "mrr": "answerable",
               "citation_precision": "shown", "citation_recall": "gold_total", "verified_share": "shown",
               "abstention_precision": "abstained", "abstention_recall": "unanswerable"}
GATE_Z = 2.33  # one-sided 99 %: a drop this many standard errors below the baseline is a regression, not noise
# Added to every margin: the LLM's run-to-run spread (llama.cpp's reused prompt cache moved about 2 answers of 127
# between identical runs, 0.016) and cross-CPU float differences (the fp32 store's vectors agree to 3e-7 between
# AVX-512 and AVX2: bench/cross_cpu.py).
CROSS_CPU_SPREAD = 0.02


@dataclass
class QuestionResult:
    id: str
    kind: str
    language: str
    expects_abstain: bool
    split: str = "dev"
    family: str = ""
    generated: bool = False
    rank: int | None = None  # first retrieved paragraph holding gold evidence
    correct: bool | None = None  # None in retrieval-only mode
    abstained: bool | None = None
    answer: str = ""
    shown: int = 0
    supporting: int = 0
    verified: int = 0  # shown citations the independent grader (evals/grader.py) accepts
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
        results.append(QuestionResult(q.id, q.kind, q.language, q.abstain, q.split, q.family, q.generated,
                                      rank=first_relevant_rank(q, ranked), gold_total=len(q.gold),
                                      latency_ms=latency))
    return results


@dataclass(frozen=True)
class AnswerOutcome:
    """What a pipeline returned for one question, in plain terms the harness can score."""

    text: str
    abstained: bool
    ranked: Ranked
    cited: list[tuple[str, str, str]]  # (stem, paragraph text, quote)
    latency_ms: float
    strategy: str = ""  # which answer strategy produced it, as the answer records it


def run_full(questions: Sequence[Question], answer: Callable[[str], AnswerOutcome],
             progress: Callable[[Iterable[Question]], Iterable[Question]] = iter) -> list[QuestionResult]:
    results = []
    for q in progress(questions):
        outcome = answer(q.question)
        cited = [(stem, text) for stem, text, _ in outcome.cited]
        scores = score_citations(q, cited)
        verified = verified_citations(outcome.text, [(text, quote) for _, text, quote in outcome.cited])
        results.append(QuestionResult(
            q.id, q.kind, q.language, q.abstain, q.split, q.family, q.generated,
            rank=first_relevant_rank(q, outcome.ranked),
            correct=answer_correct(q, outcome.text, outcome.abstained), abstained=outcome.abstained,
            answer=outcome.text, shown=scores.shown, supporting=scores.supporting, verified=verified,
            gold_found=scores.gold_found, gold_total=scores.gold_total, latency_ms=outcome.latency_ms,
            extra={"strategy": outcome.strategy} if outcome.strategy else {}))
    return results


GROUPINGS: dict[str, Callable[[QuestionResult], str]] = {
    "per_kind": lambda r: r.kind,
    "per_split": lambda r: f"{'silver' if r.generated else 'gold'}:{r.split}",
    "per_language": lambda r: f"{'silver' if r.generated else 'gold'}:{r.language}",
    "per_family": lambda r: f"{r.family or r.kind}:{r.language}" if r.generated else "",
}


def summarize(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """Headline metrics overall, per kind, per split and per language (hand-written gold and generated silver
    apart), and per family and language of the generated questions."""
    summary: dict[str, Any] = {"overall": _metrics(results)}
    for name, key in GROUPINGS.items():
        groups = sorted({key(r) for r in results} - {""})
        summary[name] = {g: _metrics([r for r in results if key(r) == g]) for g in groups}
    return summary


def _metrics(results: Sequence[QuestionResult]) -> dict[str, float | int | None]:
    answerable = [r for r in results if not r.expects_abstain]
    ranks = [r.rank for r in answerable]
    metrics: dict[str, float | int | None] = {"questions": len(results), "answerable": len(answerable),
                                               "unanswerable": len(results) - len(answerable)}
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
        metrics["grader_disagreements"] = shown - sum(r.verified for r in full)
        abstained = [r for r in full if r.abstained]
        expected = [r for r in full if r.expects_abstain]
        metrics.update(shown=shown, abstained=len(abstained),
                       gold_total=sum(r.gold_total for r in full if not r.expects_abstain))
        metrics["abstention_precision"] = _share(sum(1 for r in abstained if r.expects_abstain), len(abstained))
        metrics["abstention_recall"] = _share(sum(1 for r in expected if r.abstained), len(expected))
    latencies = [r.latency_ms for r in results]
    metrics["latency_p50_ms"] = round(percentile(latencies, 0.5), 1)
    metrics["latency_p95_ms"] = round(percentile(latencies, 0.95), 1)
    return metrics


def _share(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, 4)


def sampling_margin(share: float, n: int, z: float = GATE_Z, spread: float = CROSS_CPU_SPREAD) -> float:
    """How far a share measured over n trials may fall below its baseline before it is a regression: z standard
    errors of a binomial at that n (the share pulled towards 1/2 by one success and one failure, so a baseline of
    1.0 over 14 trials still allows about one miss), plus the measured spread between CPUs."""
    if n <= 0:
        return 1.0
    p = (share * n + 1) / (n + 2)
    return z * math.sqrt(p * (1 - p) / n) + spread


def compare_to_baseline(current: dict[str, Any], baseline: dict[str, Any], margin: float | None = None) -> list[str]:
    """Headline metrics (per pipeline) that dropped below the baseline by more than `margin`, or, when no margin
    is given, by more than `sampling_margin` at the number of trials the metric was measured over."""
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
                continue
            n = int(now.get(DENOMINATOR[name]) or 0)
            allowed = margin if margin is not None else sampling_margin(before, n)
            if after < before - allowed:
                failures.append(f"{pipeline}: {name} {after:.3f} < baseline {before:.3f} - {allowed:.3f} (n={n})")
    return failures


def as_records(results: Sequence[QuestionResult]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]
