"""The filter widgets: their choices, and their values read as `SearchFilters`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.records import DOC_TYPES
from rag.filters import SearchFilters
from rag.links import newest_versions
from ui.strings import DOC_TYPE_NAMES, both, short
from unscqa.services import Services

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def build_filters(doc_types: Sequence[str] | None = None, language: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  doc_ids: Sequence[str] | None = None) -> SearchFilters:
    """The filter widgets' values as SearchFilters. Dates: YYYY, YYYY-MM or YYYY-MM-DD (a partial "to" date
    means the end of that year or month). Raises ValueError with a message for the user."""
    start = _iso_date(date_from, end=False)
    stop = _iso_date(date_to, end=True)
    if start and stop and start > stop:
        raise ValueError(f"the date range is empty: {start} is after {stop}")
    return SearchFilters(doc_types=tuple(doc_types or ()), languages=(language,) if language else (),
                         doc_ids=tuple(doc_ids or ()), date_from=start, date_to=stop)


def _iso_date(raw: str | None, *, end: bool) -> str | None:
    raw = (raw or "").strip().replace("/", "-").replace(".", "-")
    if not raw:
        return None
    match = _DATE.match(raw)
    if not match:
        raise ValueError(f"dates are written YYYY-MM-DD (or YYYY, YYYY-MM), not {raw!r}")
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise ValueError(f"not a date: {raw!r}")
    month = f"{int(month):02d}" if month else ("12" if end else "01")
    day = f"{int(day):02d}" if day else ("31" if end else "01")
    return f"{year}-{month}-{day}"


def doc_type_choices() -> list[tuple[str, str]]:
    return [(DOC_TYPE_NAMES.get(t, t), t) for t in DOC_TYPES]


def document_choices(services: Services) -> list[tuple[str, str]]:
    """(label, doc_id) of every ingested document, for the "specific documents" filter: symbol (marked superseded
    when the store holds a revision of it), date, title."""
    documents = services.docstore.documents()
    newer = newest_versions(d.symbol for d in documents)
    choices = []
    for d in documents:
        symbol = f"{d.symbol} · " if d.symbol else ""
        if d.symbol in newer:
            symbol = f"{d.symbol} ({both('superseded')}) · "
        choices.append((short(f"{symbol}{d.date or ''} {d.title}".strip(), 70), d.doc_id))
    return choices
