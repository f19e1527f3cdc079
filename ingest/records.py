"""Typed records that flow through ingestion. Pure data: no store, model or UI imports."""

from __future__ import annotations

from dataclasses import dataclass, field

DOC_TYPES = ("letter", "presidential_statement", "assessment", "resolution", "report", "charter", "other")
# A document's header lines ("Resolution 242 (1967) of 22 November 1967") are its paragraph 0, labelled so; the body
# paragraphs are numbered 1..n whether or not there is a header.
HEADER_NUMBER = 0
HEADER_LABEL = "header"


@dataclass(frozen=True)
class ParagraphDraft:
    """One paragraph as parsed from the text, before it is numbered."""

    text: str
    heading_path: tuple[str, ...] = ()
    label: str | None = None  # the source's own label: "8.", "(a)", "第一条"


@dataclass(frozen=True)
class ParsedDocument:
    """What the pure parsing stage knows about a document."""

    title: str
    paragraphs: tuple[ParagraphDraft, ...]
    symbol: str | None = None  # the document's own symbol, e.g. "S/2013/163"
    symbols: tuple[str, ...] = ()  # every UN document symbol mentioned, in order of first appearance
    date: str | None = None  # ISO yyyy-mm-dd of the document itself
    doc_type: str = "other"  # one of DOC_TYPES
    subjects: tuple[str, ...] = ()
    language: str = "zh"  # "zh" or "en"
    header: ParagraphDraft | None = None  # the header lines stating the document's symbol or date: paragraph 0


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1..n for the body, stable for the same text; HEADER_NUMBER (0) for the header
    text: str
    heading_path: tuple[str, ...] = ()
    label: str | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str  # stable, derived from the normalised content
    source_path: str
    content_hash: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    symbol: str | None = None
    symbols: tuple[str, ...] = ()
    date: str | None = None
    doc_type: str = "other"
    subjects: tuple[str, ...] = ()
    language: str = "zh"

    @property
    def header(self) -> Paragraph | None:
        """Paragraph 0: the header lines stating the document's own symbol or date, when it has them."""
        first = self.paragraphs[0] if self.paragraphs else None
        return first if first is not None and first.number == HEADER_NUMBER else None

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The paragraphs numbered 1..n (without the header)."""
        return tuple(p for p in self.paragraphs if p.number != HEADER_NUMBER)

    @property
    def source_stem(self) -> str:
        from pathlib import PurePath

        return PurePath(self.source_path).stem


@dataclass(frozen=True)
class Chunk:
    """A piece of one paragraph (never crossing paragraphs) that gets embedded and indexed."""

    chunk_id: str
    doc_id: str
    paragraph: int
    part: int  # 0-based index of the chunk inside its paragraph
    text: str
    heading_path: tuple[str, ...] = ()
    metadata: dict[str, str | int | float] = field(default_factory=dict)
    context: str = ""  # the document and heading it sits in, indexed (embedded and tokenised) with the text

    @property
    def index_text(self) -> str:
        """What retrieval sees: the context makes "How was resolution 242 adopted?" find its adoption line,
        which never names the resolution itself."""
        return f"{self.context}\n{self.text}" if self.context else self.text
