"""Normalised text -> ordered paragraphs with heading paths and labels. Pure functions, standard library only.

Why: answers cite paragraphs, so a paragraph must be what a reader sees as one: hard-wrapped PDF lines are joined,
page furniture (page numbers, job numbers, barcodes, running symbols) is dropped, headings ("非洲", "CHAPTER I")
label the paragraphs under them instead of becoming paragraphs, and word-segmented documents that arrive as one
long line are cut at their inline headings and at sentence groups. The same text always gives the same result.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.normalize import count_cjk, has_cjk, is_cjk, normalize_line, split_lines
from ingest.records import ParagraphDraft
from ingest.sentences import split_sentences

# --- line classes -------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^\d{1,4}\s*/\s*\d{1,4}$|^(?:Page|page|第)\s*\d{1,4}\s*页?$")
_JOB_NUMBER = re.compile(r"^(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s*\*\d{5,}\*)?$")
_BARCODE = re.compile(r"^\*\d{5,}\*$")
_RECYCLE = re.compile(r"^(?:请回收|Please recycle)\W*$", re.IGNORECASE)
_DISTR = re.compile(r"^Distr\.?\s*[:：]?\s*(?:General|Limited|Restricted)\b.{0,40}$", re.IGNORECASE)
_ORIGINAL = re.compile(r"^Original\s*[:：]\s*[A-Za-z]+$")
_LANGUAGE_LINE = re.compile(r"^(?:Chinese|English|French|Spanish|Russian|Arabic|中文|英文)$")
_ORGAN_LINE = re.compile(r"^(?:联合国|安全理事会|大会|United Nations|Security Council|General Assembly)$",
                         re.IGNORECASE)
_SYMBOL_LINE = re.compile(r"^(?:S|A|E)/[A-Z0-9][A-Za-z0-9./]*(?:\s*\(\d{4}\))?(?:\*)?$")
_DRAFT_SYMBOL_LINE = re.compile(r"^\[(?:S|A|E)/[^\]]{1,40}\]$")
_FURNITURE_TOKEN = re.compile(
    r"^(?:(?:S|A|E)/[A-Z0-9][A-Za-z0-9./]*|\d{1,4}/\d{1,4}|(?:GE\.)?\d{2}-\d{5}|\([A-Z]\)|\*\d{5,}\*|\d{6}|[-–—])$")
_ORGAN_SYMBOL_LINE = re.compile(r"^(?:联合国|United Nations)\s*(?:S|A|E)/[A-Z0-9][A-Za-z0-9./]*$")
_HEADER_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$|^\d{4}年\d{1,2}月\d{1,2}日$")
_HEADER_ZONE = 12  # non-empty lines at the top where organ names, Distr. blocks and dates are furniture

_RESOLUTION_HEADER = re.compile(
    r"^(?:Resolution \d{1,4}(?:\s*\([^)]{1,12}\))?(?: of .{6,30})?"
    r"|(?:[Oo]f|ef) \d{1,2} [A-Z][a-z]+ \S{4}"
    r"|\d{1,4} \(\d{4}\)\.? Resolution of \d{1,2} [A-Z][a-z]+ \d{4}(?: \d{1,3})?)\s*$"
)

_ZH_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+条$")
_EN_ARTICLE = re.compile(r"^(?:Article|Rule) (?:\d{1,3}|[IVXLC]{1,7})$")
_ZH_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章(?:[:：\s]\s*\S.*)?$")
_EN_CHAPTER = re.compile(r"^(?:CHAPTER|Chapter|PART|Part)\s+[IVXLC\d]+[A-Za-z]?(?:\s*[:.—–-]+\s*.*)?$")
_CHAPTER_PARTS = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+章|(?:CHAPTER|Chapter|PART|Part)\s+[IVXLC\d]+[A-Za-z]?)\s*[:：.—–-]?\s*(.*)$")
_ZH_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}[.、．]\s*\S.{0,30}$")
_EN_SECTION = re.compile(r"^[IVX]{1,5}\.\s+[A-Z][^.;:]{1,70}$")
_PART_HEADING = re.compile(
    r"^(?:附件|附文|附录|Annex|ANNEX|Enclosure|ENCLOSURE|Appendix|APPENDIX)(?:\s*[一二三四五六七八九十IVX\d]+)?$"
    r"|.{2,60}的附件$")
# Document titles: a letter's "2013年3月27日秘书长给安全理事会主席的信", "Letter dated ... addressed to ...".
_TITLE_LINE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日[^。；]{2,60}给[^。；]{2,40}的(?:信|函|普通照会)$"
    r"|^(?:Identical letters|Letter|Note verbale) dated \d{1,2} [A-Z][a-z]+ \d{4} (?:from|addressed)[^.;]{5,200}$"
    r"|^(?:安全理事会主席的?声明|Statement by the President of the Security Council)$")
_LABEL = re.compile(r"^(?:(\d{1,2})\.(?=\s*[A-Z\"“(\u4e00-\u9fff])|\(([a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)(?=\s*\S)"
                    r"|([A-H])\.(?=\s+[A-Z]))")
# A line that starts with a date and a comma is an event or a dateline ("2013年3月17日，努瓦克肖特"), not a heading.
_DATE_LEAD = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日[，,]")
_SIGNATURE = re.compile(r"[(（](?:签名|Signed|signed)[)）]")
_ADOPTED = re.compile(r"^Adopted\b")
_FOOTNOTE = re.compile(r"^\d{1,3}\s+(?:[A-Z*“\"]|fbid|lbid|ibid)")

# Section names that stand at the top level of Security Council assessments (and similar reports).
TOP_LEVEL_NAMES = (
    "专题问题和其他问题", "专题问题", "其他问题", "导言", "引言", "结论", "非洲", "美洲", "亚洲", "欧洲", "中东",
    "大洋洲", "亚洲和太平洋", "Introduction", "Africa", "Americas", "Asia", "Europe", "Middle East",
    "Thematic and general issues", "Thematic and other issues", "Other issues", "Conclusion", "Conclusions",
)
_TOP_LEVEL = frozenset(TOP_LEVEL_NAMES)
FOOTNOTES_HEADING = "Footnotes"

_ZH_TERMINAL = "。！？；：!?;:"
_EN_TERMINAL = ".!?;:"
_TERMINAL = _ZH_TERMINAL + _EN_TERMINAL
_CLOSERS = "”’」』)）\"'"
_KEEP_HYPHEN = frozenset((
    "self", "non", "co", "ex", "so", "well", "long", "short", "full", "all", "cross", "half", "multi", "anti",
    "pre", "post", "semi",
))


@dataclass(frozen=True)
class Line:
    """One normalised source line; indent says it began with an ideographic space or a tab (a paragraph start)."""

    text: str
    indent: bool = False


@dataclass
class Unit:
    """A heading, an article label line or a paragraph, before heading paths are assigned."""

    kind: str  # "heading", "article" or "para"
    text: str
    label: str | None = None
    inline: bool = False  # a heading found inside run-on text (may start with a region name)
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """What the structure stage found: paragraphs, the headings in order, and the lines it set aside."""

    paragraphs: tuple[ParagraphDraft, ...]
    headings: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    text: str = ""  # the whole text, normalised line by line (furniture included)


# --- entry point --------------------------------------------------------------------------------------------


def analyse_layout(text: str) -> Layout:
    """Paragraphs, headings, furniture and resolution header lines of a (not yet normalised) text."""
    lines = prepare_lines(text)
    normalised = "\n".join(line.text for line in lines)
    lines, furniture = strip_furniture(lines)
    lines, header = strip_resolution_header(lines)
    units = build_units(lines)
    units = merge_signatures(units)
    paragraphs = assign_paths(units)
    headings = tuple(u.text for u in units if u.kind == "heading")
    return Layout(paragraphs=tuple(paragraphs), headings=headings, furniture=tuple(furniture), header=tuple(header),
                  text=normalised)


def split_paragraphs(text: str) -> list[ParagraphDraft]:
    """Just the paragraphs of text."""
    return list(analyse_layout(text).paragraphs)


# --- lines and furniture ------------------------------------------------------------------------------------


def prepare_lines(text: str) -> list[Line]:
    """Normalised lines, remembering indentation (a Chinese paragraph start)."""
    out: list[Line] = []
    for raw in split_lines(text):
        indent = raw.startswith(("\u3000", "\t")) and bool(raw.strip())
        out.append(Line(normalize_line(raw), indent))
    return out


def is_furniture(line: str, position: int) -> bool:
    """Page numbers, job numbers, barcodes, running symbols; organ names and Distr. blocks near the top."""
    if (_PAGE_NUMBER.match(line) or _JOB_NUMBER.match(line) or _BARCODE.match(line) or _RECYCLE.match(line)
            or _SYMBOL_LINE.match(line) or _DISTR.match(line) or _ORIGINAL.match(line)
            or _DRAFT_SYMBOL_LINE.match(line) or _running_header(line)):
        return True
    if position >= _HEADER_ZONE:
        return False
    return bool(_ORGAN_LINE.match(line) or _LANGUAGE_LINE.match(line) or _ORGAN_SYMBOL_LINE.match(line))


def _running_header(line: str) -> bool:
    """A page header or footer made only of symbols, page counts, job numbers and barcodes ("S/2020/1173 2/9")."""
    tokens = line.split()
    return len(tokens) > 1 and all(_FURNITURE_TOKEN.match(token) for token in tokens)


def strip_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[str]]:
    """Lines without furniture, and the furniture removed (it still feeds metadata: symbol, issue date)."""
    kept: list[Line] = []
    furniture: list[str] = []
    position = 0
    after_distr = -1
    for line in lines:
        text = line.text
        if not text:
            kept.append(line)
            continue
        header_date = after_distr >= 0 and position - after_distr <= 4 and _HEADER_DATE.match(text)
        if is_furniture(text, position) or header_date:
            furniture.append(text)
            if _DISTR.match(text):
                after_distr = position
        else:
            kept.append(line)
        position += 1
    return kept, furniture


def strip_resolution_header(lines: Sequence[Line]) -> tuple[list[Line], list[str]]:
    """Take "Resolution 242 (1967)" / "of 22 November 1967" header lines off the top of a resolution."""
    header: list[str] = []
    kept: list[Line] = []
    seen = 0
    for line in lines:
        if line.text and seen < 6 and _RESOLUTION_HEADER.match(line.text):
            header.append(line.text)
            seen += 1
            continue
        if line.text:
            seen += 1
        kept.append(line)
    return kept, header


# --- line geometry ------------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns the text takes on a page: CJK characters are two wide."""
    return len(text) + count_cjk(text)


@dataclass(frozen=True)
class Geometry:
    """Whether the document is hard-wrapped at a fixed width, and that width."""

    wrapped: bool
    width: float

    def full(self, line: str) -> bool:
        """A line that reaches the right margin: its paragraph probably goes on."""
        return self.wrapped and display_width(line) >= 0.85 * self.width


def measure(lines: Sequence[Line]) -> Geometry:
    """Hard-wrapped when most lines are about as wide as the median line and that width is page-like."""
    widths = [display_width(line.text) for line in lines if len(line.text) >= 8]
    if len(widths) < 6:
        return Geometry(False, 0.0)
    median = statistics.median(widths)
    near = sum(1 for w in widths if 0.8 * median <= w <= 1.15 * median)
    return Geometry(median <= 160 and near >= 0.4 * len(widths), float(median))


def ends_terminal(text: str) -> bool:
    """Ends a sentence (closing quotes and brackets after the stop are looked through)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


# --- headings and labels ------------------------------------------------------------------------------------


def structural_heading(text: str) -> bool:
    """Chapter, part and numbered-section headings: headings wherever they stand."""
    if len(text) > 160 or ends_terminal(text) and not text.endswith(":"):
        return False
    return bool(_ZH_CHAPTER.match(text) or _EN_CHAPTER.match(text) or _PART_HEADING.match(text)
                or _TITLE_LINE.match(text)
                or (_ZH_SECTION.match(text) and not text.endswith(("。", "；", "：")))
                or _EN_SECTION.match(text))


def heading_candidate(text: str, geometry: Geometry, indent: bool = False) -> bool:
    """A short line that does not end a sentence: a heading when it starts a block (indented lines never are)."""
    if not text or indent or _LABEL.match(text) or _SIGNATURE.search(text):
        return False
    if structural_heading(text):
        return True
    if geometry.full(text):
        return False
    if has_cjk(text):
        return (len(text) <= 50 and not ends_terminal(text) and text[-1] not in "，、,"
                and "。" not in text and not _DATE_LEAD.match(text))
    letters = [ch for ch in text if ch.isalpha()]
    return (2 <= len(text) <= 80 and len(letters) >= 2 and all(ch.isupper() for ch in letters)
            and text[-1] not in ".;:,")


def article_label(text: str) -> str | None:
    """"第一条" / "Article 1" / "Rule 41" on a line of its own: the label of the paragraphs that follow."""
    return text if _ZH_ARTICLE.match(text) or _EN_ARTICLE.match(text) else None


def paragraph_label(text: str) -> str | None:
    """The paragraph's own label at its start: "1.", "(a)", "A."."""
    match = _LABEL.match(text)
    if not match:
        return None
    if match.group(1):
        return f"{match.group(1)}."
    if match.group(2):
        return f"({match.group(2)})"
    return f"{match.group(3)}."


def chapter_title(text: str) -> str:
    """"第一章：宗旨及原则" -> "第一章 宗旨及原则"; "Chapter I: Purposes" -> "Chapter I Purposes"."""
    match = _CHAPTER_PARTS.match(text)
    if not match:
        return text
    return f"{match.group(1)} {match.group(2)}".strip()


# --- joining lines ------------------------------------------------------------------------------------------


def join_lines(head: str, tail: str, hyphenated: frozenset[str] = frozenset()) -> str:
    """Join a wrapped line to the next: no space around Chinese, one space between Latin words, and a
    line-break hyphen removed unless the word is a real compound ("co-operate", "Secretary-General")."""
    if not head:
        return tail
    if not tail:
        return head
    if head.endswith("-") and len(head) >= 2 and head[-2].isalpha() and tail[0].isalpha():
        stem = re.search(r"([A-Za-z]+)-$", head)
        first = re.match(r"[A-Za-z]+", tail)
        word = f"{stem.group(1)}-{first.group(0)}".lower() if stem and first else ""
        if tail[0].isupper() or (stem and stem.group(1).lower() in _KEEP_HYPHEN) or word in hyphenated:
            return head + tail
        return head[:-1] + tail
    if is_cjk(head[-1]) or is_cjk(tail[0]):
        return head + tail
    return f"{head} {tail}"


def hyphenated_words(lines: Iterable[Line]) -> frozenset[str]:
    """Hyphenated words written on one line somewhere in the document: they keep their hyphen when split."""
    found: set[str] = set()
    for line in lines:
        found.update(w.lower() for w in re.findall(r"[A-Za-z]+-[A-Za-z]+", line.text))
    return frozenset(found)


@dataclass
class _Context:
    """Document-wide facts the line-joining decisions need."""

    geometry: Geometry
    hyphenated: frozenset[str]
    run_on: bool


def continues(current: Unit, line: Line, blank_before: bool, ctx: _Context) -> bool:
    """Whether line continues the paragraph being built (a hard wrap or a page break) or starts a new one."""
    text = line.text
    last = current.lines[-1]
    if _ADOPTED.match(text) or article_label(text) or structural_heading(text):
        return False
    if _SIGNATURE.search(last) and last.rstrip().endswith((")", "）")):
        return False
    if _ADOPTED.match(current.text) and (blank_before or (ends_terminal(last) and _FOOTNOTE.match(text))):
        return False
    if paragraph_label(text) and (blank_before or ends_terminal(last) or last.endswith(",")):
        return False
    chinese = has_cjk(text[:4]) or has_cjk(last[-4:])
    if line.indent and chinese:
        return False
    if text.startswith(("“", '"')) and ends_terminal(last):
        return False
    if _short_line_then_heading(current, line, ctx):
        return False
    if chinese:
        return not ends_terminal(last) or _runs_to_margin(last, line, ctx)
    return _continues_latin(last, line, blank_before, ctx)


def _short_line_then_heading(current: Unit, line: Line, ctx: _Context) -> bool:
    """A one-line paragraph that stops short of the margin (a dateline) is not wrapped into the heading below it."""
    return len(current.lines) == 1 and len(current.text) <= 50 and not ctx.geometry.full(current.text) \
        and heading_candidate(line.text, ctx.geometry, line.indent)


def _runs_to_margin(last: str, line: Line, ctx: _Context) -> bool:
    """A sentence that ended exactly at the right margin of a wrapped page: the paragraph may go on, unless the
    next line looks like a heading or a signature line."""
    return ctx.geometry.full(last) and not heading_candidate(line.text, ctx.geometry, line.indent) \
        and not _SIGNATURE.search(line.text)


def _continues_latin(last: str, line: Line, blank_before: bool, ctx: _Context) -> bool:
    """English: wrapped lines join; a blank line ends the paragraph unless the sentence visibly goes on."""
    starts_lower = line.text[0].islower()
    if blank_before:
        return last.endswith("-") or (starts_lower and last[-1].isalnum())
    if not ends_terminal(last):
        return True
    return starts_lower or _runs_to_margin(last, line, ctx)


# --- units --------------------------------------------------------------------------------------------------


def build_units(lines: Sequence[Line]) -> list[Unit]:
    """Headings, article label lines and paragraphs, in document order."""
    nonempty = [line for line in lines if line.text]
    total = sum(len(line.text) for line in nonempty)
    ctx = _Context(measure(nonempty), hyphenated_words(nonempty),
                   run_on=bool(nonempty) and (len(nonempty) <= 5 or total / len(nonempty) > 1000))
    units: list[Unit] = []
    current: Unit | None = None
    blank_before = False
    for line in lines:
        if not line.text:
            blank_before = True
            continue
        if current is not None and continues(current, line, blank_before, ctx):
            current.text = join_lines(current.text, line.text, ctx.hyphenated)
            current.lines.append(line.text)
        else:
            current = _start_unit(line, units, ctx)
        blank_before = False
    return _expand_run_on(units, ctx)


def _start_unit(line: Line, units: list[Unit], ctx: _Context) -> Unit | None:
    """Append the unit that line starts; return it when later lines may continue it (a paragraph)."""
    text = line.text
    label = article_label(text)
    if label:
        units.append(Unit("article", label))
        return None
    if not _ADOPTED.match(text) and heading_candidate(text, ctx.geometry, line.indent):
        units.append(Unit("heading", text))
        return None
    unit = Unit("para", text, label=paragraph_label(text), lines=[text])
    units.append(unit)
    return unit


def _expand_run_on(units: list[Unit], ctx: _Context) -> list[Unit]:
    """Cut very long single-line paragraphs of run-on (word-segmented) documents into readable pieces."""
    if not ctx.run_on:
        return units
    out: list[Unit] = []
    for index, unit in enumerate(units):
        if unit.kind == "para" and len(unit.text) > RUN_ON_MIN:
            out.extend(split_run_on(unit.text, first=index == 0))
        else:
            out.append(unit)
    return out


# --- run-on text --------------------------------------------------------------------------------------------

_TITLE_AT_START = re.compile(
    r"^(?:(?:\d{4}年\d{1,2}月\d{1,2}日)[^。；，]{2,60}?给[^。；，]{2,40}?的(?:信|函|普通照会)"
    r"|安全理事会主席的?声明|安全理事会主席的?说明|秘书长的?报告)"
)
_DATE_OPENER = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:(?:至|-|和|、)\d{1,2}日)?，"
_IN_OPENER = r"在(?:\d{4}年)?\d{1,2}月[^，。；]{0,30}?(?:中|上|期间|时|后|内)，"
_INLINE_HEADING = re.compile(rf"^(?P<heading>[^。；！？]{{2,70}}?)(?={_DATE_OPENER}|{_IN_OPENER}|鉴于|根据第)")
_DATE_START = re.compile(rf"^(?:{_DATE_OPENER}|{_IN_OPENER})")
_HEADING_BAD_END = frozenset("于在至和及与、，的了将对向从也还并但而是为由以被就给同跟把其又再即所已")
_HEADING_STOPWORDS = (
    "安理会", "他们", "她们", "它们", "我们", "他说", "她说", "成员", "表示", "指出", "强调", "通报", "认为",
    "呼吁", "介绍", "欢迎", "重申", "谴责", "决定", "同意", "要求", "发言", "举行", "通过了",
)
# Run-on headings name places and topics, not the people or bodies that act in the sentence.
_HEADING_BAD_SUFFIXES = (
    "主席", "秘书长", "代表", "特使", "协调员", "专员", "部长", "总统", "总理", "政府", "成员", "会员国", "委员会",
    "理事会",
)
_QUOTE_OPENING = re.compile(r'^["“](?=[\u4e00-\u9fff])')
_SPLIT_BEFORE_QUOTE = re.compile(r'(?<=[：:])(?=["“][\u4e00-\u9fff])')
_SIGNATURE_CUT = re.compile(r"(?<=[(（]签名[)）])")
RUN_ON_MIN = 600  # a single line longer than this, in a document of few lines, is run-on text
TARGET_MIN = 150
TARGET_MAX = 500


def inline_heading(sentence: str) -> str | None:
    """A heading glued to the front of a sentence in run-on text ("马里1月10日，..." -> "马里")."""
    match = _INLINE_HEADING.match(sentence)
    if not match:
        return None
    heading = match.group("heading")
    if heading[-1] in _HEADING_BAD_END or heading[0].isdigit() or heading[0] in "他她它这该其此":
        return None
    if heading.endswith(_HEADING_BAD_SUFFIXES) or "，" in heading.replace("，包括", ""):
        return None
    if any(word in heading for word in _HEADING_STOPWORDS):
        return None
    return heading


def run_on_pieces(text: str) -> list[str]:
    """Sentences of run-on text, further cut after a signature and before a quotation that opens a paragraph."""
    pieces: list[str] = []
    for sentence in split_sentences(text):
        for part in _SIGNATURE_CUT.split(sentence):
            pieces.extend(p for p in _SPLIT_BEFORE_QUOTE.split(part) if p.strip())
    return [p.strip() for p in pieces]


def split_run_on(text: str, *, first: bool = False) -> list[Unit]:
    """Headings and paragraphs of ~150-500 characters out of one very long line; never cuts a sentence."""
    units: list[Unit] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            units.append(Unit("para", join_sentences(buffer), lines=list(buffer)))
            buffer.clear()

    pieces = run_on_pieces(text)
    if first and pieces:
        title = _TITLE_AT_START.match(pieces[0])
        if title and len(pieces[0]) > title.end():
            units.append(Unit("heading", title.group(0)))
            pieces[0] = pieces[0][title.end():]
    for piece in pieces:
        heading = inline_heading(piece) if has_cjk(piece[:2]) else None
        if heading:
            flush()
            units.append(Unit("heading", heading, inline=True))
            piece = piece[len(heading):]
        elif _starts_paragraph(piece, buffer):
            flush()
        buffer.append(piece)
        if _SIGNATURE.search(piece):
            flush()
    flush()
    return units


def _starts_paragraph(piece: str, buffer: list[str]) -> bool:
    """Start a new paragraph at a quotation opening one, at a dated event, or when the current one is full."""
    if not buffer:
        return False
    size = sum(len(s) for s in buffer)
    if _QUOTE_OPENING.match(piece) and ends_terminal(buffer[-1]) or buffer[-1].endswith(("：", ":")):
        return True
    if size < TARGET_MIN:
        return False
    return bool(_DATE_START.match(piece)) or size + len(piece) > TARGET_MAX


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences back into one paragraph: no space around Chinese, one space between Latin sentences."""
    text = ""
    for sentence in sentences:
        text = join_lines(text, sentence)
    return text


# --- signatures, paths, labels ------------------------------------------------------------------------------


def merge_signatures(units: list[Unit]) -> list[Unit]:
    """A signature paragraph takes the short title lines just above it ("特命全权大使"), which are not headings."""
    out: list[Unit] = []
    for unit in units:
        if unit.kind == "para" and _SIGNATURE.search(unit.text) and len(unit.text) <= 80:
            count = 0
            while count < len(out) and out[-1 - count].kind == "heading" and not out[-1 - count].inline \
                    and not structural_heading(out[-1 - count].text):
                count += 1
            before = out[-1 - count] if count < len(out) else None
            taken: list[str] = []
            if 1 <= count <= 3 and (before is None or before.kind == "para"):
                taken = [u.text for u in out[len(out) - count:]]
                del out[len(out) - count:]
            if taken:
                unit = Unit("para", join_sentences([*taken, unit.text]), lines=[*taken, *unit.lines])
        out.append(unit)
    return out


def heading_level_one(text: str) -> bool:
    """Headings that open a new top-level section."""
    return (text in _TOP_LEVEL or bool(_ZH_CHAPTER.match(text) or _EN_CHAPTER.match(text)
                                       or _PART_HEADING.match(text) or _ZH_SECTION.match(text)
                                       or _EN_SECTION.match(text)))


def next_path(path: list[str], unit: Unit, first_heading: bool) -> list[str]:
    """The heading path after a heading: top-level names reset it, others become its second level."""
    text = chapter_title(unit.text)
    if first_heading or heading_level_one(unit.text):
        return [text]
    if unit.inline:
        return _inline_path(path, text)
    for name in TOP_LEVEL_NAMES:
        if text.endswith(name) and len(text) > len(name) and not text.startswith(name):
            return [name]
    return [*path[:1], text]


def _inline_path(path: list[str], text: str) -> list[str]:
    """Run-on headings may carry the region in front ("非洲中非共和国") or a section name at the end."""
    for name in TOP_LEVEL_NAMES:
        if text.startswith(name) and len(text) > len(name):
            if path and path[0] == name:
                return [name, text]
            return [name, text[len(name):]]
        if text.endswith(name) and len(text) > len(name):
            return [name]
    return [*path[:1], text]


def assign_paths(units: Sequence[Unit]) -> list[ParagraphDraft]:
    """ParagraphDrafts with the heading path and label in force at each paragraph."""
    paragraphs: list[ParagraphDraft] = []
    path: list[str] = []
    article: str | None = None
    seen_heading = False
    after_adoption = False
    for unit in units:
        if unit.kind == "heading":
            path = next_path(path, unit, first_heading=not seen_heading and not paragraphs)
            seen_heading = True
            if heading_level_one(unit.text):
                article = None
        elif unit.kind == "article":
            article = unit.text
        elif unit.text.strip():
            adoption = bool(_ADOPTED.match(unit.text)) and not has_cjk(unit.text)
            if adoption:
                article = None  # the adoption line belongs to the whole resolution, not to its last rule
            heading = (FOOTNOTES_HEADING,) if after_adoption else tuple(path)
            paragraphs.append(ParagraphDraft(unit.text.strip(), heading, article or unit.label))
            after_adoption = after_adoption or adoption
    return paragraphs
