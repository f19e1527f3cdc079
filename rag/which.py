"""Which resolution said it: "Which resolution set up …?", "“Calls upon Israel …”出自安理会哪一项决议？" answered by
the retrieved paragraph that states what the question describes, named from its document; and which Charter article
states quoted words, named from the paragraph's article label. Pure logic: no store, model or UI imports.

The small model often replies NOT_FOUND here even with the answering paragraph first (it looks for the symbol in
the paragraph's words, and an operative paragraph never states its own resolution's symbol), so the paragraph is
found by reading: it must contain most of the question's words once the question's frame ("in which resolution
does the Security Council write") is taken out, in the same language by its words, across languages by the
bilingual glossary. Only resolutions' body paragraphs are read: a question asking for a resolution that a
statement or letter names ("为哪项决议的执行工作指定联络人") is left to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.metadata import resolution_parts
from ingest.sentences import split_sentences
from ingest.tokenize import tokenize
from rag.align import article_number
from rag.claims import stated_share
from rag.docfacts import is_header
from rag.plan import WHICH_ARTICLE, WHICH_RESOLUTION, QueryPlan
from rag.retrieve import ParagraphHit

# The question's frame: the words asking "which resolution", not describing what it did.
_FRAME = re.compile(
    r"\b(?:in\s+|by\s+)?(?:which|what)\s+(?:(?:19|20)\d{2}\s+)?(?:security\s+council\s+)?resolutions?\b"
    r"(?:\s+(?:does|did|do)\s+the\s+(?:security\s+)?council\s+(?:write|say|state|declare))?|\bthe\s+security\s+council\b|"
    r"(?:出自)?(?:联合国)?(?:安理会|安全理事会)?(?:是)?(?:在|通过|以)?(?:哪一?[项个份号]|第几号)决议(?:中|里|里面)?|出自|"
    r"(?:联合国)?(?:安理会|安全理事会)", re.I)
_FIRST = re.compile(r"\bfirst\b|首次|第一次|最早|首先", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_QUOTE = re.compile(r"[\"“「『«]([^\"”」』»]{12,})[\"”」』»]")


@dataclass(frozen=True)
class StatingParagraph:
    """The paragraph that states what a "which resolution" question describes, and its sentence that states it."""

    hit: ParagraphHit
    quote: str
    share: float


def described(question: str) -> str:
    """What the resolution must state: the question's quoted words when it quotes ("“Calls upon Israel …”出自哪项
    决议？"), else the question without its frame and years."""
    quoted = _QUOTE.findall(question)
    if quoted:
        return " ".join(q.strip(" .…") for q in quoted)
    return _FRAME.sub(" ", _YEAR.sub(" ", question)).strip(" ？?：:，,。.")


def stating_paragraph(plan: QueryPlan, hits: Sequence[ParagraphHit], *, min_share: float,
                      depth: int) -> StatingParagraph | None:
    """For a question asking which resolution did or said something, the one of the top `depth` paragraphs of a
    resolution that states most of what it describes, at least `min_share` (the higher ranked of equals); the
    earliest such resolution when the question asks which was first. A year the question gives is the
    resolution's. None when no paragraph qualifies (the model answers, or the engine abstains)."""
    if plan.kind != "symbol" or not WHICH_RESOLUTION.search(plan.standalone):
        return None
    description = described(plan.standalone)
    wants_first = bool(_FIRST.search(description))
    description = _FIRST.sub(" ", description).strip()
    if len(tokenize(description)) < 3:
        return None
    years = set(_YEAR.findall(_QUOTE.sub(" ", plan.standalone)))
    found = []
    for hit in hits[:depth]:
        parts = resolution_parts(hit.symbol or "")
        if is_header(hit) or not parts or not parts[1] or (years and parts[1] not in years):
            continue
        share = stated_share(description, hit.text)
        if share >= min_share:
            found.append(StatingParagraph(hit, _stating_sentence(description, hit.text), share))
    if not found:
        return None
    if wants_first:
        return min(found, key=lambda f: f.hit.date or "9999")
    return max(found, key=lambda f: f.share)  # max keeps the first (higher ranked) of equals


def _stating_sentence(description: str, paragraph: str) -> str:
    """The paragraph's sentence stating most of the description (verbatim, to be quoted)."""
    sentences = split_sentences(paragraph) or [paragraph]
    return max(sentences, key=lambda sentence: stated_share(description, sentence)).strip()


def stating_article(plan: QueryPlan, hits: Sequence[ParagraphHit], *, min_share: float,
                    depth: int) -> StatingParagraph | None:
    """For a question quoting words and asking which article states them ("Which Charter article contains “A
    Member of the United Nations against which …”?"), the one of the top `depth` article paragraphs that states at
    least `min_share` of the quote, in either language (the glossary bridges them); the most of it, the higher
    ranked of equals. None without a quote or such a paragraph."""
    if not _QUOTE.search(plan.standalone) or not WHICH_ARTICLE.search(_QUOTE.sub(" ", plan.standalone)):
        return None
    description = described(plan.standalone)  # the quoted words
    found = [StatingParagraph(hit, _stating_sentence(description, hit.text), share) for hit in hits[:depth]
             if hit.article and article_number(hit.article) and (share := stated_share(description, hit.text))
             >= min_share]
    return max(found, key=lambda f: f.share) if found else None


def article_answer(found: StatingParagraph, language: str) -> str:
    """The article named in the question's language, within its document ("Article 5 of the Charter of the United
    Nations", "《联合国宪章》第5条"), with citation marker [1], then the stating words. The label as written stays
    when it is in the other language, so the name the answer gives can be checked against the cited paragraph."""
    label = found.hit.article or ""
    number = article_number(label)
    quote = found.quote.rstrip("。.;；,，")
    title = found.hit.title.strip("《》")
    if language == "zh":
        name = label if label.startswith("第") else f"第{number}条（{label}）"
        return f"《{title}》{name}[1]：“{quote}”。"
    name = label if label.startswith("Article") else f"Article {number} ({label})"
    return f"{name} of the {title}[1]: “{quote}”."
