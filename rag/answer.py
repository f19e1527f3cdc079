"""Cited answers: retrieve paragraphs, let the LLM answer from their relevant sentences, keep only verified
citations, and abstain honestly when the documents do not answer."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from llama_index.core.llms import LLM

from ingest.embedder import Embedder
from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.citations import Citation, facts_of, quote_in_paragraph, unsupported_facts
from rag.claims import (
    asks_for_several,
    invented_words,
    is_wordless,
    strip_question_echo,
    with_marks,
    word_share,
)
from rag.context import Source, best_quote, build_sources, relevant_excerpt
from rag.extract import anchors, is_vote_question, mentions, month_names, render_tally, tally_sentence
from rag.filters import SearchFilters
from rag.followup import standalone_question
from rag.language import PHRASES, detect_language
from rag.prompt import ModelReply, answer_part, build_messages, parse_reply
from rag.retrieve import ParagraphHit, ParagraphSearch

# A question wanting several facts is answered with its paragraph when that is short: up to 450 UTF-8 bytes, about
# 450 English or 150 Chinese characters (a Charter article; not a monthly assessment's paragraph on one country).
SHOWN_PARAGRAPH_BYTES = 450
GROUNDED_SHARE = 0.6  # share of a claim's words that its source must contain
TRANSLATION_SIMILARITY = 0.55  # cosine of a claim to the source sentence it translates (EmbeddingGemma: translations
# scored 0.61-0.72 and unrelated pairs up to 0.5 on eval samples; a short name scores lower, but is quoted verbatim)
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
    retries: int = 2  # single-source prompts after a reply that fails verification
    embedder: Embedder | None = None  # checks claims made in the other language than their source
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
        if asks_for_several(standalone) and (months := per_month(anchored, wanted, per_part=2)):
            parts = yield from self._answer_each(standalone, months, base)  # "2013年1月和2020年2月各…"
            if parts:
                yield Final(_timed(combined(parts), started))
                return
        answer = yield from self._llm_answer(standalone, sources, base)
        yield Final(_timed(answer or abstain(base), started))

    def _answer_each(self, question: str, groups: list[list[ParagraphHit]], base: Answer) -> Generator[
            Token, None, list[Answer]]:
        """One verified answer per group of hits (one prompt each); [] as soon as one part cannot be answered."""
        parts = []
        for group in groups:
            sources = build_sources(group, question, top_n=len(group), max_chars=self.excerpt_chars)
            part = yield from self._llm_answer(question, sources, base)
            if part is None:
                return []
            parts.append(part)
        return parts

    def _llm_answer(self, question: str, sources: list[Source], base: Answer) -> Generator[Token, None,
                                                                                             Answer | None]:
        """Stream the model's answer over the sources, verify it; after a failed reply, ask again with single
        sources (the model cannot pick the wrong one). Returns the verified answer, or None."""
        raw, shown = "", 0
        numbered = _renumber(sources)
        for chunk in self.llm.stream_chat(build_messages(question, numbered, base.language)):
            raw += chunk.delta or ""
            visible = answer_part(raw)  # stream the answer line only, not the source number and quote
            if visible is not None and len(visible) > shown:
                yield Token(visible[shown:])
                shown = len(visible)
        reply = parse_reply(raw)
        answer = self._verified(reply, numbered, base)
        tokens = set(tokenize(question))
        for source in [] if answer else _retry_sources(reply, numbered, question, self.retries):
            # one source, cut to its sentences sharing most words with the question: the model cannot pick the
            # wrong source, nor miss the sentence in a long excerpt
            single = [Source(1, source.hit, relevant_excerpt(source.hit.text, tokens, self.excerpt_chars // 2))]
            messages = build_messages(question, single, base.language)
            retried = parse_reply("".join(c.delta or "" for c in self.llm.stream_chat(messages)))
            answer = self._verified(retried, single, base)
            if answer:
                break
        return answer

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

    def __post_init__(self) -> None:
        # asked while checking a claim and again for its quote: computed once per claim and paragraph
        self._translated = lru_cache(maxsize=64)(self._translation)

    def _translation(self, claim: str, hit: ParagraphHit) -> str | None:
        """The sentence of a source in the other language that the claim translates: the most similar by the
        (multilingual) embedder, if similar enough; None without an embedder."""
        if self.embedder is None:
            return None
        sentences = split_sentences(hit.text) or [hit.text]
        vectors = self.embedder.embed_documents([claim, *sentences])
        similarity = vectors[1:] @ vectors[0]
        best = int(similarity.argmax())
        return sentences[best].strip() if similarity[best] >= TRANSLATION_SIMILARITY else None

    def _states(self, claim: str, quote: str, hit: ParagraphHit) -> bool:
        """Whether a paragraph states the claim beyond its facts (checked apart): most of its words; across
        languages, where words cannot be compared, a distinctive number or symbol of the claim that the paragraph
        states ("At the 7015 meeting"), the model's quote of the paragraph holding the claim's facts (any sentence
        can be quoted), or the paragraph's sentence the claim translates."""
        if is_wordless(claim):
            return True  # "26", "S/PRST/2020/3": its facts are all it says
        if detect_language(hit.text) == detect_language(claim):
            return word_share(claim, hit.checked_text) >= GROUNDED_SHARE
        facts = facts_of(claim)
        distinctive = any(len(fact) >= 3 for fact in facts)
        return ((distinctive and not unsupported_facts(claim, [hit.checked_text]))
                or (bool(facts) and not unsupported_facts(claim, [quote]) and quote_in_paragraph(quote, hit.text))
                or self._translated(claim, hit) is not None)

    def _verified(self, reply: ModelReply, sources: list[Source], base: Answer) -> Answer | None:
        """Keep the answer only if a cited source states all of its facts (re-cited to another source that does:
        the model often names the wrong number) and it invents no name; None when no source supports it."""
        markers = [int(n) for group in _MARKERS.findall(reply.answer) for n in re.split(r"[,，]", group)]
        question = base.standalone_question
        claim = strip_question_echo(_MARKERS.sub("", reply.answer).strip(), question)
        if reply.not_found or not re.search(r"\w", claim):
            return None
        if invented_words(claim, [s.hit.checked_text for s in sources], question):
            return None
        named = [sources[n - 1] for n in dict.fromkeys([*reply.sources, *markers]) if 0 < n <= len(sources)]
        quoted = [s for s in sources if reply.quote and quote_in_paragraph(reply.quote, s.hit.text)]
        others = [s for s in sources if s not in named]
        states = partial(self._states, claim, reply.quote)
        kept = (_supporting(claim, quoted, states) or _supporting(claim, [s for s in named if s not in quoted], states)
                or (facts_of(claim) and _supporting(claim, others, states))
                or (not named and _supporting(claim, sources, states, pairs=False)))
        if not kept:
            return None
        quotes = [reply.quote if quote_in_paragraph(reply.quote, s.hit.text)
                  else self._translated(claim, s.hit) or best_quote(s.hit.text, claim) for s in kept]
        citations = tuple(_citation(s.hit, _verbatim(q, s.hit.text)) for s, q in zip(kept, quotes, strict=True))
        marks = "".join(f"[{i}]" for i in range(1, len(citations) + 1))
        text = shown_claim(claim, citations[0], base.language, asks_for_several(question))
        return replace(base, text=with_marks(text, marks), citations=citations, abstained=False, method="llm")


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


def _retry_sources(reply: ModelReply, sources: list[Source], question: str, retries: int) -> list[Source]:
    """The sources to ask about one at a time after a reply that failed: those the reply did not name (a reply
    naming the wrong source, or none, over a source holding the answer is the usual failure), the ones sharing
    most words with the question first, then by rank."""
    named = set(reply.sources)
    asked = set(tokenize(question))
    candidates = [s for s in sources if s.number not in named]
    return sorted(candidates, key=lambda s: (-len(asked & set(tokenize(s.excerpt))), s.number))[:retries]


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
    about = {id(h): _about(h) for h in hits}
    kept = [h for h in hits if all(mentions(about[id(h)], a) for a in when)
            and (not what or any(mentions(about[id(h)], a) for a in what))]
    covered = all(any(mentions(about[id(h)], a) for h in kept) for a in what)
    return kept if covered else []


def _about(hit: ParagraphHit) -> str:
    """A paragraph read with its document's symbol, title, month, headings and label ("第三十九条")."""
    return "\n".join([hit.symbol or "", hit.title, month_names(hit.date or ""), *hit.heading_path, hit.label or "",
                      hit.text])


def per_month(hits: Sequence[ParagraphHit], wanted: Sequence[str], *, per_part: int) -> list[list[ParagraphHit]]:
    """For a question comparing months (two ym: anchors), the best hits about each month; [] otherwise. A small
    model given both months' paragraphs at once answers for one of them."""
    months = [a for a in wanted if a.startswith("ym:")]
    if len(months) < 2:
        return []
    groups = [[h for h in hits if mentions(_about(h), month)][:per_part] for month in months]
    return groups if all(groups) else []


def combined(parts: Sequence[Answer]) -> Answer:
    """One answer from the verified answers to each part, citations renumbered in order."""
    citations: list[Citation] = []
    texts = []
    for part in parts:
        text = _shift_marks(part.text, len(citations))
        stop = "" if text[-1:] in "。.!?！？" else "。" if part.language == "zh" else "."
        texts.append(text + stop)  # each part its own sentence, so its marks cover only its own facts
        citations.extend(part.citations)
    return replace(parts[0], text=" ".join(texts), citations=tuple(citations))


def _shift_marks(text: str, offset: int) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)


def _supporting(claim: str, candidates: list[Source], states: Callable[[ParagraphHit], bool], *,
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


def _citation(hit: ParagraphHit, quote: str) -> Citation:
    return Citation(doc_id=hit.doc_id, symbol=hit.symbol, title=hit.title, paragraph=hit.paragraph, quote=quote,
                    score=hit.score, text=hit.text, date=hit.date, article=hit.article)


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
