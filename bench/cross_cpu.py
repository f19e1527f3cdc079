"""Does an embedding backend give the same vectors (and rankings) on another CPU? Embed a fixed sample of eval
questions and corpus paragraphs under the current CPU settings, save them, then compare two saves.

One machine can play another kind of CPU: oneDNN's ONEDNN_MAX_CPU_ISA (e.g. AVX2, AVX512_CORE_BF16) and ATen's
ATEN_CPU_CAPABILITY (avx2, avx512) hide instruction sets from torch.

    .venv/bin/python bench/cross_cpu.py embed --backend int8 --out /tmp/int8-native.npz
    ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 .venv/bin/python bench/cross_cpu.py embed --backend int8 \\
        --out /tmp/int8-avx2.npz
    .venv/bin/python bench/cross_cpu.py compare /tmp/int8-native.npz /tmp/int8-avx2.npz
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def sample_texts(n: int) -> tuple[list[str], list[str]]:
    from evals.dataset import DEFAULT_SET, SILVER_SET, load_questions
    from ingest.parse import parse_text

    rng = random.Random(3)
    questions = [q.question for q in load_questions(DEFAULT_SET) + load_questions(SILVER_SET)]
    files = sorted((REPO.parent / "shared" / "corpus" / "unsc-resolutions-en").glob("*.txt"))
    paragraphs = [p.text for f in rng.sample(files, 40) for p in parse_text(f.read_text(), filename=f.name).paragraphs]
    return rng.sample(questions, n), rng.sample(paragraphs, min(n, len(paragraphs)))


def embed(backend: str, out: Path, n: int) -> None:
    from ingest.embedder import SentenceTransformerEmbedder
    from unscqa.settings import Settings

    questions, paragraphs = sample_texts(n)
    model = SentenceTransformerEmbedder(Settings.load().embedding_path, backend=backend)
    np.savez(out, queries=np.stack([model.embed_query(q) for q in questions]),
             documents=model.embed_documents(paragraphs))
    print(f"{backend}: {len(questions)} queries, {len(paragraphs)} paragraphs -> {out}")


def compare(a: Path, b: Path) -> None:
    first, second = np.load(a), np.load(b)
    for part in ("queries", "documents"):
        cos = np.sum(first[part] * second[part], axis=1)
        print(f"{part}: cosine min {cos.min():.6f} mean {cos.mean():.6f}, "
              f"max |diff| {np.abs(first[part] - second[part]).max():.2e}")
    ranks_a = np.argsort(-(first["queries"] @ first["documents"].T), axis=1)[:, :10]
    ranks_b = np.argsort(-(second["queries"] @ second["documents"].T), axis=1)[:, :10]
    top1 = float(np.mean(ranks_a[:, 0] == ranks_b[:, 0]))
    top10 = float(np.mean([len(set(x) & set(y)) / 10 for x, y in zip(ranks_a, ranks_b, strict=True)]))
    print(f"same first paragraph for {top1:.3f} of queries; top-10 overlap {top10:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--backend", default="int8")
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--n", type=int, default=200)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "embed":
        embed(args.backend, args.out, args.n)
    else:
        compare(args.a, args.b)


if __name__ == "__main__":
    main()
