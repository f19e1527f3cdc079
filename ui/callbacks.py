"""The page's event handlers as plain functions: they take `Services` (through `Engines`) and a per-user
`Session`, and return plain values (HTML strings, message lists, choice lists). No Gradio import here, so
everything is unit-testable without a browser; `ui.app` only wires these to components.

The UI never builds citations from strings: answers come from `AnswerEngine.stream`, paragraphs and document
metadata from `DocStore`.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.records import DOC_TYPES, Document, Paragraph
from rag.answer import Answer, AnswerEngine, Final, Token
from rag.citations import normalize_for_match
from rag.filters import SearchFilters
from rag.language import PHRASES, detect_language
from rag.retrieve import ParagraphHit
from ui.briefing import briefing_docx, briefing_markdown, segments, source_name
from unscqa.services import Services

log = logging.getLogger("unscqa.ui")

EXAMPLES = (
    "第2511(2020)号决议的表决结果如何？",
    "第2089(2013)号决议的表决结果如何？",
    "2020年2月安理会举行了多少次公开会议？",
    "How many public meetings did the Security Council hold in February 2020?",
)

DOC_TYPE_NAMES = {
    "letter": "信函 letter", "presidential_statement": "主席声明 presidential statement",
    "assessment": "工作评估 assessment", "resolution": "决议 resolution", "report": "报告 report",
    "charter": "宪章 charter", "other": "其他 other",
}
LANGUAGE_CHOICES = (("任何 any", ""), ("中文 Chinese", "zh"), ("英文 English", "en"))

WORDS = {
    "zh": {
        "loading": "正在加载模型（仅第一次提问时需要，约半分钟）……",
        "searching": "正在检索文件……",
        "drafting": "正在生成答案（核实前的草稿）……",
        "draft": "草稿 · 尚未核实",
        "verified": "已核实",
        "abstained": "未能回答",
        "citations": "引用",
        "error": "出错了",
        "done": "✓ 答案已核实：{n} 条引用，用时 {s:.1f} 秒。点击引用查看原文段落。",
        "done_abstain": "答案未找到：下面列出最接近的段落（{s:.1f} 秒）。",
        "no_docs_upload": "也可以在“文件”标签页上传文件。",
        "type": "类型", "date": "日期", "paragraph": "段落", "language": "语言", "symbol": "文号",
        "whole_document": "全文", "no_date": "无日期", "pick": "点击答案下方的引用，即可在此查看原文段落。",
        "missing": "该段落已不在文件库中（文件可能已被删除或重新导入）。",
    },
    "en": {
        "loading": "Loading the models (first question only, about half a minute)…",
        "searching": "Searching the documents…",
        "drafting": "Writing the answer (unverified draft)…",
        "draft": "Draft · not yet verified",
        "verified": "Verified",
        "abstained": "Not answered",
        "citations": "Citations",
        "error": "Error",
        "done": "✓ Verified answer: {n} citation(s), {s:.1f} s. Click a citation to read the paragraph.",
        "done_abstain": "No answer found: the closest passages are listed ({s:.1f} s).",
        "no_docs_upload": "Or upload files in the Documents tab.",
        "type": "Type", "date": "Date", "paragraph": "Paragraph", "language": "Language", "symbol": "Symbol",
        "whole_document": "Whole document", "no_date": "n.d.",
        "pick": "Click a citation under an answer to read the cited paragraph here.",
        "missing": "This paragraph is no longer in the store (the document may have been removed or re-ingested).",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


# -- per-user state --------------------------------------------------------------------------------------------


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    draft: str = ""  # raw model text streamed so far (unverified)
    notice: str = ""  # rendered HTML shown instead of an answer (no documents, errors)
    language: str = "en"
    stage: str = ""  # what is happening before the first token (loading the models, searching)


@dataclass(frozen=True)
class Opened:
    """The paragraph shown in the side panel."""

    doc_id: str
    paragraph: int
    quote: str
    language: str


@dataclass
class Session:
    """One browser session's conversation (held in gr.State, so users never share it)."""

    turns: list[Turn] = field(default_factory=list)
    active: int | None = None  # the turn whose citations the chips show
    opened: Opened | None = None

    def history(self) -> list[str]:
        """Standalone questions of the answered turns, oldest first: what `AnswerEngine.stream` takes."""
        return [t.answer.standalone_question for t in self.turns if t.answer is not None]

    def active_answer(self) -> Answer | None:
        if self.active is None or not 0 <= self.active < len(self.turns):
            return None
        return self.turns[self.active].answer


@dataclass(frozen=True)
class ChatUpdate:
    """What the chat area shows after one step of an answer."""

    messages: list[dict[str, str]]
    status: str
    chips: list[tuple[str, str]]  # (label, key) for the clickable citation chips; key "c1" or "s1"
    streaming: bool


class Engines:
    """Answer engines per filter set, rebuilt when the store changes (so a question does not reload BM25)."""

    def __init__(self, services: Services, max_size: int = 8) -> None:
        self.services = services
        self.max_size = max_size
        self._cache: dict[tuple[SearchFilters, int], AnswerEngine] = {}
        self._lock = threading.Lock()

    def get(self, filters: SearchFilters | None = None) -> AnswerEngine:
        filters = filters or SearchFilters()
        key = (filters, self.services.docstore.generation())
        with self._lock:
            engine = self._cache.get(key)
            if engine is None:
                if len(self._cache) >= self.max_size:
                    self._cache.pop(next(iter(self._cache)))
                engine = self.services.answer_engine(filters=filters)
                self._cache[key] = engine
            return engine

    def models_loaded(self) -> bool:
        """Whether the embedder and the LLM are already built (`Services` caches them on first use)."""
        loaded = vars(self.services)
        return "embedder" in loaded and "llm" in loaded


# -- the chat ---------------------------------------------------------------------------------------------------


def respond(engines: Engines, session: Session, question: str,
            filters: SearchFilters | None = None) -> Iterator[ChatUpdate]:
    """Answer one question: yields the raw draft as it streams, then the verified answer with its chips.

    Errors (LLM server down, a bug) end this user's turn with a friendly message; they never propagate.
    """
    question = question.strip()
    if not question:
        yield chat_update(session, "", streaming=False)
        return
    language = detect_language(question)
    history = session.history()
    turn = Turn(question, language=language)
    session.turns.append(turn)
    session.active = None
    say = words(language)
    try:
        if not has_documents(engines.services):
            turn.notice = notice_html(f"{PHRASES[language]['no_documents']} {say['no_docs_upload']}", "empty")
            yield chat_update(session, no_documents_status(), streaming=False)
            return
        turn.stage = say["loading"] if not engines.models_loaded() else say["searching"]
        yield chat_update(session, turn.stage, streaming=True)
        engine = engines.get(filters)
        for event in engine.stream(question, history):
            if isinstance(event, Token):
                turn.draft += event.text
                yield chat_update(session, say["drafting"], streaming=True)
            elif isinstance(event, Final):
                turn.answer = event.answer
    except Exception as err:  # shown to this user only; the server log keeps the traceback
        log.exception("answering %r failed", question)
        turn.notice = notice_html(friendly_error(engines.services, err, language), "error")
        yield chat_update(session, f"⚠ {say['error']}", streaming=False)
        return
    if turn.answer is None:
        turn.notice = notice_html(PHRASES[language]["abstain"], "error")
        yield chat_update(session, "", streaming=False)
        return
    session.active = len(session.turns) - 1
    answer = turn.answer
    seconds = answer.latency_ms / 1000
    status = (say["done_abstain"].format(s=seconds) if answer.abstained
              else say["done"].format(n=len(answer.citations), s=seconds))
    yield chat_update(session, status, streaming=False)


def reject(session: Session, question: str, reason: str) -> ChatUpdate:
    """A question that cannot be run as asked (e.g. a malformed date filter): say why in the chat."""
    language = detect_language(question)
    session.turns.append(Turn(question.strip(), notice=notice_html(reason, "error"), language=language))
    return chat_update(session, f"⚠ {reason}", streaming=False)


def new_conversation() -> Session:
    """A fresh session: no turns, so the next question has no history."""
    return Session()


def select_turn(session: Session, message_index: int) -> list[tuple[str, str]]:
    """Clicking a message in the chat makes its turn the one whose citation chips are shown."""
    turn_index = message_index // 2
    if 0 <= turn_index < len(session.turns) and session.turns[turn_index].answer is not None:
        session.active = turn_index
    return chips(session)


def chat_update(session: Session, status: str, *, streaming: bool) -> ChatUpdate:
    return ChatUpdate(messages(session), status, [] if streaming else chips(session), streaming)


def messages(session: Session) -> list[dict[str, str]]:
    """The chat as Gradio "messages": one user and one assistant message per turn."""
    out: list[dict[str, str]] = []
    for index, turn in enumerate(session.turns):
        out.append({"role": "user", "content": html.escape(turn.question)})
        if turn.answer is not None:
            content = answer_html(turn.answer, index)
        elif turn.notice:
            content = turn.notice
        else:
            content = draft_html(turn.draft, turn.language, turn.stage)
        out.append({"role": "assistant", "content": content})
    return out


def chips(session: Session) -> list[tuple[str, str]]:
    """Citation chips of the active turn: [n] label ¶p for citations; ≈ label ¶p for an abstention's passages."""
    answer = session.active_answer()
    if answer is None:
        return []
    if answer.abstained:
        return [(f"≈ {_short(source_name(h))} ¶{h.paragraph}", f"s{i}") for i, h in enumerate(answer.sources[:3], 1)]
    return [(f"[{n}] {_short(c.label)} {c.place}", f"c{n}") for n, c in enumerate(answer.citations, 1)]


CHIPS_LABEL = "引用 Citations — 点击查看原文 click to read the paragraph"
CLOSEST_LABEL = "最接近的段落 Closest passages — 点击查看 click to read"


def chips_label(keys: Sequence[str]) -> str:
    """The chip row's label: citations, or an abstention's closest passages."""
    return CLOSEST_LABEL if keys and keys[0].startswith("s") else CHIPS_LABEL


def answer_html(answer: Answer, turn: int = 0) -> str:
    """A verified answer (text with superscript markers and chips) or an abstention (distinct box + passages).

    Markers, chips and passages carry the class uq-cite-<turn>-<key> (a class: the chat's HTML sanitizer keeps
    classes), which the page turns into `open_target` calls.
    """
    say = words(answer.language)
    if answer.abstained:
        closest = "".join(
            f"<li class='uq-cite uq-cite-{turn}-s{i}'><b>{html.escape(source_name(h))}</b> ¶{h.paragraph}: "
            f"{html.escape(_short(h.text, 140))}</li>" for i, h in enumerate(answer.sources[:3], 1))
        passages = (f"<div class='uq-closest-title'>{html.escape(PHRASES[answer.language]['closest'])}</div>"
                    f"<ol class='uq-closest'>{closest}</ol>") if closest else ""
        return (f"<div class='uq-abstain'><div class='uq-badge uq-badge-abstain'>⚠ {say['abstained']}</div>"
                f"<p>{html.escape(answer.text)}</p>{passages}</div>")
    body = "".join(f"<sup class='uq-ref uq-cite uq-cite-{turn}-c{piece}'>[{piece}]</sup>" if isinstance(piece, int)
                   else html.escape(piece) for piece in segments(answer))
    chip_row = "".join(
        f"<span class='uq-chip uq-cite uq-cite-{turn}-c{n}' title='{html.escape(c.quote, quote=True)}'>[{n}] "
        f"{html.escape(_short(c.label))} {html.escape(c.place)}</span>" for n, c in enumerate(answer.citations, 1))
    return (f"<div class='uq-answer'><div class='uq-badge uq-badge-verified'>✓ {say['verified']}</div>"
            f"<p>{body}</p><div class='uq-chips'>{chip_row}</div></div>")


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


def friendly_error(services: Services, err: Exception, language: str) -> str:
    """One line saying what failed and which setting to check."""
    settings = services.settings
    names = {cls.__name__ for e in _chain(err) for cls in type(e).__mro__}
    if settings.llm_provider == "openai" and names & {
            "APIConnectionError", "APITimeoutError", "ConnectError", "ConnectTimeout", "ReadTimeout",
            "ConnectionError", "TimeoutError", "TimeoutException"}:
        if language == "zh":
            return (f"无法连接语言模型服务器 {settings.llm_base_url}：请检查设置 UNSCQA_LLM_BASE_URL，"
                    "并确认服务器正在运行。")
        return (f"The language model server at {settings.llm_base_url} is unreachable: check the setting "
                "UNSCQA_LLM_BASE_URL and that the server is running.")
    if settings.llm_provider == "openai" and "APIStatusError" in names:
        return (f"The language model server at {settings.llm_base_url} refused the request ({err}): check "
                "UNSCQA_LLM_MODEL and UNSCQA_LLM_API_KEY.")
    if names & {"LLMUnavailable", "EmbedderError", "StoreError", "IngestError"}:
        return str(err)
    prefix = "回答时出错" if language == "zh" else "Something went wrong while answering"
    return f"{prefix}: {type(err).__name__}: {err}"


# -- the side panel ---------------------------------------------------------------------------------------------


def open_citation(services: Services, session: Session, key: str | None) -> str:
    """The side panel for chip `key` of the active turn: the paragraph with the quote in <mark>, the document's
    symbol, title, date, type and paragraph number, and paragraphs n-1 and n+1 for context."""
    answer = session.active_answer()
    target = _target(answer, key) if answer is not None else None
    if answer is None or target is None:
        return placeholder_html()
    doc_id, number, quote = target
    session.opened = Opened(doc_id, number, quote, answer.language)
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
    parts = [_meta_html(doc, opened, total)]
    before = store.paragraph(doc.doc_id, opened.paragraph - 1)
    after = store.paragraph(doc.doc_id, opened.paragraph + 1)
    if before is not None:  # its end leads into the cited paragraph
        parts.append(_paragraph_html(before, context=True, keep="end"))
    parts.append(_paragraph_html(paragraph, quote=opened.quote))
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
    return (f"<div class='uq-source uq-document'>{_meta_html(doc, opened, len(doc.body))}"
            f"<div class='uq-doc-body'>{body}</div></div>")


def back_to_paragraph(services: Services, session: Session) -> str:
    return paragraph_panel(services, session.opened) if session.opened else placeholder_html()


def placeholder_html() -> str:
    text = f"{WORDS['zh']['pick']}<br>{WORDS['en']['pick']}"
    return f"<div class='uq-source uq-placeholder'><p>{text}</p></div>"


def highlight(text: str, quote: str | None) -> str:
    """HTML-escaped text with the quote wrapped in <mark> (matched exactly, else after the same whitespace and
    full/half-width normalisation the citation check uses); plain escaped text when it is not found."""
    span = _find(text, quote) if quote else None
    if span is None:
        return html.escape(text)
    start, end = span
    return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:]))


def _find(text: str, quote: str) -> tuple[int, int] | None:
    position = text.find(quote)
    if position >= 0:
        return position, position + len(quote)
    needle = normalize_for_match(quote)
    if not needle:
        return None
    owners: list[int] = []
    pieces = []
    for index, char in enumerate(text):
        normal = normalize_for_match(char)
        pieces.append(normal)
        owners.extend([index] * len(normal))
    found = "".join(pieces).find(needle)
    if found < 0:
        return None
    return owners[found], owners[found + len(needle) - 1] + 1


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


def _meta_html(doc: Document, opened: Opened, total: int) -> str:
    say = words(opened.language)
    rows = [
        (say["symbol"], doc.symbol or "—"),
        (say["date"], doc.date or say["no_date"]),
        (say["type"], DOC_TYPE_NAMES.get(doc.doc_type, doc.doc_type)),
        (say["paragraph"], f"¶{opened.paragraph} / {total}"),
    ]
    cells = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>" for k, v in rows)
    symbol = f"<div class='uq-doc-symbol'>{html.escape(doc.symbol)}</div>" if doc.symbol else ""
    return (f"<div class='uq-meta'>{symbol}<div class='uq-doc-title'>{html.escape(doc.title)}</div>"
            f"<dl>{cells}</dl></div>")


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


# -- filters ----------------------------------------------------------------------------------------------------

CONTEXT_CHARS = 240
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
    """(label, doc_id) of every ingested document, for the "specific documents" filter."""
    return [(_short(f"{d.symbol + ' · ' if d.symbol else ''}{d.date or ''} {d.title}".strip(), 70), d.doc_id)
            for d in services.docstore.documents()]


# -- documents tab ----------------------------------------------------------------------------------------------

DOCUMENT_HEADERS = ["文号 Symbol", "标题 Title", "日期 Date", "类型 Type", "语言 Lang", "段落 ¶", "文件 File",
                    "doc_id"]


def documents_table(services: Services) -> list[list[str | int]]:
    counts = services.docstore.paragraph_counts()
    return [[d.symbol or "—", d.title, d.date or "—", DOC_TYPE_NAMES.get(d.doc_type, d.doc_type), d.language,
             counts.get(d.doc_id, 0), Path(d.source_path).name, d.doc_id]
            for d in services.docstore.documents()]


def has_documents(services: Services) -> bool:
    return bool(services.docstore.counts()["documents"])


def no_documents_status() -> str:
    return (f"⚠ {PHRASES['zh']['no_documents']}{WORDS['zh']['no_docs_upload']}<br>"
            f"{PHRASES['en']['no_documents']} {WORDS['en']['no_docs_upload']}")


def page_status(engines: Engines) -> str:
    """The banner when the page opens: no documents yet (and how to add them), or what is loaded."""
    services = engines.services
    if not has_documents(services):
        return no_documents_status()
    counts = services.docstore.counts()
    line = f"{counts['documents']} 份文件 documents · {counts['paragraphs']} 段 paragraphs"
    if not engines.models_loaded():
        line += " · 模型将在第一次提问时加载 models load on the first question"
    if services.settings.llm_provider == "openai":
        line += f" · LLM: {html.escape(services.settings.llm_base_url)}"
    return line


@dataclass(frozen=True)
class IngestOutcome:
    report: str  # Markdown, one line per file
    ingested: int
    failed: int


def ingest_uploads(services: Services, files: Sequence[str | Path] | None,
                   progress: Callable[[float, str], None] | None = None) -> IngestOutcome:
    """Copy uploaded files into <data_dir>/uploads/ and ingest them one by one (so progress can be shown); a bad
    file is reported with its reason and the others still go in."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return IngestOutcome("请选择要上传的文件。 Choose files to upload first.", 0, 0)
    folder = services.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    ingested = failed = 0
    for index, source in enumerate(paths):
        if progress:
            progress(index / len(paths), f"{source.name} ({index + 1}/{len(paths)})")
        try:
            target = _upload_target(folder, source)
            report = services.ingestor().ingest([target], show_progress=False)
        except Exception as err:  # the ingestor reports per-file problems; this is for the store itself
            log.exception("ingesting %s failed", source)
            lines.append(f"- ✗ `{source.name}`: {err}")
            failed += 1
            continue
        for result in report.results:
            if result.status == "failed":
                failed += 1
                lines.append(f"- ✗ `{source.name}`: {result.reason}")
            elif result.status == "ingested":
                ingested += 1
                lines.append(f"- ✓ `{source.name}`: 已导入 ingested ({result.paragraphs} ¶)")
            else:
                lines.append(f"- ○ `{source.name}`: 已存在 already in the store ({result.status})")
    if progress:
        progress(1.0, "done")
    summary = f"**{ingested} 已导入 ingested · {failed} 失败 failed** ({len(paths)} files)"
    return IngestOutcome("\n".join([summary, "", *lines]), ingested, failed)


def _upload_target(folder: Path, source: Path) -> Path:
    """Where an upload is kept: its own name, or name-<hash> when another file already has that name."""
    name = re.sub(r"[^\w.\-()\u4e00-\u9fff]+", "_", source.name).lstrip(".") or "upload.txt"
    target = folder / name
    if target.exists() and target.read_bytes() != source.read_bytes():
        digest = hashlib.sha1(source.read_bytes()).hexdigest()[:8]
        target = folder / f"{Path(name).stem}-{digest}{Path(name).suffix}"
    if not target.exists():
        shutil.copyfile(source, target)
    return target


# -- briefing ---------------------------------------------------------------------------------------------------


def briefing(session: Session, folder: Path | None = None) -> tuple[str, Path | None]:
    """Markdown with footnotes and a .docx of the active answer; ("", None) when there is none."""
    answer = session.active_answer()
    if answer is None:
        return "", None
    markdown = briefing_markdown(answer)
    folder = folder or Path(tempfile.gettempdir()) / "unscqa-briefings"
    name = "briefing-" + hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:12] + ".docx"
    return markdown, briefing_docx(answer, folder / name)  # same content, same file: no clutter per click


# -- helpers ----------------------------------------------------------------------------------------------------


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _chain(err: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
