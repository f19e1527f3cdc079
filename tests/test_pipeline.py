"""Ingestion plumbing on the seeds with the deterministic hashing embedder: incremental, atomic, no duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import EXIT_OK, EXIT_PARTIAL
from ingest.records import HEADER_NUMBER
from unscqa.services import Services
from unscqa.settings import Settings


def copy_seeds(seeds_dir: Path, target: Path) -> Path:
    shutil.copytree(seeds_dir, target)
    return target


def assert_consistent(services: Services) -> None:
    """Chroma holds exactly the committed chunks: nothing orphaned, nothing missing, nothing twice."""
    stored = services.vectors.collection.get(include=[])["ids"]
    committed = [chunk_id for chunk_id, *_ in services.docstore.iter_chunk_tokens()]
    assert len(stored) == len(set(stored))
    assert sorted(stored) == sorted(committed)


def test_seeds_ingest_with_paragraphs_and_chunks(seeds_dir: Path, hashing_settings: Settings) -> None:
    services = Services(hashing_settings)
    report = services.ingestor().ingest([seeds_dir], show_progress=False)
    assert report.exit_code == EXIT_OK
    assert report.count("ingested") == 5
    counts = services.docstore.counts()
    assert counts["documents"] == 5
    assert counts["chunks"] >= counts["paragraphs"] > 5 * 5
    assert_consistent(services)
    for doc in services.docstore.documents():
        full = services.docstore.document(doc.doc_id)
        assert full is not None
        first = [HEADER_NUMBER] if full.header is not None else []  # a header is ¶0, the body ¶1..n
        assert [p.number for p in full.paragraphs] == [*first, *range(1, len(full.body) + 1)]


def test_chunks_stay_inside_one_paragraph(seeds_dir: Path, hashing_settings: Settings) -> None:
    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir], show_progress=False)
    for _chunk_id, doc_id, number, _tokens in services.docstore.iter_chunk_tokens():
        paragraph = services.docstore.paragraph(doc_id, number)
        assert paragraph is not None
    rows = services.vectors.collection.get(include=["documents", "metadatas"])
    for text, meta in zip(rows["documents"], rows["metadatas"], strict=True):
        paragraph = services.docstore.paragraph(meta["doc_id"], meta["paragraph"])
        assert paragraph is not None and text in paragraph.text
        assert len(text) <= hashing_settings.chunk_max_chars


def test_tally_paragraph_is_one_chunk(seeds_dir: Path, hashing_settings: Settings) -> None:
    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir / "001_16b675922abb74e1.txt"], show_progress=False)
    rows = services.vectors.collection.get(include=["documents"])
    assert sum("以13票赞成、2票弃权通过了第2511(2020)号决议" in text for text in rows["documents"]) == 1


def test_reingest_unchanged_embeds_nothing(seeds_dir: Path, hashing_settings: Settings) -> None:
    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir], show_progress=False)
    before = services.docstore.counts()
    again = services.ingestor().ingest([seeds_dir], show_progress=False)
    assert again.count("unchanged") == 5 and again.embedded == 0
    assert services.docstore.counts() == before
    assert_consistent(services)


def test_changed_file_replaces_its_chunks(seeds_dir: Path, hashing_settings: Settings, tmp_path: Path) -> None:
    folder = copy_seeds(seeds_dir, tmp_path / "docs")
    services = Services(hashing_settings)
    services.ingestor().ingest([folder], show_progress=False)
    target = folder / "002_a6bef1c7dfe8652a.txt"
    old_id = services.docstore.source(str(target.resolve())).doc_id  # type: ignore[union-attr]
    target.write_text(target.read_text(encoding="utf-8") + "\n\n新增的一段：安全理事会再次开会。\n", encoding="utf-8")
    report = services.ingestor().ingest([folder], show_progress=False)
    assert report.count("ingested") == 1 and report.count("unchanged") == 4
    assert not services.docstore.has_document(old_id)
    assert services.docstore.counts()["documents"] == 5
    assert_consistent(services)


def test_prune_removes_documents_of_deleted_files(seeds_dir: Path, hashing_settings: Settings,
                                                  tmp_path: Path) -> None:
    folder = copy_seeds(seeds_dir, tmp_path / "docs")
    services = Services(hashing_settings)
    services.ingestor().ingest([folder], show_progress=False)
    (folder / "003_71ee3118c768fd91.txt").unlink()
    kept = services.ingestor().ingest([folder], show_progress=False)
    assert kept.pruned == [] and services.docstore.counts()["documents"] == 5
    pruned = services.ingestor().ingest([folder], prune=True, show_progress=False)
    assert [Path(p).name for p in pruned.pruned] == ["003_71ee3118c768fd91.txt"]
    assert services.docstore.counts()["documents"] == 4
    assert_consistent(services)


def test_identical_content_is_stored_once(seeds_dir: Path, hashing_settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seeds_dir / "004_9dc1d1cf73785c67.txt", folder / "a.txt")
    services = Services(hashing_settings)
    services.ingestor().ingest([folder], show_progress=False)
    shutil.copy(seeds_dir / "004_9dc1d1cf73785c67.txt", folder / "b.txt")
    report = services.ingestor().ingest([folder], show_progress=False)
    assert report.count("duplicate") == 1 and report.embedded == 0
    assert services.docstore.counts()["documents"] == 1
    assert_consistent(services)


def test_bad_files_are_reported_and_the_rest_ingests(seeds_dir: Path, hashing_settings: Settings,
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seeds_dir / "001_16b675922abb74e1.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    (folder / "big.txt").write_bytes(b"x" * 200_000)
    settings = Settings.load(env={}, data_dir=hashing_settings.data_dir, embedding_backend="hashing",
                             max_file_bytes=100_000)
    services = Services(settings)
    report = services.ingestor().ingest([folder, tmp_path / "missing.txt"], show_progress=False)
    reasons = {Path(r.path).name: r.reason for r in report.failures}
    assert set(reasons) == {"empty.txt", "binary.txt", "broken.pdf", "big.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"] and "too large" in reasons["big.txt"]
    assert "binary" in reasons["binary.txt"] and "PDF" in reasons["broken.pdf"]
    assert report.count("ingested") == 1 and report.exit_code == EXIT_PARTIAL


def test_crash_between_vectors_and_commit_leaves_store_consistent(seeds_dir: Path, hashing_settings: Settings,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    services = Services(hashing_settings)
    original = services.docstore.commit_document
    calls = {"n": 0}

    def crash_on_third(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("simulated kill")
        return original(*args, **kwargs)

    monkeypatch.setattr(services.docstore, "commit_document", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        services.ingestor().ingest([seeds_dir], show_progress=False)
    monkeypatch.setattr(services.docstore, "commit_document", original)
    assert services.docstore.counts()["documents"] == 2
    fresh = Services(hashing_settings)
    report = fresh.ingestor().ingest([seeds_dir], show_progress=False)
    assert report.count("ingested") == 3 and report.count("unchanged") == 2
    assert_consistent(fresh)


def test_store_of_another_index_version_is_refused(seeds_dir: Path, hashing_settings: Settings) -> None:
    from ingest.pipeline import IngestError

    services = Services(hashing_settings)
    services.ingestor().ingest([seeds_dir / "004_9dc1d1cf73785c67.txt"], show_progress=False)
    services.docstore.set_meta("index_version", "0")
    with pytest.raises(IngestError, match="index_version"):
        services.ingestor().ingest([seeds_dir], show_progress=False)


def test_resolution_chunks_carry_its_subject_and_a_store_chunked_otherwise_is_refused(
        corpus_dir: Path, hashing_settings: Settings) -> None:
    """The operative paragraph of resolution 22 (1947) is keyword-indexed with its preamble's "Corfu"; a store
    chunked with one subject budget refuses files chunked with another."""
    from dataclasses import replace

    from ingest.pipeline import IngestError

    resolution = corpus_dir / "unsc-resolutions-en" / "S_RES_0022_1947_EN_GOLD.txt"
    services = Services(replace(hashing_settings, chunk_subject_bytes=300))
    services.ingestor().ingest([resolution], show_progress=False)
    tokens = {paragraph: set(words) for _, _, paragraph, words in services.docstore.iter_chunk_tokens()}
    recommends = next(p for p, words in tokens.items() if "recommend" in words)
    assert "corfu" in tokens[recommends]
    other = Services(replace(hashing_settings, chunk_subject_bytes=0))
    with pytest.raises(IngestError, match="subject_bytes 300"):
        other.ingestor().ingest([resolution.with_name("S_RES_0023_1947_EN_GOLD.txt")], show_progress=False)


def test_busy_readers_see_each_commit(tmp_path: Path) -> None:
    """Threads reading through one store all the time still see a document committed by another connection: a
    statement one thread leaves open must not pin the others' snapshot (it did with one shared connection)."""
    import threading
    import time

    from ingest.docstore import DocStore, SourceState
    from ingest.records import Document

    readers, writer = DocStore(tmp_path / "store.sqlite3"), DocStore(tmp_path / "store.sqlite3")
    stop, seen = threading.Event(), set()

    def read() -> None:
        while not stop.is_set():
            rows = readers._db.execute("SELECT doc_id FROM documents")
            rows.fetchone()  # leaves its statement open while other threads read, as an iterating reader does
            time.sleep(0.02)
            seen.add(len(readers.documents()))
            rows.close()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for n in range(1, 4):
            doc = Document(doc_id=f"d{n}", source_path=f"/x/{n}.txt", content_hash=f"h{n}", title="t", paragraphs=())
            writer.commit_document(doc, [], [], SourceState(f"/x/{n}.txt", f"d{n}", 1, 1))
            deadline = time.monotonic() + 5
            while n not in seen and time.monotonic() < deadline:
                time.sleep(0.01)
            assert n in seen, f"busy readers never saw document {n}: {sorted(seen)}"
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    readers.close()
    writer.close()


def test_the_embedding_cache_never_returns_a_non_finite_vector(tmp_path: Path) -> None:
    import numpy as np

    from ingest.docstore import DocStore

    store = DocStore(tmp_path / "store.sqlite3")
    good, bad = np.ones(4, dtype=np.float32), np.array([1.0, np.nan, 0.0, 0.0], dtype=np.float32)
    store.cache_vectors("m", {"good": good, "bad": bad})
    assert set(store.cached_vectors("m", ["good", "bad"])) == {"good"}
    with store._db:  # a NaN written by an older release is not reused either
        store._db.execute("INSERT OR REPLACE INTO embedding_cache VALUES ('m', 'old', ?)", (bad.tobytes(),))
    assert set(store.cached_vectors("m", ["good", "old"])) == {"good"}
    store.close()
