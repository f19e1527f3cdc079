"""Ingest files and folders (txt, md, pdf, docx, html) into the store; unchanged files are skipped.

Exit codes: 0 everything ingested (or unchanged), 3 some files failed and the rest went in,
1 nothing could be ingested or ingestion could not run.

--engine ray reads, parses and embeds on a Ray cluster's workers (--ray-address, else a private local Ray on
127.0.0.1) and commits here exactly as the local engine does; it needs `pip install -e '.[team]'`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from ingest.pipeline import IngestReport
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "ingest documents (progress bar, per-file errors, incremental)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--engine", choices=["local", "ray"],
                        help="local: this process (default); ray: parse and embed on Ray workers "
                             "(UNSCQA_INGEST_ENGINE)")
    parser.add_argument("--ray-address", help="Ray cluster to join, e.g. 127.0.0.1:6379 (UNSCQA_RAY_ADDRESS; "
                                              "default: start a private local Ray)")
    parser.add_argument("--workers", type=int, help="Ray workers, one CPU and one model copy each "
                                                    "(UNSCQA_RAY_WORKERS; default: one per CPU of the cluster)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {k: v for k, v in (("ingest_engine", args.engine), ("ray_address", args.ray_address),
                                   ("ray_workers", args.workers)) if v is not None}
    settings = replace(settings, **overrides)
    if settings.ingest_engine not in ("local", "ray"):
        print(f"error: UNSCQA_INGEST_ENGINE must be 'local' or 'ray', not {settings.ingest_engine!r}", file=sys.stderr)
        return 2
    if settings.ray_workers < 0:
        print("error: --workers must be 0 (one per CPU) or more", file=sys.stderr)
        return 2
    services = Services(settings)
    if settings.ingest_engine == "ray":
        from ingest.ray_engine import RayIngestor

        engine = RayIngestor(services.ingestor(), address=settings.ray_address, workers=settings.ray_workers)
        report = engine.ingest(args.paths, prune=args.prune, show_progress=not args.quiet)
    else:
        report = services.ingestor().ingest(args.paths, prune=args.prune, show_progress=not args.quiet)
    print_report(report)
    return report.exit_code


def print_report(report: IngestReport) -> None:
    for failure in report.failures:
        print(f"skipped {failure.path}: {failure.reason}", file=sys.stderr)
    for path in report.pruned:
        print(f"pruned {path}")
    ingested = [r for r in report.results if r.status == "ingested"]
    print(f"documents: {len(ingested)} ingested, {report.count('unchanged')} unchanged, "
          f"{report.count('duplicate')} duplicate, {len(report.failures)} skipped, {len(report.pruned)} pruned; "
          f"paragraphs: {sum(r.paragraphs for r in ingested)}; chunks: {sum(r.chunks for r in ingested)} "
          f"({report.embedded} embedded); {report.seconds:.1f} s")
