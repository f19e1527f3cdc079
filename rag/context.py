"""The prompt's context: the most relevant sentences of the top paragraphs, numbered as sources.

Prompt processing dominates latency on a CPU (~90 tokens/s for the 1.5B model), so only the sentences that share
words with the question go in, not whole paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.retrieve import ParagraphHit


@dataclass(frozen=True)
class Source:
    number: int  # [n] in the prompt
    hit: ParagraphHit
    excerpt: str


def relevant_excerpt(text: str, query_tokens: set[str], max_chars: int) -> str:
    """The paragraph when short; otherwise its sentences sharing most words with the question, in order."""
    if len(text) <= max_chars:
        return text
    sentences = split_sentences(text) or [text]
    scored = sorted(range(len(sentences)),
                    key=lambda i: (-len(query_tokens & set(tokenize(sentences[i]))), i))
    keep: list[int] = []
    used = 0
    for index in scored:
        length = len(sentences[index])
        if keep and used + length > max_chars:
            continue
        keep.append(index)
        used += length
        if used >= max_chars:
            break
    excerpt = "…".join(sentences[i] for i in sorted(keep))
    return excerpt[:max_chars * 2]


def build_sources(hits: Sequence[ParagraphHit], question: str, *, top_n: int, max_chars: int) -> list[Source]:
    tokens = set(tokenize(question))
    return [Source(n, hit, relevant_excerpt(hit.text, tokens, max_chars)) for n, hit in enumerate(hits[:top_n], 1)]


def best_quote(paragraph: str, sentence: str) -> str:
    """The paragraph's sentence that shares most characters and numbers with the answer sentence (verbatim)."""
    candidates = split_sentences(paragraph) or [paragraph]
    answer_chars = set(sentence)

    def overlap(candidate: str) -> tuple[int, int]:
        digits = sum(1 for token in tokenize(sentence) if token.isdigit() and token in candidate)
        return digits, len(answer_chars & set(candidate))

    return max(candidates, key=overlap).strip()
