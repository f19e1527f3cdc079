"""Citation records and their verification. Pure logic: no store, model or UI imports.

A citation is shown only if its quote occurs verbatim in the cited paragraph (after whitespace and
full/half-width normalisation) and every number, date and document symbol of the sentence it supports occurs in
the cited paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.metadata import MONTHS


@dataclass(frozen=True)
class Aligned:
    """The cited paragraph in the document's other official-language version (rag.align), checked: its facts agree
    with the cited paragraph's and its embedding similarity is at least the floor."""

    doc_id: str
    language: str  # "zh" or "en"
    paragraph: int
    text: str
    article: str | None  # its own label, when it has one ("Article 51")
    basis: str  # what it was found by: "header", "article 51", "paragraph (b)", "closest"
    similarity: float
    facts: tuple[str, ...]  # the numbers both paragraphs state (two digits or more)

    @property
    def place(self) -> str:
        return f"{self.article} ¶{self.paragraph}" if self.article else f"¶{self.paragraph}"


@dataclass(frozen=True)
class Check:
    """How a citation was verified, for the reader: where the quote is, which facts of the citing sentences the
    cited paragraphs state, how a claim in the other language matched its source sentence."""

    quote_start: int  # the quote is text[quote_start:quote_end] of the cited paragraph (found exactly, or after
    quote_end: int  # the whitespace and width normalisation of the check); -1 when not located
    numbers: tuple[str, ...] = ()  # numbers and dates of the citing sentences, all stated by the cited paragraphs
    symbols: tuple[str, ...] = ()  # document symbols of the citing sentences, all stated by the cited paragraphs
    similarity: float | None = None  # a claim in the other language than its source: cosine to the quoted sentence
    verbatim: bool = False  # the answer restates the source's own sentence (a vote tally, a header)


@dataclass(frozen=True)
class Citation:
    doc_id: str
    symbol: str | None
    title: str
    paragraph: int
    quote: str  # a verbatim span of the paragraph
    score: float
    text: str = ""  # the cited paragraph's full text
    date: str | None = None
    article: str | None = None  # the paragraph's own label ("Article 51", "第五十一条"), when it has one
    check: Check | None = None  # how it was verified (rag.checks), set on the final answer
    aligned: Aligned | None = None  # the same paragraph in the other official language, when found and checked
    alignment: str = ""  # why there is none: "no other version", "facts differ", "below similarity floor", ...
    superseded_by: str | None = None  # the newer version of this document the store holds (rag.links), if any

    @property
    def label(self) -> str:
        """How the source is named at the edge: its symbol, else its title."""
        return self.symbol or self.title

    @property
    def place(self) -> str:
        """Where in the document, as shown: "第五十一条 ¶106" when the paragraph has an article label, else "¶12"."""
        return f"{self.article} ¶{self.paragraph}" if self.article else f"¶{self.paragraph}"

    @property
    def checked_text(self) -> str:
        """What the cited facts are checked against: the paragraph with its label ("第五十一条" states 51)."""
        return f"{self.article}\n{self.text}" if self.article else self.text


def normalize_for_match(text: str) -> str:
    """NFKC (full-width -> half-width), no whitespace at all, unified quotes and dashes."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_UNIFY)
    return "".join(text.split())


_UNIFY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "—": "-", "–": "-",
                        "－": "-", "﹣": "-"})


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote is in the text: exactly, else after the whitespace and width normalisation the check uses
    (start, end of the text's own characters); None when it is not there."""
    position = text.find(quote)
    if quote and position >= 0:
        return position, position + len(quote)
    needle = normalize_for_match(quote)
    if not needle:
        return None
    owners: list[int] = []
    pieces = []
    for index, char in enumerate(text):
        normal = normalize_for_match(char)
        pieces.append(normal)
        owners.extend([index] * len(normal))
    found = "".join(pieces).find(needle)
    if found < 0:
        return None
    return owners[found], owners[found + len(needle) - 1] + 1


def quote_in_paragraph(quote: str, paragraph: str) -> bool:
    needle = normalize_for_match(quote)
    return bool(needle) and needle in normalize_for_match(paragraph)


_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])(?:S|A|E|ST)/(?:[A-Z]+/)*\d{1,5}(?:/\d+)*(?:\s*\(\d{4}\))?"
                     r"|(?<![A-Za-z0-9/])PRST/\d{4}/\d+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
# In a claim a numeral is a fact before a measure word, a date unit, or an article, chapter, paragraph or session
# ("第一百零八条" states 108: an answer naming Article 108 over Article 109's paragraph is not verified)
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+(?=[票项次名个位国人年月日天条章款届])")
# In a source a numeral counts before a measure word or a noun it counts (理事国, 会员国, 条, 章).
_CN_NUMBER_IN_SOURCE = re.compile(r"[零〇一二两三四五六七八九十百千]+(?=[票项次名个位国人年月日天会理条章款届])")
_EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_EN_NUMBER = re.compile(r"\b(" + "|".join(_EN_NUMBERS) + r")\b", re.I)
_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
          "XVII", "XVIII", "XIX"]
_MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)
_EN_MONTH = re.compile(rf"(?<=\d )({_MONTH_NAMES})\b|\b({_MONTH_NAMES})(?=,? \d)")  # in a date, not "may"
# a number that is part of a date ("1月11日", "11 January 2013", "January 1948") or a paragraph's own label ("8. ")
_DATE_PART = re.compile(rf"[〇一二三四五六七八九十\d]+\s*[年月日]|\b\d{{1,2}}\s+(?:{_MONTH_NAMES})\b(?:,?\s+\d{{4}})?|"
                        rf"\b(?:{_MONTH_NAMES})\b(?:\s+\d{{1,2}}\b)?(?:,?\s+\d{{4}})?|^\s*\d{{1,3}}\.\s", re.M)
_CHAPTER = re.compile(r"\bChapters?\s+(" + "|".join(sorted(_ROMAN[1:], key=len, reverse=True)) + r")\b")
_MARKER = re.compile(r"\[\d+(?:\s*[,，]\s*\d+)*\]")


def chinese_to_int(numeral: str) -> int | None:
    """十三 -> 13, 二十 -> 20, 一百零五 -> 105; None for anything else."""
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if current and numeral[0] not in "十百千" else _CN_DIGITS[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


def facts_of(sentence: str) -> set[str]:
    """The checkable facts of a sentence: document symbols and numbers (Chinese numerals as digits)."""
    text = _MARKER.sub(" ", unicodedata.normalize("NFKC", sentence))
    facts = {normalize_for_match(m.group(0)) for m in _SYMBOL.finditer(text)}
    stripped = _SYMBOL.sub(" ", text)
    facts |= {m.group(0).replace(",", "") for m in _NUMBER.finditer(stripped)}
    for match in _CN_NUMBER.finditer(stripped):
        value = chinese_to_int(match.group(0))
        if value is not None:
            facts.add(str(value))
    return facts | month_numbers(stripped)  # "4 October 1969" states 10


def month_numbers(text: str) -> set[str]:
    """The months an English text names in a date ("22 November 1967" -> "11"), not the word "may"."""
    return {str(MONTHS.index((a or b).lower()) + 1) for a, b in _EN_MONTH.findall(text)}


def numbers_of_source(text: str) -> set[str]:
    """Every number a source states, in digits, including Chinese numerals ("十三票" -> "13", the Charter's
    "十五会员国", "第五十一条"), English number words ("a sub-committee of five" -> "5"), chapters in Roman
    numerals ("Chapter VII" -> "7") and English month names ("November" -> "11", for a date restated in Chinese)."""
    normalized = unicodedata.normalize("NFKC", text)
    numbers = {m.group(0).replace(",", "") for m in _NUMBER.finditer(normalized)}
    for match in _CN_NUMBER_IN_SOURCE.finditer(normalized):
        value = chinese_to_int(match.group(0))
        if value is not None:
            numbers.add(str(value))
    numbers |= {str(_EN_NUMBERS.index(w.lower())) for w in _EN_NUMBER.findall(normalized)}
    numbers |= {str(_ROMAN.index(m)) for m in _CHAPTER.findall(normalized)}
    return numbers | month_numbers(normalized)


def counted_numbers(text: str) -> set[str]:
    """The numbers a source states other than as a date's day, month or year or as a paragraph's own label: what
    can answer "how many" ("1月11日" states no count of 1)."""
    return numbers_of_source(_DATE_PART.sub(" ", unicodedata.normalize("NFKC", text)))


def unsupported_facts(sentence: str, sources: Sequence[str]) -> set[str]:
    """Facts of the sentence that none of the cited paragraphs states."""
    joined = normalize_for_match(" ".join(sources))
    numbers = set().union(*(numbers_of_source(s) for s in sources)) if sources else set()
    missing = set()
    for fact in facts_of(sentence):
        if fact.isdigit() or re.fullmatch(r"\d+(?:\.\d+)?", fact):
            if fact not in numbers:
                missing.add(fact)
        elif fact not in joined:
            missing.add(fact)
    return missing


def verify(citation: Citation, sentence: str, cited_texts: Iterable[str]) -> bool:
    """A citation passes when its quote is in its paragraph and the sentence's facts are in the cited paragraphs."""
    texts = [*cited_texts, citation.checked_text]
    return quote_in_paragraph(citation.quote, citation.text) and not unsupported_facts(sentence, texts)
