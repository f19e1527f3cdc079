"""Uploads through the documents tab (ui.documents.ingest_uploads): type and size are checked before anything is
written to the data directory, each refused file gets its own clear line, and the good files still go in."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import SUPPORTED_SUFFIXES
from ui.documents import ingest_uploads, refusal
from unscqa.services import Services
from unscqa.settings import Settings

TEXT = ("Report of the working group on maritime security\n\n"
        "1. The working group reviewed the inspection of vessels in port and noted its completion.\n\n"
        "2. The working group requested a further report within sixty days.\n")


def make_services(tmp_path: Path, **overrides: object) -> Services:
    return Services(Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="hashing",
                                  llm_provider="fake", **overrides))


def written(services: Services) -> list[str]:
    """What the uploads left in the data directory: kept copies, and documents in the store."""
    folder = services.settings.data_dir / "uploads"
    kept = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    stored = [d.source_path for d in services.docstore.documents()]
    return kept + stored


def upload(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_refused_files_write_nothing_and_each_says_why(tmp_path: Path) -> None:
    services = make_services(tmp_path, max_file_bytes=2000)
    files = [upload(tmp_path, "tool.exe", b"MZ\x90\x00binary"), upload(tmp_path, "README", TEXT.encode()),
             upload(tmp_path, "empty.txt", b""), upload(tmp_path, "huge.txt", b"word " * 1000),
             upload(tmp_path, "fake.pdf", TEXT.encode()), upload(tmp_path, "fake.docx", TEXT.encode())]
    outcome = ingest_uploads(services, files)
    assert outcome.ingested == 0 and outcome.failed == 6
    lines = outcome.report.splitlines()[2:]
    assert len(lines) == 6 and all(line.startswith("- ✗ `") for line in lines)
    said = dict(line[len("- ✗ `"):].split("`: ", 1) for line in lines)
    assert said["tool.exe"].startswith("unsupported file type .exe; supported: " + ", ".join(SUPPORTED_SUFFIXES))
    assert said["README"].startswith("unsupported file type (none)")
    assert said["empty.txt"].startswith("empty file")
    assert said["huge.txt"].startswith("too large: 5.0 KB > limit 2.0 KB")
    assert said["fake.pdf"].startswith("not a PDF file")
    assert said["fake.docx"].startswith("not a Word (.docx) file")
    assert written(services) == []
    assert not (services.settings.data_dir / "uploads").exists()


def test_size_limit_is_the_setting(tmp_path: Path) -> None:
    body = TEXT.encode()
    assert refusal(upload(tmp_path, "ok.txt", body), max_bytes=len(body)) is None
    reason = refusal(upload(tmp_path, "big.txt", body + b"x"), max_bytes=len(body))
    assert reason is not None and reason.startswith("too large")
    assert refusal(tmp_path / "missing.txt", max_bytes=len(body)) is not None  # said, not raised


def test_good_files_go_in_beside_refused_ones(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    word = tmp_path / "incoming" / "minutes.docx"
    word.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    for paragraph in TEXT.split("\n\n"):
        document.add_paragraph(paragraph.replace("working group", "committee"))
    document.save(str(word))
    services = make_services(tmp_path)
    files = [upload(tmp_path, "report.txt", TEXT.encode()), upload(tmp_path, "photo.png", b"\x89PNG\r\n"), word]
    outcome = ingest_uploads(services, files)
    assert outcome.ingested == 2 and outcome.failed == 1, outcome.report
    assert "- ✓ `report.txt`: 已导入 ingested" in outcome.report
    assert "- ✓ `minutes.docx`: 已导入 ingested" in outcome.report
    assert "- ✗ `photo.png`: unsupported file type .png" in outcome.report
    assert sorted(p.name for p in (services.settings.data_dir / "uploads").iterdir()) == ["minutes.docx",
                                                                                         "report.txt"]
    assert services.docstore.counts()["documents"] == 2


def test_a_file_the_reader_rejects_leaves_no_copy_behind(tmp_path: Path) -> None:
    services = make_services(tmp_path)
    binary = upload(tmp_path, "notes.txt", bytes(range(1, 32)) * 40)  # passes the name and size checks
    outcome = ingest_uploads(services, [binary])
    assert outcome.failed == 1 and "- ✗ `notes.txt`: binary file" in outcome.report, outcome.report
    assert written(services) == []
    again = ingest_uploads(services, [upload(tmp_path, "report.txt", TEXT.encode())])
    assert again.ingested == 1
    repeat = ingest_uploads(services, [upload(tmp_path, "report.txt", TEXT.encode())])
    assert repeat.failed == 0 and "already in the store" in repeat.report
    assert written(services)[0] == "report.txt" and len(written(services)) == 2, "the earlier copy is kept"
