"""Ingest files and folders (txt, md, pdf, docx, html) into the store; unchanged files are skipped.

Exit codes: 0 everything ingested (or unchanged), 3 some files failed and the rest went in,
1 nothing could be ingested or ingestion could not run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.pipeline import IngestReport
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "ingest documents (progress bar, per-file errors, incremental)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace, settings: Settings) -> int:
    services = Services(settings)
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
