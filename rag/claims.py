"""Reading the model's claim against the question and the sources. Pure logic: no store, model or UI imports."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.tokenize import tokenize
from rag.citations import normalize_for_match
from rag.glossary import translated_share, translated_tokens

_CLAUSE = re.compile(r"(?<=[，,；;：:])")
_ECHO_MIN_CHARS = 4


def strip_question_echo(claim: str, question: str) -> str:
    """The claim without leading clauses that only repeat the question ("按照人权高专2013年1月向安理会的通报，…
    已造成60000多人丧生" -> "…已造成60000多人丧生"): the user's own premise is not a claim the source must state,
    and its dates would otherwise fail verification against a paragraph that does not repeat them."""
    asked = normalize_for_match(question)
    kept = _CLAUSE.split(claim)
    while len(kept) > 1:
        head = normalize_for_match(kept[0]).rstrip("，,；;：:")
        if len(head) < _ECHO_MIN_CHARS or head not in asked:
            break
        kept.pop(0)
    return "".join(kept).strip() or claim


_ZH_ASKS = re.compile(r"多少|多久|多长|几[项次个份名位天年月条国]|哪[个里天一位国些年月条]|什么|谁|何时|何地|怎样|如何")
_ZH_SEVERAL = re.compile(r"分别|哪些|哪几|各[举有是为自]|以及")
_EN_ASKS = re.compile(r"\b(?:how\s+many|how\s+long|when|where|who|whom|which|what)\b", re.I)
_EN_SEVERAL = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:countries|states|members|kinds|measures|organs|"
                         r"dates|meetings|steps|things|powers)\b|\bboth\b|\beach\b|\brespectively\b", re.I)


def asks_for_several(question: str) -> bool:
    """Whether the question wants several facts (two questions in one, "分别", "which countries"): a small model
    answers one of them, so the answer shows the source's own words, which state them all."""
    if _ZH_SEVERAL.search(question) or _EN_SEVERAL.search(question):
        return True
    return len(_ZH_ASKS.findall(question)) >= 2 or len(_EN_ASKS.findall(question)) >= 2


_CJK = re.compile(r"^[\u4e00-\u9fff·]{2,}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def invented_words(claim: str, sources: Sequence[str], question: str) -> list[str]:
    """Chinese names (people, places, organisations, by jieba's part-of-speech tags) of the claim found in no
    source and not in the question: what a small model makes up ("沙特阿拉伯" for a meeting held in Nouakchott).
    Only names: other words may be paraphrase ("第二份"); only against Chinese sources: a Chinese answer over
    English sources is a translation."""
    chinese = [s for s in sources if _HAN.search(s)]
    if not chinese:
        return []
    known = normalize_for_match(" ".join([*chinese, question]))
    return [word for word, flag in dict.fromkeys(_tagged(claim))
            if flag in _NAME_TAGS and _CJK.match(word) and normalize_for_match(word) not in known]


_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})


def _tagged(text: str) -> list[tuple[str, str]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text)]


def word_share(claim: str, text: str) -> float:
    """Share of the claim's words that the text contains (as substrings: jieba may cut a word differently in
    a longer sentence); 1.0 for a claim without words."""
    words = tokenize(claim)
    if not words:
        return 1.0
    return len(_written(words, text)) / len(words)


def _written(words: Sequence[str] | set[str], text: str) -> list[str]:
    """The words the text holds as written (substrings of its normalized, lower-cased form)."""
    known = normalize_for_match(text).lower()
    return [word for word in words if word in known]


def stated_share(description: str, paragraph: str) -> float:
    """How much of the description the paragraph states: its words (same language) or, across languages, its
    glossary terms' equivalents; the better of the two (a Chinese question may quote the English text)."""
    return max(word_share(description, paragraph) if tokenize(description) else 0.0,
               translated_share(description, paragraph))


# The words of a question that ask rather than describe: what its answer replaces
_ASKING = re.compile(r"哪一?[条项个位天年国份次]|第几[条次号项]|多少|几[个次名项位]|什么|谁|何时|何地|如何|"
                     r"怎样|是否|吗|\b(?:who|whom|what|which|when|where|how\s+many|how\s+much|how\s+long|did|does|"
                     r"do|was|were|is|are)\b", re.I)
RELATION_KINDS = ("entity", "count", "date", "duration", "meeting")  # short answers: the source must be about the
# question, not only hold the answer's number or name


def asked_relation(question: str) -> str:
    """What the question says of its answer: the question without its asking words ("第几条规定自卫权" ->
    "规定自卫权")."""
    return _ASKING.sub(" ", question).strip(" ？?")


def relation_share(question: str, paragraphs: Sequence[str]) -> float:
    """The largest share of what the question says of its answer that one of the paragraphs states: a short
    answer ("第二条", "34") can hold its facts in a paragraph that is about something else."""
    asked = asked_relation(question)
    return max((said_share(asked, paragraph) for paragraph in paragraphs), default=0.0)


def said_share(description: str, paragraph: str) -> float:
    """Share of the description's distinct words the paragraph holds as written or, across languages, by the
    glossary's equivalents, together: a Chinese question's numbers and names are copied into an English paragraph
    ("第47(1948)号决议" -> "resolution 47 (1948)") while its terms are translated ("委员会" -> "Commission")."""
    words = set(tokenize(description))
    if not words:
        return 0.0
    said = set(_written(words, paragraph)) | translated_tokens(description, paragraph)
    return len(said) / len(words)


def with_marks(sentence: str, marks: str) -> str:
    """Citation marks go before the sentence's final stop ("…获得通过[1]。"), so a reader (and a sentence splitter)
    ties them to this sentence, not the next."""
    sentence = sentence.rstrip()
    if sentence and sentence[-1] in "。．.！!？?":
        return f"{sentence[:-1]}{marks}{sentence[-1]}"
    return sentence + marks


_SYMBOL_LIKE = re.compile(r"[A-Z]{1,6}(?:/[A-Z0-9.]+)+")
_LETTER = re.compile(r"[^\W\d_]")


def is_wordless(claim: str) -> bool:
    """A claim of numbers and symbols only ("26", "S/PRST/2020/3", "1540(2004)"): no words to find in a source."""
    return not _LETTER.search(_SYMBOL_LIKE.sub("", claim))


# A time in UN documents is a date, a month or year, or a session of the General Assembly ("during its fifteenth
# session", "大会第十五届会期间": when an election or a debate is held)
_DATE_LIKE = re.compile(r"(?:1[89]|20)\d{2}|[〇一二三四五六七八九十\d]+\s*[月日号]|届会|\bsession\b|"
                        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\b", re.I)
_NUMBER_LIKE = re.compile(r"\d|[零〇一二两三四五六七八九十百千万]|\b(?:no|none|zero|one|two|three|four|five|six|"
                          r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|hundred)\b",
                          re.I)
_DURATION_LIKE = re.compile(r"个?月|年|天|日|周|星期|期间|至|到|"
                            r"\b(?:months?|years?|days?|weeks?|period|until|through)\b", re.I)
# What an answer to each kind of question must contain; kinds not listed take any answer the sources state.
_KIND_SHAPES: dict[str, tuple[re.Pattern[str], ...]] = {
    "date": (_DATE_LIKE,),
    "duration": (_NUMBER_LIKE, _DURATION_LIKE),
    "count": (_NUMBER_LIKE,),
    "meeting": (_NUMBER_LIKE,),
}


WORDED_KINDS = ("description", "entity", "list", "yes/no")  # kinds a bare number cannot answer


def fits_kind(claim: str, kind: str) -> bool:
    """Whether the claim is the kind of answer the question asked for: a date question needs a date, a count a
    number, a duration a number of months or years (or an end date): a sentence of the source holding some other
    number answers another question. A bare number ("8", the operative paragraph's own number) answers no question
    asking what, who or which."""
    if kind in WORDED_KINDS and re.fullmatch(r"[\s\d.,，。()（）]*", claim):
        return False
    return all(pattern.search(claim) for pattern in _KIND_SHAPES.get(kind, ()))
