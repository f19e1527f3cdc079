"""Keyword tokens for BM25: jieba words for Chinese, lower-cased words for Latin text, symbols kept whole."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

# A UN symbol ("S/RES/2511", "S/PRST/2013/1") and a resolution reference ("2511(2020)") stay one token as well
# as being split into parts, so an exact symbol query ranks its document first.
_SYMBOL = re.compile(r"[A-Z]{1,6}(?:/[A-Z0-9.]+)+")
_WORD = re.compile(r"\w", re.UNICODE)
_LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _stem():  # type: ignore[no-untyped-def]
    """English Snowball stemmer, so "votes" matches "vote" and "adopted" matches "adoption"."""
    import Stemmer

    return Stemmer.Stemmer("english").stemWord


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Tokens for indexing and querying; identical processing on both sides is what matters."""
    text = unicodedata.normalize("NFKC", text)
    tokens = [m.group(0).lower() for m in _SYMBOL.finditer(text)]
    stem = _stem()
    for word in _jieba().lcut(text.lower()):
        word = word.strip()
        if word and _WORD.search(word) and word not in _STOPWORDS:
            tokens.append(stem(word) if _LATIN_WORD.fullmatch(word) else word)
    return tokens


_STOPWORDS = frozenset(
    "的 了 和 与 在 是 就 对 及 以 其 之 为 于 并 等 也 将 这 该 中 上 "
    "the of and to in a an on for by with at as is be that this it or from are was were has have its".split()
)
