"""Scoring one answer or one ranking against gold. Pure logic: no store, model or UI imports."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evals.dataset import Gold, Question
from rag.citations import chinese_to_int, normalize_for_match

_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")


def digits_for_numerals(text: str) -> str:
    """"十三票" -> "13票", so patterns written with digits match answers written either way."""
    def convert(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(0))
        return match.group(0) if value is None else str(value)

    return _CN_NUMERAL.sub(convert, text)


def answer_correct(question: Question, answer: str, abstained: bool) -> bool:
    if question.abstain:
        return abstained
    if abstained:
        return False
    texts = (answer, digits_for_numerals(answer))  # "十三票" must match "13票"; "一致" must stay "一致"
    return all(any(re.search(p, t, flags=re.I) for t in texts) for p in question.answer_patterns)


def contains_evidence(gold: Gold, stem: str, paragraph: str) -> bool:
    return stem == gold.doc and normalize_for_match(gold.evidence) in normalize_for_match(paragraph)


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


_MARKERS = re.compile(r"\[(\d+)\]")


def verified_citations(answer: str, cited: Sequence[tuple[str, str]]) -> int:
    """How many shown citations (paragraph text, quote) pass verification: the quote is in the paragraph, and
    every sentence citing it states only numbers and symbols found in the paragraphs that sentence cites."""
    from ingest.sentences import split_sentences
    from rag.citations import quote_in_paragraph, unsupported_facts

    ok = [quote_in_paragraph(quote, text) for text, quote in cited]
    for sentence in split_sentences(answer):
        numbers = [int(n) for n in _MARKERS.findall(sentence) if 0 < int(n) <= len(cited)]
        if numbers and unsupported_facts(sentence, [cited[n - 1][0] for n in numbers]):
            for n in numbers:
                ok[n - 1] = False
    return sum(ok)
