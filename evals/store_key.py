"""The eval store's cache key: what decides the store's content, not every line of ingest/ or of the settings.

The gate caches its store (20-30 minutes to build on 2 cores) under this key. It covers the modules that turn a
file into paragraphs, chunks, keyword tokens and vectors, and the settings those read, so adding a setting for the
LLM or an ingest engine (Ray, a Chroma server) does not rebuild the store, while any change to parsing, chunking or
embedding does. `python -m evals.store_key` prints it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The modules whose output is stored; the pipeline's own bookkeeping (ingest/pipeline.py) states INDEX_VERSION,
# which is bumped whenever what it stores changes.
CONTENT_MODULES = ("chunking", "embedder", "header", "keyword_index", "loaders", "metadata", "normalize", "parse",
                   "records", "sentences", "structure", "tokenize")
CONTENT_SETTINGS = ("embedding_model", "embedding_max_tokens", "chunk_max_chars", "chunk_subject_bytes", "collection")


def store_key() -> str:
    from ingest.pipeline import INDEX_VERSION
    from unscqa.settings import Settings

    digest = hashlib.sha1(f"index {INDEX_VERSION}\n".encode())
    for name in CONTENT_MODULES:
        digest.update((ROOT / "ingest" / f"{name}.py").read_bytes())
    defaults = {f.name: f.default for f in dataclasses.fields(Settings) if f.name in CONTENT_SETTINGS}
    digest.update(repr(sorted(defaults.items())).encode())
    return digest.hexdigest()[:12]


if __name__ == "__main__":
    print(store_key())
