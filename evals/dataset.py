"""The known-facts question set: typed records loaded from JSONL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SET = Path(__file__).resolve().parent / "questions.jsonl"


@dataclass(frozen=True)
class Gold:
    doc: str  # source file stem
    evidence: str  # verbatim span a correct citation's paragraph contains


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    language: str
    answer_patterns: tuple[str, ...]
    gold: tuple[Gold, ...]
    abstain: bool


def load_questions(path: Path = DEFAULT_SET) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            questions.append(Question(
                id=raw["id"], question=raw["question"], kind=raw["kind"], language=raw["language"],
                answer_patterns=tuple(raw["answer_patterns"]),
                gold=tuple(Gold(g["doc"], g["evidence"]) for g in raw["gold"]), abstain=bool(raw["abstain"])))
        except (KeyError, TypeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}:{number}: not a valid question record: {err}") from err
    return questions
