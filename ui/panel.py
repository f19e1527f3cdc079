"""The side panel: the cited paragraph with the quote marked and its neighbours for context, or the whole document
scrolled to it; above either, the document's symbol (linked to the UN's copy), title, date, type, paragraph number,
and the revision that supersedes it when the store holds one."""

from __future__ import annotations

import html

from ingest.records import Document, Paragraph
from rag.answer import Answer
from rag.links import newest_versions
from rag.retrieve import ParagraphHit
from ui.checks import aligned_line, check_line
from ui.render import highlight, un_link
from ui.state import Opened, Session
from ui.strings import DOC_TYPE_NAMES, WORDS, words
from unscqa.services import Services

CONTEXT_CHARS = 240


def open_citation(services: Services, session: Session, key: str | None) -> str:
    """The side panel for chip `key` of the active turn: the paragraph with the quote in <mark>, the document's
    symbol, title, date, type and paragraph number, and paragraphs n-1 and n+1 for context."""
    answer = session.active_answer()
    target = _target(answer, key) if answer is not None else None
    if answer is None or target is None:
        return placeholder_html()
    doc_id, number, quote = target
    citation = answer.citations[int(key[1:]) - 1] if key and key[0] == "c" else None
    session.opened = Opened(doc_id, number, quote, answer.language, citation)
    return paragraph_panel(services, session.opened)


def open_target(services: Services, session: Session, target: str) -> str:
    """A click on a marker, chip or passage inside the chat ("<turn>-<key>", e.g. "0-c1"): that turn becomes the
    active one and its paragraph opens in the side panel."""
    turn, _, key = (target or "").partition("-")
    if turn.isdigit() and int(turn) < len(session.turns) and session.turns[int(turn)].answer is not None:
        session.active = int(turn)
        return open_citation(services, session, key)
    return placeholder_html()


def paragraph_panel(services: Services, opened: Opened) -> str:
    say = words(opened.language)
    store = services.docstore
    doc = store.document_summary(opened.doc_id)
    paragraph = store.paragraph(opened.doc_id, opened.paragraph)
    if doc is None or paragraph is None:
        return f"<div class='uq-source'><p class='uq-missing'>{say['missing']}</p></div>"
    total = store.paragraph_counts().get(doc.doc_id, 0)
    parts = [_meta_html(services, doc, opened, total)]
    before = store.paragraph(doc.doc_id, opened.paragraph - 1)
    after = store.paragraph(doc.doc_id, opened.paragraph + 1)
    if before is not None:  # its end leads into the cited paragraph
        parts.append(_paragraph_html(before, context=True, keep="end"))
    parts.append(_cited_html(paragraph, opened))
    if after is not None:
        parts.append(_paragraph_html(after, context=True, keep="start"))
    return f"<div class='uq-source'>{''.join(parts)}</div>"


def show_document(services: Services, session: Session) -> str:
    """The whole document of the opened citation, every paragraph anchored (#p-N), the cited one highlighted
    (class uq-cited, quote in <mark>) so the page can scroll it into view."""
    opened = session.opened
    if opened is None:
        return placeholder_html()
    doc = services.docstore.document(opened.doc_id)
    if doc is None:
        return f"<div class='uq-source'><p class='uq-missing'>{words(opened.language)['missing']}</p></div>"
    body = "".join(_paragraph_html(p, quote=opened.quote if p.number == opened.paragraph else None,
                                   context=p.number != opened.paragraph) for p in doc.paragraphs)
    return (f"<div class='uq-source uq-document'>{_meta_html(services, doc, opened, len(doc.body))}"
            f"<div class='uq-doc-body'>{body}</div></div>")


def back_to_paragraph(services: Services, session: Session) -> str:
    return paragraph_panel(services, session.opened) if session.opened else placeholder_html()


def placeholder_html() -> str:
    text = f"{WORDS['zh']['pick']}<br>{WORDS['en']['pick']}"
    return f"<div class='uq-source uq-placeholder'><p>{text}</p></div>"


def _target(answer: Answer, key: str | None) -> tuple[str, int, str] | None:
    if not key or len(key) < 2 or not key[1:].isdigit():
        return None
    n = int(key[1:])
    if key[0] == "c" and 0 < n <= len(answer.citations):
        citation = answer.citations[n - 1]
        return citation.doc_id, citation.paragraph, citation.quote
    if key[0] == "s" and 0 < n <= min(3, len(answer.sources)):
        hit: ParagraphHit = answer.sources[n - 1]
        return hit.doc_id, hit.paragraph, ""
    return None


def _meta_html(services: Services, doc: Document, opened: Opened, total: int) -> str:
    say = words(opened.language)
    rows = [
        (say["symbol"], doc.symbol or say["symbol_unknown"]),
        (say["date"], doc.date or say["no_date"]),
        (say["type"], DOC_TYPE_NAMES.get(doc.doc_type, doc.doc_type)),
        (say["paragraph"], f"¶{opened.paragraph} / {total}"),
    ]
    cells = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>" for k, v in rows)
    symbol = ""
    if doc.symbol:
        shown = un_link(doc.symbol, opened.language, doc.symbol) or html.escape(doc.symbol)
        symbol = f"<div class='uq-doc-symbol'>{shown}</div>"
    newer = newest_versions(d.symbol for d in services.docstore.documents()).get(doc.symbol or "")
    superseded = (f"<div class='uq-superseded'>{html.escape(say['superseded_by'].format(symbol=newer))} "
                  f"{un_link(newer, opened.language)}</div>") if newer else ""
    return (f"<div class='uq-meta'>{symbol}<div class='uq-doc-title'>{html.escape(doc.title)}</div>"
            f"{superseded}<dl>{cells}</dl></div>")


def _cited_html(paragraph: Paragraph, opened: Opened) -> str:
    """The cited paragraph with its check (also the chip's hover) and, beside it, the same paragraph in the other
    official language when the store holds that version: aligned and checked, or a note saying why none is shown."""
    cited = _paragraph_html(paragraph, quote=opened.quote)
    citation = opened.citation
    if citation is None:
        return cited
    check = check_line(citation.check, opened.language)
    checked = f"<div class='uq-check'>{html.escape(check)}</div>" if check else ""
    aligned = citation.aligned
    note = aligned_line(citation, opened.language)
    if aligned is None and not note:
        return cited + checked
    if aligned is None:
        other = f"<div class='uq-aligned uq-aligned-none'>{html.escape(note)}</div>"
    else:
        heading = f"<div class='uq-aligned-note'>{html.escape(note)}</div>"
        other = (f"<div class='uq-aligned' lang='{aligned.language}'>{heading}<div class='uq-para'>"
                 f"<span class='uq-pnum'>¶{aligned.paragraph}</span> {html.escape(aligned.text)}</div></div>")
    cited_lang = "zh" if aligned is not None and aligned.language == "en" else "en" if aligned is not None else ""
    return (f"<div class='uq-side-by-side'><div class='uq-cited-side' lang='{cited_lang}'>{cited}{checked}</div>"
            f"{other}</div>")


def _paragraph_html(paragraph: Paragraph, *, quote: str | None = None, context: bool = False,
                    keep: str = "all") -> str:
    """One paragraph, anchored as #p-N. A context paragraph may be cut to CONTEXT_CHARS, keeping its "start" or
    "end" (the whole-document view shows every paragraph in full)."""
    kind = "uq-context" if context else "uq-cited"
    heading = (f"<div class='uq-heading'>{html.escape(' › '.join(paragraph.heading_path))}</div>"
               if paragraph.heading_path and not context else "")
    if not context:
        text = highlight(paragraph.text, quote)
    elif keep != "all" and len(paragraph.text) > CONTEXT_CHARS:
        cut = paragraph.text[:CONTEXT_CHARS] + "…" if keep == "start" else "…" + paragraph.text[-CONTEXT_CHARS:]
        text = html.escape(cut)
    else:
        text = html.escape(paragraph.text)
    return (f"<div class='uq-para {kind}' id='p-{paragraph.number}'>{heading}"
            f"<a class='uq-pnum' href='#p-{paragraph.number}'>¶{paragraph.number}</a> {text}</div>")
