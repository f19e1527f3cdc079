"""Bilingual glossary: a Chinese question finds an English paragraph by keywords, and the reverse.

BM25 alone cannot match "摩洛哥组织向西撒哈拉进军之后，安理会要求摩洛哥做什么？" to "calls upon Morocco immediately
to withdraw from the Territory of Western Sahara": they share no token. `expand_query` finds the glossary terms in a
question (longest match first, so 南罗得西亚 does not also fire 罗得西亚) and returns the BM25 tokens of their
equivalents in the other language, for the caller to add to the keyword query.

Chinese is matched on the text itself; English on the question's BM25 tokens (lower-cased, stemmed, stop words
dropped), so matching is case-insensitive, on whole words, phrase-aware ("Western Sahara", "set up") and joins
inflections ("condemned" finds "condemns"). Pure: the table in `rag.glossary_data`, the standard library and
`ingest.tokenize.tokenize`. The Chinese matcher is built at import; the English one and each entry's tokens need the
tokenizer, so they are built once, on first use, and a query then takes microseconds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, TypeVar

from ingest.tokenize import tokenize
from rag import glossary_data
from rag.language import detect_language


@dataclass(frozen=True)
class Entry:
    """One row of the glossary: Chinese terms and their English equivalents (either side may list variants)."""

    group: str
    zh: tuple[str, ...]
    en: tuple[str, ...]


def parse_table(text: str, group: str) -> list[Entry]:
    """Entries of a table in `rag.glossary_data`'s format ("中文/变体 = English/variant", " | " between entries)."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for item in line.split(" | "):
            zh_side, sep, en_side = item.partition("=")
            if not sep:
                raise ValueError(f"glossary entry without '=': {item!r}")
            zh = _variants(zh_side)
            if not zh:
                raise ValueError(f"glossary entry without a Chinese term: {item!r}")
            entries.append(Entry(group, zh, _variants(en_side)))
    return entries


def _variants(side: str) -> tuple[str, ...]:
    terms = (unicodedata.normalize("NFKC", term).strip() for term in side.split("/"))
    return tuple(dict.fromkeys(term for term in terms if term))


# The Charter's chapters and articles, which resolutions cite by number in both languages.
_ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX".split()
_DIGITS = "零一二三四五六七八九"


def _zh_number(n: int) -> str:
    """Chinese numeral as in 第五十一条 (1 ≤ n ≤ 199)."""
    if n >= 100:
        rest = n - 100
        return "一百" + ("" if rest == 0 else "零" + _DIGITS[rest] if rest < 10 else "一" + _zh_number(rest))
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十") + (_DIGITS[ones] if ones else "")


def _charter_entries() -> list[Entry]:
    chapters = [Entry("charter", (f"第{_zh_number(n)}章",), (f"Chapter {roman}", f"Chapter {n}"))
                for n, roman in enumerate(_ROMAN, start=1)]
    articles = [Entry("charter", (f"第{_zh_number(n)}条", f"第{n}条"), (f"Article {n}",)) for n in range(1, 112)]
    return chapters + articles


ENTRIES: tuple[Entry, ...] = tuple(
    parse_table(glossary_data.PLACES, "places") + parse_table(glossary_data.BODIES, "bodies")
    + parse_table(glossary_data.VOCABULARY, "vocabulary") + _charter_entries()
    + parse_table(glossary_data.BLOCKERS, "blockers")
)


def entry_counts() -> dict[str, int]:
    """Entries per group: places, bodies, vocabulary, charter, blockers."""
    counts: dict[str, int] = {}
    for entry in ENTRIES:
        counts[entry.group] = counts.get(entry.group, 0) + 1
    return counts


_Key = TypeVar("_Key", str, tuple[str, ...])


def _index(keyed: Iterable[tuple[_Key, int]]) -> dict[_Key, tuple[int, ...]]:
    index: dict[_Key, list[int]] = {}
    for key, entry_id in keyed:
        ids = index.setdefault(key, [])
        if entry_id not in ids:
            ids.append(entry_id)
    return {key: tuple(ids) for key, ids in index.items()}


def _lengths_by_first(keys: Iterable[str | tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """For each first character (or token), the lengths of the keys starting with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


_ZH_INDEX: dict[str, tuple[int, ...]] = _index((term, i) for i, entry in enumerate(ENTRIES) for term in entry.zh)
_ZH_LENGTHS = _lengths_by_first(_ZH_INDEX)


@lru_cache(maxsize=1)
def _en_matcher() -> tuple[dict[tuple[str, ...], tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """English phrases as BM25 token sequences → entries; built on first use (it needs the tokenizer)."""
    keyed = []
    for i, entry in enumerate(ENTRIES):
        for term in entry.en:
            tokens = tuple(tokenize(term))
            if tokens:
                keyed.append((tokens, i))
    index = _index(keyed)
    return index, _lengths_by_first(index)


def _longest_matches(seq: str | list[str], index: Mapping[Any, tuple[int, ...]],
                     lengths: Mapping[str, tuple[int, ...]]) -> list[int]:
    """Entry ids of the glossary terms in `seq` (a text or a token list), leftmost then longest first, no overlaps."""
    found: list[int] = []
    i, n = 0, len(seq)
    while i < n:
        for length in lengths.get(seq[i], ()):
            if i + length > n:
                continue
            key = seq[i:i + length] if isinstance(seq, str) else tuple(seq[i:i + length])
            if key in index:
                found.extend(index[key])
                i += length
                break
        else:
            i += 1
    return found


def _side_tokens(terms: tuple[str, ...]) -> tuple[str, ...]:
    """BM25 tokens of an entry's terms, in order, without repeats, leaving out what would only add noise.

    A term that splits into several tokens drops its one-character pieces other than digits (安全理事會 → 安全, 理事,
    not 會; People's → peopl, not s): such fragments match almost anything. A one-token term stays whole (请, 票).
    A term whose tokens are another variant's plus more adds only generic words and is left out ("Syrian Arab
    Republic" next to "Syrian", 大不列颠及北爱尔兰联合王国 next to 联合王国): it still serves to find the entry.
    """
    tokenized = []
    for term in terms:
        tokens = tokenize(term)
        if len(tokens) > 1:
            tokens = [token for token in tokens if len(token) > 1 or token.isdigit()]
        tokenized.append(tokens)
    sets = [set(tokens) for tokens in tokenized if tokens]
    out: dict[str, None] = {}
    for tokens in tokenized:
        if not any(other < set(tokens) for other in sets):
            out.update(dict.fromkeys(tokens))
    return tuple(out)


@cache
def _en_tokens(entry_id: int) -> tuple[str, ...]:
    return _side_tokens(ENTRIES[entry_id].en)


@cache
def _zh_tokens(entry_id: int) -> tuple[str, ...]:
    return _side_tokens(ENTRIES[entry_id].zh)


def _matched_ids(query: str) -> tuple[list[int], Callable[[int], tuple[str, ...]]]:
    """Ids of the entries found in the query, and where to get the other language's tokens of one."""
    text = unicodedata.normalize("NFKC", query)
    if not text.strip():
        return [], _en_tokens
    if detect_language(text) == "zh":
        return list(dict.fromkeys(_longest_matches(text, _ZH_INDEX, _ZH_LENGTHS))), _en_tokens
    index, lengths = _en_matcher()
    return list(dict.fromkeys(_longest_matches(tokenize(text), index, lengths))), _zh_tokens


def glossary_matches(query: str) -> list[Entry]:
    """The glossary entries whose terms occur in the query (in the query's language), in order of occurrence."""
    return [ENTRIES[i] for i in _matched_ids(query)[0]]


def expand_query(query: str) -> list[str]:
    """BM25 tokens of the other language's equivalents of every glossary term in the query; [] when none.

    A Chinese query (one with Chinese characters, see `rag.language.detect_language`) gets English tokens, an
    English one Chinese tokens; the order is stable (terms as they occur, then the table's order) and has no repeats.
    """
    ids, tokens_of = _matched_ids(query)
    out: dict[str, None] = {}
    for entry_id in ids:
        out.update(dict.fromkeys(tokens_of(entry_id)))
    return list(out)


def translated_share(claim: str, paragraph: str) -> float:
    """Share of the claim's BM25 tokens that belong to a glossary term whose other-language equivalent the
    paragraph holds: how much of a claim in one language a paragraph in the other states, as far as the glossary
    can tell ("谴责以色列的军事行动" over "Condemns the military action launched by Israel": all of it). 0.0 for a
    claim with no tokens."""
    claim_tokens = set(tokenize(claim))
    return len(translated_tokens(claim, paragraph)) / len(claim_tokens) if claim_tokens else 0.0


def translated_tokens(claim: str, paragraph: str) -> set[str]:
    """The claim's BM25 tokens that belong to a glossary term whose other-language equivalent the paragraph holds."""
    claim_tokens = set(tokenize(claim))
    if not claim_tokens:
        return set()
    ids, tokens_of = _matched_ids(claim)
    own_of = _zh_tokens if tokens_of is _en_tokens else _en_tokens
    paragraph_tokens = set(tokenize(unicodedata.normalize("NFKC", paragraph)))
    covered: set[str] = set()
    for entry_id in ids:
        # a Charter article or chapter is a number, checked as a fact against the paragraph's text, not a word
        # (the paragraph *labelled* Article 24 would otherwise "state" any claim naming 第二十四条)
        if ENTRIES[entry_id].group != "charter" and paragraph_tokens.intersection(tokens_of(entry_id)):
            own = own_of(entry_id)
            covered.update(t for t in claim_tokens if any(t in term or term in t for term in own))
    return covered
