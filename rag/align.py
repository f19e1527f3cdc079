"""Which paragraph of a document's other official-language version says what a cited paragraph says. Pure logic:
no store, model or UI imports (the similarity of two texts is passed in).

Alignment uses what the documents give, then checks itself:
1. the key the paragraph carries: the header (¶0) goes to the header; a Charter article to the same article
   ("Article 51" and "第五十一条"); an operative paragraph to the one with the same number or letter ("2." and
   "二.", "(b)"); a paragraph without a key, or whose key the other version does not carry, to any paragraph;
2. among those candidates, the most similar by the (multilingual) embedding;
3. the check: the two paragraphs' numbers, dates and symbols agree (one's multi-digit facts are all in the other,
   and they share one when either has any), and the similarity is at least the floor. A candidate failing the
   check is never shown: the citation says "no aligned paragraph" instead.

The versions are not split alike: the Chinese texts of early resolutions run the preamble and the operative
paragraphs together, so one Chinese paragraph may hold several English ones. An English preambular paragraph then
aligns with the Chinese paragraph that holds it; the long Chinese paragraph aligns with the English paragraph most
like it, which holds part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.records import HEADER_NUMBER
from rag.citations import chinese_to_int, numbers_of_source

# "2." "2、" "二." "二、" "(b)" "（b）" at the start of a paragraph: its operative number or letter
_ENUMERATOR = re.compile(r"^\s*(?:(\d{1,3})\s*[.、,]|([一二三四五六七八九十]{1,3})\s*[.、．]|[(（]([a-z]{1,2})[)）])")
_FOOTNOTE_MARK = re.compile(r"^\s*\d{1,3}\s+(?=[A-Z])|^\s*\d{1,3}(?=[\u4e00-\u9fff])(?![年月日次号票项条章届])"
                            r"|(?<=[.,;])\s*\d{1,3}\s*$")
_ARTICLE_EN = re.compile(r"^Article\s+(\d{1,3})$")
_ARTICLE_ZH = re.compile(r"^第([一二三四五六七八九十百零〇]+)条$")


@dataclass(frozen=True)
class Passage:
    """A paragraph as alignment sees it."""

    number: int
    text: str
    label: str | None = None  # the parser's label: "header", "Article 51", "第五十一条", "(b)", "2."


@dataclass(frozen=True)
class Match:
    """The counterpart found and the evidence that it is one."""

    number: int
    basis: str  # "header", "article 51", "paragraph 2", "paragraph (b)", "closest"
    similarity: float
    facts: tuple[str, ...]  # the multi-digit numbers both state, sorted


@dataclass(frozen=True)
class Rejected:
    """Why no counterpart is shown."""

    reason: str  # "no candidate", "facts differ", "below similarity floor"
    best: int | None = None  # the most similar candidate, for the record
    similarity: float = 0.0


def article_number(label: str) -> int | None:
    """"Article 51" or "第五十一条" (a Charter paragraph's label) -> 51; None for any other label."""
    if m := _ARTICLE_EN.match(label.strip()):
        return int(m.group(1))
    if m := _ARTICLE_ZH.match(label.strip()):
        return chinese_to_int(m.group(1).replace("〇", "零"))
    return None


def key_of(passage: Passage) -> str | None:
    """The key a paragraph carries, the same in both languages: "header", "article 51", "paragraph 2",
    "paragraph (b)"; None for a paragraph without one."""
    if passage.number == HEADER_NUMBER:
        return "header"
    label = (passage.label or "").strip()
    if article := article_number(label):
        return f"article {article}"
    m = _ENUMERATOR.match(label) or _ENUMERATOR.match(passage.text)
    if m is None:
        return None
    if m.group(1):
        return f"paragraph {int(m.group(1))}"
    if m.group(2):
        return f"paragraph {chinese_to_int(m.group(2))}"
    return f"paragraph ({m.group(3)})"


def candidates(cited: Passage, others: Sequence[Passage]) -> tuple[list[Passage], str]:
    """The other version's paragraphs that may hold the cited one, and the basis they were chosen on."""
    key = key_of(cited)
    keyed = [p for p in others if key is not None and key_of(p) == key]
    if keyed:
        return keyed, key or "closest"
    if key is not None and key.startswith(("header", "article")):
        return [], key  # the header and articles are never aligned to something else
    # a paragraph without a key is looked for among those without one or with an operative key: the Charter's
    # preamble in the other preamble, not in an article
    return [p for p in others if (key_of(p) or "paragraph").startswith("paragraph")], "closest"


def significant_facts(text: str) -> set[str]:
    """The numbers a paragraph states with two digits or more (years, days, meetings, votes, resolution numbers,
    symbols' numbers), without the footnote marks that open or close it ("54 One member ...", "... to none. 54");
    single digits are left out: footnote marks and list numbers differ between versions."""
    text = _FOOTNOTE_MARK.sub(" ", text)
    return {n for n in numbers_of_source(text) if len(n.replace(".", "")) >= 2}


def facts_agree(cited: str, other: str) -> tuple[bool, tuple[str, ...]]:
    """Whether two paragraphs' facts agree: one's are all in the other's (the versions split paragraphs
    differently, so one may hold more), and a paragraph stating facts is not matched with one stating none unless
    it is the one cited holding none. With the facts both state."""
    a, b = significant_facts(cited), significant_facts(other)
    shared = tuple(sorted(a & b, key=lambda n: (len(n), n)))
    if a and not b:
        return False, ()
    return a <= b or (bool(shared) and b <= a), shared


def align(cited: Passage, others: Sequence[Passage], similarity: Callable[[str, Sequence[str]], Sequence[float]],
          *, floor: float) -> Match | Rejected:
    """The other version's paragraph that says what `cited` says, checked; `similarity(text, texts)` gives the
    cosine of text to each of texts. The whole paragraphs are compared, not a citation's quote: a short quote
    scores low against the whole paragraph that holds it."""
    pool, basis = candidates(cited, others)
    if not pool:
        return Rejected("no candidate")
    scores = list(similarity(cited.text, [p.text for p in pool]))
    ranked = sorted(range(len(pool)), key=lambda i: -scores[i])
    best = pool[ranked[0]]
    for i in ranked:
        agree, shared = facts_agree(cited.text, pool[i].text)
        if not agree:
            continue
        if scores[i] < floor:
            return Rejected("below similarity floor", pool[i].number, float(scores[i]))
        return Match(pool[i].number, basis, float(scores[i]), shared)
    return Rejected("facts differ", best.number, float(scores[ranked[0]]))
