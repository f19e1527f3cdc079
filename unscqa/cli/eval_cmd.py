"""Regression eval of known facts: answer accuracy, retrieval hit@k/MRR, citation precision/recall and
verification, abstention, latency; overall and per kind. `--check` fails when a headline metric drops below
the committed baseline by more than the margin."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from evals.dataset import DEFAULT_SET, SILVER_SET, SPLITS, load_questions
from evals.pipelines import PIPELINES, answerer_for, retriever_for
from evals.report import GROUP_TITLES, table, write_reports
from evals.runner import as_records, compare_to_baseline, run_full, run_retrieval, summarize
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "run the known-facts eval (retrieval-only or full)"
BASELINE = Path(__file__).resolve().parents[2] / "evals" / "baseline.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", type=Path, action="append", dest="sets",
                        help=f"questions JSONL, repeatable (default: {DEFAULT_SET.name})")
    parser.add_argument("--silver", action="store_true", help=f"also the generated questions ({SILVER_SET.name})")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all",
                        help="dev (read its failures to tune), test (read its numbers only) or all")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("out/eval"))
    parser.add_argument("--full", action="store_true", help="answer with the LLM (default: retrieval only)")
    parser.add_argument("--compare", action="store_true",
                        help="also run bm25-only, dense-only (and, with --full, llama-index's stock pipeline)")
    parser.add_argument("--pipelines", help=f"comma-separated subset of {','.join(PIPELINES)}")
    parser.add_argument("--ids", help="comma-separated question ids (or a file with one id per line)")
    parser.add_argument("--limit", type=int, help="first N questions only")
    parser.add_argument("--ingest", type=Path, nargs="*", help="ingest these paths first (e.g. ../shared)")
    parser.add_argument("--check", action="store_true", help="fail when a headline metric drops below baseline")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--margin", type=float,
                        help="fixed allowed drop below the baseline (default: a binomial bound at each metric's n "
                             "plus the measured cross-CPU spread; see evals.runner.sampling_margin)")
    parser.add_argument("--update-baseline", action="store_true", help="write this run's headline metrics")


def selected_questions(args: argparse.Namespace) -> list[Any]:
    sets = list(args.sets or [DEFAULT_SET]) + ([SILVER_SET] if args.silver else [])
    missing = [str(p) for p in sets if not p.is_file()]
    if missing:
        raise SystemExit(f"error: no question file {', '.join(missing)} (the silver set: python -m evals.silver)")
    questions = [q for path in sets for q in load_questions(path)]
    if args.split != "all":
        questions = [q for q in questions if q.split == args.split]
    if args.ids:
        source = Path(args.ids)
        wanted = source.read_text().split() if source.is_file() else args.ids.split(",")
        questions = [q for q in questions if q.id in set(wanted)]
    return questions[:args.limit] if args.limit else questions


def subset_suffix(args: argparse.Namespace) -> str:
    """Runs over a named id file get their own baseline entry ("full:hybrid@ci_subset"): a subset's numbers
    must never be checked against, or overwrite, the whole set's."""
    split = "" if args.split == "all" else f"#{args.split}"
    sets = "".join(f"+{p.stem}" for p in args.sets or [] if p != DEFAULT_SET) + ("+silver" if args.silver else "")
    if args.ids and Path(args.ids).is_file():
        return f"{sets}@{Path(args.ids).stem}{split}"
    return sets + ("@ids" if args.ids or args.limit else "") + split


def run(args: argparse.Namespace, settings: Settings) -> int:
    services = Services(settings)
    if args.ingest:
        report = services.ingestor().ingest(args.ingest, show_progress=sys.stderr.isatty())
        print(f"ingested {report.count('ingested')}, unchanged {report.count('unchanged')}, "
              f"failed {len(report.failures)} ({report.seconds:.0f} s)")
    if not services.docstore.counts()["documents"]:
        print("error: no documents: run `unscqa ingest ../shared/seeds ../shared/corpus` or pass --ingest")
        return 1
    questions = selected_questions(args)
    pipelines = (args.pipelines.split(",") if args.pipelines else
                 ["hybrid", "bm25", "dense"] + (["stock"] if args.full else []) if args.compare else ["hybrid"])
    mode = "full" if args.full else "retrieval"
    from tqdm import tqdm

    summaries: dict[str, dict[str, Any]] = {}
    records: dict[str, list[dict[str, Any]]] = {}
    for pipeline in pipelines:
        def progress(items, name=pipeline):  # type: ignore[no-untyped-def]
            # a log (CI) gets a progress line every 30 s instead of a bar
            return tqdm(items, desc=f"{mode}:{name}", unit="q", mininterval=1 if sys.stderr.isatty() else 30)

        results = (run_full(questions, answerer_for(services, pipeline, args.k), progress) if args.full
                   else run_retrieval(questions, retriever_for(services, pipeline, args.k), progress))
        key = f"{mode}:{pipeline}{subset_suffix(args)}"
        summaries[key] = summarize(results)
        records[key] = as_records(results)
    first = f"{mode}:{pipelines[0]}{subset_suffix(args)}"
    print(table(summaries))
    for group, title in GROUP_TITLES.items():
        if summaries[first].get(group):
            print(f"\n{first} {title}\n" + table({first: summaries[first]}, first, group))
    write_reports(args.out, summaries, records, first)
    print(f"reports in {args.out}/ (report.json, report.md)")
    headline = {key: {m: v for m, v in s["overall"].items() if not m.startswith("latency")}
                for key, s in summaries.items()}
    if args.update_baseline:
        existing = json.loads(args.baseline.read_text()) if args.baseline.is_file() else {}
        existing.update(headline)
        args.baseline.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")
        print(f"baseline updated: {args.baseline}")
    if args.check:
        baseline = json.loads(args.baseline.read_text())
        relevant = {k: v for k, v in baseline.items() if k in summaries}
        if not relevant:
            print(f"error: {args.baseline} has no entry for {', '.join(summaries)}")
            return 1
        failures = compare_to_baseline(summaries, relevant, args.margin)
        for failure in failures:
            print(f"REGRESSION {failure}")
        print("eval check: " + ("FAILED" if failures else "passed"))
        return 1 if failures else 0
    return 0
