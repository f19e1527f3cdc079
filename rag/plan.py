"""A question analysed once into a typed plan that retrieval and answering share. Pure logic: no store, model
or UI imports.

The plan says what the question names (resolutions, symbols, months, Charter articles, as typed anchors), what kind
of answer it wants (a date, a count, a duration, a symbol, ...) and, for a question asking two things, its parts.
Answer strategies are chosen from it, and a claim is checked against it: a date question needs a date in its
answer, a "which resolution" question a resolution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.extract import anchors as anchor_keys
from rag.extract import asks_about_adoption, is_vote_question
from rag.followup import standalone_question
from rag.language import detect_language

KINDS = ("vote", "meeting", "date", "duration", "count", "symbol", "list", "entity", "yes/no", "description")


@dataclass(frozen=True)
class Anchor:
    """Something the question names that a source must be about: kind "res" (resolution number), "sym"
    (document symbol), "ym" (year-month), "art" (Charter article)."""

    kind: str
    value: str

    @property
    def key(self) -> str:
        """The "res:242" form that `rag.extract.mentions` reads."""
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class QueryPlan:
    question: str  # as asked
    standalone: str  # with a follow-up's subject substituted from the history
    language: str  # "zh" or "en": the language of the answer
    anchors: tuple[Anchor, ...]
    kind: str  # one of KINDS: what the answer must be
    parts: tuple[str, ...]  # the sub-questions of a question asking several things (one part when it asks one)
    asks_adoption: bool  # about how, when or where a named decision was adopted (its document facts)

    @property
    def anchor_keys(self) -> list[str]:
        return [a.key for a in self.anchors]

    @property
    def resolutions(self) -> list[str]:
        return [a.value for a in self.anchors if a.kind == "res"]


# "Which resolution …?", "哪一项安理会决议…？", "第几号决议": the question asks for a resolution (rag.which)
WHICH_RESOLUTION = re.compile(r"哪一?[项个份号]\s*(?:联合国)?(?:安理会|安全理事会)?\s*决议|第几号决议|"
                              r"\b(?:which|what)\s+(?:(?:19|20)\d{2}\s+)?(?:security\s+council\s+)?resolution\b",
                              re.I)
WHICH_ARTICLE = re.compile(r"哪一?条|第几条|\bwhich\s+(?:(?:of\s+the\s+)?charter(?:'s)?\s+)?article", re.I)
# Order matters: the first kind whose pattern matches wins ("how many votes" is a vote question, not a count).
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("meeting", re.compile(r"第几次会议|哪[一次个]*会议上?通过|(?:which|what)\s+meeting|meeting\s+number", re.I)),
    ("duration", re.compile(r"多长时间|多久|几个月|多少个月|期限多长|how\s+long|"
                            r"for\s+how\s+many\s+(?:months|years|days)|what\s+period", re.I)),
    ("date", re.compile(r"哪一?天|哪年|何时|什么时候|几月几[日号]|日期|到什么时候|截止|"
                        # "when" asking, not "when" joining a clause ("which article did it cite when it asked")
                        r"^\W*when\b|[,;:]\s*when\b|\bwhen\s+(?:did|was|were|is|are|does|do|will|has|have|had|"
                        r"should|must|can|could)\b|(?:what|which)\s+(?:date|day|year)|until\s+when", re.I)),
    ("symbol", re.compile(rf"{WHICH_RESOLUTION.pattern}|文号|文件号|编号|\bsymbol\b|document\s+number", re.I)),
    ("count", re.compile(r"多少|几[项次个份名位条国]|how\s+many|how\s+much|number\s+of", re.I)),
    ("list", re.compile(r"哪些|哪几|分别|列出|\b(?:which|what)\s+(?:\w+\s+)?(?:countries|states|members|measures|"
                        r"organs|steps|things|powers)\b|\blist\b", re.I)),
    ("entity", re.compile(r"谁|哪位|哪[个国]国家|哪个组织|哪个机构|在哪里|何地|哪座城市|\bwho(?:m)?\b|\bwhere\b|"
                          r"which\s+(?:country|state|body|organ|city|official|person)|"
                          rf"{WHICH_ARTICLE.pattern}|which\s+(?:(?:of\s+the\s+)?charter(?:'s)?\s+)?chapter", re.I)),
    ("yes/no", re.compile(r"是否|有没有|吗[？?]?$|^(?:is|are|was|were|did|does|do|has|have|can|could)\b", re.I)),
)
_PART_BREAK = re.compile(r"(?<=[？?；;])\s*(?=\S)|[，,]\s*(?:以及|并且|还有|另外)|,?\s+and\s+(?=(?:which|what|when|who|"
                         r"how|where|whom)\b)", re.I)


def answer_kind(question: str) -> str:
    """What the answer must be: a vote tally, a meeting, a date, a duration, a count, a symbol, a list, an entity,
    yes or no, or else a description (what a resolution demands, decides, establishes...)."""
    if is_vote_question(question):
        return "vote"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(question):
            return kind
    return "description"


def question_parts(question: str) -> tuple[str, ...]:
    """"它禁止了什么？后来哪项决议授权…？" -> its two questions; a question asking one thing -> itself."""
    pieces = [p.strip(" ，,") for p in _PART_BREAK.split(question.strip())]
    parts = tuple(p for p in pieces if len(p) >= 4)
    return parts if len(parts) > 1 else (question.strip(),)


def typed_anchors(question: str) -> tuple[Anchor, ...]:
    return tuple(Anchor(*key.split(":", 1)) for key in anchor_keys(question))


def plan_question(question: str, history: Sequence[str] = ()) -> QueryPlan:
    standalone = standalone_question(question.strip(), history)
    return QueryPlan(question=question, standalone=standalone, language=detect_language(question),
                     anchors=typed_anchors(standalone), kind=answer_kind(standalone),
                     parts=question_parts(standalone), asks_adoption=_asks_adoption(standalone))


_ADOPTED = re.compile(r"通过|获得通过|\badopt|\bpass(?:ed)?\b|\bapprov", re.I)


def _asks_adoption(question: str) -> bool:
    return asks_about_adoption(question) or bool(_ADOPTED.search(question) and answer_kind(question) in (
        "date", "meeting"))
