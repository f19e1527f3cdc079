"""Sentence splitting for Chinese and English. Pure functions, standard library only.

Why: chunks, answer context and citation checks all work sentence by sentence, and chunking locates every
sentence in its paragraph, so each sentence returned is a verbatim (stripped) slice of the input text.
"""

from __future__ import annotations

import re

# Chinese sentence ends, then closing quotes/brackets that belong to the sentence ("……。”" keeps the ”).
_ZH_END = re.compile(r"[。！？；!?]+[”’」』》〉】）)]*")
# An ASCII double quote straight after a Chinese sentence end closes that sentence only when nothing but
# space, punctuation or the end follows; followed by text it opens the next (UN statements open every paragraph
# with a quote and close only the last one).
_ASCII_QUOTE_CLOSE = re.compile(r'"(?=\s|$|[，。；：、,.;:)）])')
# English: one or more of .!? then optional closers, then whitespace, then what may start a sentence.
_EN_END = re.compile(
    r"[.!?]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-Z\u4e00-\u9fff]|\d{1,3}\.\s|\([a-z0-9]{1,4}\)\s))")

# Words that end with a full stop without ending the sentence ("No. 5", "Mr. Smith", "para. 3", "Distr. General").
ABBREVIATIONS = frozenset((
    "no", "nos", "mr", "mrs", "ms", "messrs", "dr", "st", "mt", "para", "paras", "art", "arts", "p", "pp",
    "vol", "vols", "e.g", "i.e", "cf", "ibid", "op", "cit", "loc", "corr", "rev", "add", "suppl", "supp", "inc",
    "ltd", "co", "corp", "jr", "sr", "gen", "lt", "col", "capt", "maj", "sgt", "adm", "prof", "sect", "sec",
    "ch", "chap", "fig", "figs", "approx", "vs", "v", "doc", "docs", "distr", "res", "amb", "h.e", "hon", "rt",
    "gov", "sen", "rep", "dept", "est", "ed", "eds", "nr", "al", "viz", "ref",
))
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_DOTTED_ACRONYM = re.compile(r"(?:\b|^)(?:[A-Za-z]\.){2,}$")
_LABEL_TOKEN = re.compile(r"(?<![\w.])\(?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})\)?\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of text (Chinese, English or mixed), each a stripped verbatim slice; never empty strings."""
    if not text or not text.strip():
        return []
    return _cut(text, sorted(set(_zh_bounds(text)) | set(_en_bounds(text))))


def split_sentences_zh(text: str) -> list[str]:
    """Chinese-only rules: split after 。！？； (with closing quotes kept on the sentence)."""
    return _cut(text, _zh_bounds(text))


def split_sentences_en(text: str) -> list[str]:
    """English-only rules: split after . ! ? before a capital, except after abbreviations, initials and labels."""
    return _cut(text, _en_bounds(text))


def _cut(text: str, bounds: list[int]) -> list[str]:
    """The stripped, non-empty slices of text between consecutive sentence ends."""
    pieces: list[str] = []
    start = 0
    for end in [*bounds, len(text)]:
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def _zh_bounds(text: str) -> list[int]:
    """Offsets just after each Chinese sentence end."""
    bounds: list[int] = []
    for match in _ZH_END.finditer(text):
        end = match.end()
        if match.group(0)[0] in "!?" and not _cjk_before(text, match.start()):
            continue  # ASCII ! or ? in Latin text: the English rules decide
        if text.startswith('"', end) and _ASCII_QUOTE_CLOSE.match(text, end):
            end += 1
        bounds.append(end)
    return bounds


def _cjk_before(text: str, index: int) -> bool:
    """Whether the character before index is CJK (so an ASCII ! or ? there ends a Chinese sentence)."""
    return index > 0 and "\u2e80" <= text[index - 1] <= "\U0003ffff"


def _en_bounds(text: str) -> list[int]:
    """Offsets just after each English sentence end."""
    bounds: list[int] = []
    for match in _EN_END.finditer(text):
        if match.group(0)[0] == "." and not _full_stop_ends_sentence(text, match.start()):
            continue
        bounds.append(match.end())
    return bounds


def _full_stop_ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at offset dot ends a sentence (not "No.", "U.N.", "J. Smith", a "1." label)."""
    head = text[max(0, dot - 40):dot + 1]
    word = _WORD_BEFORE.search(head)
    if word:
        token = word.group(1)
        if token.lower().rstrip(".") in ABBREVIATIONS or token.lower() in ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isupper():
            return False  # an initial: "J. Smith"
        if _DOTTED_ACRONYM.search(head):
            return False  # "U.N.", "U.S.A."
    return not _is_label(text, dot)


def _is_label(text: str, dot: int) -> bool:
    """A paragraph label such as "1." or "(b)." or "A." at the start of the text, a line or a sentence."""
    label = _LABEL_TOKEN.search(text, max(0, dot - 8), dot + 1)
    if not label:
        return False
    head = label.start()
    before = text[max(0, head - 8):head].rstrip(" \t")
    return not before or before[-1] in "\n.;:。；："
