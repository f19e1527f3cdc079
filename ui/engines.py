"""The answer engines the page asks, one per filter set, cached until the store changes; and `AnswerSlots`, who may
answer now (several users at once with an LLM server, one at a time with the in-process model) and who waits."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rag.answer import AnswerEngine
from rag.filters import SearchFilters
from rag.llm import concurrent_answers
from unscqa.services import Services

STALE_AFTER_S = 30.0  # a waiting question not heard from for this long is gone (its page closed mid-wait)


@dataclass
class Ticket:
    """One question's place: waiting, then answering (`running`) until it leaves."""

    number: int
    seen: float
    running: bool = False
    gone: bool = False  # left (`leave`): may not wait again
    dropped: bool = False  # lost its place by not checking in (it goes to the back if it comes back)


class AnswerSlots:
    """At most `limit` answers at once; the other questions wait first come, first served. A waiting question is
    told how many are ahead of it: the answers under way plus the questions that came before it and still wait.

    A waiting question checks in at least every `poll` seconds (`wait`); one silent for `stale_after` seconds (its
    page went away without closing the wait) loses its place, so it cannot hold up the questions behind it.
    """

    def __init__(self, limit: int, *, stale_after: float = STALE_AFTER_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.stale_after = stale_after
        self._clock = clock
        self._cond = threading.Condition()
        self._waiting: list[Ticket] = []  # in arrival order
        self._running = 0
        self._numbers = itertools.count(1)

    def join(self) -> Ticket:
        with self._cond:
            ticket = Ticket(next(self._numbers), self._clock())
            self._waiting.append(ticket)
            return ticket

    def wait(self, ticket: Ticket, poll: float = 1.0) -> Iterator[int]:
        """While `ticket` waits, the number of questions ahead of it: at once, then on each change and at least every
        `poll` seconds (so a closed page's generator can be closed between them). Ends when it may answer."""
        last: int | None = None
        while True:
            with self._cond:
                if self._try_start(ticket):
                    return
                ahead = self._ahead(ticket)
                if ahead == last:
                    self._cond.wait(poll)
                    if self._try_start(ticket):
                        return
                    ahead = self._ahead(ticket)
            last = ahead
            yield ahead

    def leave(self, ticket: Ticket) -> None:
        """Done answering, or given up waiting: the next question may start."""
        with self._cond:
            if ticket.running:
                self._running -= 1
            elif ticket in self._waiting:
                self._waiting.remove(ticket)
            ticket.running, ticket.gone = False, True
            self._cond.notify_all()

    def ahead(self, ticket: Ticket) -> int:
        with self._cond:
            return self._ahead(ticket)

    def counts(self) -> tuple[int, int]:
        """(answering, waiting) now."""
        with self._cond:
            return self._running, len(self._waiting)

    def _ahead(self, ticket: Ticket) -> int:
        if ticket.running or ticket not in self._waiting:
            return 0
        return self._running + self._waiting.index(ticket)

    def _try_start(self, ticket: Ticket) -> bool:
        """Called with the lock held: check in; start when first in line and a slot is free."""
        if ticket.gone:
            raise RuntimeError("this question already left the queue")
        now = self._clock()
        ticket.seen = now
        if ticket.dropped:
            ticket.dropped = False
            self._waiting.append(ticket)
        stale = [t for t in self._waiting if t is not ticket and now - t.seen > self.stale_after]
        for old in stale:
            self._waiting.remove(old)
            old.dropped = True
        if stale:
            self._cond.notify_all()
        if ticket.running:
            return True
        if self._waiting and self._waiting[0] is ticket and self._running < self.limit:
            self._waiting.pop(0)
            self._running += 1
            ticket.running = True
            return True
        return False


class Engines:
    """Answer engines per filter set, rebuilt when the published keyword index changes (so a question does not
    reload BM25), and the answer slots every user's question goes through."""

    def __init__(self, services: Services, max_size: int = 8) -> None:
        self.services = services
        self.max_size = max_size
        self.slots = AnswerSlots(concurrent_answers(services.settings))
        self._cache: dict[tuple[SearchFilters, int], AnswerEngine] = {}
        self._lock = threading.Lock()

    def get(self, filters: SearchFilters | None = None) -> AnswerEngine:
        filters = filters or SearchFilters()
        # the published index's generation, not the store's: while an upload is ingested the store's moves with
        # each document, the index (and so the engine) only when the ingestion is done
        key = (filters, self.services.keyword_index().generation)
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
