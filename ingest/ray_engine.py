"""Ingestion on a Ray cluster: workers read, parse, chunk and embed; this process commits, as the local pipeline.

`unscqa ingest PATH... --engine ray [--ray-address HOST:PORT] [--workers N]`. What runs where:
  driver (this process)  skip unchanged files by size and mtime (nothing of theirs reaches Ray), send the others'
                         bytes, drop content already stored (`Ingestor.admit`), look chunks up in the embedding
                         cache (`plan_embedding`), commit each embedded group in file order (`Ingestor.commit`)
  workers (Ray actors)   `IngestWorker`: text from the bytes, parse, number, chunk; embed what the cache lacks,
                         with a model each worker loads once

Why a pool of actors and not Ray Data (`map_batches` with an actor class): the guarantees live between the stages.
The incremental check and the embedding cache need the docstore between parsing and embedding; a document is all
in or all out because one process writes its vectors, then commits its rows (`recover` removes what a killed run
left); a re-ingest or an in-run duplicate must embed nothing twice and store what the local pipeline stores. Ray
Data runs a fixed DAG that writes from the workers, retries blocks without a per-file report, and would need a
commit protocol of its own. Actors keep the driver between the stages, turn a dead worker into a per-file failure,
and get the local pipeline's groups of chunks (`EMBED_GROUP_CHUNKS`, file order), so the same embedding batches.

A worker that dies is restarted by Ray and its call retried (`MAX_TASK_RETRIES`); a file or group that keeps
killing it is reported failed, nothing of it stored. The driver dying is the local case (`recover` at the next
run). Workers need no shared filesystem, but unscqa installed and the embedding model at the driver's `models_dir`.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embedder import load_embedder, resolve_backend
from ingest.loaders import load_text
from ingest.pipeline import (
    EMBED_GROUP_CHUNKS,
    EmbedPlan,
    FileResult,
    IngestError,
    Ingestor,
    IngestReport,
    Pending,
    file_failure,
    prepare_text,
    progress_bar,
    source_of,
)
from unscqa.settings import Settings

INSTALL_HINT = "the Ray ingest engine needs Ray: pip install -e '.[team]' (or pip install 'unscqa[team]')"
LOOPBACK = "127.0.0.1"
CALLS_PER_WORKER = 2  # outstanding calls of a kind per actor: one running, one queued (no wait for the driver)
MAX_TASK_RETRIES = 2  # a call whose worker died is tried this many more times on the restarted worker
LOCAL_OBJECT_STORE = 512 * 1024 * 1024  # bytes; files in flight are bounded by the call window
WORKER_START_TIMEOUT = 600.0  # seconds for every worker to be placed and load its model
WorkerHook = Callable[[str, Sequence[str]], None]  # (stage "prepare"/"embed", source paths): tests inject crashes


def import_ray(address: str) -> Any:
    """Ray, imported on first use. A local Ray (no address, or one on 127.0.0.1/localhost) is joined as 127.0.0.1:
    Ray otherwise gives this node the machine's network address."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report leaves the machine
    if address.rsplit(":", 1)[0] in ("", LOOPBACK, "localhost"):
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # read at import: loopback node address
    try:
        import ray
    except ImportError as err:
        raise IngestError(INSTALL_HINT) from err
    return ray


@contextmanager
def ray_session(address: str, workers: int) -> Iterator[Any]:
    """Ray for one run: the caller's if already initialised, else the cluster at `address`, else a private local
    Ray with a fixed CPU count (`workers`, or all cores), no dashboard, on 127.0.0.1; shut down afterwards."""
    ray = import_ray(address)
    if ray.is_initialized():
        yield ray
        return
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
    if address:
        try:
            ray.init(address=address, **options)
        except ConnectionError as err:
            raise IngestError(f"cannot join the Ray cluster at {address} (UNSCQA_RAY_ADDRESS): {err}; a cluster "
                              "with token authentication (`ray start`'s default) also needs RAY_AUTH_MODE=token here, "
                              "and its token (~/.ray/auth_token or RAY_AUTH_TOKEN_PATH)") from err
    else:  # worker stdout/stderr stay in Ray's session logs; failures come back as exceptions with their reason
        ray.init(num_cpus=workers or os.cpu_count() or 1, object_store_memory=LOCAL_OBJECT_STORE,
                 _node_ip_address=LOOPBACK, **options)
    try:
        yield ray
    finally:
        ray.shutdown()


def worker_settings(settings: Settings) -> Settings:
    """The settings a worker embeds with: the driver's backend resolved ("auto" depends on the CPU, and every
    worker must produce the embedder the store records) and one torch thread per worker CPU."""
    backend = settings.embedding_backend
    return replace(settings, embedding_backend=backend if backend == "hashing" else resolve_backend(backend),
                   threads=1)


class IngestWorker:
    """One Ray actor: parses files and embeds texts with a model it loads once (on `ready`)."""

    def __init__(self, settings: Settings, hook: WorkerHook | None = None) -> None:
        self.settings = settings
        self.hook = hook
        self.embedder = load_embedder(settings)

    def ready(self) -> str:
        load = getattr(self.embedder, "load", None)
        if load is not None:
            load()
        return self.embedder.name

    def prepare(self, path: str, data: bytes, size: int, mtime_ns: int) -> tuple[FileResult, Pending | None]:
        if self.hook is not None:
            self.hook("prepare", [path])
        return prepare_bytes(Path(path), data, size, mtime_ns, self.settings)

    def embed(self, texts: list[str], paths: list[str]) -> np.ndarray:
        if self.hook is not None:
            self.hook("embed", paths)
        return self.embedder.embed_documents(texts)


def prepare_bytes(path: Path, data: bytes, size: int, mtime_ns: int,
                  settings: Settings) -> tuple[FileResult, Pending | None]:
    """What the local pipeline's `_prepare` does after its checks, from a file's bytes (written to a private
    copy of the same name, so the format and the title come out the same)."""
    try:
        with tempfile.TemporaryDirectory(prefix="unscqa-ray-") as tmp:
            copy = Path(tmp) / path.name
            copy.write_bytes(data)
            text = load_text(copy, max_bytes=settings.max_file_bytes)
    except Exception as err:
        return file_failure(str(path), err), None
    content_hash, source = source_of(text, path, size, mtime_ns)
    return prepare_text(text, path, content_hash, source, settings.chunk_max_chars, settings.chunk_subject_bytes)


class WorkerPool:
    """Ray actors of `IngestWorker`, each call going to the one with the fewest outstanding calls of its kind.

    Parsing and embedding are two concurrency groups of one thread each: a file's parse never queues behind a
    group's embedding (which would hold up the in-order admission of files), and the model is used by one thread.
    """

    def __init__(self, ray: Any, settings: Settings, workers: int, hook: WorkerHook | None) -> None:
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=MAX_TASK_RETRIES,
                            concurrency_groups={"prepare": 1, "embed": 1})(IngestWorker)
        self.ray = ray
        self.actors = [remote.remote(worker_settings(settings), hook) for _ in range(workers)]
        self.load = {"prepare": [0] * workers, "embed": [0] * workers}

    def check(self, expected_name: str) -> None:
        """Wait until every worker has its model; refuse workers that would embed with another model."""
        try:
            names = self.ray.get([a.ready.remote() for a in self.actors], timeout=WORKER_START_TIMEOUT)
        except self.ray.exceptions.RayError as err:  # GetTimeoutError too: CPUs taken by other jobs
            raise IngestError(f"Ray workers could not start: {worker_error(err)}") from err
        wrong = sorted({n for n in names if n != expected_name})
        if wrong:
            raise IngestError(f"Ray workers embed with {', '.join(wrong)}, the store with {expected_name}")

    def free(self, method: str) -> bool:
        return min(self.load[method]) < CALLS_PER_WORKER

    def call(self, method: str, *args: Any) -> tuple[Any, int]:
        """Call `prepare` or `embed` on the least busy worker; the ref and the worker's index."""
        load = self.load[method]
        index = min(range(len(self.actors)), key=lambda i: load[i])
        load[index] += 1
        return getattr(self.actors[index], method).options(concurrency_group=method).remote(*args), index

    def result(self, method: str, ref: Any, index: int) -> Any:
        """The call's value; raises the Ray error of a call that failed (after Ray's retries)."""
        try:
            return self.ray.get(ref)
        finally:
            self.load[method][index] -= 1

    def ready(self, ref: Any) -> bool:
        return bool(self.ray.wait([ref], timeout=0)[0])

    def wait(self, refs: list[Any]) -> None:
        if refs:
            self.ray.wait(refs, num_returns=1, timeout=1.0)
        else:  # nothing outstanding to wait for (not expected): do not spin
            time.sleep(0.01)

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)


def worker_error(err: BaseException) -> str:
    """One line for the report: the error's kind and the first line of its message."""
    first = next((line for line in str(err).splitlines() if line.strip()), "")
    return f"{type(err).__name__}: {first[:200]}"


@dataclass
class _Group:
    """Documents embedded together, then committed in order; `ref` is the worker's call, None when the cache had
    every vector (or the call is still waiting for a free worker: `submitted`)."""

    batch: list[Pending]
    plan: EmbedPlan
    submitted: bool = False
    ref: Any = None
    index: int = -1


class RayIngestor:
    """Runs an `Ingestor`'s run with its reading, parsing and embedding on Ray workers."""

    def __init__(self, ingestor: Ingestor, *, address: str = "", workers: int = 0,
                 hook: WorkerHook | None = None) -> None:
        self.ingestor = ingestor
        self.address = address
        self.workers = workers
        self.hook = hook
        self.startup_seconds = 0.0  # the last run's Ray start and workers' model load (benchmarks report it apart)

    def ingest(self, paths: Sequence[Path], *, prune: bool = False, show_progress: bool = True) -> IngestReport:
        """As `Ingestor.ingest`; Ray is only started when some file is new or changed."""
        started = time.perf_counter()
        ing = self.ingestor
        ing.begin()
        report = IngestReport()
        files = ing.collect(paths, report)
        bar = progress_bar(len(files), show_progress)
        todo: list[Path] = []
        for path in files:
            skipped = ing.unchanged(path)
            if skipped is None:
                todo.append(path)
            else:
                report.results.append(skipped)
                bar.update(1)
        if todo:
            with ray_session(self.address, self.workers) as ray:
                cpus = int(ray.cluster_resources().get("CPU", 0))
                workers = self.workers or max(1, cpus)
                if workers > cpus:
                    raise IngestError(f"{workers} Ray workers asked for, but the cluster has {cpus} CPUs")
                pool = WorkerPool(ray, ing.settings, workers, self.hook)
                try:
                    pool.check(ing.embedder.name)
                    self.startup_seconds = time.perf_counter() - started
                    _Run(ing, pool, report, bar).run(todo)
                finally:
                    pool.close()
        bar.close()
        ing.finish(report, prune=prune, started=started)
        return report


class _Run:
    """One run's scheduling: prepare calls in file order, groups closed as in the local pipeline, commits in order."""

    def __init__(self, ingestor: Ingestor, pool: WorkerPool, report: IngestReport, bar: Any) -> None:
        self.ing = ingestor
        self.pool = pool
        self.report = report
        self.bar = bar
        self.prepares: deque[tuple[str, Any, int]] = deque()
        self.groups: deque[_Group] = deque()
        self.open: list[Pending] = []
        self.in_flight: set[str] = set()  # text hashes a submitted or waiting group will embed
        self.uncommitted: set[str] = set()  # doc ids of closed groups not yet committed
        self.max_groups = 2 * len(pool.actors)

    def run(self, files: list[Path]) -> None:
        queue = deque(files)
        while queue or self.prepares or self.open or self.groups:
            progressed = self._commit_ready()
            progressed |= self._admit_ready()
            if not queue and not self.prepares and self.open:
                self._close()
                progressed = True
            progressed |= self._submit_groups()
            while queue and self.pool.free("prepare") and len(self.groups) < self.max_groups:
                self._submit_prepare(queue.popleft())
                progressed = True
            if not progressed:
                heads = [self.prepares[0][1]] if self.prepares else []
                heads += [g.ref for g in self.groups if g.ref is not None][:1]
                self.pool.wait(heads)

    def _submit_prepare(self, path: Path) -> None:
        try:
            stat = path.stat()
            if stat.st_size > self.ing.settings.max_file_bytes:
                load_text(path, max_bytes=self.ing.settings.max_file_bytes)  # raises the reason, reads nothing
            data = path.read_bytes()
        except Exception as err:
            self._done(file_failure(str(path), err))
            return
        ref, index = self.pool.call("prepare", str(path), data, stat.st_size, stat.st_mtime_ns)
        self.prepares.append((str(path), ref, index))

    def _admit_ready(self) -> bool:
        """Take finished prepare calls in file order: report failures, drop stored content, group the rest."""
        progressed = False
        while self.prepares and self.pool.ready(self.prepares[0][1]):
            path, ref, index = self.prepares.popleft()
            progressed = True
            try:
                result, pending = self.pool.result("prepare", ref, index)
            except self.pool.ray.exceptions.RayError as err:
                self._done(FileResult(path, "failed", reason=f"worker failed: {worker_error(err)}"))
                continue
            if pending is None:
                self._done(result)
                continue
            self._wait_committed(pending.source.doc_id)  # the local pipeline would see it stored by now
            stored = self.ing.admit(pending.source)
            if stored is not None:
                self._done(stored)
                continue
            self.open.append(pending)
            if sum(len(p.chunks) for p in self.open) >= EMBED_GROUP_CHUNKS:
                self._close()
        return progressed

    def _close(self) -> None:
        """The open documents become a group: its cache look-up now, its embedding when a worker is free."""
        batch, self.open = self.open, []
        plan = self.ing.plan_embedding([c for p in batch for c in p.chunks], self.in_flight)
        self.in_flight.update(plan.todo)
        self.uncommitted.update(p.document.doc_id for p in batch)
        self.groups.append(_Group(batch, plan, submitted=not plan.todo))

    def _submit_groups(self) -> bool:
        """Send waiting groups' texts to free workers, in order; whether any was sent."""
        sent = False
        for group in self.groups:
            if group.submitted:
                continue
            if not self.pool.free("embed"):
                break
            group.ref, group.index = self.pool.call("embed", group.plan.texts, [p.source.path for p in group.batch])
            group.submitted = sent = True
        return sent

    def _commit_ready(self, block: bool = False) -> bool:
        """Commit finished groups in order (the oldest only, blocking, when `block`)."""
        progressed = False
        while self.groups and self.groups[0].submitted and (
                self.groups[0].ref is None or block or self.pool.ready(self.groups[0].ref)):
            self._commit(self.groups.popleft())
            progressed = True
            if block:
                break
        return progressed

    def _commit(self, group: _Group) -> None:
        fresh = None
        try:
            if group.ref is not None:
                fresh = self.pool.result("embed", group.ref, group.index)
            fresh = self._fill_lost(group.plan, fresh)
        except self.pool.ray.exceptions.RayError as err:
            reason = f"worker failed: {worker_error(err)}"
            for pending in group.batch:
                self._done(FileResult(pending.source.path, "failed", pending.document.doc_id, reason=reason))
            return
        finally:
            self.in_flight.difference_update(group.plan.todo)
            self.uncommitted.difference_update(p.document.doc_id for p in group.batch)
        vectors, embedded = self.ing.complete_embedding(group.plan, fresh)
        before = len(self.report.results)
        self.ing.commit(group.batch, vectors, embedded, self.report)
        self.bar.update(len(self.report.results) - before)

    def _fill_lost(self, plan: EmbedPlan, fresh: np.ndarray | None) -> np.ndarray | None:
        """Texts this group left to an earlier group that failed: embed them now (rare; blocking)."""
        cached = self.ing.docstore.cached_vectors(self.ing.embedder.name, list(plan.later))
        lost = {h: t for h, t in plan.later.items() if h not in cached}
        if not lost:
            return fresh
        ref, index = self.pool.call("embed", list(lost.values()), [])
        extra = self.pool.result("embed", ref, index)
        for text_hash in lost:
            del plan.later[text_hash]
        plan.todo.update(lost)
        return extra if fresh is None else np.concatenate([fresh, extra])

    def _wait_committed(self, doc_id: str) -> None:
        """Commit earlier groups until `doc_id` (in one of them) is stored, so duplicates resolve as locally."""
        while doc_id in self.uncommitted:
            self._submit_groups()  # an unsent first group means no embedding is outstanding: it goes now
            if not self._commit_ready(block=True):
                raise IngestError("internal error: an earlier group can neither be sent nor committed")

    def _done(self, result: FileResult) -> None:
        self.report.results.append(result)
        self.bar.update(1)
