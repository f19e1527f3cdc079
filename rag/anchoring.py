"""Which retrieved paragraphs can answer a question naming resolutions, symbols or months, and answers put
together from parts. Pure logic: no store, model or UI imports."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rag.citations import Citation
from rag.extract import mentions, month_names
from rag.retrieve import ParagraphHit

if TYPE_CHECKING:
    from rag.answer import Answer


def anchored_hits(hits: Sequence[ParagraphHit], wanted: Sequence[str]) -> list[ParagraphHit]:
    """The hits that can answer a question naming resolutions, symbols or months: each must be about the month
    named and at least one of the resolutions or symbols (or months, when it names several), and together they
    must cover every one of those; [] when they do not (then the answer abstains). A paragraph is read with its
    document's symbol, title, date and headings: a resolution's adoption line does not repeat its number, a
    monthly assessment's "1月21日" not its year, a statement's paragraphs not the month it was made in."""
    if not wanted:
        return list(hits)
    months = [a for a in wanted if a.startswith("ym:")]
    when = months if len(months) == 1 else []  # several months: a comparison, each source about one of them
    what = [a for a in wanted if a not in when]
    about = {id(h): _about(h) for h in hits}
    kept = [h for h in hits if all(mentions(about[id(h)], a) for a in when)
            and (not what or any(mentions(about[id(h)], a) for a in what))]
    covered = all(any(mentions(about[id(h)], a) for h in kept) for a in what)
    return kept if covered else []


def _about(hit: ParagraphHit) -> str:
    """A paragraph read with its document's symbol, title, month, headings and label ("第三十九条")."""
    return "\n".join([hit.symbol or "", hit.title, month_names(hit.date or ""), *hit.heading_path, hit.label or "",
                      hit.text])


def per_month(hits: Sequence[ParagraphHit], wanted: Sequence[str], *, per_part: int) -> list[list[ParagraphHit]]:
    """For a question comparing months (two ym: anchors), the best hits about each month; [] otherwise. A small
    model given both months' paragraphs at once answers for one of them."""
    months = [a for a in wanted if a.startswith("ym:")]
    if len(months) < 2:
        return []
    groups = [[h for h in hits if mentions(_about(h), month)][:per_part] for month in months]
    return groups if all(groups) else []


def combined(parts: Sequence[Answer]) -> Answer:
    """One answer from the verified answers to each part, citations renumbered in order."""
    citations: list[Citation] = []
    texts = []
    for part in parts:
        text = shift_marks(part.text, len(citations))
        stop = "" if text[-1:] in "。.!?！？" else "。" if part.language == "zh" else "."
        texts.append(text + stop)  # each part its own sentence, so its marks cover only its own facts
        citations.extend(part.citations)
    return replace(parts[0], text=" ".join(texts), citations=tuple(citations))


def shift_marks(text: str, offset: int) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
