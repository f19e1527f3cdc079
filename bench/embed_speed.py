"""Embedding throughput and fidelity: unscqa's embedder backends vs llama-index's HuggingFaceEmbedding.

All run the same EmbeddingGemma-300M folder on N real paragraph-sized passages (100-600 characters, half Chinese
from the seeds, half English resolutions). Backends are timed in interleaved rounds (so a noisy neighbour hurts
them all alike) and the median round is reported. Fidelity: cosine of each backend's vectors to fp32's, and
the rank of the relevant seed passage for a few Chinese queries.

Usage: .venv/bin/python bench/embed_speed.py [--n 64] [--rounds 3] [--backends fp32,int8,bf16,ov-bf16,ov-fp32]
       [--no-baseline]
       [--no-ranking] [--threads 0]   (ov-*: the same precision on OpenVINO)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

# (query, a substring that only the relevant seed passage contains)
QUERIES = [
    ("第2089(2013)号决议的表决结果", "14 票 赞成"),
    ("秘书长转递的关于萨赫勒-撒哈拉区域安全合作部长级会议的信", "毛里塔尼亚努瓦克肖特举行的关于"),
    ("比利时担任主席期间安理会举行了多少次公开会议", "安全理事会举行了26次公开会议"),
    ("和平进程中的儿童保护问题通报会", "保护儿童调解人实用指南"),
    ("安理会关于联合国维持和平行动的主席声明 2009年8月5日", "2009年 8月 5日"),
]


def split_passages(text: str, low: int = 100, high: int = 600) -> list[str]:
    """Blank-line blocks, cut at sentence ends into pieces of at most `high` characters; keep those >= `low`."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"\s*\n\s*", " ", block).strip()
        current = ""
        for sentence in re.split(r"(?<=[。；.;!?！？])\s*", block):
            if current and len(current) + len(sentence) > high:
                pieces.append(current)
                current = ""
            current = f"{current} {sentence}".strip() if re.match(r"[A-Za-z]", sentence) else current + sentence
            while len(current) > high:
                pieces.append(current[:high])
                current = current[high:]
        if current:
            pieces.append(current)
    return [p for p in pieces if len(p) >= low]


def seed_passages() -> list[str]:
    return [p for f in sorted((SHARED / "seeds").glob("*.txt")) for p in split_passages(f.read_text("utf-8"))]


def pick_passages(n: int, seed: int = 0) -> list[str]:
    """Half Chinese (seeds), half English (every 25th resolution), shuffled deterministically."""
    chinese = seed_passages()
    english = [p for f in sorted((SHARED / "corpus" / "unsc-resolutions-en").glob("*.txt"))[::25]
               for p in split_passages(f.read_text("utf-8", errors="replace"))]
    rng = random.Random(seed)
    rng.shuffle(chinese)
    rng.shuffle(english)
    chosen = chinese[: n // 2] + english[: n - n // 2]
    rng.shuffle(chosen)
    return chosen


class Baseline:
    """llama-index's plain HuggingFaceEmbedding on the same folder (its defaults: batch 10, model max length)."""

    def __init__(self, path: Path) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        self.model = HuggingFaceEmbedding(model_name=str(path), device="cpu")

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.get_text_embedding_batch(texts), dtype=np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=64, help="passages per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="fp32,int8,bf16")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-ranking", action="store_true")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)

    from ingest.embedder import SentenceTransformerEmbedder
    from unscqa.settings import Settings

    path = Settings.load().embedding_path
    texts = pick_passages(args.n)
    chars = sum(map(len, texts))
    print(f"{len(texts)} passages, {chars} characters (median {statistics.median(map(len, texts)):.0f})")

    runners: dict[str, object] = {}
    for backend in args.backends.split(","):
        started = time.perf_counter()
        if backend.startswith("ov-"):  # the same precision run by OpenVINO (ingest/openvino_runtime.py)
            from ingest.openvino_runtime import OpenVINOEmbedder

            runners[backend] = OpenVINOEmbedder(path, precision=backend[3:], threads=args.threads)
        else:
            runners[backend] = SentenceTransformerEmbedder(path, backend=backend, threads=args.threads)
        print(f"loaded {backend} in {time.perf_counter() - started:.1f} s", flush=True)
    if not args.no_baseline:
        runners["baseline"] = Baseline(path)
    for runner in runners.values():  # warm-up: first calls allocate and pick kernels
        runner.embed_documents(texts[:2])  # type: ignore[attr-defined]

    seconds: dict[str, list[float]] = {name: [] for name in runners}
    vectors: dict[str, np.ndarray] = {}
    for round_no in range(args.rounds):
        for name, runner in runners.items():
            started = time.perf_counter()
            vectors[name] = runner.embed_documents(texts)  # type: ignore[attr-defined]
            seconds[name].append(time.perf_counter() - started)
        print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1]:.1f}s" for k, v in seconds.items())
              + f" (cpu pressure {cpu_pressure()})", flush=True)

    reference = vectors.get("fp32")
    print(f"\n{'backend':10} {'median s':>9} {'best s':>7} {'passages/s':>11} {'chars/s':>8} {'best c/s':>9} "
          f"{'x baseline':>11} {'(best)':>7} {'cos fp32 mean':>14} {'min':>7}")
    for name, times in seconds.items():
        median, best = statistics.median(times), min(times)
        ratio = f"{statistics.median(seconds['baseline']) / median:.2f}" if "baseline" in seconds else "-"
        best_ratio = f"{min(seconds['baseline']) / best:.2f}" if "baseline" in seconds else "-"
        cosine = (vectors[name] * reference).sum(axis=1) if reference is not None else None
        mean_cos = f"{cosine.mean():.4f}" if cosine is not None else "-"
        min_cos = f"{cosine.min():.4f}" if cosine is not None else "-"
        print(f"{name:10} {median:9.2f} {best:7.2f} {len(texts) / median:11.2f} {chars / median:8.0f} "
              f"{chars / best:9.0f} {ratio:>11} {best_ratio:>7} {mean_cos:>14} {min_cos:>7}")

    if not args.no_ranking:
        ranking(runners)
    return 0


def cpu_pressure() -> str:
    """"some avg10" from /proc/pressure/cpu: ~0% on an idle machine, near 100% when another job competes."""
    try:
        first = Path("/proc/pressure/cpu").read_text().split("\n", 1)[0]
        return first.split()[1].split("=")[1] + "%"
    except (OSError, IndexError):
        return "n/a"


def ranking(runners: dict[str, object]) -> None:
    """Rank of the relevant seed passage for each Chinese query, and top-5 overlap with fp32's ranking."""
    passages = seed_passages()
    print(f"\nquery ranking over {len(passages)} seed passages (rank of the relevant passage, 1 = best; "
          "top-5 overlap with fp32)")
    orders: dict[str, list[np.ndarray]] = {}
    for name, runner in runners.items():
        if name == "baseline":
            continue
        docs = runner.embed_documents(passages)  # type: ignore[attr-defined]
        orders[name] = [np.argsort(-(docs @ runner.embed_query(q))) for q, _ in QUERIES]  # type: ignore[attr-defined]
    for i, (query, marker) in enumerate(QUERIES):
        relevant = next(j for j, p in enumerate(passages) if marker in p)
        cells = []
        for name, order in orders.items():
            rank = int(np.where(order[i] == relevant)[0][0]) + 1
            overlap = len(set(order[i][:5]) & set(orders["fp32"][i][:5])) if "fp32" in orders else 0
            cells.append(f"{name} rank {rank} top5 {overlap}/5")
        print(f"  {query}: " + "; ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
