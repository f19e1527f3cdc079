"""Trace eval questions through the answer engine: the prompt the LLM saw, its raw reply, the final answer.

Why: an eval miss is either retrieval, the context given to the model, the model, or verification; this shows which.

    .venv/bin/python bench/trace_answers.py --data-dir STORE count-002 date-004
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llama_index.core.base.llms.types import ChatMessage, ChatResponse  # noqa: E402

from evals.dataset import load_questions  # noqa: E402
from evals.metrics import answer_correct  # noqa: E402
from unscqa.services import Services  # noqa: E402
from unscqa.settings import Settings  # noqa: E402


class RecordingLLM:
    """Wraps the engine's LLM and keeps each (messages, raw reply) it streams."""

    def __init__(self, llm: Any) -> None:
        self.llm = llm
        self.calls: list[tuple[Sequence[ChatMessage], str]] = []

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> Iterator[ChatResponse]:
        raw = ""
        for chunk in self.llm.stream_chat(messages, **kwargs):
            raw += chunk.delta or ""
            yield chunk
        self.calls.append((messages, raw))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.llm, name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--set", type=Path, default=Path("evals/questions.jsonl"))
    parser.add_argument("--system", action="store_true", help="print the system prompt too")
    parser.add_argument("--json", type=Path, help="also write the traces here")
    parser.add_argument("ids", nargs="+")
    args = parser.parse_args(argv)
    questions = {q.id: q for q in load_questions(args.set)}
    services = Services(Settings.load(data_dir=args.data_dir))
    engine = services.answer_engine()
    recorder = RecordingLLM(engine.llm)
    engine.llm = recorder  # type: ignore[assignment]
    traces = []
    for qid in args.ids:
        q = questions[qid]
        recorder.calls.clear()
        answer = engine.ask(q.question)
        correct = answer_correct(q, answer.text, answer.abstained)
        print(f"=== {qid} [{'OK' if correct else 'MISS'}] {answer.method} {answer.latency_ms / 1000:.1f}s")
        print(f"Q: {q.question}")
        for messages, raw in recorder.calls:
            for message in messages:
                if message.role.value != "system" or args.system:
                    print(f"--- {message.role.value}\n{message.content}")
            print(f"--- reply\n{raw}")
        print(f"A: {answer.text}\n")
        traces.append({"id": qid, "correct": correct, "answer": answer.text, "method": answer.method,
                       "calls": [{"prompt": [m.content for m in ms], "reply": raw} for ms, raw in recorder.calls]})
    if args.json:
        args.json.write_text(json.dumps(traces, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
