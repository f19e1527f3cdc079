"""Per-user state: one browser session's conversation (held in gr.State, so users never share it), and what the
chat area shows after each step of an answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.answer import Answer
from rag.citations import Citation


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
    citation: Citation | None = None  # when a citation was opened: its check and aligned paragraph


@dataclass
class Session:
    """One browser session's conversation."""

    turns: list[Turn] = field(default_factory=list)
    active: int | None = None  # the turn whose citations the chips show
    opened: Opened | None = None
    busy: bool = False  # a question of this conversation is being answered (or waits for its turn)

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


def new_conversation() -> Session:
    """A fresh session: no turns, so the next question has no history."""
    return Session()
