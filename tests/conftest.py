"""Shared fixtures: where the shared data lives, isolated settings, and services on a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from unscqa.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture()
def hashing_settings(tmp_path: Path) -> Settings:
    """Settings for plumbing tests: a private data dir and the deterministic hashing embedder."""
    return Settings.load(env={}, data_dir=tmp_path / "data", embedding_backend="hashing")


def real_model_settings(data_dir: Path) -> Settings:
    settings = Settings.load(data_dir=data_dir)
    if not settings.embedding_path.is_dir():
        pytest.skip(f"embedding model not assembled at {settings.embedding_path}: run scripts/setup.sh")
    return settings


@pytest.fixture(scope="session")
def real_seeded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):  # type: ignore[no-untyped-def]
    """The seeds ingested once with the real embedding model (int8), shared by the behaviour tests."""
    from unscqa.services import Services

    settings = real_model_settings(tmp_path_factory.mktemp("real") / "data")
    services = Services(settings)
    report = services.ingestor().ingest([seeds_dir], show_progress=False)
    assert report.count("ingested") == 5
    return services
