""""Copy as briefing": an answer as Markdown with footnotes, and as a Word document with real footnotes.

Pure functions of the typed `Answer` / `Citation`: footnote contents come from the citation records, never from
parsing rendered text. The only thing read from `Answer.text` is where its [n] markers sit. A source is named by
its symbol, linked to the UN's copy (a Markdown link; a hyperlink in Word); without one, by its title with
"文号不详" / "symbol unknown". `briefing` is the page's callback: both forms of the session's active answer.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rag.answer import Answer
from rag.citations import Citation
from rag.language import PHRASES
from rag.links import symbol_url
from rag.retrieve import ParagraphHit
from ui.checks import check_line, version_name
from ui.strings import words

if TYPE_CHECKING:
    from ui.state import Session

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,，]\s*\d+)*)\]")

LABELS = {
    "zh": {"question": "问题", "sources": "来源", "briefing": "简报", "colon": "："},
    "en": {"question": "Question", "sources": "Sources", "briefing": "Briefing", "colon": ": "},
}


def labels(language: str) -> dict[str, str]:
    """The briefing's own words, with the page's (`ui.strings.words`: abstained, no_date, symbol_unknown, ...)."""
    return {**words(language), **LABELS.get(language, LABELS["en"])}


def briefing(session: Session, folder: Path | None = None, quotes: str = "both") -> tuple[str, Path | None]:
    """Markdown with footnotes and a .docx of the active answer, quoting the language(s) `quotes` names
    (QUOTES); ("", None) when there is none."""
    answer = session.active_answer()
    if answer is None:
        return "", None
    markdown = briefing_markdown(answer, quotes)
    folder = folder or Path(tempfile.gettempdir()) / "unscqa-briefings"
    name = "briefing-" + hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:12] + ".docx"
    return markdown, briefing_docx(answer, folder / name, quotes)  # same content, same file: no clutter per click


def segments(answer: Answer) -> list[str | int]:
    """The answer text split into text pieces and citation numbers (1-based, only those that exist)."""
    out: list[str | int] = []
    position = 0
    for match in _MARKERS.finditer(answer.text):
        if match.start() > position:
            out.append(answer.text[position:match.start()])
        for number in re.split(r"[,，]", match.group(1)):
            n = int(number)
            if 0 < n <= len(answer.citations):
                out.append(n)
        position = match.end()
    if position < len(answer.text):
        out.append(answer.text[position:])
    return out


def source_name(citation: Citation | ParagraphHit) -> str:
    """Symbol, else title (the same rule as `Citation.label`)."""
    return citation.symbol or citation.title


def document_name(source: Citation | ParagraphHit, language: str = "en") -> str:
    """How a footnote names its source in plain text: the symbol, else "<title>（文号不详）" / "<title> (symbol
    unknown)"."""
    return source.symbol or labels(language)["unknown_named"].format(title=source.title)


def _named(source: Citation | ParagraphHit, language: str) -> tuple[str, str | None]:
    """(name, link to the UN's copy or None)."""
    return document_name(source, language), symbol_url(source.symbol, language)


def _markdown_name(source: Citation | ParagraphHit, language: str) -> str:
    name, url = _named(source, language)
    return f"[{name}]({url})" if url else name


QUOTES = ("both", "cited", "zh", "en")  # which language(s) a footnote quotes: the cited text and its aligned
# paragraph in the other official language, the cited text only, or the Chinese / English text where the store
# holds it (the cited text otherwise)
ALIGNED_CHARS = 300  # an aligned paragraph longer than this is cut, with "…"


def _footnote_rest(citation: Citation, language: str, quotes: str = "both") -> str:
    """", date, ¶n: “quote” — 中文本 ¶3：“…” — 核实：…" after the document's name."""
    date = citation.date or labels(language)["no_date"]
    aligned = citation.aligned
    cited_language = aligned and ("zh" if aligned.language == "en" else "en")
    own = f"{citation.place}: “{_one_line(citation.quote)}”"
    other = ""
    if aligned is not None:
        text = _one_line(aligned.text)
        text = text if len(text) <= ALIGNED_CHARS else text[:ALIGNED_CHARS].rstrip() + "…"
        other = f"{version_name(aligned.language, language)} {aligned.place}: “{text}”"
    if quotes in ("zh", "en") and aligned is not None and cited_language != quotes:
        quoted = other
    elif quotes == "both" and other:
        quoted = f"{own} — {other}"
    else:
        quoted = own
    check = check_line(citation.check, language)
    newer = citation.superseded_by and labels(language)["superseded_by"].format(symbol=citation.superseded_by)
    return (f" ({newer})" if newer else "") + f", {date}, {quoted}" + (f" — {check}" if check else "")


def _passage_rest(hit: ParagraphHit, language: str, max_chars: int) -> str:
    date = hit.date or labels(language)["no_date"]
    excerpt = _one_line(hit.text)
    if len(excerpt) > max_chars:
        excerpt = excerpt[:max_chars].rstrip() + "…"
    return f", {date}, ¶{hit.paragraph}: {excerpt}"


def footnote_text(citation: Citation, language: str = "en", quotes: str = "both") -> str:
    """`S/2020/1182, 2020-11-30, ¶12: “quote” — verified: quote exact (characters 0–40); 12 match`
    (`<title> (symbol unknown)` when there is no symbol; the aligned paragraph in the other official language
    after the quote, per `quotes`): the text of the footnote in Word."""
    return document_name(citation, language) + _footnote_rest(citation, language, quotes)


def footnote_markdown(citation: Citation, language: str = "en", quotes: str = "both") -> str:
    """`footnote_text` with the symbol as a Markdown link to the UN's copy."""
    return _markdown_name(citation, language) + _footnote_rest(citation, language, quotes)


def passage_text(hit: ParagraphHit, language: str = "en", max_chars: int = 160) -> str:
    return document_name(hit, language) + _passage_rest(hit, language, max_chars)


def passage_markdown(hit: ParagraphHit, language: str = "en", max_chars: int = 160) -> str:
    return _markdown_name(hit, language) + _passage_rest(hit, language, max_chars)


def briefing_markdown(answer: Answer, quotes: str = "both") -> str:
    """The answer as Markdown: citation markers become footnote references [^n], footnotes follow the text."""
    words = labels(answer.language)
    lines = [f"**{words['question']}{words['colon'].strip()}** {_one_line(answer.question)}", ""]
    if answer.abstained:
        lines.append(f"> **{words['abstained']}{words['colon'].strip()}** {answer.text}")
        closest = answer.sources[:3]
        if closest:
            lines += ["", PHRASES.get(answer.language, PHRASES["en"])["closest"], ""]
            lines += [f"- {passage_markdown(hit, answer.language)}" for hit in closest]
        return "\n".join(lines) + "\n"
    body = "".join(f"[^{piece}]" if isinstance(piece, int) else piece for piece in segments(answer))
    lines += [body.strip(), ""]
    lines += [f"[^{n}]: {footnote_markdown(c, answer.language, quotes)}" for n, c in enumerate(answer.citations, 1)]
    return "\n".join(lines) + "\n"


# -- Word ------------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LINK_COLOR = "0563C1"
CJK_FONT = "Microsoft YaHei"


def briefing_docx(answer: Answer, path: Path, quotes: str = "both") -> Path:
    """Write the answer as a .docx: question, text with superscript footnote references, one Word footnote per
    citation (the text of `footnote_text`, the symbol a hyperlink to the UN's copy). Abstentions list the closest
    passages instead."""
    from docx import Document as new_document
    from docx.shared import Pt

    words = labels(answer.language)
    doc = new_document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    _east_asian_font(normal.element.get_or_add_rPr())
    doc.add_heading(words["briefing"], level=1)
    question = doc.add_paragraph()
    question.add_run(f"{words['question']}{words['colon']}").bold = True
    question.add_run(_one_line(answer.question))
    body = doc.add_paragraph()
    if answer.abstained:
        body.add_run(f"{words['abstained']}{words['colon']}").bold = True
        body.add_run(answer.text)
        closest = answer.sources[:3]
        if closest:
            doc.add_paragraph(PHRASES.get(answer.language, PHRASES["en"])["closest"])
            for hit in closest:
                bullet = doc.add_paragraph(style="List Bullet")
                name, url = _named(hit, answer.language)
                rid = doc.part.relate_to(url, HYPERLINK_RELTYPE, is_external=True) if url else None
                _append_xml(bullet._p, _runs_xml(name, rid, _passage_rest(hit, answer.language, 160)))
    else:
        for piece in segments(answer):
            if isinstance(piece, int):
                _footnote_reference(body, piece)
            else:
                body.add_run(piece)
        _add_footnotes(doc, [(*_named(c, answer.language), _footnote_rest(c, answer.language, quotes))
                             for c in answer.citations])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    doc.save(str(partial))
    os.replace(partial, path)  # atomic: a reader never sees a half-written file
    return path


def read_docx_footnotes(path: Path) -> list[str]:
    """The text of each real footnote of a .docx (separators skipped): for tests and checks."""
    from docx import Document as open_document
    from lxml import etree

    doc = open_document(str(path))
    for rel in doc.part.rels.values():
        if rel.reltype == FOOTNOTES_RELTYPE:
            root = etree.fromstring(rel.target_part.blob)
            notes = []
            for note in root.findall(f"{{{W_NS}}}footnote"):
                if note.get(f"{{{W_NS}}}type") in ("separator", "continuationSeparator"):
                    continue
                notes.append("".join(t.text or "" for t in note.iter(f"{{{W_NS}}}t")).strip())
            return notes
    return []


def _footnote_reference(paragraph, number: int) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def _add_footnotes(doc, notes: Sequence[tuple[str, str | None, str]]) -> None:  # type: ignore[no-untyped-def]
    """Add the footnotes part (ids 1..n plus Word's two separators) and relate it to the document part. Each note
    is (name, link or None, rest): the name becomes a hyperlink when there is a link."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart

    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">{separators}</w:footnotes>')
    part = XmlPart.load(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, xml.encode("utf-8"),
                        doc.part.package)
    for number, (name, url, rest) in enumerate(notes, 1):
        rid = part.relate_to(url, HYPERLINK_RELTYPE, is_external=True) if url else None
        note = (f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                f'{_run_xml(" ", size=18)}{_runs_xml(name, rid, rest, size=18)}</w:p></w:footnote>')
        _append_xml(part.element, note)
    doc.part.relate_to(part, FOOTNOTES_RELTYPE)


def _runs_xml(name: str, rid: str | None, rest: str, size: int | None = None) -> str:
    """WordprocessingML runs: `name` (a hyperlink to relationship `rid` when given), then `rest`."""
    named = f'<w:hyperlink r:id="{rid}">{_run_xml(name, link=True, size=size)}</w:hyperlink>' if rid \
        else _run_xml(name, size=size)
    return named + _run_xml(rest, size=size)


def _run_xml(text: str, *, link: bool = False, size: int | None = None) -> str:
    """One run (half-point `size`; blue and underlined as a link); "" for no text."""
    from xml.sax.saxutils import escape

    if not text:
        return ""
    props = (f'<w:color w:val="{LINK_COLOR}"/>' if link else "") + (f'<w:sz w:val="{size}"/>' if size else "") \
        + ('<w:u w:val="single"/>' if link else "")
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _append_xml(parent, xml: str) -> None:  # type: ignore[no-untyped-def]
    """Append the elements of a WordprocessingML fragment (w: and r: prefixes) to `parent`."""
    from docx.oxml import parse_xml

    holder = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>')
    for child in list(holder):
        parent.append(child)


def _east_asian_font(rpr) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _one_line(text: str) -> str:
    return " ".join(text.split())
