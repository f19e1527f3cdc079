"""The answer records: what the engine returns and streams. Pure data: formatted only at the edge (UI, CLI,
briefing)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.citations import Citation
from rag.retrieve import ParagraphHit

# Answer.method: the strategy that answered (see AnswerEngine.strategies)
STRATEGIES = ("document-fact", "extractive", "which-document", "per-month", "per-part", "llm", "abstain")


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # sentences with [n] markers numbering `citations` from 1
    citations: tuple[Citation, ...]
    abstained: bool
    sources: tuple[ParagraphHit, ...]  # retrieved paragraphs in rank order
    language: str
    standalone_question: str
    latency_ms: float = 0.0
    method: str = "llm"  # the strategy that answered, one of STRATEGIES


@dataclass(frozen=True)
class Token:
    """A piece of the model's raw output, streamed before verification."""

    text: str


@dataclass(frozen=True)
class Final:
    answer: Answer


AnswerEvent = Token | Final
