"""Hybrid search (BM25 over jieba tokens + dense EmbeddingGemma, fused): paragraphs with scores."""

from __future__ import annotations

import argparse
import json

from rag.filters import SearchFilters
from rag.retrieve import MODES
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "search paragraphs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query")
    parser.add_argument("--k", type=int, default=None, help="how many paragraphs (default UNSCQA_SEARCH_K or 10)")
    parser.add_argument("--mode", choices=MODES, default="hybrid")
    parser.add_argument("--type", dest="doc_types", action="append", default=[], help="document type filter")
    parser.add_argument("--symbol", dest="symbols", action="append", default=[], help="document symbol filter")
    parser.add_argument("--language", dest="languages", action="append", default=[], choices=["zh", "en"])
    parser.add_argument("--from", dest="date_from", help="earliest date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", help="latest date, YYYY-MM-DD")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, settings: Settings) -> int:
    services = Services(settings)
    if not services.docstore.counts()["documents"]:
        print("no documents yet: run `unscqa ingest PATH...` first")
        return 1
    filters = SearchFilters(symbols=tuple(args.symbols), doc_types=tuple(args.doc_types),
                            languages=tuple(args.languages), date_from=args.date_from, date_to=args.date_to)
    hits = services.search(mode=args.mode, filters=filters).search(args.query, k=args.k or settings.search_k)
    if args.json:
        print(json.dumps([{"doc_id": h.doc_id, "symbol": h.symbol, "title": h.title, "paragraph": h.paragraph,
                           "score": round(h.score, 6), "text": h.text} for h in hits], ensure_ascii=False, indent=2))
        return 0
    for rank, h in enumerate(hits, 1):
        print(f"{rank}. {h.symbol or h.title[:40]} ¶{h.paragraph}  score {h.score:.4f}  [{h.doc_id}]")
        print(f"   {h.text[:300]}{'…' if len(h.text) > 300 else ''}")
    if not hits:
        print("no matching paragraphs")
    return 0
