""""Copy as briefing": an answer as Markdown with footnotes, and as a Word document with real footnotes.

Pure functions of the typed `Answer` / `Citation`: footnote contents come from the citation records, never from
parsing rendered text. The only thing read from `Answer.text` is where its [n] markers sit.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

from rag.answer import Answer
from rag.citations import Citation
from rag.language import PHRASES
from rag.retrieve import ParagraphHit

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,，]\s*\d+)*)\]")

LABELS = {
    "zh": {"question": "问题", "sources": "来源", "no_date": "无日期", "abstained": "未能回答", "briefing": "简报",
           "colon": "："},
    "en": {"question": "Question", "sources": "Sources", "no_date": "n.d.", "abstained": "Not answered",
           "briefing": "Briefing", "colon": ": "},
}


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


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


def footnote_text(citation: Citation, language: str = "en") -> str:
    """`S/2020/1182, 2020-11-30, ¶12: “quote”` (title when there is no symbol)."""
    date = citation.date or labels(language)["no_date"]
    return f"{source_name(citation)}, {date}, {citation.place}: “{_one_line(citation.quote)}”"


def passage_text(hit: ParagraphHit, language: str = "en", max_chars: int = 160) -> str:
    date = hit.date or labels(language)["no_date"]
    excerpt = _one_line(hit.text)
    if len(excerpt) > max_chars:
        excerpt = excerpt[:max_chars].rstrip() + "…"
    return f"{source_name(hit)}, {date}, ¶{hit.paragraph}: {excerpt}"


def briefing_markdown(answer: Answer) -> str:
    """The answer as Markdown: citation markers become footnote references [^n], footnotes follow the text."""
    words = labels(answer.language)
    lines = [f"**{words['question']}{words['colon'].strip()}** {_one_line(answer.question)}", ""]
    if answer.abstained:
        lines.append(f"> **{words['abstained']}{words['colon'].strip()}** {answer.text}")
        closest = answer.sources[:3]
        if closest:
            lines += ["", PHRASES.get(answer.language, PHRASES["en"])["closest"], ""]
            lines += [f"- {passage_text(hit, answer.language)}" for hit in closest]
        return "\n".join(lines) + "\n"
    body = "".join(f"[^{piece}]" if isinstance(piece, int) else piece for piece in segments(answer))
    lines += [body.strip(), ""]
    lines += [f"[^{n}]: {footnote_text(c, answer.language)}" for n, c in enumerate(answer.citations, 1)]
    return "\n".join(lines) + "\n"


# -- Word ------------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CJK_FONT = "Microsoft YaHei"


def briefing_docx(answer: Answer, path: Path) -> Path:
    """Write the answer as a .docx: question, text with superscript footnote references, one Word footnote per
    citation (same text as the Markdown footnotes). Abstentions list the closest passages instead."""
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
                doc.add_paragraph(passage_text(hit, answer.language), style="List Bullet")
    else:
        for piece in segments(answer):
            if isinstance(piece, int):
                _footnote_reference(body, piece)
            else:
                body.add_run(piece)
        _add_footnotes(doc, [footnote_text(c, answer.language) for c in answer.citations])
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


def _add_footnotes(doc, texts: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    """Add the footnotes part (ids 1..n plus Word's two separators) and relate it to the document part."""
    from xml.sax.saxutils import escape

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, text in enumerate(texts, 1):
        notes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
            '</w:p></w:footnote>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
           + "".join(notes) + "</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, FOOTNOTES_RELTYPE)


def _east_asian_font(rpr) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _one_line(text: str) -> str:
    return " ".join(text.split())
