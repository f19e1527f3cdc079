"""Scoring one answer or one ranking against gold. Pure logic: no store, model or UI imports, and nothing from the
product (``rag``, ``ingest``): answers and citations are graded by ``evals.grader``, not by the code being graded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evals.dataset import Gold, Question
from evals.grader import grade_citations, normalize, numerals_to_digits, strip_markers


def answer_correct(question: Question, answer: str, abstained: bool) -> bool:
    if question.abstain:
        return abstained
    if abstained:
        return False
    plain = strip_markers(answer)  # "[1]" is not the number 1
    texts = (plain, numerals_to_digits(plain))  # "十三票" must match "13票"; "一致" must stay "一致"
    return all(any(re.search(p, t, flags=re.I) for t in texts) for p in question.answer_patterns)


def contains_evidence(gold: Gold, stem: str, paragraph: str) -> bool:
    return stem == gold.doc and normalize(gold.evidence) in normalize(paragraph)


def first_relevant_rank(question: Question, ranked: Sequence[tuple[str, str]]) -> int | None:
    """1-based rank of the first (stem, paragraph text) holding any gold evidence; None when none does."""
    for rank, (stem, text) in enumerate(ranked, 1):
        if any(contains_evidence(g, stem, text) for g in question.gold):
            return rank
    return None


@dataclass(frozen=True)
class CitationScore:
    supporting: int  # shown citations whose paragraph holds gold evidence
    shown: int
    gold_found: int  # gold entries covered by some citation
    gold_total: int


def score_citations(question: Question, cited: Sequence[tuple[str, str]]) -> CitationScore:
    supporting = sum(1 for stem, text in cited if any(contains_evidence(g, stem, text) for g in question.gold))
    found = sum(1 for g in question.gold if any(contains_evidence(g, stem, text) for stem, text in cited))
    return CitationScore(supporting, len(cited), found, len(question.gold))


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verified_citations(answer: str, cited: Sequence[tuple[str, str]]) -> int:
    """How many shown citations (paragraph text, quote) pass the independent grader: the quote is in the paragraph,
    and every sentence citing it states only numbers, dates and symbols found in the paragraphs that sentence cites."""
    return sum(grade.ok for grade in grade_citations(answer, cited))


def citation_disagreements(answer: str, cited: Sequence[tuple[str, str]]) -> list[str]:
    """Why the independent grader rejects shown citations, one reason per rejected citation ("[2] quote not in its
    paragraph", "[1] states 13, S/RES/242(1967) not in the cited paragraphs"). The product shows only citations it
    verified, so each reason is a disagreement with the product's own verdict; [] when they agree."""
    reasons = []
    for number, grade in enumerate(grade_citations(answer, cited), 1):
        problems = [] if grade.quote_found else ["quote not in its paragraph"]
        if grade.missing:
            problems.append(f"states {', '.join(grade.missing)} not in the cited paragraphs")
        if problems:
            reasons.append(f"[{number}] " + "; ".join(problems))
    return reasons
