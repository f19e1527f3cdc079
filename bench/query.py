"""Query latency: retrieval p50/p95 on the real corpus and on a synthetic 100,000-chunk store, and time to first
token / to the full verified answer with the bundled LLM.

Usage: .venv/bin/python bench/query.py [--chunks 100000] [--answers 10] [--skip-synthetic] [--skip-llm]
Targets (issue 4): retrieval p95 <= 100 ms at 100k chunks; full cited answer p50 <= 10 s on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"

QUERIES = [
    "第2511(2020)号决议的表决结果如何？", "第2089(2013)号决议 表决", "安理会2020年2月举行了多少次公开会议？",
    "萨赫勒-撒哈拉区域安全合作部长级会议在哪里举行？", "维持和平行动的伙伴关系", "区域和次区域组织的合作",
    "How was resolution 242 (1967) adopted?", "withdrawal of Israel armed forces from territories",
    "sanctions against Southern Rhodesia", "admission of new members to the United Nations",
    "联合国宪章第一条的宗旨", "Article 51 self-defence", "ceasefire in Cyprus", "巴基斯坦担任主席期间的工作评价",
    "resolution adopted unanimously on Namibia", "apartheid South Africa arms embargo",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_searches(services, rounds: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    search = services.search()
    search.search(QUERIES[0], k=10)  # warm-up: model, index load
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            search.search(query, k=10)
            times.append((time.perf_counter() - started) * 1000)
    return times


def real_store(data_dir: Path):  # type: ignore[no-untyped-def]
    from unscqa.services import Services
    from unscqa.settings import Settings

    services = Services(Settings.load(data_dir=data_dir))
    files = [SHARED / "seeds", SHARED / "corpus"]
    report = services.ingestor().ingest(files, show_progress=True)
    print(f"real store: {services.docstore.counts()} ({report.seconds:.0f} s to ingest)")
    return services


def synthetic_store(data_dir: Path, n_chunks: int, embedder):  # type: ignore[no-untyped-def]
    """n_chunks one-chunk paragraphs of resolution sentences with random unit vectors (embedding 100k real
    passages would take hours on 2 cores; retrieval cost does not depend on where vectors come from)."""
    import numpy as np

    from ingest.chunking import chunk_document
    from ingest.records import Document, Paragraph
    from ingest.tokenize import tokenize
    from unscqa.services import Services
    from unscqa.settings import Settings

    sentences = [line.strip() for f in sorted((SHARED / "corpus" / "unsc-resolutions-en").glob("*.txt"))[:200]
                 for line in f.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]
    services = Services(Settings.load(data_dir=data_dir), embedder_override=embedder)
    rng = np.random.default_rng(0)
    per_doc = 50
    started = time.perf_counter()
    for d in range(n_chunks // per_doc):
        paragraphs = tuple(Paragraph(i + 1, " ".join(rng.choice(sentences, 2))) for i in range(per_doc))
        doc = Document(doc_id=f"syn{d:06d}", source_path=f"/synthetic/{d}.txt", content_hash=str(d),
                       title=f"Synthetic {d}", paragraphs=paragraphs, language="en", date="1970-01-01")
        chunks = chunk_document(doc, 10_000)
        vectors = rng.standard_normal((len(chunks), embedder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        services.vectors.add(chunks, vectors)
        from ingest.docstore import SourceState

        services.docstore.commit_document(doc, chunks, [tokenize(c.index_text) for c in chunks],
                                          SourceState(doc.source_path, doc.doc_id, 0, 0))
        if d % 200 == 0:
            print(f"  synthetic: {(d + 1) * per_doc} chunks, {time.perf_counter() - started:.0f} s", flush=True)
    services.keyword_index()
    print(f"synthetic store: {services.docstore.counts()['chunks']} chunks in {time.perf_counter() - started:.0f} s")
    return services


def time_answers(services, n: int) -> None:  # type: ignore[no-untyped-def]
    from rag.answer import Final, Token

    engine = services.answer_engine()
    list(engine.stream("安理会的工作"))  # warm-up: load the LLM
    first_token, full, methods = [], [], []
    for question in (QUERIES * 2)[:n]:
        started = time.perf_counter()
        ttft = None
        for event in engine.stream(question):
            if isinstance(event, Token) and ttft is None:
                ttft = time.perf_counter() - started
            if isinstance(event, Final):
                full.append(time.perf_counter() - started)
                methods.append(event.answer.method)
        first_token.append(ttft if ttft is not None else full[-1])
    print(f"answers ({n}): time to first token p50 {statistics.median(first_token):.2f} s, "
          f"full verified answer p50 {statistics.median(full):.2f} s, p95 {percentile(full, 0.95):.2f} s; "
          f"methods {dict((m, methods.count(m)) for m in set(methods))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--skip-llm", action="store_true")
    parser.add_argument("--data-dir", type=Path, help="reuse a store of the real corpus (ingested if needed)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="unscqa-qbench-"))
    services = real_store(args.data_dir or work / "real")
    times = time_searches(services)
    print(f"retrieval, real corpus: p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms "
          f"({len(times)} queries)")
    if not args.skip_llm:
        time_answers(services, args.answers)
    if not args.skip_synthetic:
        synthetic = synthetic_store(work / "synthetic", args.chunks, services.embedder)
        times = time_searches(synthetic)
        print(f"retrieval, {args.chunks} synthetic chunks: p50 {percentile(times, 0.5):.1f} ms, "
              f"p95 {percentile(times, 0.95):.1f} ms ({len(times)} queries)")


if __name__ == "__main__":
    main()
