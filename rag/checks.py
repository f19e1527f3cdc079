"""The check behind each citation of a final answer: where its quote is in the paragraph, which numbers, dates and
symbols of the sentences citing it the cited paragraphs state, and, for a claim made in the other language than
its source, how similar the claim is to the quoted sentence. Pure logic: the similarity is passed in.

This records what verification (rag.citations.verify, rag.answer) established; it decides nothing: an answer
reaching this stage has passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rag.citations import Check, Citation, facts_of, find_quote, normalize_for_match, numbers_of_source
from rag.language import detect_language
from rag.records import Answer

_MARKS = re.compile(r"\[(\d+(?:\s*[,，]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+|(?<=\])\s+")
VERBATIM_METHODS = ("extractive",)  # strategies whose sentences are the source's own words


def citing_sentences(text: str) -> dict[int, list[str]]:
    """Citation number -> the answer's sentences (markers removed) that cite it."""
    cited: dict[int, list[str]] = {}
    for piece in _SENTENCE_END.split(text):
        numbers = [int(n) for group in _MARKS.findall(piece) for n in re.split(r"[,，]", group)]
        claim = _MARKS.sub("", piece).strip()
        for n in dict.fromkeys(numbers):
            if claim:
                cited.setdefault(n, []).append(claim)
    return cited


def quote_span(quote: str, text: str) -> tuple[int, int]:
    """Where the quote is in the paragraph, as (start, end); (-1, -1) when it is not there."""
    return find_quote(text, quote) or (-1, -1)


def check_of(citation: Citation, sentences: list[str], *, verbatim: bool,
             similarity: Callable[[str, str], float] | None) -> Check:
    """What the citation's verification rests on, for the sentences citing it."""
    start, end = quote_span(citation.quote, citation.text)
    stated = numbers_of_source(citation.checked_text)
    joined = normalize_for_match(citation.checked_text)
    numbers: list[str] = []
    symbols: list[str] = []
    for sentence in sentences:
        for fact in sorted(facts_of(sentence), key=lambda f: (not f.isdigit(), len(f), f)):
            if fact.replace(".", "").isdigit():
                if fact in stated and fact not in numbers:
                    numbers.append(fact)
            elif fact in joined and fact not in symbols:
                symbols.append(fact)
    translated = None
    if similarity is not None and not verbatim:
        foreign = [s for s in sentences if detect_language(s) != detect_language(citation.text)]
        if foreign:
            translated = round(max(similarity(s, citation.quote) for s in foreign), 2)
    return Check(start, end, tuple(numbers), tuple(symbols), translated, verbatim)


def with_checks(answer: Answer, similarity: Callable[[str, str], float] | None = None) -> Answer:
    """The answer with each citation's check recorded."""
    if answer.abstained or not answer.citations:
        return answer
    cited = citing_sentences(answer.text)
    verbatim = answer.method in VERBATIM_METHODS
    citations = tuple(replace(c, check=check_of(c, cited.get(n, []), verbatim=verbatim, similarity=similarity))
                      for n, c in enumerate(answer.citations, 1))
    return replace(answer, citations=citations)
