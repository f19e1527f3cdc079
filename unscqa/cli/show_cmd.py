"""Show a document's numbered paragraphs (DOC is a doc id, a symbol, or a source file stem).

¶0, when a document has it, is its header ("Resolution 242 (1967) of 22 November 1967"); the body is ¶1..n."""

from __future__ import annotations

import argparse
import json

from ingest.docstore import DocStore
from ingest.records import HEADER_NUMBER, Document
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "show a document's numbered paragraphs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc", help="doc id (or its prefix), document symbol, or source file stem")
    parser.add_argument("--paragraph", "-p", type=int, help="only this paragraph")
    parser.add_argument("--json", action="store_true")


def find_document(docstore: DocStore, key: str) -> Document | None:
    """Resolve what a user typed: exact id, unique id prefix, symbol, or file stem."""
    compact = "".join(key.split()).upper()
    candidates = [d for d in docstore.documents()
                  if d.doc_id == key or (d.symbol and "".join(d.symbol.split()).upper() == compact)
                  or d.source_stem == key]
    if not candidates and len(key) >= 4:
        candidates = [d for d in docstore.documents() if d.doc_id.startswith(key)]
    return docstore.document(candidates[0].doc_id) if len(candidates) == 1 else None


def paragraph_range(doc: Document) -> str:
    """"0..12" for a document with a header paragraph, "1..12" without one."""
    if not doc.paragraphs:
        return "none"
    return f"{doc.paragraphs[0].number}..{doc.paragraphs[-1].number}"


def run(args: argparse.Namespace, settings: Settings) -> int:
    docstore = Services(settings).docstore
    doc = find_document(docstore, args.doc)
    if doc is None:
        print(f"error: no single document matches {args.doc!r} (see `unscqa docs`)")
        return 1
    paragraphs = [p for p in doc.paragraphs if args.paragraph is None or p.number == args.paragraph]
    if args.paragraph is not None and not paragraphs:
        print(f"error: {doc.doc_id} has paragraphs {paragraph_range(doc)}, not {args.paragraph}")
        return 1
    if args.json:
        print(json.dumps({
            "doc_id": doc.doc_id, "symbol": doc.symbol, "title": doc.title, "date": doc.date,
            "doc_type": doc.doc_type, "language": doc.language, "source_path": doc.source_path,
            "paragraphs": [{"number": p.number, "label": p.label, "heading_path": list(p.heading_path),
                            "text": p.text} for p in paragraphs]}, ensure_ascii=False, indent=2))
        return 0
    print(f"{doc.symbol or doc.doc_id} — {doc.title} ({doc.date or 'undated'}, {doc.doc_type})")
    heading: tuple[str, ...] = ()
    for p in paragraphs:
        if p.heading_path != heading:
            heading = p.heading_path
            print(f"\n## {' › '.join(heading)}" if heading else "")
        label = f"{p.label} " if p.label and p.number != HEADER_NUMBER else ""  # ¶0 is the header
        print(f"\n¶{p.number} {label}{p.text}")
    return 0
