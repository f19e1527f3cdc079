"""List the ingested documents with their metadata."""

from __future__ import annotations

import argparse
import json

from unscqa.services import Services
from unscqa.settings import Settings

HELP = "list ingested documents"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON array with every field")


def run(args: argparse.Namespace, settings: Settings) -> int:
    docstore = Services(settings).docstore
    counts = docstore.paragraph_counts()
    documents = docstore.documents()
    if args.json:
        rows = [{"doc_id": d.doc_id, "symbol": d.symbol, "title": d.title, "date": d.date, "doc_type": d.doc_type,
                 "language": d.language, "subjects": list(d.subjects), "symbols": list(d.symbols),
                 "paragraphs": counts.get(d.doc_id, 0), "source_path": d.source_path, "source_stem": d.source_stem}
                for d in documents]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not documents:
        print("no documents yet: run `unscqa ingest PATH...`")
        return 0
    for d in documents:
        print(f"{d.doc_id}  {d.symbol or '-':<22} {d.date or '-':<10} {d.doc_type:<22} {d.language}  "
              f"¶{counts.get(d.doc_id, 0):<4} {d.title[:60]}")
    print(f"{len(documents)} documents")
    return 0
