"""The answer engines the page asks, one per filter set, cached until the store changes."""

from __future__ import annotations

import threading

from rag.answer import AnswerEngine
from rag.filters import SearchFilters
from unscqa.services import Services


class Engines:
    """Answer engines per filter set, rebuilt when the store changes (so a question does not reload BM25)."""

    def __init__(self, services: Services, max_size: int = 8) -> None:
        self.services = services
        self.max_size = max_size
        self._cache: dict[tuple[SearchFilters, int], AnswerEngine] = {}
        self._lock = threading.Lock()

    def get(self, filters: SearchFilters | None = None) -> AnswerEngine:
        filters = filters or SearchFilters()
        key = (filters, self.services.docstore.generation())
        with self._lock:
            engine = self._cache.get(key)
            if engine is None:
                if len(self._cache) >= self.max_size:
                    self._cache.pop(next(iter(self._cache)))
                engine = self.services.answer_engine(filters=filters)
                self._cache[key] = engine
            return engine

    def models_loaded(self) -> bool:
        """Whether the embedder and the LLM are already built (`Services` caches them on first use)."""
        loaded = vars(self.services)
        return "embedder" in loaded and "llm" in loaded
