"""The known-facts question set: typed records loaded from JSONL."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SET = Path(__file__).resolve().parent / "questions.jsonl"
SILVER_SET = Path(__file__).resolve().parent / "silver.jsonl"
SPLITS = ("dev", "test")
DEV_SHARE = 60  # percent of questions in the dev split


def split_of(question_id: str) -> str:
    """The question's fixed split, from a hash of its id alone: about 60 % dev, 40 % test. Tuning reads dev
    failures only; test numbers are read, never test failures."""
    bucket = int(hashlib.sha1(question_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE else "test"


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
    split: str = "dev"  # "dev" or "test": see split_of
    generated: bool = False  # derived by evals/silver.py from the corpus's structure (the silver set)
    family: str = ""  # generated questions: the fact family ("adoption-date", "vote", ...); hand-written: the kind


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
                gold=tuple(Gold(g["doc"], g["evidence"]) for g in raw["gold"]), abstain=bool(raw["abstain"]),
                split=raw.get("split") or split_of(raw["id"]), generated=bool(raw.get("generated", False)),
                family=raw.get("family") or raw["kind"]))
        except (KeyError, TypeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}:{number}: not a valid question record: {err}") from err
    return questions
