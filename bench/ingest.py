"""Ingest throughput: unscqa's pipeline vs llama-index's plain default pipeline on the same files.

Each phase runs in its own process so its peak RSS is its own:
  ours      unscqa ingest into a fresh data dir (EmbeddingGemma, default backend, length-bucketed batches, dedup cache)
  reingest  the same files again, unchanged (should take < 5% of the first ingest)
  baseline  SimpleDirectoryReader + SentenceSplitter + HuggingFaceEmbedding (same model) + ChromaVectorStore

Default: the seeds plus a spread of English resolutions up to --chars characters (about 15 minutes on 2 cores);
--full takes the whole corpus. Usage: .venv/bin/python bench/ingest.py [--chars 200000] [--full] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pick_files(chars: int | None) -> list[Path]:
    """Seeds first, then every 3rd resolution (a spread over the years), then the rest, up to the budget."""
    files = sorted((SHARED / "seeds").glob("*.txt"))
    resolutions = sorted((SHARED / "corpus" / "unsc-resolutions-en").glob("*.txt"))
    ordered = resolutions[::3] + [r for i, r in enumerate(resolutions) if i % 3]
    charters = sorted((SHARED / "corpus" / "un-charter").glob("*.txt"))
    total = sum(len(f.read_text(encoding="utf-8")) for f in files)
    for candidate in (charters if chars is None else []) + ordered:
        if chars is not None and total >= chars:
            break
        files.append(candidate)
        total += len(candidate.read_text(encoding="utf-8"))
    return files


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_ours(files: list[Path], data_dir: Path) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from unscqa.services import Services
    from unscqa.settings import Settings

    services = Services(Settings.load(data_dir=data_dir))
    started = time.perf_counter()
    services.embedder  # noqa: B018 - model load counted separately, like the baseline's
    loaded = time.perf_counter()
    report = services.ingestor().ingest(files, show_progress=False)
    done = time.perf_counter()
    ingested = [r for r in report.results if r.status == "ingested"]
    return {"load_s": loaded - started, "seconds": done - loaded, "documents": len(report.results),
            "chunks": sum(r.chunks for r in ingested), "embedded": report.embedded,
            "failed": len(report.failures), "peak_rss_mb": peak_rss_mb()}


def phase_baseline(files: list[Path], data_dir: Path) -> dict[str, float]:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    sys.path.insert(0, str(REPO))
    from unscqa.settings import Settings

    started = time.perf_counter()
    embed_model = HuggingFaceEmbedding(model_name=str(Settings.load().embedding_path), device="cpu")
    loaded = time.perf_counter()
    documents = SimpleDirectoryReader(input_files=[str(f) for f in files]).load_data()
    client = chromadb.PersistentClient(path=str(data_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("baseline"))
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed_model,
        transformations=[SentenceSplitter()])
    done = time.perf_counter()
    return {"load_s": loaded - started, "seconds": done - loaded, "documents": len(files),
            "chunks": len(index.index_struct.nodes_dict) or store._collection.count(),
            "peak_rss_mb": peak_rss_mb()}


def run_phase(name: str, files_json: Path, data_dir: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--files", str(files_json),
                          "--data-dir", str(data_dir)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=200_000, help="character budget (default 200k)")
    parser.add_argument("--full", action="store_true", help="the whole corpus")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--phase", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        files = [Path(p) for p in json.loads(args.files.read_text())]
        result = (phase_ours if args.phase == "ours" else phase_baseline)(files, args.data_dir)
        print(json.dumps(result))
        return
    files = pick_files(None if args.full else args.chars)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    work = Path(tempfile.mkdtemp(prefix="unscqa-bench-"))
    files_json = work / "files.json"
    files_json.write_text(json.dumps([str(f) for f in files]))
    print(f"{len(files)} files, {chars:,} characters; work dir {work}", flush=True)
    results = {"ours": run_phase("ours", files_json, work / "ours")}
    results["reingest"] = run_phase("ours", files_json, work / "ours")
    if not args.skip_baseline:
        results["baseline"] = run_phase("baseline", files_json, work / "baseline")
    print(f"\n{'pipeline':<10} {'seconds':>8} {'docs/s':>8} {'chars/s':>9} {'chunks':>7} {'chunks/s':>9} "
          f"{'load s':>7} {'peak RSS MB':>12}")
    for name, r in results.items():
        print(f"{name:<10} {r['seconds']:>8.1f} {r['documents'] / r['seconds']:>8.2f} {chars / r['seconds']:>9.0f} "
              f"{r['chunks']:>7} {r['chunks'] / max(r['seconds'], 1e-9):>9.2f} {r['load_s']:>7.1f} "
              f"{r['peak_rss_mb']:>12.0f}")
    print(f"\nre-ingest of unchanged files: {results['reingest']['seconds']:.2f} s = "
          f"{100 * results['reingest']['seconds'] / results['ours']['seconds']:.2f}% of the first ingest")
    if "baseline" in results:
        print(f"throughput ratio (characters/s, ours / llama-index default): "
              f"{results['baseline']['seconds'] / results['ours']['seconds']:.2f}x")
    (work / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work / "ours", ignore_errors=True)
    shutil.rmtree(work / "baseline", ignore_errors=True)


if __name__ == "__main__":
    main()
