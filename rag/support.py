"""Which sources support a claim, and how a verified claim is shown: pure logic over retrieved paragraphs and the
model's parsed reply (no store, model or UI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.citations import Citation, facts_of, unsupported_facts
from rag.claims import is_wordless
from rag.context import Source
from rag.extract import mentions, tally_sentence
from rag.language import detect_language
from rag.prompt import ModelReply
from rag.retrieve import ParagraphHit

# A question wanting several facts is answered with its paragraph when that is short: up to 450 UTF-8 bytes, about
# 450 English or 150 Chinese characters (a Charter article; not a monthly assessment's paragraph on one country).
SHOWN_PARAGRAPH_BYTES = 450


def shown_claim(claim: str, first: Citation, language: str, several: bool) -> str:
    """The model's short answer, or the source's own words when they say more: for a question wanting several
    facts, the short paragraph or the quote that states the claim (the model tends to answer one part, or list
    half of the items); over a source in the other language, the claim and the original words, which are what a
    reader can check."""
    if is_wordless(claim):
        return claim  # "26", "S/PRST/2020/3": the same in both languages, and its facts were checked
    if detect_language(first.text) != language:
        if detect_language(claim) != language:
            return first.quote  # the model copied the source instead of answering: show the verified words
        return f"{claim.rstrip('。.')}（原文：“{first.quote}”）" if language == "zh" else (
            f"{claim.rstrip('。.')} (source: “{first.quote}”)")
    if several and len(first.text.encode()) <= SHOWN_PARAGRAPH_BYTES and len(first.text) > len(claim):
        return first.text  # a short paragraph (a Charter article) is the whole list
    if several and len(first.quote) > len(claim) and not unsupported_facts(claim, [first.quote]):
        return first.quote
    return claim


def retry_sources(reply: ModelReply, sources: list[Source], question: str, retries: int) -> list[Source]:
    """The sources to ask about one at a time after a reply that failed: those the reply did not name (a reply
    naming the wrong source, or none, over a source holding the answer is the usual failure), the ones sharing
    most words with the question first, then by rank."""
    named = set(reply.sources)
    asked = set(tokenize(question))
    candidates = [s for s in sources if s.number not in named]
    return sorted(candidates, key=lambda s: (-len(asked & set(tokenize(s.excerpt))), s.number))[:retries]


def tally_of(hits: Sequence[ParagraphHit], anchor: str) -> tuple[ParagraphHit, str] | None:
    """The first hit stating the tally of one resolution, with that sentence (verbatim, stripped)."""
    for hit in hits:
        # a resolution's own adoption line ("Adopted unanimously at ...") does not repeat its number
        own = hit.symbol is not None and mentions(hit.symbol, anchor)
        sentence = tally_sentence(hit.text, split_sentences(hit.text), [] if own else [anchor])
        if sentence:
            return hit, sentence.strip()
    return None


def supporting(claim: str, candidates: list[Source], states: Callable[[ParagraphHit], bool], *,
                pairs: bool = True) -> list[Source]:
    """The first candidate whose text states the claim (its words or meaning, and every fact), else two that
    state its facts together; [] when none do. A source number alone proves nothing: small models name the wrong
    one."""
    for source in candidates:
        if not unsupported_facts(claim, [source.hit.checked_text]) and states(source.hit):
            return [source]
    if pairs and facts_of(claim):
        for first in candidates:
            for second in candidates:
                if first is not second and (states(first.hit) or states(second.hit)) and not unsupported_facts(
                        claim, [first.hit.checked_text, second.hit.checked_text]):
                    return [first, second]
    return []
