"""The console commands end to end (hashing embedder), a real kill mid-ingest, and a real Chroma server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unscqa.cli.main import main
from unscqa.services import Services
from unscqa.settings import Settings

from .test_pipeline import assert_consistent


def cli(settings: Settings, *args: str) -> list[str]:
    return [*args, "--data-dir", str(settings.data_dir), "--embedding-backend", "hashing"]


def test_ingest_docs_show_search_commands(seeds_dir: Path, hashing_settings: Settings,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(cli(hashing_settings, "ingest", str(seeds_dir), "--quiet")) == 0
    summary = capsys.readouterr().out
    assert "5 ingested" in summary and "paragraphs:" in summary and "chunks:" in summary
    assert main(cli(hashing_settings, "docs", "--json")) == 0
    docs = json.loads(capsys.readouterr().out)
    stems = {d["source_stem"] for d in docs}
    assert "001_16b675922abb74e1" in stems
    assert main(cli(hashing_settings, "show", "001_16b675922abb74e1", "--json")) == 0
    shown = json.loads(capsys.readouterr().out)
    tally = [p for p in shown["paragraphs"] if "以13票赞成、2票弃权通过了第2511(2020)号决议" in p["text"]]
    assert len(tally) == 1
    number = tally[0]["number"]
    assert main(cli(hashing_settings, "show", shown["doc_id"], "--paragraph", str(number))) == 0
    assert "13票赞成" in capsys.readouterr().out
    assert main(cli(hashing_settings, "search", "第2511(2020)号决议 表决", "--mode", "bm25", "--json")) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and hits[0]["doc_id"] == shown["doc_id"] and hits[0]["paragraph"] == number


def test_ingest_exit_code_is_partial_when_a_file_fails(seeds_dir: Path, hashing_settings: Settings,
                                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(cli(hashing_settings, "ingest", str(seeds_dir / "004_9dc1d1cf73785c67.txt"), str(empty), "--quiet"))
    assert code == 3
    assert f"skipped {empty}: empty file" in capsys.readouterr().err


def test_kill_during_ingest_then_rerun_completes(corpus_dir: Path, hashing_settings: Settings) -> None:
    """SIGKILL the real command part-way through a few hundred files; the store stays consistent and resumes."""
    folder = corpus_dir / "unsc-resolutions-en"
    args = [sys.executable, "-m", "unscqa.cli.main",
            *cli(hashing_settings, "ingest", str(folder), "--quiet")]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = hashing_settings.db_path
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if db.exists() and Services(hashing_settings).docstore.counts()["documents"] >= 20:
            break
        time.sleep(0.2)
    assert process.poll() is None, "ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    services = Services(hashing_settings)
    partial = services.docstore.counts()["documents"]
    assert 20 <= partial < 599
    services.ingestor().recover()
    assert_consistent(services)
    report = services.ingestor().ingest([folder], show_progress=False)
    assert report.count("unchanged") == partial and report.count("ingested") + partial == 599
    assert_consistent(services)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_ingest_into_a_real_chroma_server(seeds_dir: Path, tmp_path: Path) -> None:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma command is not installed beside this Python")
    port = free_port()
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        settings = Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="hashing",
                                 chroma_mode="http", chroma_host="127.0.0.1", chroma_port=port)
        services = Services(settings)
        deadline = time.time() + 60
        while True:
            try:
                services.vectors.count()
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
                services = Services(settings)
        report = services.ingestor().ingest([seeds_dir], show_progress=False)
        assert report.count("ingested") == 5
        assert services.vectors.count() == services.docstore.counts()["chunks"]
        assert_consistent(services)
        hits = services.search(mode="dense").search("第2511(2020)号决议", k=3)
        assert len(hits) == 3
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_unreachable_chroma_server_names_the_setting(tmp_path: Path) -> None:
    settings = Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="hashing", chroma_mode="http",
                             chroma_host="127.0.0.1", chroma_port=free_port())
    from ingest.vectorstore import StoreError

    with pytest.raises(StoreError, match="UNSCQA_CHROMA_HOST"):
        Services(settings).vectors.count()
