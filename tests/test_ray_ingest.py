"""The Ray ingest engine against the local pipeline, on a local Ray (2 CPUs, 127.0.0.1, no dashboard) and a real
Chroma server (`chroma run` on a free loopback port), both started here and stopped at the end.

- Same store: the seeds and 50 English resolutions ingested by both engines with the real embedding model give the
  same documents, paragraphs, chunks, sources, keyword tokens and BM25 index, and the same vectors within
  VECTOR_TOLERANCE (the groups, and so the embedding batches, are the same).
- A worker killed mid-ingest (a test hook in the worker calls os._exit on chosen files: deterministic, no timing)
  leaves no half-ingested document, and the next run completes the store; a worker killed once is restarted by Ray
  and its call retried, so that run completes by itself.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.pipeline import EXIT_OK, EXIT_PARTIAL
from tests.conftest import REPO, real_model_settings
from unscqa.cli.main import main
from unscqa.services import Services
from unscqa.settings import Settings

pytestmark = pytest.mark.slow
RESOLUTIONS = 50
# Largest allowed |difference| of one vector component between the engines (unit vectors of 768 components).
# Measured: 0 (the groups, so the embedding batches, are the same), also with torch on 2 threads locally against 1
# in each Ray worker; the local side runs 1 thread here, which on a busy 2-core machine halves its time. Both sides
# run the embedder on the same runtime (`auto` resolves alike on one machine: OpenVINO here and in CI, torch for
# bf16 on AMX).
VECTOR_TOLERANCE = 1e-4
MIN_COSINE = 0.9999
TABLES = ("documents", "paragraphs", "chunks", "sources", "embedding_cache", "meta")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """`chroma run` on 127.0.0.1 and a free port, with its data in a temporary folder."""
    chroma = REPO / ".venv" / "bin" / "chroma"
    if not chroma.exists():
        pytest.skip(f"{chroma} not found: run scripts/setup.sh")
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen([str(chroma), "run", "--host", "127.0.0.1", "--port", str(port),
                               "--path", str(folder / "data")], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, server)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Chroma server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"the Chroma server did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """A private Ray: 2 CPUs, no dashboard, bound to 127.0.0.1 (Ray picks the machine's address unless told)."""
    saved = {k: os.environ.get(k) for k in ("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "RAY_USAGE_STATS_ENABLED")}
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # read when ray is imported: loopback addresses
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray = pytest.importorskip("ray", reason="pip install -e '.[team]'")
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
             object_store_memory=256 * 1024 * 1024)
    try:
        assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}
        yield ray
    finally:
        ray.shutdown()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def input_files(seeds_dir: Path, corpus_dir: Path, count: int = RESOLUTIONS) -> list[Path]:
    resolutions = sorted((corpus_dir / "unsc-resolutions-en").glob("*.txt"))[:count]
    return [*sorted(seeds_dir.iterdir()), *resolutions]


def on_server(settings: Settings, server: tuple[str, int], collection: str) -> Settings:
    return replace(settings, chroma_mode="http", chroma_host=server[0], chroma_port=server[1], collection=collection)


def ray_ingest(settings: Settings, files: Sequence[Path], hook: Callable[[str, Sequence[str]], None] | None = None,
               ) -> Any:
    from ingest.ray_engine import RayIngestor

    return RayIngestor(Services(settings).ingestor(), workers=2, hook=hook).ingest(files, show_progress=False)


def docstore_rows(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(settings.db_path) as db:
        rows = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    rows["embedding_cache"] = [(model, text_hash) for model, text_hash, _ in rows["embedding_cache"]]
    return rows


def chroma_rows(services: Services) -> tuple[list[str], list[Any], np.ndarray]:
    got = services.vectors.collection.get(include=["documents", "metadatas", "embeddings"])
    order = np.argsort(got["ids"])
    rows = [(got["documents"][i], got["metadatas"][i]) for i in order]
    return [got["ids"][i] for i in order], rows, np.asarray(got["embeddings"], dtype=np.float32)[order]


def bm25_files(settings: Settings) -> dict[str, bytes]:
    return {str(p.relative_to(settings.bm25_dir)): p.read_bytes()
            for p in sorted(settings.bm25_dir.rglob("*")) if p.is_file()}


def assert_same_store(ray_settings: Settings, local_settings: Settings, *, vectors_exact: bool) -> None:
    assert docstore_rows(ray_settings) == docstore_rows(local_settings)
    assert bm25_files(ray_settings) == bm25_files(local_settings)
    ray_ids, ray_rows, ray_vectors = chroma_rows(Services(ray_settings))
    local_ids, local_rows, local_vectors = chroma_rows(Services(local_settings))
    assert ray_ids == local_ids and ray_rows == local_rows
    if vectors_exact:
        assert np.array_equal(ray_vectors, local_vectors)
        return
    max_diff = float(np.abs(ray_vectors - local_vectors).max())
    min_cosine = float(np.min(np.sum(ray_vectors * local_vectors, axis=1)))
    print(f"vectors: max |difference| {max_diff:.2e}, min cosine {min_cosine:.7f} over {len(ray_ids)} chunks")
    assert max_diff <= VECTOR_TOLERANCE and min_cosine >= MIN_COSINE


def assert_whole_documents(services: Services) -> None:
    """Every committed document has all its chunks in Chroma and nothing else is there; nothing is pending."""
    got = services.vectors.collection.get(include=["metadatas"])
    in_chroma: dict[str, set[str]] = {}
    for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
        in_chroma.setdefault(str(meta["doc_id"]), set()).add(chunk_id)
    assert len(got["ids"]) == len(set(got["ids"]))
    committed: dict[str, set[str]] = {}
    for chunk_id, doc_id, _paragraph, _tokens in services.docstore.iter_chunk_tokens():
        committed.setdefault(doc_id, set()).add(chunk_id)
    assert in_chroma == committed
    assert {d.doc_id for d in services.docstore.documents()} == set(committed)
    assert services.docstore.pending_orphans() == []


def test_ray_missing_is_said_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.pipeline import IngestError
    from ingest.ray_engine import import_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    with pytest.raises(IngestError, match=r"pip install .*\[team\]"):
        import_ray("")


def test_cli_ray_engine_on_a_private_ray(seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`unscqa ingest --engine ray` without an address starts its own Ray on 127.0.0.1 (this test runs before the
    module's Ray) and stops it; a second run skips every file without starting Ray."""
    if importlib.util.find_spec("ray") is None:
        pytest.skip("pip install -e '.[team]'")
    from ingest import ray_engine

    addresses: list[set[str]] = []
    session = ray_engine.ray_session

    @contextmanager
    def watched(address: str, workers: int) -> Iterator[Any]:
        with session(address, workers) as ray:
            addresses.append({node["NodeManagerAddress"] for node in ray.nodes()})
            yield ray

    monkeypatch.setattr(ray_engine, "ray_session", watched)
    args = ["ingest", str(seeds_dir), "--engine", "ray", "--workers", "2", "--quiet", "--embedding-backend", "hashing",
            "--data-dir", str(tmp_path / "data")]
    assert main(args) == EXIT_OK
    assert "5 ingested" in capsys.readouterr().out
    import ray

    assert addresses == [{"127.0.0.1"}] and not ray.is_initialized()
    assert main(args) == EXIT_OK
    assert "5 unchanged" in capsys.readouterr().out and len(addresses) == 1


def test_ray_engine_stores_what_the_local_pipeline_stores(seeds_dir: Path, corpus_dir: Path, tmp_path: Path,
                                                          chroma_server: tuple[str, int], local_ray: Any) -> None:
    files = input_files(seeds_dir, corpus_dir)
    local = replace(on_server(real_model_settings(tmp_path / "local"), chroma_server, "local_chunks"), threads=1)
    remote = on_server(real_model_settings(tmp_path / "ray"), chroma_server, "ray_chunks")
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()  # the local embedder sets 1 for the whole process: put it back afterwards
    started = time.perf_counter()
    try:
        local_report = Services(local).ingestor().ingest(files, show_progress=False)
    finally:
        torch.set_num_threads(threads)
    local_seconds = time.perf_counter() - started
    report = ray_ingest(remote, files)
    print(f"local {local_seconds:.1f} s, ray {time.perf_counter() - started - local_seconds:.1f} s")
    assert report.exit_code == local_report.exit_code == EXIT_OK
    assert report.count("ingested") == local_report.count("ingested") == len(files)
    assert report.embedded == local_report.embedded
    assert_same_store(remote, local, vectors_exact=False)
    again = ray_ingest(remote, files)  # unchanged: skipped before Ray is asked for anything
    assert again.count("unchanged") == len(files) and again.embedded == 0


def crash_on(prepare: str, embed: str) -> Callable[[str, Sequence[str]], None]:
    """A worker hook that kills the worker process (as `kill -9` would) when it parses file `prepare` or embeds
    a group holding file `embed`: every time, so Ray's retries fail too and those files stay out of this run."""
    def hook(stage: str, paths: Sequence[str]) -> None:
        names = {Path(p).name for p in paths}
        if (stage == "prepare" and prepare in names) or (stage == "embed" and embed in names):
            os._exit(1)

    return hook


def crash_once(marker: Path) -> Callable[[str, Sequence[str]], None]:
    """Kill the first worker that starts embedding; the marker file makes it happen once across processes."""
    def hook(stage: str, paths: Sequence[str]) -> None:
        if stage == "embed" and paths:
            try:
                marker.touch(exist_ok=False)
            except FileExistsError:
                return
            os._exit(1)

    return hook


def test_killed_worker_leaves_whole_documents_and_the_next_run_completes(
        seeds_dir: Path, corpus_dir: Path, tmp_path: Path, chroma_server: tuple[str, int], local_ray: Any) -> None:
    files = input_files(seeds_dir, corpus_dir, 20)
    settings = on_server(Settings.load(env={}, data_dir=tmp_path / "ray", embedding_backend="hashing"),
                         chroma_server, "crash_chunks")
    first = ray_ingest(settings, files, crash_on(prepare=files[3].name, embed=files[-1].name))
    failed = {Path(f.path).name for f in first.failures}
    assert first.exit_code == EXIT_PARTIAL
    assert {files[3].name, files[-1].name} <= failed
    assert all(f.reason.startswith("worker failed: ") for f in first.failures)
    assert first.count("ingested") == len(files) - len(failed) > 0
    services = Services(settings)
    assert_whole_documents(services)
    stored = {Path(s.path).name for s in services.docstore.sources()}
    assert stored == {f.name for f in files} - failed
    second = ray_ingest(settings, files)
    assert second.exit_code == EXIT_OK
    assert second.count("ingested") == len(failed) and second.count("unchanged") == len(files) - len(failed)
    assert_whole_documents(Services(settings))
    reference = on_server(Settings.load(env={}, data_dir=tmp_path / "local", embedding_backend="hashing"),
                          chroma_server, "crash_reference")
    Services(reference).ingestor().ingest(files, show_progress=False)
    assert_same_store(settings, reference, vectors_exact=True)


def test_worker_killed_once_is_restarted_and_the_run_completes(
        seeds_dir: Path, corpus_dir: Path, tmp_path: Path, chroma_server: tuple[str, int], local_ray: Any) -> None:
    files = input_files(seeds_dir, corpus_dir, 10)
    settings = on_server(Settings.load(env={}, data_dir=tmp_path / "ray", embedding_backend="hashing"),
                         chroma_server, "restart_chunks")
    marker = tmp_path / "killed"
    report = ray_ingest(settings, files, crash_once(marker))
    assert marker.exists()  # a worker did die
    assert report.exit_code == EXIT_OK and report.count("ingested") == len(files)
    assert_whole_documents(Services(settings))
