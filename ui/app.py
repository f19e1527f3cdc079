"""The page layout and its wiring. Logic lives in the modules it imports (`ui.chat`, `ui.panel`, `ui.filters`,
`ui.documents`, `ui.briefing`, ...); this file only turns their plain values into component updates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ingest.loaders import SUPPORTED_SUFFIXES
from ui import chat, documents, filters, panel, status, strings
from ui.briefing import briefing
from ui.engines import Engines
from ui.state import ChatUpdate, Session, new_conversation
from unscqa.services import Services

# Answers go through `Engines.slots` (one at a time with the in-process model, `llm_concurrency` with a server), which
# tells each waiting question its place; Gradio lets this many in at once (answering or waiting), queueing the rest.
ANSWERS, ANSWER_WAITERS = "answers", 32
INGEST = "ingest"  # one upload at a time; answers go on meanwhile (`Services.ingest` keeps readers consistent)
SESSION_TTL_S = 6 * 3600
# Scroll the whole-document view to the cited paragraph; turn clicks on [n] markers, chips and passages inside the
# chat (class uq-cite-<turn>-<key>) into this panel's select event, except clicks on a link to the UN's copy.
PANEL_JS = """
if (!window.__uqCiteClicks) {
  window.__uqCiteClicks = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href]') : null;
    const cite = event.target.closest && !link ? event.target.closest('#uq-chat .uq-cite') : null;
    const found = cite && cite.className.match(/uq-cite-(\\d+-[cs]\\d+)/);
    if (found) { trigger('select', {index: 0, value: found[1]}); }
  });
}
watch('value', () => {
  const box = element.querySelector('.uq-doc-body');
  const cited = box && box.querySelector('.uq-cited');
  if (cited) { box.scrollTop = Math.max(0, cited.offsetTop - 24); }
});
"""


@dataclass(frozen=True)
class Page:
    """The page's components, for wiring."""

    session: Any
    status_line: Any
    widgets: list[Any]  # the filters, in `build_filters` order
    doc_ids: Any
    chatbot: Any
    chips: Any
    question: Any
    send: Any
    new_chat: Any
    make_briefing: Any
    briefing_box: Any
    briefing_md: Any
    briefing_file: Any
    briefing_quotes: Any  # which language(s) the footnotes quote (ui.briefing.QUOTES)
    source_panel: Any
    panel_buttons: Any
    whole: Any
    back: Any
    table: Any
    uploads: Any
    ingest_report: Any


def build_app(services: Services) -> gr.Blocks:
    engines = Engines(services)
    services.docstore  # noqa: B018  (open the store once, before handler threads use it)
    with gr.Blocks(title="unscqa · 安理会文件问答", analytics_enabled=False, fill_width=True) as demo:
        page = _layout(services)
        answering = _wire_chat(page, engines)
        _wire_reset(page, answering)
        _wire_panel(page, services)
        _wire_documents(demo, page, engines)
    return demo


def _layout(services: Services) -> Page:
    session = gr.State(Session(), time_to_live=SESSION_TTL_S)
    gr.Markdown("# unscqa · 安理会文件问答\nUN Security Council documents: answers with verified paragraph "
                "citations · 每个答案都附有经过核实的段落引用", elem_id="uq-header")
    status_line = gr.Markdown(elem_id="uq-status")
    with gr.Tab("问答 Ask"), gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=220, elem_id="uq-filters-col"), gr.Accordion("筛选 Filters", open=True):
            doc_types = gr.Dropdown(filters.doc_type_choices(), multiselect=True, label="文件类型 Document type")
            language = gr.Radio(list(strings.LANGUAGE_CHOICES), value="", label="语言 Language")
            date_from = gr.Textbox(label="起始日期 From", placeholder="YYYY-MM-DD")
            date_to = gr.Textbox(label="截止日期 To", placeholder="YYYY-MM-DD")
            doc_ids = gr.Dropdown(filters.document_choices(services), multiselect=True, label="指定文件 Documents")
        with gr.Column(scale=3, min_width=340, elem_id="uq-chat-col"):
            chatbot = gr.Chatbot(
                elem_id="uq-chat", label="对话 Conversation", height=520, layout="bubble",
                examples=[{"text": q} for q in strings.EXAMPLES], feedback_options=None, buttons=[],
                placeholder="向安理会文件提问 · Ask the Security Council documents")
            chips = gr.Radio([], label=strings.CHIPS_LABEL, elem_id="uq-chips", visible=False)
            with gr.Row(equal_height=True):
                question = gr.Textbox(show_label=False, placeholder="输入问题 · Type a question",
                                      scale=5, min_width=200, autofocus=True, elem_id="uq-question")
                send = gr.Button("发送 Send", variant="primary", scale=1, min_width=90, elem_id="uq-send")
            with gr.Row():
                new_chat = gr.Button("新对话 New conversation", size="sm", elem_id="uq-new")
                make_briefing = gr.Button("复制为简报 Copy as briefing", size="sm", elem_id="uq-briefing")
                briefing_quotes = gr.Dropdown(list(strings.BRIEFING_QUOTES), value="both", show_label=False,
                                              container=False, elem_id="uq-briefing-quotes")
            with gr.Accordion("简报 Briefing", open=False, visible=False) as briefing_box:
                briefing_md = gr.Code(language="markdown", label="Markdown", interactive=False,
                                      buttons=["copy"], wrap_lines=True)
                briefing_file = gr.File(label="Word (.docx)", interactive=False, elem_id="uq-briefing-file")
        with gr.Column(scale=2, min_width=300, elem_id="uq-panel-col"):
            source_panel = gr.HTML(panel.placeholder_html(), elem_id="uq-panel", js_on_load=PANEL_JS)
            with gr.Row(visible=False) as panel_buttons:
                whole = gr.Button("全文 Whole document", size="sm", elem_id="uq-whole")
                back = gr.Button("段落 Paragraph", size="sm", elem_id="uq-back")
    with gr.Tab("文件 Documents"):
        table = gr.Dataframe(headers=documents.DOCUMENT_HEADERS, interactive=False, wrap=True, elem_id="uq-docs")
        uploads = gr.File(file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="uq-upload",
                          label="上传文件以导入 Upload files to ingest (txt, md, pdf, docx, html)")
        ingest_report = gr.Markdown()
    return Page(session, status_line, [doc_types, language, date_from, date_to, doc_ids], doc_ids, chatbot, chips,
                question, send, new_chat, make_briefing, briefing_box, briefing_md, briefing_file, briefing_quotes,
                source_panel, panel_buttons, whole, back, table, uploads, ingest_report)


def _wire_chat(page: Page, engines: Engines) -> list[Any]:
    """Questions (typed, sent, or an example clicked) stream into the chat; returns their events (to cancel)."""
    outputs = [page.question, page.chatbot, page.chips, page.status_line, page.send, page.session]

    def run(state: Session, text: str, values: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        for index, update in enumerate(chat.ask(engines, state, text, values)):
            yield _chat(update, state, clear=index == 0)

    def ask(text: str, state: Session, *values: Any) -> Iterator[tuple[Any, ...]]:
        yield from run(state, text, values)

    def ask_example(evt: gr.SelectData, state: Session, *values: Any) -> Iterator[tuple[Any, ...]]:
        # (Gradio passes event data only to positional parameters)
        yield from run(state, chat.example_text(evt.value), values)

    events: dict[str, Any] = dict(outputs=outputs, concurrency_id=ANSWERS, concurrency_limit=ANSWER_WAITERS,
                                  show_progress="minimal")
    inputs = [page.question, page.session, *page.widgets]
    asked = page.question.submit(ask, inputs, api_name="ask", **events)
    clicked = page.send.click(ask, inputs, api_visibility="undocumented", **events)
    example = page.chatbot.example_select(ask_example, [page.session, *page.widgets], api_visibility="undocumented",
                                          **events)
    for event in (asked, clicked, example):
        event.then(lambda: gr.Button(interactive=True), None, page.send, queue=False, api_visibility="private")

    def on_message(state: Session, evt: gr.SelectData) -> tuple[Any, Session]:
        return _chips(chat.select_turn(state, evt.index)), state

    page.chatbot.select(on_message, page.session, [page.chips, page.session], api_visibility="private")

    def on_briefing(state: Session, quotes: str) -> tuple[Any, ...]:
        markdown, path = briefing(state, quotes=quotes or "both")
        if not markdown:
            return gr.Accordion(visible=False), "", None
        return gr.Accordion(visible=True, open=True), markdown, str(path)

    briefing_outputs = [page.briefing_box, page.briefing_md, page.briefing_file]
    page.make_briefing.click(on_briefing, [page.session, page.briefing_quotes], briefing_outputs,
                             api_visibility="private")
    page.briefing_quotes.change(on_briefing, [page.session, page.briefing_quotes], briefing_outputs,
                                api_visibility="private")
    return [asked, clicked, example]


def _wire_reset(page: Page, answering: list[Any]) -> None:
    """"New conversation" (and the chat's own trash icon) start over, cancelling an answer under way."""

    def reset() -> tuple[Any, ...]:
        return (new_conversation(), [], gr.Radio(choices=[], value=None, visible=False),
                panel.placeholder_html(), gr.Row(visible=False), "", gr.Accordion(visible=False), "", None,
                gr.Button(interactive=True))

    outputs = [page.session, page.chatbot, page.chips, page.source_panel, page.panel_buttons, page.status_line,
               page.briefing_box, page.briefing_md, page.briefing_file, page.send]
    for control in (page.new_chat.click, page.chatbot.clear):
        control(reset, None, outputs, cancels=answering, queue=False, api_visibility="private")


def _wire_panel(page: Page, services: Services) -> None:
    """Chips, and markers/chips/passages inside the chat, open the paragraph; the buttons switch views."""

    def on_chip(key: str | None, state: Session) -> tuple[str, Any, Session]:
        shown = panel.open_citation(services, state, key)
        return shown, gr.Row(visible=state.opened is not None), state

    page.chips.select(on_chip, [page.chips, page.session], [page.source_panel, page.panel_buttons, page.session],
                      api_visibility="private")

    def on_inline(evt: gr.SelectData, state: Session) -> tuple[Any, ...]:
        shown = panel.open_target(services, state, str(evt.value))
        return shown, gr.Row(visible=state.opened is not None), state, _chips(chat.chips(state))

    page.source_panel.select(on_inline, page.session, [page.source_panel, page.panel_buttons, page.session,
                                                       page.chips], api_visibility="private")
    page.whole.click(lambda state: panel.show_document(services, state), page.session, page.source_panel,
                     api_visibility="private")
    page.back.click(lambda state: panel.back_to_paragraph(services, state), page.session, page.source_panel,
                    api_visibility="private")


def _wire_documents(demo: gr.Blocks, page: Page, engines: Engines) -> None:
    """The documents table, the documents filter and the status line refresh on load and after an upload."""
    services = engines.services

    def refresh() -> tuple[Any, ...]:
        return (documents.documents_table(services), gr.Dropdown(choices=filters.document_choices(services)),
                status.page_status(engines))

    def on_upload(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        outcome = documents.ingest_uploads(services, files, lambda done, desc: progress(done, desc=desc))
        return (outcome.report, *refresh())

    page.uploads.upload(on_upload, page.uploads, [page.ingest_report, page.table, page.doc_ids, page.status_line],
                        concurrency_id=INGEST, concurrency_limit=1, api_visibility="private")
    demo.load(refresh, None, [page.table, page.doc_ids, page.status_line], api_visibility="private")


def _chips(found: list[tuple[str, str]]) -> Any:
    """The chip row under the chat: hidden when empty, labelled for citations or closest passages."""
    return gr.Radio(choices=found, value=None, visible=bool(found), label=chat.chips_label([k for _, k in found]))


def _chat(update: ChatUpdate, state: Session, *, clear: bool) -> tuple[Any, ...]:
    return ("" if clear else gr.skip(), update.messages, _chips(update.chips), update.status,
            gr.Button(interactive=not update.streaming), state)
