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
from rag.aligner import ALIGNMENT_SIMILARITY, ParagraphAligner
from rag.anchoring import anchored_hits, combined, per_month
from rag.checks import with_checks
from rag.citations import Citation, counted_numbers, facts_of, find_quote, quote_in_paragraph, unsupported_facts
from rag.claims import (
    RELATION_KINDS,
    WORDED_KINDS,
    asks_for_several,
    fits_kind,
    invented_words,
    is_wordless,
    relation_share,
    strip_question_echo,
    with_marks,
    word_share,
)
from rag.context import Source, best_quote, build_sources, relevant_excerpt
from rag.docfacts import adoption_date, document_name, document_names, names_document
from rag.extract import is_vote_question, render_tally
from rag.filters import SearchFilters
from rag.glossary import translated_share
from rag.language import PHRASES, detect_language
from rag.plan import QueryPlan, answer_kind, plan_question
from rag.prompt import ModelReply, answer_part, build_messages, parse_reply
from rag.records import Answer, AnswerEvent, Final, Token
from rag.retrieve import ParagraphHit, ParagraphSearch
from rag.support import retry_sources, shown_claim, supporting, tally_of
from rag.translate import led_by, translated_question, wants_translation
from rag.which import article_answer, stating_article, stating_paragraph

__all__ = ["Answer", "AnswerEngine", "AnswerEvent", "Final", "Token"]

GROUNDED_SHARE = 0.6  # share of a claim's words that its source must contain
TRANSLATION_SIMILARITY = 0.55  # cosine of a claim to the source sentence it translates (EmbeddingGemma: translations
# scored 0.61-0.72 and unrelated pairs up to 0.5 on eval samples; a short name scores lower, but is quoted verbatim)
RELATION_SHARE = 0.33  # share of a short-answer question's words (rag.claims.asked_relation) its sources must state
WHICH_SHARE = 0.7  # share of what a "which resolution" question describes that the answering paragraph must state
_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,，]\s*\d+)*)\]")


@dataclass(frozen=True)
class Context:
    """What every strategy reads: the plan, the retrieved paragraphs, those about the question's anchors."""

    plan: QueryPlan
    hits: list[ParagraphHit]
    anchored: list[ParagraphHit]
    base: Answer  # the abstention every answer is built from


Strategy = Callable[[Context], Generator[Token, None, Answer | None]]


def _plain(function: Callable[[Context], Answer | None]) -> Strategy:
    """A strategy that streams nothing, as a generator like the others."""
    def strategy(context: Context) -> Generator[Token, None, Answer | None]:
        answer = function(context)
        if answer is not None and answer.text and not answer.abstained:
            yield Token(answer.text)
        return answer

    return strategy


@dataclass
class AnswerEngine:
    """Question (+ history) -> verified, cited Answer. Takes its search and LLM; builds neither."""

    search: ParagraphSearch
    llm: LLM
    top_n: int = 4  # paragraphs given to the LLM
    k: int = 10  # paragraphs retrieved and returned as sources
    excerpt_chars: int = 220
    retries: int = 2  # single-source prompts after a reply that fails verification
    grounded_share: float = GROUNDED_SHARE
    translation_similarity: float = TRANSLATION_SIMILARITY
    embedder: Embedder | None = None  # checks claims made in the other language than their source
    alignment_similarity: float = ALIGNMENT_SIMILARITY  # floor of an aligned paragraph's similarity (rag.align)
    filters: SearchFilters = field(default_factory=SearchFilters)
    query_translation: bool = False  # a Chinese question is also searched with its English translation
    translation_lead: int = 1  # its own best paragraphs kept first (rag.translate)
    which_share: float = WHICH_SHARE  # share of a "which resolution" question's description its paragraph states
    which_depth: int = 5  # paragraphs read for it (rag.which)
    relation_share: float = RELATION_SHARE  # a short answer's sources state this share of the question's words

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        final = None
        for event in self.stream(question, history):
            if isinstance(event, Final):
                final = event.answer
        assert final is not None
        return final

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerEvent]:
        started = time.perf_counter()
        plan = plan_question(question, history)
        hits = self._retrieve(plan)
        base = Answer(question=question, text="", citations=(), abstained=True, sources=tuple(hits),
                      language=plan.language, standalone_question=plan.standalone, method="abstain")
        anchored = anchored_hits(hits, plan.anchor_keys)
        context = Context(plan, hits, anchored, base)
        for name, strategy in self.strategies():
            answer = yield from strategy(context)
            if answer is not None:
                answer = answer if answer.abstained else self._finished(replace(answer, method=name))
                yield Final(_timed(answer, started))
                return
        yield Final(_timed(abstain(base), started))

    def _retrieve(self, plan: QueryPlan) -> list[ParagraphHit]:
        """The plan's paragraphs; for a Chinese question (rag.translate), its first paragraph, then those of the
        question searched with its English translation."""
        hits = self.search.search(plan.standalone, k=self.k)
        if not self.query_translation or not wants_translation(plan):
            return hits
        english = translated_question(self.llm, plan.standalone)
        if english is None:
            return hits
        return led_by(hits, self.search.search(f"{plan.standalone} {english}", k=self.k), self.translation_lead)

    def strategies(self) -> tuple[tuple[str, Strategy], ...]:
        """The answer strategies, tried in this order; the first that returns an answer (or a reasoned abstention)
        answers, and its name is recorded on the answer."""
        return (("document-fact", _plain(self._document_fact)),  # "when was resolution N adopted?": its header
                ("extractive", _plain(self._tally)),  # vote tallies: the source's own sentence, never generated
                ("which-document", _plain(self._which_document)),  # "which resolution set up …?": the paragraph
                # stating it, named from its document's header
                ("which-article", _plain(self._which_article)),  # "which article contains “…”?": its label
                ("per-month", self._per_month),  # "2013年1月和2020年2月各…": one prompt per month
                ("per-part", self._per_part),  # "它扩大到几个成员？要协助举行什么？": each part answered and verified
                ("llm", self._quote_first))  # the model quotes a source, then answers; verified against the plan

    def _document_fact(self, context: Context) -> Answer | None:
        facts = adoption_date(context.plan, context.hits)
        if not facts:
            return None
        citations = [_citation(f.hit, f.hit.text) for f in facts]
        text = " ".join(with_marks(f.text, f"[{i}]") for i, f in enumerate(facts, 1))
        return replace(context.base, text=text, citations=tuple(citations), abstained=False)

    def _which_document(self, context: Context) -> Answer | None:
        found = stating_paragraph(context.plan, context.hits, min_share=self.which_share, depth=self.which_depth)
        if found is None:
            return None
        return self._naming(found.quote, found.hit, (_citation(found.hit, found.quote),), context.base)

    def _which_article(self, context: Context) -> Answer | None:
        found = stating_article(context.plan, context.hits, min_share=self.which_share, depth=self.k)
        if found is None:
            return None
        text = article_answer(found, context.base.language)
        return replace(context.base, text=text, citations=(_citation(found.hit, found.quote),), abstained=False)

    def _tally(self, context: Context) -> Answer | None:
        if not context.anchored:
            return None
        plan = context.plan
        named = [a.key for a in plan.anchors if a.kind == "res"]
        extracted = self._extractive(plan.standalone, named, context.hits, plan.language, context.base)
        if extracted is None and plan.resolutions and plan.kind == "vote":
            return abstain(context.base)  # no retrieved text states the tally: never let the model guess one
        return extracted

    def _per_month(self, context: Context) -> Generator[Token, None, Answer | None]:
        if not asks_for_several(context.plan.standalone):
            return None
        months = per_month(context.anchored, context.plan.anchor_keys, per_part=2)
        parts = (yield from self._answer_each(context.plan.standalone, months, context.base)) if months else []
        return combined(parts) if parts else None

    def _per_part(self, context: Context) -> Generator[Token, None, Answer | None]:
        """A question asking two things: each part asked on its own over the same paragraphs (a later part with
        the first as its context: "是哪一天？" is about the first part's subject), verified against its own kind,
        the answers combined; a part the documents do not answer is said to be unanswered. None (the quote-first
        strategy takes the whole question) when no part is answered."""
        plan = context.plan
        if len(plan.parts) < 2 or plan.kind == "vote":
            return None
        phrases = PHRASES[plan.language]
        answered: list[Answer] = []
        missing: list[str] = []
        for index, part in enumerate(plan.parts):
            asked = part if index == 0 else phrases["part_context"].format(part=part, first=plan.parts[0])
            sources = build_sources(context.anchored, asked, top_n=self.top_n, max_chars=self.excerpt_chars)
            answer = (yield from self._llm_answer(asked, sources, context.base, answer_kind(part))) if sources else None
            said = " ".join(_MARKERS.sub("", a.text) for a in answered)
            if answer is None:
                missing.append(part)
            elif _MARKERS.sub("", answer.text) not in said:  # two parts answered by one sentence: said once
                answered.append(answer)
        if not answered:
            return None
        said = " ".join(_MARKERS.sub("", a.text) for a in answered)
        # a part is unanswered unless what was said for the others is its kind of answer (a quoted sentence
        # stating the place and the date answers "where?" and "which day?")
        missing = [p for p in missing if answer_kind(p) in WORDED_KINDS
                   or not fits_kind(said, answer_kind(p))]
        whole = combined(answered)
        unanswered = " ".join(phrases["part_missing"].format(part=p.rstrip("？?")) for p in missing)
        return replace(whole, text=f"{whole.text} {unanswered}".strip())

    def _quote_first(self, context: Context) -> Generator[Token, None, Answer | None]:
        sources = build_sources(context.anchored, context.plan.standalone, top_n=self.top_n,
                                max_chars=self.excerpt_chars)
        if not sources:
            return None
        plan = context.plan  # a question asking several things is checked as a whole, not as its first part's kind
        kind = plan.kind if len(plan.parts) == 1 else "description"
        answer = yield from self._llm_answer(plan.standalone, sources, context.base, kind)
        return answer

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

    def _llm_answer(self, question: str, sources: list[Source], base: Answer, kind: str = "description") -> Generator[
            Token, None, Answer | None]:
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
        answer = self._verified(reply, numbered, base, kind)
        tokens = set(tokenize(question))
        for source in [] if answer else retry_sources(reply, numbered, question, self.retries):
            # one source, cut to its sentences sharing most words with the question: the model cannot pick the
            # wrong source, nor miss the sentence in a long excerpt
            single = [Source(1, source.hit, relevant_excerpt(source.hit.text, tokens, self.excerpt_chars // 2))]
            messages = build_messages(question, single, base.language)
            retried = parse_reply("".join(c.delta or "" for c in self.llm.stream_chat(messages)))
            answer = self._verified(retried, single, base, kind)
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
        found = [tally_of(hits, anchor) for anchor in resolutions]
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
        docstore = getattr(self.search, "docstore", None)
        self._aligner = (ParagraphAligner(docstore, self.embedder, self.alignment_similarity)
                         if self.embedder is not None and docstore is not None else None)

    def _finished(self, answer: Answer) -> Answer:
        """The verified answer with the record of each citation's check, the newer version of its document (when
        the store holds one) and its aligned paragraph in the other official language (when the store holds that
        version and the alignment passes its own check)."""
        answer = with_checks(answer, self._similarity if self.embedder is not None else None)
        newer = self.search.newer_versions()
        citations = tuple(replace(c, superseded_by=newer.get(c.symbol or "")) for c in answer.citations)
        if self._aligner is not None:
            citations = tuple(self._aligner.align(c) for c in citations)
        return replace(answer, citations=citations)

    def _similarity(self, first: str, second: str) -> float:
        assert self.embedder is not None
        vectors = self.embedder.embed_documents([first, second])
        return float(vectors[0] @ vectors[1])

    def _translation(self, claim: str, hit: ParagraphHit) -> str | None:
        """The sentence of a source in the other language that the claim translates: the most similar by the
        (multilingual) embedder, if similar enough; None without an embedder."""
        if self.embedder is None:
            return None
        sentences = split_sentences(hit.text) or [hit.text]
        vectors = self.embedder.embed_documents([claim, *sentences])
        similarity = vectors[1:] @ vectors[0]
        best = int(similarity.argmax())
        return sentences[best].strip() if similarity[best] >= self.translation_similarity else None

    def _states(self, claim: str, quote: str, hit: ParagraphHit) -> bool:
        """Whether a paragraph states the claim beyond its facts (checked apart): most of its words; across
        languages, where words cannot be compared, a distinctive number or symbol of the claim that the paragraph
        states ("At the 7015 meeting"), most of its words by the bilingual glossary ("军事行动" over "the military
        action"), the model's quote of the paragraph holding the claim's facts (any sentence
        can be quoted), or the paragraph's sentence the claim translates."""
        if is_wordless(claim):
            return True  # "26", "S/PRST/2020/3": its facts are all it says
        if detect_language(hit.text) == detect_language(claim):
            return word_share(claim, hit.checked_text) >= self.grounded_share
        facts = facts_of(claim)
        distinctive = any(len(fact) >= 3 for fact in facts)
        return ((distinctive and not unsupported_facts(claim, [hit.checked_text]))
                or translated_share(claim, hit.checked_text) >= self.grounded_share
                or (bool(facts) and not unsupported_facts(claim, [quote]) and quote_in_paragraph(quote, hit.text))
                or self._translated(claim, hit) is not None)

    def _verified(self, reply: ModelReply, sources: list[Source], base: Answer,
                  kind: str = "description") -> Answer | None:
        """Keep the answer only if it is the kind of answer asked for, a cited source states all of its facts
        (re-cited to another source that does: the model often names the wrong number) and it invents no name;
        None when no source supports it, or when a short answer's sources are not about what the question asks
        (rag.claims.relation_share). For "which resolution" the paragraphs are read with their document's
        name, which the answer then cites from the document's header."""
        markers = [int(n) for group in _MARKERS.findall(reply.answer) for n in re.split(r"[,，]", group)]
        question = base.standalone_question
        claim = strip_question_echo(_MARKERS.sub("", reply.answer).strip(), question)
        if reply.not_found or not re.search(r"\w", claim) or not fits_kind(claim, kind):
            return None
        if kind == "symbol":  # a symbol the paragraph states answers as it is; else the document's own name
            stated = self._verified(reply, sources, base)
            if stated is not None:
                return stated
            sources = [replace(s, hit=replace(s.hit, names=document_names(s.hit.symbol))) for s in sources]
        if invented_words(claim, [s.hit.checked_text for s in sources], question):
            return None
        named = [sources[n - 1] for n in dict.fromkeys([*reply.sources, *markers]) if 0 < n <= len(sources)]
        quoted = [s for s in sources if reply.quote and quote_in_paragraph(reply.quote, s.hit.text)]
        others = [s for s in sources if s not in named]
        states = partial(self._states, claim, reply.quote)
        kept = (supporting(claim, quoted, states) or supporting(claim, [s for s in named if s not in quoted], states)
                or (facts_of(claim) and supporting(claim, others, states))
                or (not named and supporting(claim, sources, states, pairs=False)))
        if not kept or (kind in RELATION_KINDS and relation_share(
                question, [f"{s.hit.title or ''} {s.hit.text}" for s in kept]) < self.relation_share):
            return None  # no source, or sources not about what was asked (a number of another sentence)
        if kind == "count" and is_wordless(claim) and not facts_of(claim) <= set().union(
                *(counted_numbers(s.hit.text) for s in kept)):
            return None  # a bare number the sources state only as a date's day or a paragraph's label
        quotes = [reply.quote if quote_in_paragraph(reply.quote, s.hit.text)
                  else self._translated(claim, s.hit) or best_quote(s.hit.text, claim) for s in kept]
        citations = tuple(_citation(s.hit, _verbatim(q, s.hit.text)) for s, q in zip(kept, quotes, strict=True))
        if kind == "symbol":
            return self._naming(claim, kept[0].hit, citations, base)
        marks = "".join(f"[{i}]" for i in range(1, len(citations) + 1))
        text = shown_claim(claim, citations[0], base.language, asks_for_several(question))
        return replace(base, text=with_marks(text, marks), citations=citations, abstained=False, method="llm")

    def _naming(self, claim: str, hit: ParagraphHit, citations: tuple[Citation, ...], base: Answer) -> Answer | None:
        """"Which resolution …?": the document's name, cited to its header ¶0 (the paragraph that answers does
        not state its own symbol), then what it says, cited to that paragraph; None when the store holds no
        header stating the name (the name could not be checked)."""
        header = self.search.header(hit.doc_id)
        name = document_name(hit.symbol, base.language)
        if header is None or name is None or unsupported_facts(name, [header.text]):
            return None
        body = citations[0].quote if names_document(claim, hit.symbol) or is_wordless(claim) else claim
        marks = "".join(f"[{i}]" for i in range(2, len(citations) + 2))
        text = (f"{name}[1]：“{body.rstrip('。.')}”{marks}。" if base.language == "zh"
                else f"{name}[1]: “{body.rstrip('。.')}”{marks}.")
        return replace(base, text=text, citations=(_citation(header, header.text), *citations), abstained=False,
                       method="llm")


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
    span = find_quote(paragraph, quote)
    return paragraph[span[0]:span[1]] if span else quote
