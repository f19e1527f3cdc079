"""HTML of the chat: verified answers with their citation chips, abstentions with the closest passages, drafts and
notices; how a cited document is named (its symbol, linked to the UN's copy, else its title saying the symbol is
unknown); and the quote marked in a paragraph. Pure functions of typed records: nothing is parsed back from HTML.

Markers, chips and passages carry the class uq-cite-<turn>-<key> (a class: the chat's HTML sanitizer keeps
classes), which the page turns into `panel.open_target` calls; the links to the UN's copy (class uq-doclink) open
in a new tab instead.
"""

from __future__ import annotations

import html
import re

from rag.answer import Answer
from rag.citations import Citation, find_quote
from rag.language import PHRASES
from rag.links import symbol_url
from rag.retrieve import ParagraphHit
from ui.briefing import segments, source_name
from ui.checks import aligned_line, check_line
from ui.strings import short, words


def un_link(symbol: str | None, language: str, text: str = "↗") -> str:
    """<a> to the UN's copy of the document (the symbol resolver, in `language`); "" when it has no symbol."""
    url = symbol_url(symbol, language)
    if url is None:
        return ""
    tip = words(language)["open_un"].format(symbol=symbol)
    return (f"<a class='uq-doclink' href='{html.escape(url, quote=True)}' target='_blank' rel='noopener' "
            f"title='{html.escape(tip, quote=True)}'>{html.escape(text)}</a>")


def source_html(source: Citation | ParagraphHit, language: str, limit: int | None = None) -> str:
    """A cited document as the chat names it: "S/RES/2511 (2020) ↗" (the arrow links to the UN's copy); without a
    symbol its title, then "文号不详" / "symbol unknown". `limit` shortens the symbol or title."""
    name = source_name(source)
    shown = f"<span class='uq-docname'>{html.escape(short(name, limit) if limit else name)}</span>"
    newer = source.superseded_by if isinstance(source, Citation) else None
    if newer:  # an older version of a document the store holds newer: said wherever the citation is shown
        said = words(language)["superseded_by"].format(symbol=newer)
        shown += f" <span class='uq-superseded'>{html.escape(said)}</span>"
    if source.symbol:
        link = un_link(source.symbol, language)
        return f"{shown} {link}" if link else shown
    return f"{shown} <span class='uq-nosym'>{html.escape(words(language)['symbol_unknown'])}</span>"


def answer_html(answer: Answer, turn: int = 0) -> str:
    """A verified answer (text with superscript markers and chips) or an abstention (distinct box + passages)."""
    say = words(answer.language)
    if answer.abstained:
        return abstention_html(answer, turn)
    body = "".join(f"<sup class='uq-ref uq-cite uq-cite-{turn}-c{piece}'>[{piece}]</sup>" if isinstance(piece, int)
                   else html.escape(piece) for piece in segments(answer))
    chip_row = "".join(
        f"<span class='uq-chip uq-cite uq-cite-{turn}-c{n}' "
        f"title='{html.escape(chip_title(c, answer.language), quote=True)}'>[{n}] "
        f"{source_html(c, answer.language, limit=28)} {html.escape(c.place)}</span>"
        for n, c in enumerate(answer.citations, 1))
    return (f"<div class='uq-answer'><div class='uq-badge uq-badge-verified'>✓ {say['verified']}</div>"
            f"<p>{body}</p><div class='uq-chips'>{chip_row}</div></div>")


def chip_title(citation: Citation, language: str) -> str:
    """What hovering a citation shows: the quote, how it was verified, and where the other language's version
    of the paragraph is."""
    newer = citation.superseded_by and words(language)["superseded_by"].format(symbol=citation.superseded_by)
    lines = [f"“{citation.quote}”", check_line(citation.check, language), aligned_line(citation, language),
             newer or ""]
    return "\n".join(line for line in lines if line)


def abstention_html(answer: Answer, turn: int = 0) -> str:
    """The abstention's message in its own box, then the closest passages (each opens in the side panel)."""
    say = words(answer.language)
    closest = "".join(
        f"<li class='uq-cite uq-cite-{turn}-s{i}'>{source_html(h, answer.language)} ¶{h.paragraph}: "
        f"{html.escape(short(h.text, 140))}</li>" for i, h in enumerate(answer.sources[:3], 1))
    passages = (f"<div class='uq-closest-title'>{html.escape(PHRASES[answer.language]['closest'])}</div>"
                f"<ol class='uq-closest'>{closest}</ol>") if closest else ""
    return (f"<div class='uq-abstain'><div class='uq-badge uq-badge-abstain'>⚠ {say['abstained']}</div>"
            f"<p>{html.escape(answer.text)}</p>{passages}</div>")


def draft_html(draft: str, language: str, stage: str = "") -> str:
    say = words(language)
    text = html.escape(draft) if draft else html.escape(stage or "…")
    return (f"<div class='uq-draft'><div class='uq-badge uq-badge-draft'>{say['draft']}</div>"
            f"<p>{text}▌</p></div>")


def notice_html(message: str, kind: str) -> str:
    """kind: "error" or "empty"."""
    text = html.escape(message)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return f"<div class='uq-notice uq-notice-{kind}'>{text}</div>"


def highlight(text: str, quote: str | None) -> str:
    """HTML-escaped text with the quote wrapped in <mark> (matched exactly, else after the same whitespace and
    full/half-width normalisation the citation check uses); plain escaped text when it is not found."""
    span = find_quote(text, quote) if quote else None
    if span is None:
        return html.escape(text)
    start, end = span
    return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:]))
