"""The embedding model loads only when something needs embedding: a re-ingest that changes nothing never loads it."""

from __future__ import annotations

from pathlib import Path

from ingest.embedder import Embedder, HashingEmbedder, LazyEmbedder, load_embedder
from unscqa.services import Services
from unscqa.settings import Settings


class CountingFactory:
    def __init__(self) -> None:
        self.loads = 0

    def __call__(self) -> Embedder:
        self.loads += 1
        return HashingEmbedder()


def test_unchanged_reingest_does_not_load_the_model(seeds_dir: Path, hashing_settings: Settings) -> None:
    name = HashingEmbedder().name
    first = CountingFactory()
    report = Services(hashing_settings, embedder_override=LazyEmbedder(name, first)).ingestor().ingest(
        [seeds_dir], show_progress=False)
    assert report.count("ingested") == 5 and first.loads == 1  # new documents: loaded once, for all of them
    again = CountingFactory()
    lazy = LazyEmbedder(name, again)
    report = Services(hashing_settings, embedder_override=lazy).ingestor().ingest([seeds_dir], show_progress=False)
    assert report.count("unchanged") == 5 and report.embedded == 0
    assert again.loads == 0 and not lazy.loaded


def test_a_model_of_another_name_is_refused() -> None:
    lazy = LazyEmbedder("other-model:int8:512", CountingFactory())
    try:
        lazy.embed_query("x")
    except RuntimeError as err:
        assert "other-model" in str(err)
    else:
        raise AssertionError("a loaded model that is not the one named must be refused")


def test_load_embedder_names_the_model_without_loading_it(tmp_path: Path) -> None:
    settings = Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="int8")
    embedder = load_embedder(settings)
    assert isinstance(embedder, LazyEmbedder) and not embedder.loaded
    assert embedder.name == f"{settings.embedding_path.name}:int8:{settings.embedding_max_tokens}"
