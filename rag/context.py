"""The prompt's context: the most relevant sentences of the top paragraphs, numbered as sources.

Prompt processing dominates latency on a CPU (~90 tokens/s for the 1.5B model), so only the sentences that share
words with the question go in, not whole paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.glossary import expand_query, translated_share
from rag.language import detect_language
from rag.retrieve import ParagraphHit


@dataclass(frozen=True)
class Source:
    number: int  # [n] in the prompt
    hit: ParagraphHit
    excerpt: str


def relevant_excerpt(text: str, query_tokens: set[str], max_chars: int) -> str:
    """The paragraph when short; otherwise its pieces (sentences, and clauses of sentences longer than the budget)
    sharing most words with the question, in order, joined by "…" (clauses that follow each other directly)."""
    if len(text) <= max_chars:
        return text
    owned = [(number, piece) for number, sentence in enumerate(split_sentences(text) or [text])
             for piece in _pieces(sentence, max_chars)]
    pieces = [piece for _, piece in owned]
    scored = sorted(range(len(pieces)), key=lambda i: (-len(query_tokens & set(tokenize(pieces[i]))), i))
    keep: list[int] = []
    used = 0
    for index in scored:
        length = len(pieces[index])
        if keep and used + length > max_chars:
            continue
        keep.append(index)
        used += length
        if used >= max_chars:
            break
    kept = sorted(keep)
    excerpt = pieces[kept[0]]
    for before, index in pairwise(kept):
        same_sentence = index == before + 1 and owned[index][0] == owned[before][0]
        excerpt += pieces[index] if same_sentence else "…" + pieces[index]
    return excerpt[:max_chars * 2]


_CLAUSE_END = re.compile(r"(?<=[,;:，；：])\s*")


def _pieces(sentence: str, max_chars: int) -> list[str]:
    """A sentence, or its clauses when it is longer than the budget (a resolution's operative paragraph is often
    one 600-character sentence whose answer is in its last clause)."""
    if len(sentence) <= max_chars:
        return [sentence]
    clauses = [c for c in _CLAUSE_END.split(sentence) if c]
    return [f"{c} " if c[-1] in ",;:" else c for c in clauses]


def build_sources(hits: Sequence[ParagraphHit], question: str, *, top_n: int, max_chars: int) -> list[Source]:
    """The top paragraphs, each cut to its sentences sharing most words with the question or with the
    glossary's equivalents of its terms (a Chinese question's 禁运 finds an English paragraph's "embargo")."""
    tokens = set(tokenize(question)) | set(expand_query(question))
    return [Source(n, hit, relevant_excerpt(hit.text, tokens, max_chars)) for n, hit in enumerate(hits[:top_n], 1)]


def best_quote(paragraph: str, sentence: str) -> str:
    """The paragraph's sentence that shares most numbers with the answer sentence, then, for an answer in the other
    language, most of its words by the bilingual glossary ("France, the United States of America" over the Charter's
    "中华民国、法兰西、…及美利坚合众国应为安全理事会常任理事国", not the article's first sentence), then most
    characters (verbatim)."""
    candidates = split_sentences(paragraph) or [paragraph]
    answer_chars = set(sentence)
    across = detect_language(sentence) != detect_language(paragraph)

    def overlap(candidate: str) -> tuple[int, float, int]:
        digits = sum(1 for token in tokenize(sentence) if token.isdigit() and token in candidate)
        translated = translated_share(sentence, candidate) if across else 0.0
        return digits, translated, len(answer_chars & set(candidate))

    return max(candidates, key=overlap).strip()
