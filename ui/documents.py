"""The documents tab: the table of what is in the store (older versions marked superseded by their revision), and
uploads ingested one file at a time."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.links import newest_versions
from ui.strings import DOC_TYPE_NAMES, both
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


def ingest_uploads(services: Services, files: Sequence[str | Path] | None,
                   progress: Callable[[float, str], None] | None = None) -> IngestOutcome:
    """Copy uploaded files into <data_dir>/uploads/ and ingest them one by one (so progress can be shown); a bad
    file is reported with its reason and the others still go in."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return IngestOutcome("请选择要上传的文件。 Choose files to upload first.", 0, 0)
    folder = services.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    ingested = failed = 0
    for index, source in enumerate(paths):
        if progress:
            progress(index / len(paths), f"{source.name} ({index + 1}/{len(paths)})")
        try:
            target = _upload_target(folder, source)
            report = services.ingestor().ingest([target], show_progress=False)
        except Exception as err:  # the ingestor reports per-file problems; this is for the store itself
            log.exception("ingesting %s failed", source)
            lines.append(f"- ✗ `{source.name}`: {err}")
            failed += 1
            continue
        for result in report.results:
            if result.status == "failed":
                failed += 1
                lines.append(f"- ✗ `{source.name}`: {result.reason}")
            elif result.status == "ingested":
                ingested += 1
                lines.append(f"- ✓ `{source.name}`: 已导入 ingested ({result.paragraphs} ¶)")
            else:
                lines.append(f"- ○ `{source.name}`: 已存在 already in the store ({result.status})")
    if progress:
        progress(1.0, "done")
    summary = f"**{ingested} 已导入 ingested · {failed} 失败 failed** ({len(paths)} files)"
    return IngestOutcome("\n".join([summary, "", *lines]), ingested, failed)


def _upload_target(folder: Path, source: Path) -> Path:
    """Where an upload is kept: its own name, or name-<hash> when another file already has that name."""
    name = re.sub(r"[^\w.\-()\u4e00-\u9fff]+", "_", source.name).lstrip(".") or "upload.txt"
    target = folder / name
    if target.exists() and target.read_bytes() != source.read_bytes():
        digest = hashlib.sha1(source.read_bytes()).hexdigest()[:8]
        target = folder / f"{Path(name).stem}-{digest}{Path(name).suffix}"
    if not target.exists():
        shutil.copyfile(source, target)
    return target
