"""The documents tab: the table of what is in the store (older versions marked superseded by their revision), and
uploads checked (type, size) before anything is written, then ingested one file at a time while others ask."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.loaders import SUPPORTED_SUFFIXES
from rag.links import newest_versions
from ui.strings import DOC_TYPE_NAMES, UPLOAD_REFUSED, both
from unscqa.services import Services

log = logging.getLogger("unscqa.ui")

DOCUMENT_HEADERS = ["文号 Symbol", "版本 Version", "标题 Title", "日期 Date", "类型 Type", "语言 Lang", "段落 ¶",
                    "文件 File", "doc_id"]


def documents_table(services: Services) -> list[list[str | int]]:
    """One row per document, in DOCUMENT_HEADERS order. "Version" says "superseded by S/…/Rev.1" (in both
    languages) when the store holds a revision of the document; a document without a symbol says so."""
    counts = services.docstore.paragraph_counts()
    documents = services.docstore.documents()
    newer = newest_versions(d.symbol for d in documents)
    return [[d.symbol or both("symbol_unknown"), _version(newer.get(d.symbol or "")), d.title, d.date or "—",
             DOC_TYPE_NAMES.get(d.doc_type, d.doc_type), d.language, counts.get(d.doc_id, 0),
             Path(d.source_path).name, d.doc_id]
            for d in documents]


def _version(newest: str | None) -> str:
    return both("superseded_by", " · ", symbol=newest) if newest else ""


@dataclass(frozen=True)
class IngestOutcome:
    report: str  # Markdown, one line per file
    ingested: int
    failed: int


# (name, the bytes a file of the type starts with, how far in they may start: readers allow a PDF some junk first)
SIGNATURES = {".pdf": ("PDF", b"%PDF-", 1024), ".docx": ("Word (.docx)", b"PK\x03\x04", 0)}


def refusal(source: Path, max_bytes: int) -> str | None:
    """Why an upload cannot be ingested, found before anything is written (its type, by name and by its first
    bytes; its size), or None. Types are those `ingest.loaders` reads."""
    suffix = source.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return UPLOAD_REFUSED["type"].format(suffix=suffix or "(none)", supported=", ".join(SUPPORTED_SUFFIXES))
    try:
        size = source.stat().st_size
        with source.open("rb") as handle:
            head = handle.read(1100)
    except OSError as err:
        return UPLOAD_REFUSED["unreadable"].format(reason=err.strerror or err)
    if size == 0:
        return UPLOAD_REFUSED["empty"]
    if size > max_bytes:
        return UPLOAD_REFUSED["size"].format(size=_megabytes(size), limit=_megabytes(max_bytes))
    kind, magic, within = SIGNATURES.get(suffix, ("", b"", 0))
    if magic and magic not in head[:within + len(magic)]:
        return UPLOAD_REFUSED["content"].format(kind=kind)
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} KB"


def ingest_uploads(services: Services, files: Sequence[str | Path] | None,
                   progress: Callable[[float, str], None] | None = None) -> IngestOutcome:
    """Check each upload's type and size, copy those that pass into <data_dir>/uploads/ and ingest them one by one
    (so progress can be shown, and others keep asking meanwhile: `Services.ingest`). A refused or failed file is
    reported with its reason, leaves nothing behind, and the others still go in."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return IngestOutcome("请选择要上传的文件。 Choose files to upload first.", 0, 0)
    folder = services.settings.data_dir / "uploads"
    lines: list[str] = []
    ingested = failed = 0
    for index, source in enumerate(paths):
        if progress:
            progress(index / len(paths), f"{source.name} ({index + 1}/{len(paths)})")
        line, status = _ingest_one(services, folder, source)
        lines.append(line)
        ingested += status == "ingested"
        failed += status == "failed"
    if progress:
        progress(1.0, "done")
    summary = f"**{ingested} 已导入 ingested · {failed} 失败 failed** ({len(paths)} files)"
    return IngestOutcome("\n".join([summary, "", *lines]), ingested, failed)


def _ingest_one(services: Services, folder: Path, source: Path) -> tuple[str, str]:
    """(report line, "ingested" / "failed" / "kept") for one upload."""
    reason = refusal(source, services.settings.max_file_bytes)
    if reason:
        return f"- ✗ `{source.name}`: {reason}", "failed"
    created = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target, created = _upload_target(folder, source)
        report = services.ingest([target])
    except Exception as err:  # the ingestor reports per-file problems; this is for the store itself
        log.exception("ingesting %s failed", source)
        result_line, status = f"- ✗ `{source.name}`: {err}", "failed"
    else:
        result = report.results[0] if report.results else None
        if result is None or result.status == "failed":
            result_line, status = f"- ✗ `{source.name}`: {result.reason if result else 'not ingested'}", "failed"
        elif result.status == "ingested":
            result_line = f"- ✓ `{source.name}`: 已导入 ingested ({result.paragraphs} ¶)"
            status = "ingested"
        else:
            result_line, status = f"- ○ `{source.name}`: 已存在 already in the store ({result.status})", "kept"
    if status == "failed" and created:
        target.unlink(missing_ok=True)  # nothing of a failed upload stays in the data directory
    return result_line, status


def _upload_target(folder: Path, source: Path) -> tuple[Path, bool]:
    """Where an upload is kept: its own name, or name-<hash> when another file already has that name; and whether
    it was copied there now (False: the same file was uploaded before)."""
    name = re.sub(r"[^\w.\-()\u4e00-\u9fff]+", "_", source.name).lstrip(".") or "upload.txt"
    target = folder / name
    if target.exists() and target.read_bytes() != source.read_bytes():
        digest = hashlib.sha1(source.read_bytes()).hexdigest()[:8]
        target = folder / f"{Path(name).stem}-{digest}{Path(name).suffix}"
    if target.exists():
        return target, False
    shutil.copyfile(source, target)
    return target, True
