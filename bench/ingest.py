"""Ingest throughput: unscqa's pipeline (local, or on Ray workers) vs llama-index's plain default pipeline.

Each phase runs in its own process so its peak RSS is its own:
  ours      unscqa ingest into a fresh data dir (EmbeddingGemma, default backend, length-bucketed batches, dedup cache)
  reingest  the same files again, unchanged (should take < 5% of the first ingest)
  ray-N     with --engine ray: the Ray engine with N workers on a private local Ray of N CPUs, fresh data dir
            (seconds exclude Ray's start and the workers' model load, reported as "load s")
  baseline  SimpleDirectoryReader + SentenceSplitter + HuggingFaceEmbedding (same model) + ChromaVectorStore

Default: the seeds plus a spread of English resolutions up to --chars characters (about 15 minutes on 2 cores);
--full takes the whole corpus. Usage: .venv/bin/python bench/ingest.py [--chars 200000] [--full] [--skip-baseline]
[--engine ray --workers 1 2]   (docs/scale.md has the measured numbers)
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
    load = getattr(services.embedder, "load", None)  # the embedder is lazy: load it here, counted apart
    if load is not None:
        load()
    loaded = time.perf_counter()
    report = services.ingestor().ingest(files, show_progress=False)
    done = time.perf_counter()
    ingested = [r for r in report.results if r.status == "ingested"]
    return {"load_s": loaded - started, "seconds": done - loaded, "documents": len(report.results),
            "chunks": sum(r.chunks for r in ingested), "embedded": report.embedded,
            "failed": len(report.failures), "peak_rss_mb": peak_rss_mb()}


def phase_ray(files: list[Path], data_dir: Path, workers: int) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from ingest.ray_engine import RayIngestor
    from unscqa.services import Services
    from unscqa.settings import Settings

    engine = RayIngestor(Services(Settings.load(data_dir=data_dir)).ingestor(), workers=workers)
    started = time.perf_counter()
    report = engine.ingest(files, show_progress=False)
    done = time.perf_counter()
    ingested = [r for r in report.results if r.status == "ingested"]
    return {"load_s": engine.startup_seconds, "seconds": done - started - engine.startup_seconds,
            "documents": len(report.results), "chunks": sum(r.chunks for r in ingested), "embedded": report.embedded,
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


def run_phase(name: str, files_json: Path, data_dir: Path, workers: int = 0) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--files", str(files_json),
                          "--data-dir", str(data_dir), "--workers", str(workers)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=200_000, help="character budget (default 200k)")
    parser.add_argument("--full", action="store_true", help="the whole corpus")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="ray: also run the Ray engine once per --workers count")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="Ray worker counts (default 2)")
    parser.add_argument("--phase", choices=["ours", "ray", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        files = [Path(p) for p in json.loads(args.files.read_text())]
        if args.phase == "ray":
            result = phase_ray(files, args.data_dir, args.workers[0])
        else:
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
    if args.engine == "ray":
        for workers in args.workers:
            results[f"ray-{workers}"] = run_phase("ray", files_json, work / f"ray-{workers}", workers)
            shutil.rmtree(work / f"ray-{workers}", ignore_errors=True)
    if not args.skip_baseline:
        results["baseline"] = run_phase("baseline", files_json, work / "baseline")
    print(f"\n{'pipeline':<10} {'seconds':>8} {'docs/s':>8} {'chars/s':>9} {'chunks':>7} {'chunks/s':>9} "
          f"{'load s':>7} {'peak RSS MB':>12}")
    for name, r in results.items():
        print(f"{name:<10} {r['seconds']:>8.1f} {r['documents'] / r['seconds']:>8.2f} {chars / r['seconds']:>9.0f} "
              f"{r['chunks']:>7} {r['chunks'] / max(r['seconds'], 1e-9):>9.2f} {r['load_s']:>7.1f} "
              f"{r['peak_rss_mb']:>12.0f}")
    for name, r in results.items():
        if name.startswith("ray-"):
            workers = int(name.split("-")[1])
            print(f"{name}: {chars / r['seconds'] / workers:.0f} characters/s per worker, "
                  f"{results['ours']['seconds'] / r['seconds']:.2f}x the local pipeline")
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
