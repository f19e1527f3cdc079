"""Cited answers: retrieve paragraphs, let the LLM answer from their relevant sentences, keep only verified
citations, and abstain honestly when the documents do not answer."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from llama_index.core.llms import LLM

from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.citations import Citation, facts_of, quote_in_paragraph, unsupported_facts
from rag.context import Source, best_quote, build_sources
from rag.extract import anchors, is_vote_question, mentions, month_names, render_tally, tally_sentence
from rag.filters import SearchFilters
from rag.followup import standalone_question
from rag.language import PHRASES, detect_language
from rag.prompt import answer_part, build_messages, parse_reply
from rag.retrieve import ParagraphHit, ParagraphSearch

GROUNDED_SHARE = 0.6  # share of an unattributed claim's words that its source must contain
_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,，]\s*\d+)*)\]")


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # sentences with [n] markers numbering `citations` from 1
    citations: tuple[Citation, ...]
    abstained: bool
    sources: tuple[ParagraphHit, ...]  # retrieved paragraphs in rank order
    language: str
    standalone_question: str
    latency_ms: float = 0.0
    method: str = "llm"  # "llm", "extractive" or "abstain"


@dataclass(frozen=True)
class Token:
    """A piece of the model's raw output, streamed before verification."""

    text: str


@dataclass(frozen=True)
class Final:
    answer: Answer


AnswerEvent = Token | Final


@dataclass
class AnswerEngine:
    """Question (+ history) -> verified, cited Answer. Takes its search and LLM; builds neither."""

    search: ParagraphSearch
    llm: LLM
    top_n: int = 4  # paragraphs given to the LLM
    k: int = 10  # paragraphs retrieved and returned as sources
    excerpt_chars: int = 220
    filters: SearchFilters = field(default_factory=SearchFilters)

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        final = None
        for event in self.stream(question, history):
            if isinstance(event, Final):
                final = event.answer
        assert final is not None
        return final

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerEvent]:
        started = time.perf_counter()
        language = detect_language(question)
        standalone = standalone_question(question.strip(), history)
        hits = self.search.search(standalone, k=self.k)
        base = Answer(question=question, text="", citations=(), abstained=True, sources=tuple(hits),
                      language=language, standalone_question=standalone, method="abstain")
        wanted = anchors(standalone)
        anchored = anchored_hits(hits, wanted)
        sources = build_sources(anchored, standalone, top_n=self.top_n, max_chars=self.excerpt_chars)
        if not sources:
            yield Final(_timed(abstain(base), started))
            return
        resolutions = [a for a in wanted if a.startswith("res:")]
        extracted = self._extractive(standalone, resolutions, hits, language, base)
        if extracted is not None:
            yield Token(extracted.text)
            yield Final(_timed(extracted, started))
            return
        if resolutions and is_vote_question(standalone):
            yield Final(_timed(abstain(base), started))  # no retrieved text states the tally: never let the
            return  # model guess one (resolution 178's adoption line is missing from its OCR'd text)
        raw, shown = "", 0
        for chunk in self.llm.stream_chat(build_messages(standalone, _renumber(sources), language)):
            raw += chunk.delta or ""
            visible = answer_part(raw)  # stream the answer line only, not the source number and quote
            if visible is not None and len(visible) > shown:
                yield Token(visible[shown:])
                shown = len(visible)
        yield Final(_timed(self._verified(raw, _renumber(sources), base), started))

    def _extractive(self, question: str, resolutions: list[str], hits: Sequence[ParagraphHit], language: str,
                    base: Answer) -> Answer | None:
        """A vote question answered by the retrieved paragraphs' own tally sentences, one per resolution the
        question names (any of the k retrieved, in rank order); restated in the question's language when the
        paragraph is in the other one. None (the LLM answers) unless every named resolution has its tally."""
        if not is_vote_question(question):
            return None
        found = [_tally(hits, anchor) for anchor in resolutions]
        if not found or any(f is None for f in found):
            return None
        citations: list[Citation] = []
        sentences = []
        for hit, sentence in dict.fromkeys(f for f in found if f is not None):
            text = sentence if detect_language(hit.text) == language else render_tally(sentence, language)
            if text is None:
                return None
            citations.append(_citation(hit, sentence))
            mark = f"[{len(citations)}]"  # on every sentence of the span: each states a fact
            sentences.append("".join(with_marks(part, mark) for part in split_sentences(text) or [text]))
        return replace(base, text=" ".join(sentences), citations=tuple(citations), abstained=False,
                       method="extractive")

    def _verified(self, raw: str, sources: list[Source], base: Answer) -> Answer:
        """Keep the answer only if a cited source states all of its facts; re-cite it to another source that
        does (the model often names the wrong number); abstain when none does."""
        reply = parse_reply(raw)
        markers = [int(n) for group in _MARKERS.findall(reply.answer) for n in re.split(r"[,，]", group)]
        claim = _MARKERS.sub("", reply.answer).strip()
        if reply.not_found or not re.search(r"\w", claim):
            return abstain(base)
        named = [sources[n - 1] for n in dict.fromkeys([*reply.sources, *markers]) if 0 < n <= len(sources)]
        quoted = [s for s in sources if reply.quote and quote_in_paragraph(reply.quote, s.hit.text)]
        others = [s for s in sources if s not in named]
        kept = (_supporting(claim, named) or _supporting(claim, [s for s in quoted if s not in named])
                or (facts_of(claim) and _supporting(claim, others)) or (not named and _grounded(claim, sources)))
        if not kept:
            return abstain(base)
        citations = []
        for source in kept:
            quote = reply.quote if quote_in_paragraph(reply.quote, source.hit.text) else best_quote(
                source.hit.text, claim)
            citations.append(_citation(source.hit, _verbatim(quote, source.hit.text)))
        marks = "".join(f"[{i}]" for i in range(1, len(citations) + 1))
        return replace(base, text=with_marks(claim, marks), citations=tuple(citations), abstained=False,
                       method="llm")


def _tally(hits: Sequence[ParagraphHit], anchor: str) -> tuple[ParagraphHit, str] | None:
    """The first hit stating the tally of one resolution, with that sentence (verbatim, stripped)."""
    for hit in hits:
        # a resolution's own adoption line ("Adopted unanimously at ...") does not repeat its number
        own = hit.symbol is not None and mentions(hit.symbol, anchor)
        sentence = tally_sentence(hit.text, split_sentences(hit.text), [] if own else [anchor])
        if sentence:
            return hit, sentence.strip()
    return None


def anchored_hits(hits: Sequence[ParagraphHit], wanted: Sequence[str]) -> list[ParagraphHit]:
    """The hits that can answer a question naming resolutions, symbols or months: each must be about the month
    named and at least one of the resolutions or symbols (or months, when it names several), and together they
    must cover every one of those; [] when they do not (then the answer abstains). A paragraph is read with its
    document's symbol, title, date and headings: a resolution's adoption line does not repeat its number, a
    monthly assessment's "1月21日" not its year, a statement's paragraphs not the month it was made in."""
    if not wanted:
        return list(hits)
    months = [a for a in wanted if a.startswith("ym:")]
    when = months if len(months) == 1 else []  # several months: a comparison, each source about one of them
    what = [a for a in wanted if a not in when]
    about = {id(h): "\n".join([h.symbol or "", h.title, month_names(h.date or ""), *h.heading_path, h.text])
             for h in hits}
    kept = [h for h in hits if all(mentions(about[id(h)], a) for a in when)
            and (not what or any(mentions(about[id(h)], a) for a in what))]
    covered = all(any(mentions(about[id(h)], a) for h in kept) for a in what)
    return kept if covered else []


def _supporting(claim: str, candidates: list[Source]) -> list[Source]:
    """The candidates (at most two) whose text states every fact of the claim; [] when none do."""
    if not candidates:
        return []
    facts = facts_of(claim)
    for source in candidates:
        if not unsupported_facts(claim, [source.hit.text]) and quote_in_paragraph(
                best_quote(source.hit.text, claim), source.hit.text):
            return [source]
    if facts:
        for first in candidates:
            for second in candidates:
                if first is not second and not unsupported_facts(claim, [first.hit.text, second.hit.text]):
                    return [first, second]
    return []


def with_marks(sentence: str, marks: str) -> str:
    """Citation marks go before the sentence's final stop ("…获得通过[1]。"), so a reader (and a sentence splitter)
    ties them to this sentence, not the next."""
    sentence = sentence.rstrip()
    if sentence and sentence[-1] in "。．.！!？?":
        return f"{sentence[:-1]}{marks}{sentence[-1]}"
    return sentence + marks


def _grounded(claim: str, sources: list[Source]) -> list[Source]:
    """For a reply that names no source ("ANSWER: Special Representative"): the first source, in rank order,
    holding most of the claim's words and every one of its facts; [] when none does."""
    words = set(tokenize(claim))
    if not words:
        return []
    for source in sources:
        shared = len(words & set(tokenize(source.hit.text))) / len(words)
        if shared >= GROUNDED_SHARE and not unsupported_facts(claim, [source.hit.text]):
            return [source]
    return []


def _citation(hit: ParagraphHit, quote: str) -> Citation:
    return Citation(doc_id=hit.doc_id, symbol=hit.symbol, title=hit.title, paragraph=hit.paragraph, quote=quote,
                    score=hit.score, text=hit.text, date=hit.date)


def _renumber(sources: list[Source]) -> list[Source]:
    return [replace(s, number=i) for i, s in enumerate(sources, 1)]


def abstain(base: Answer) -> Answer:
    phrases = PHRASES[base.language]
    return replace(base, text=phrases["abstain"], citations=(), abstained=True, method="abstain")


def _timed(answer: Answer, started: float) -> Answer:
    return replace(answer, latency_ms=(time.perf_counter() - started) * 1000)


def _verbatim(quote: str, paragraph: str) -> str:
    """The quote as the paragraph spells it (the match ignores whitespace and width; the record must not)."""
    from rag.citations import normalize_for_match

    target = normalize_for_match(quote)
    for start in range(len(paragraph)):
        if normalize_for_match(paragraph[start:start + 1]) and target.startswith(
                normalize_for_match(paragraph[start:start + 1])):
            for end in range(start + 1, len(paragraph) + 1):
                piece = normalize_for_match(paragraph[start:end])
                if piece == target:
                    return paragraph[start:end]
                if not target.startswith(piece):
                    break
    return quote
