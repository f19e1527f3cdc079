"""The page layout and its wiring. Logic lives in `ui.callbacks`; this file only turns its plain values into
component updates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from ingest.loaders import SUPPORTED_SUFFIXES
from rag.filters import SearchFilters
from ui import callbacks as cb
from unscqa.services import Services

ENGINE = "engine"  # one concurrency group: answers and ingestion share the models and the store, one at a time
SESSION_TTL_S = 6 * 3600
# Scroll the whole-document view to the cited paragraph; turn clicks on [n] markers, chips and passages inside the
# chat (class uq-cite-<turn>-<key>) into this panel's select event.
PANEL_JS = """
if (!window.__uqCiteClicks) {
  window.__uqCiteClicks = true;
  document.addEventListener('click', (event) => {
    const cite = event.target.closest ? event.target.closest('#uq-chat .uq-cite') : null;
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


def build_app(services: Services) -> gr.Blocks:
    engines = cb.Engines(services)
    services.docstore  # noqa: B018  (open the store once, before handler threads use it)

    with gr.Blocks(title="unscqa · 安理会文件问答", analytics_enabled=False, fill_width=True) as demo:
        session = gr.State(cb.Session(), time_to_live=SESSION_TTL_S)
        gr.Markdown("# unscqa · 安理会文件问答\nUN Security Council documents: answers with verified paragraph "
                    "citations · 每个答案都附有经过核实的段落引用", elem_id="uq-header")
        status = gr.Markdown(elem_id="uq-status")
        with gr.Tab("问答 Ask"), gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=220, elem_id="uq-filters-col"), gr.Accordion("筛选 Filters", open=True):
                doc_types = gr.Dropdown(cb.doc_type_choices(), multiselect=True, label="文件类型 Document type")
                language = gr.Radio(list(cb.LANGUAGE_CHOICES), value="", label="语言 Language")
                date_from = gr.Textbox(label="起始日期 From", placeholder="YYYY-MM-DD")
                date_to = gr.Textbox(label="截止日期 To", placeholder="YYYY-MM-DD")
                doc_ids = gr.Dropdown(cb.document_choices(services), multiselect=True, label="指定文件 Documents")
            with gr.Column(scale=3, min_width=340, elem_id="uq-chat-col"):
                chatbot = gr.Chatbot(
                    elem_id="uq-chat", label="对话 Conversation", height=520, layout="bubble",
                    examples=[{"text": q} for q in cb.EXAMPLES], feedback_options=None, buttons=[],
                    placeholder="向安理会文件提问 · Ask the Security Council documents")
                chips = gr.Radio([], label=cb.CHIPS_LABEL, elem_id="uq-chips", visible=False)
                with gr.Row(equal_height=True):
                    question = gr.Textbox(show_label=False, placeholder="输入问题 · Type a question",
                                          scale=5, min_width=200, autofocus=True, elem_id="uq-question")
                    send = gr.Button("发送 Send", variant="primary", scale=1, min_width=90, elem_id="uq-send")
                with gr.Row():
                    new_chat = gr.Button("新对话 New conversation", size="sm", elem_id="uq-new")
                    make_briefing = gr.Button("复制为简报 Copy as briefing", size="sm", elem_id="uq-briefing")
                with gr.Accordion("简报 Briefing", open=False, visible=False) as briefing_box:
                    briefing_md = gr.Code(language="markdown", label="Markdown", interactive=False,
                                          buttons=["copy"], wrap_lines=True)
                    briefing_file = gr.File(label="Word (.docx)", interactive=False)
            with gr.Column(scale=2, min_width=300, elem_id="uq-panel-col"):
                panel = gr.HTML(cb.placeholder_html(), elem_id="uq-panel", js_on_load=PANEL_JS)
                with gr.Row(visible=False) as panel_buttons:
                    whole = gr.Button("全文 Whole document", size="sm", elem_id="uq-whole")
                    back = gr.Button("段落 Paragraph", size="sm", elem_id="uq-back")
        with gr.Tab("文件 Documents"):
            table = gr.Dataframe(headers=cb.DOCUMENT_HEADERS, interactive=False, wrap=True,
                                 elem_id="uq-docs")
            uploads = gr.File(file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="uq-upload",
                              label="上传文件以导入 Upload files to ingest (txt, md, pdf, docx, html)")
            ingest_report = gr.Markdown()

        filters = [doc_types, language, date_from, date_to, doc_ids]
        chat_outputs = [question, chatbot, chips, status, send, session]

        def run(state: cb.Session, text: str, values: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
            first = True
            try:
                chosen: SearchFilters = cb.build_filters(*values)
            except ValueError as err:
                yield _chat(cb.reject(state, text, str(err)), state, clear=True)
                return
            for update in cb.respond(engines, state, text, chosen):
                yield _chat(update, state, clear=first)
                first = False

        def ask(text: str, state: cb.Session, *values: Any) -> Iterator[tuple[Any, ...]]:
            yield from run(state, text, values)

        def ask_example(evt: gr.SelectData, state: cb.Session, *values: Any) -> Iterator[tuple[Any, ...]]:
            # (Gradio passes event data only to positional parameters)
            example = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
            yield from run(state, str(example.get("text", "")), values)

        answer_events: dict[str, Any] = dict(outputs=chat_outputs, concurrency_id=ENGINE, concurrency_limit=1,
                                             show_progress="minimal")
        asked = question.submit(ask, [question, session, *filters], api_name="ask", **answer_events)
        clicked = send.click(ask, [question, session, *filters], api_visibility="undocumented", **answer_events)
        example = chatbot.example_select(ask_example, [session, *filters], api_visibility="undocumented",
                                         **answer_events)
        for event in (asked, clicked, example):
            event.then(lambda: gr.Button(interactive=True), None, send, queue=False, api_visibility="private")

        def reset() -> tuple[Any, ...]:
            return (cb.new_conversation(), [], gr.Radio(choices=[], value=None, visible=False),
                    cb.placeholder_html(), gr.Row(visible=False), "", gr.Accordion(visible=False), "", None,
                    gr.Button(interactive=True))

        reset_outputs = [session, chatbot, chips, panel, panel_buttons, status, briefing_box, briefing_md,
                         briefing_file, send]
        for control in (new_chat.click, chatbot.clear):  # the chat's own trash icon starts over too
            control(reset, None, reset_outputs, cancels=[asked, clicked, example], queue=False,
                    api_visibility="private")

        def on_chip(key: str | None, state: cb.Session) -> tuple[str, Any, cb.Session]:
            shown = cb.open_citation(services, state, key)
            return shown, gr.Row(visible=state.opened is not None), state

        chips.select(on_chip, [chips, session], [panel, panel_buttons, session], api_visibility="private")

        def on_inline(evt: gr.SelectData, state: cb.Session) -> tuple[Any, ...]:
            shown = cb.open_target(services, state, str(evt.value))
            found = cb.chips(state)
            return (shown, gr.Row(visible=state.opened is not None), state,
                    gr.Radio(choices=found, value=None, visible=bool(found),
                             label=cb.chips_label([key for _, key in found])))

        panel.select(on_inline, session, [panel, panel_buttons, session, chips], api_visibility="private")
        whole.click(lambda state: cb.show_document(services, state), session, panel, api_visibility="private")
        back.click(lambda state: cb.back_to_paragraph(services, state), session, panel, api_visibility="private")

        def on_message(state: cb.Session, evt: gr.SelectData) -> tuple[Any, cb.Session]:
            index = evt.index if isinstance(evt.index, int) else (evt.index or [0])[0]
            found = cb.select_turn(state, int(index))
            return gr.Radio(choices=found, value=None, visible=bool(found),
                            label=cb.chips_label([key for _, key in found])), state

        chatbot.select(on_message, session, [chips, session], api_visibility="private")

        def on_briefing(state: cb.Session) -> tuple[Any, ...]:
            markdown, path = cb.briefing(state)
            if not markdown:
                return gr.Accordion(visible=False), "", None
            return gr.Accordion(visible=True, open=True), markdown, str(path)

        make_briefing.click(on_briefing, session, [briefing_box, briefing_md, briefing_file],
                            api_visibility="private")

        def refresh() -> tuple[Any, ...]:
            return (cb.documents_table(services), gr.Dropdown(choices=cb.document_choices(services)),
                    cb.page_status(engines))

        def on_upload(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            outcome = cb.ingest_uploads(services, files, lambda done, desc: progress(done, desc=desc))
            return (outcome.report, *refresh())

        uploads.upload(on_upload, uploads, [ingest_report, table, doc_ids, status], concurrency_id=ENGINE,
                       concurrency_limit=1, api_visibility="private")
        demo.load(refresh, None, [table, doc_ids, status], api_visibility="private")
    return demo


def _chat(update: cb.ChatUpdate, state: cb.Session, *, clear: bool) -> tuple[Any, ...]:
    chips = gr.Radio(choices=update.chips, value=None, visible=bool(update.chips),
                     label=cb.chips_label([key for _, key in update.chips]))
    return ("" if clear else gr.skip(), update.messages, chips, update.status,
            gr.Button(interactive=not update.streaming), state)
