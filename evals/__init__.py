"""Regression evals of known facts. Public API: `load_questions`, `run_retrieval`, `run_full`, `summarize`."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"load_questions": "evals.dataset", "Question": "evals.dataset", "run_retrieval": "evals.runner",
            "run_full": "evals.runner", "summarize": "evals.runner"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'evals' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
