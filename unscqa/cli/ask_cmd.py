"""Ask a question; get a short answer whose every sentence cites a verified paragraph (or an honest abstention).

Batch mode reads JSON lines {"id", "question"} and writes one JSON line per answer with citations, sources
(top 10 retrieved paragraphs) and latency.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rag.answer import Answer, AnswerEngine, Final, Token
from rag.citations import Citation
from rag.language import PHRASES, detect_language
from rag.links import symbol_url
from ui.checks import aligned_line, check_line
from ui.strings import words
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "answer a question with verified citations"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="the question (omit with --batch)")
    parser.add_argument("--batch", type=Path, help="JSONL file of {id, question}")
    parser.add_argument("--out", type=Path, help="JSONL output for --batch (default stdout)")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("--llm-provider", choices=["llama-cpp", "openai", "fake"], help="UNSCQA_LLM_PROVIDER")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.llm_provider:
        from dataclasses import replace

        settings = replace(settings, llm_provider=args.llm_provider)
    if bool(args.question) == bool(args.batch):
        print("error: give a question or --batch FILE (not both)", file=sys.stderr)
        return 2
    services = Services(settings)
    if not services.docstore.counts()["documents"]:
        print(PHRASES["en"]["no_documents"], file=sys.stderr)
        return 1
    engine = services.answer_engine()
    if args.batch:
        return run_batch(engine, args.batch, args.out)
    if args.json:
        print(json.dumps(answer_record(engine.ask(args.question)), ensure_ascii=False, indent=2))
        return 0
    answer = None
    for event in engine.stream(args.question):
        if isinstance(event, Token) and sys.stderr.isatty():
            print(event.text, end="", file=sys.stderr, flush=True)
        elif isinstance(event, Final):
            answer = event.answer
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    assert answer is not None
    print_answer(answer)
    return 0


def print_answer(answer: Answer) -> None:
    print(answer.text)
    if answer.abstained:
        print(PHRASES[answer.language]["closest"])
        for hit in answer.sources[:3]:
            print(f"  - {hit.symbol or hit.title} ¶{hit.paragraph}: {hit.text[:120]}")
    for n, citation in enumerate(answer.citations, 1):
        newer = (f" ({words(answer.language)['superseded_by'].format(symbol=citation.superseded_by)})"
                 if citation.superseded_by else "")
        print(f"[{n}] {citation.label}{newer} {citation.place}: “{citation.quote}”")
        for line in (check_line(citation.check, answer.language), aligned_line(citation, answer.language)):
            if line:
                print(f"    {line}")
    print(f"({answer.latency_ms / 1000:.1f} s)")


def answer_record(answer: Answer, item_id: Any = None) -> dict[str, Any]:
    return {
        "id": item_id, "question": answer.question, "answer": answer.text, "abstained": answer.abstained,
        "citations": [citation_record(c) for c in answer.citations],
        "sources": [{"doc_id": h.doc_id, "paragraph": h.paragraph, "text": h.text, "score": round(h.score, 6)}
                    for h in answer.sources[:10]],
        "latency_ms": round(answer.latency_ms, 1),
    }


def citation_record(citation: Citation) -> dict[str, Any]:
    """A citation as JSON: where it points, its quote, how it was verified (`check`), and the same paragraph in
    the other official language (`aligned`, with how it was found and checked; null with `alignment` saying why)."""
    c = citation
    return {"doc_id": c.doc_id, "symbol": c.symbol, "url": symbol_url(c.symbol, detect_language(c.text)),
            "paragraph": c.paragraph, "article": c.article, "text": c.text, "quote": c.quote,
            "score": round(c.score, 6), "check": asdict(c.check) if c.check else None,
            "aligned": asdict(c.aligned) if c.aligned else None, "alignment": c.alignment or None,
            "superseded_by": c.superseded_by}


def run_batch(engine: AnswerEngine, path: Path, out: Path | None) -> int:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                item = json.loads(line)
                items.append((item["id"], str(item["question"])))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                print(f"error: {path}:{number}: expected {{\"id\", \"question\"}}: {err}", file=sys.stderr)
                return 2
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    from tqdm import tqdm

    try:
        for item_id, question in tqdm(items, unit="q", desc="ask", disable=out is None):
            record = answer_record(engine.ask(question), item_id)
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            sink.flush()
    finally:
        if out:
            sink.close()
    return 0
