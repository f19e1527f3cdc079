"""Turn a follow-up ("那第2508号决议呢？") into a standalone question using the previous one. Pure logic.

A rule-based rewrite costs nothing, unlike an extra LLM call over the history (the measured stock pipeline
spent ~57 s on two calls): it substitutes the new resolution, symbol or date into the previous question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_RESOLUTION_ZH = re.compile(r"第\s*\d{1,4}\s*(?:\(\s*\d{4}\s*\))?\s*号决议")
_RESOLUTION_EN = re.compile(r"\b[Rr]esolution\s+\d{1,4}(?:\s*\(\d{4}\))?")
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])S/[A-Z0-9/]+(?:\s*\(\d{4}\))?")
_MONTH_ZH = re.compile(r"\d{4}年\d{1,2}月")
_PATTERNS = (_RESOLUTION_ZH, _RESOLUTION_EN, _SYMBOL, _MONTH_ZH)
_FOLLOWUP_ZH = re.compile(r"^(?:那|那么|那末|还有|再问)?(.{1,30}?)(?:呢|又如何|怎么样|如何)[？?]?$")
_FOLLOWUP_EN = re.compile(r"^(?:and |what about |how about )(.+?)\??$", re.I)


def is_followup(question: str) -> bool:
    q = question.strip()
    return bool(_FOLLOWUP_EN.match(q)) or (len(q) <= 32 and bool(_FOLLOWUP_ZH.match(q)) and
                                             (q.startswith(("那", "还有")) or q.rstrip("？?").endswith("呢")))


def standalone_question(question: str, history: Sequence[str]) -> str:
    """The question itself when it stands alone; otherwise the previous question with the new subject in it."""
    if not history or not is_followup(question):
        return question
    previous = history[-1]
    for pattern in _PATTERNS:
        new = pattern.search(question)
        old = pattern.search(previous)
        if new and old:
            return previous[:old.start()] + new.group(0) + previous[old.end():]
    new_ref = next((m for m in (p.search(question) for p in _PATTERNS) if m), None)
    if new_ref:
        for pattern in _PATTERNS:
            old = pattern.search(previous)
            if old:
                return previous[:old.start()] + new_ref.group(0) + previous[old.end():]
    return f"{previous} {question}"
