"""The chat: a question in, the streamed draft then the verified answer out, as `ChatUpdate`s; the citation chips of
the active turn; errors said to the user who hit them. Plain values only (no Gradio), so it is unit-testable.

The UI never builds citations from strings: answers come from `AnswerEngine.stream`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from rag.answer import Final, Token
from rag.filters import SearchFilters
from rag.language import PHRASES, detect_language
from ui.briefing import source_name
from ui.engines import Engines
from ui.filters import build_filters
from ui.render import answer_html, draft_html, notice_html
from ui.state import ChatUpdate, Session, Turn
from ui.status import has_documents, no_documents_status
from ui.strings import CHIPS_LABEL, CLOSEST_LABEL, short, words
from unscqa.services import Services

log = logging.getLogger("unscqa.ui")


def ask(engines: Engines, session: Session, question: str, filter_values: Sequence[Any] = ()) -> Iterator[ChatUpdate]:
    """A question with the filter widgets' values (see `build_filters`): filters that cannot be read are said in
    the chat instead of answering."""
    try:
        chosen = build_filters(*filter_values)
    except ValueError as err:
        yield reject(session, question, str(err))
        return
    yield from respond(engines, session, question, chosen)


def respond(engines: Engines, session: Session, question: str,
            filters: SearchFilters | None = None) -> Iterator[ChatUpdate]:
    """Answer one question: yields its place in the queue while it waits for a turn, the raw draft as it streams,
    then the verified answer with its chips.

    Errors (LLM server down, a bug) end this user's turn with a friendly message; they never propagate. A question
    sent while this conversation's previous one is still being answered is refused (one at a time per conversation).
    """
    question = question.strip()
    if not question:
        yield chat_update(session, "", streaming=False)
        return
    if session.busy:
        yield reject(session, question, words(detect_language(question))["busy"])
        return
    turn = Turn(question, language=detect_language(question))
    history = session.history()
    session.turns.append(turn)
    session.active = None
    session.busy = True
    try:
        yield from _queued_answer(engines, session, turn, history, filters)
    except Exception as err:  # shown to this user only; the server log keeps the traceback
        log.exception("answering %r failed", question)
        turn.notice = notice_html(friendly_error(engines.services, err, turn.language), "error")
        session.busy = False
        yield chat_update(session, f"⚠ {words(turn.language)['error']}", streaming=False)
        return
    finally:
        session.busy = False
    if not turn.notice:
        yield _finished(session, turn)


def _queued_answer(engines: Engines, session: Session, turn: Turn, history: list[str],
                   filters: SearchFilters | None) -> Iterator[ChatUpdate]:
    """Wait for an answer slot (saying how many questions are ahead), then stream the draft into `turn`. The slot
    is given back however this ends: answered, failed, or closed by the page (a new conversation, a closed tab)."""
    say = words(turn.language)
    if not has_documents(engines.services):
        turn.notice = notice_html(f"{PHRASES[turn.language]['no_documents']} {say['no_docs_upload']}", "empty")
        yield chat_update(session, no_documents_status(), streaming=False)
        return
    slots = engines.slots
    ticket = slots.join()
    try:
        for ahead in slots.wait(ticket):
            turn.stage = say["queued"].format(n=ahead)
            yield chat_update(session, turn.stage, streaming=True)
        turn.stage = say["loading"] if not engines.models_loaded() else say["searching"]
        yield chat_update(session, turn.stage, streaming=True)
        engine = engines.get(filters)
        for event in engine.stream(turn.question, history):
            if isinstance(event, Token):
                turn.draft += event.text
                yield chat_update(session, say["drafting"], streaming=True)
            elif isinstance(event, Final):
                turn.answer = event.answer
    finally:
        slots.leave(ticket)


def _finished(session: Session, turn: Turn) -> ChatUpdate:
    """The verified answer (or the abstention) with its chips; its turn becomes the active one."""
    if turn.answer is None:
        turn.notice = notice_html(PHRASES[turn.language]["abstain"], "error")
        return chat_update(session, "", streaming=False)
    session.active = next(i for i, t in enumerate(session.turns) if t is turn)
    answer = turn.answer
    seconds = answer.latency_ms / 1000
    say = words(turn.language)
    status = (say["done_abstain"].format(s=seconds) if answer.abstained
              else say["done"].format(n=len(answer.citations), s=seconds))
    return chat_update(session, status, streaming=False)


def reject(session: Session, question: str, reason: str) -> ChatUpdate:
    """A question that cannot be run as asked (e.g. a malformed date filter): say why in the chat."""
    language = detect_language(question)
    session.turns.append(Turn(question.strip(), notice=notice_html(reason, "error"), language=language))
    return chat_update(session, f"⚠ {reason}", streaming=False)


def example_text(value: object) -> str:
    """The question of a clicked example (the chat passes {"text": ...})."""
    return str(value.get("text", "")) if isinstance(value, dict) else str(value)


def select_turn(session: Session, message_index: int | Sequence[int] | None) -> list[tuple[str, str]]:
    """Clicking a message in the chat makes its turn the one whose citation chips are shown. The index is the
    message's (as the chat reports it: a number, or a list whose first item is the number)."""
    if not isinstance(message_index, int):
        message_index = (message_index or [0])[0]
    turn_index = int(message_index) // 2
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
        return [(f"≈ {short(source_name(h))} ¶{h.paragraph}", f"s{i}") for i, h in enumerate(answer.sources[:3], 1)]
    return [(f"[{n}] {short(c.label)} {c.place}", f"c{n}") for n, c in enumerate(answer.citations, 1)]


def chips_label(keys: Sequence[str]) -> str:
    """The chip row's label: citations, or an abstention's closest passages."""
    return CLOSEST_LABEL if keys and keys[0].startswith("s") else CHIPS_LABEL


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


def _chain(err: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
