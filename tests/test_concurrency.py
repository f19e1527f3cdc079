"""Many users at once (issue 14): answer slots (one at a time with the in-process model, several with a server, a
waiting question told its place), and readers (searches, answers, the documents table) that never see a
half-ingested document while an upload is ingested, with the keyword index swapped in whole afterwards. Plumbing
only: the hashing embedder and the fake LLM, synthetic documents."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest

from ingest.docstore import DocStore
from ingest.embedder import HashingEmbedder
from ingest.pipeline import build_document
from ingest.tokenize import tokenize
from rag.llm import EchoLLM, concurrent_answers
from ui import chat
from ui.documents import documents_table, ingest_uploads
from ui.engines import AnswerSlots, Engines
from ui.state import ChatUpdate, Session
from ui.strings import words
from unscqa.services import Services
from unscqa.settings import Settings

PARAGRAPHS = 60


def fake_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings.load(env={}, data_dir=data_dir, embedding_backend="hashing", llm_provider="fake", **overrides)


def report_text(group: int, paragraphs: int = PARAGRAPHS) -> str:
    lines = [f"Report of working group {group} on maritime security", ""]
    for j in range(1, paragraphs + 1):
        lines += [f"{j}. The working group {group} reviewed shipment lot{group}x{j} and noted that the inspection "
                  f"of vessel lot{group}x{j} was completed in port.", ""]
    return "\n".join(lines)


def write_reports(folder: Path, groups: range) -> dict[str, int]:
    """Writes one report per group; returns {doc_id: number of paragraphs} as ingestion will store them."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for group in groups:
        text = report_text(group)
        path = folder / f"group{group}.txt"
        path.write_text(text, encoding="utf-8")
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document = build_document(text, path, content_hash[:16], content_hash)
        expected[document.doc_id] = len(document.paragraphs)
    return expected


def run_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def assistant(update: ChatUpdate) -> str:
    return update.messages[-1]["content"]


class Gauge:
    """How many calls run at once."""

    def __init__(self) -> None:
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *args: object) -> None:
        with self.lock:
            self.now -= 1


# -- answer slots ---------------------------------------------------------------------------------------------------


def test_concurrency_follows_the_provider() -> None:
    base = Settings.load(env={}, llm_concurrency=3)
    assert concurrent_answers(replace(base, llm_provider="llama-cpp")) == 1  # one model, one context
    assert concurrent_answers(replace(base, llm_provider="openai")) == 3
    assert concurrent_answers(replace(base, llm_provider="openai", llm_concurrency=0)) == 1
    assert Settings.load(env={"UNSCQA_LLM_CONCURRENCY": "6"}).llm_concurrency == 6


def test_one_slot_queues_first_come_first_served_and_counts_who_is_ahead() -> None:
    slots = AnswerSlots(1)
    first, second, third = slots.join(), slots.join(), slots.join()
    assert list(slots.wait(first)) == []  # a free slot: no waiting, nothing said
    waiting_second, waiting_third = slots.wait(second, poll=0.01), slots.wait(third, poll=0.01)
    assert next(waiting_second) == 1 and next(waiting_third) == 2
    assert next(waiting_third) == 2, "the heartbeat repeats the place while nothing moves"
    slots.leave(first)
    assert next(waiting_third) == 1, "the answer that ended is gone; the second, next in line, is ahead"
    assert list(waiting_second) == []  # started
    assert slots.counts() == (1, 1)
    assert next(waiting_third) == 1
    slots.leave(second)
    assert list(waiting_third) == [] and slots.counts() == (1, 0)
    slots.leave(third)
    assert slots.counts() == (0, 0)


def test_a_silent_waiter_loses_its_place() -> None:
    now = [0.0]
    slots = AnswerSlots(1, stale_after=30.0, clock=lambda: now[0])
    running, silent, patient = slots.join(), slots.join(), slots.join()
    assert list(slots.wait(running)) == []
    assert next(slots.wait(silent, poll=0.01)) == 1  # then never heard from again (its page closed)
    waiting = slots.wait(patient, poll=0.01)
    assert next(waiting) == 2
    now[0] = 31.0
    assert next(waiting) == 1, "the silent one is dropped"
    slots.leave(running)
    assert list(waiting) == []
    back = slots.wait(silent, poll=0.01)
    assert next(back) == 1, "coming back, it waits at the end of the line"


def test_threads_never_exceed_the_limit_and_start_in_order() -> None:
    slots, gauge = AnswerSlots(2), Gauge()
    overtaken: list[int] = []
    places: dict[int, list[int]] = {}
    tickets = [slots.join() for _ in range(8)]

    def user(index: int) -> None:
        places[index] = list(slots.wait(tickets[index], poll=0.05))
        if not all(t.running or t.gone for t in tickets[:index]):
            overtaken.append(index)
        with gauge:
            time.sleep(0.05)
        slots.leave(tickets[index])

    threads = [threading.Thread(target=user, args=(i,)) for i in range(8)]
    run_all(threads)
    assert gauge.most == 2
    assert overtaken == [], "first come, first served"
    for index, seen in places.items():
        assert seen == sorted(seen, reverse=True), f"the place only moves forward: {seen}"
        assert all(n <= index for n in seen) and (index < 2 or seen), seen
    assert slots.counts() == (0, 0)


# -- the chat through the slots ---------------------------------------------------------------------------------


@pytest.fixture()
def reports(tmp_path: Path) -> tuple[Services, dict[str, int]]:
    services = Services(fake_settings(tmp_path / "data"))
    expected = write_reports(tmp_path / "reports", range(1, 3))
    report = services.ingest([tmp_path / "reports"])
    assert report.count("ingested") == 2
    return services, expected


QUESTION_ZH = "工作组1对lot1x7货物的检查得出了什么结论？"
QUESTION_EN = "What did working group 1 note about shipment lot1x7?"


@pytest.mark.parametrize("question", [QUESTION_ZH, QUESTION_EN])
def test_a_waiting_question_says_how_many_are_ahead_then_is_answered(reports: tuple[Services, dict[str, int]],
                                                                   question: str) -> None:
    services, _ = reports
    engines = Engines(Services(replace(services.settings, llm_provider="llama-cpp"), llm_override=EchoLLM()))
    assert engines.slots.limit == 1
    other = engines.slots.join()  # someone else's answer under way
    assert list(engines.slots.wait(other)) == []
    updates = chat.respond(engines, Session(), question)
    first = next(updates)
    said = words("zh" if question == QUESTION_ZH else "en")["queued"].format(n=1)
    assert first.streaming and first.status == said and said in assistant(first)
    assert said.startswith("排队中，前面还有 1 个问题") or said.startswith("Queued, 1 ahead")
    threading.Timer(0.2, engines.slots.leave, args=(other,)).start()
    rest = list(updates)
    say = words("zh" if question == QUESTION_ZH else "en")
    assert rest[0].status in (say["loading"], say["searching"]), "then its turn: it no longer says it waits"
    final = assistant(rest[-1])
    assert not rest[-1].streaming and ("uq-answer" in final or "uq-abstain" in final), final
    assert engines.slots.counts() == (0, 0)


def test_closing_a_waiting_answer_gives_its_place_back(reports: tuple[Services, dict[str, int]]) -> None:
    services, _ = reports
    engines = Engines(Services(replace(services.settings, llm_provider="llama-cpp"), llm_override=EchoLLM()))
    other = engines.slots.join()
    assert list(engines.slots.wait(other)) == []
    session = Session()
    updates = cast(Generator[ChatUpdate, None, None], chat.respond(engines, session, QUESTION_EN))
    assert "Queued, 1 ahead" in next(updates).status
    assert engines.slots.counts() == (1, 1) and session.busy
    updates.close()  # what Gradio does to a cancelled event ("New conversation", a closed tab)
    assert engines.slots.counts() == (1, 0) and not session.busy


def test_one_question_at_a_time_per_conversation(reports: tuple[Services, dict[str, int]]) -> None:
    engines = Engines(reports[0])
    session = Session()
    first = chat.respond(engines, session, QUESTION_EN)
    next(first)
    refused = list(chat.respond(engines, session, "And shipment lot2x3?"))
    assert len(refused) == 1 and words("en")["busy"] in assistant(refused[0])
    final = list(first)[-1]
    assert "uq-answer" in final.messages[1]["content"] and not session.busy


GAUGE = Gauge()


class SlowEcho(EchoLLM):
    """The echo LLM, taking its time, counted by GAUGE."""

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        with GAUGE:
            time.sleep(0.3)
            pieces = list(super().stream_complete(prompt, formatted, **kwargs))
        yield from pieces


@pytest.mark.parametrize(("provider", "most"), [("openai", 3), ("llama-cpp", 1)])
def test_answers_run_concurrently_with_a_server_and_one_at_a_time_in_process(
        reports: tuple[Services, dict[str, int]], provider: str, most: int) -> None:
    settings = replace(reports[0].settings, llm_provider=provider, llm_concurrency=3)
    engines = Engines(Services(settings, embedder_override=reports[0].embedder, llm_override=SlowEcho()))
    GAUGE.most = 0
    finals: list[str] = []
    errors: list[BaseException] = []

    def user(group: int) -> None:
        try:
            finals.append(assistant(list(chat.respond(engines, Session(), f"What did working group {group % 2 + 1} "
                                                                          f"note about shipment lot1x{group}?"))[-1]))
        except BaseException as err:  # noqa: B036 - reported below
            errors.append(err)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(1, 7)]
    run_all(threads)
    assert not errors and len(finals) == 6
    assert all("uq-notice-error" not in f for f in finals), finals
    assert GAUGE.most == most


# -- readers while a writer ingests -----------------------------------------------------------------------------


def test_readers_never_see_a_half_ingested_document(tmp_path: Path, reports: tuple[Services, dict[str, int]]) -> None:
    services, expected = reports
    engines = Engines(services)
    expected.update(write_reports(tmp_path / "incoming", range(3, 11)))
    writing = threading.Event()
    writing.set()
    problems: list[str] = []
    seen_counts: set[int] = set()
    table_read = threading.Event()  # set after each read of the documents table

    def complete(doc_id: str) -> None:
        document = services.docstore.document(doc_id)
        if document is None or len(document.paragraphs) != expected[doc_id]:
            problems.append(f"{doc_id}: {0 if document is None else len(document.paragraphs)} of "
                            f"{expected[doc_id]} paragraphs")

    def reader(kind: str, seed: int) -> None:
        rng = random.Random(seed)
        while writing.is_set():
            group, item = rng.randint(1, 10), rng.randint(1, PARAGRAPHS)
            try:
                if kind == "search":
                    for hit in services.search().search(f"inspection of vessel lot{group}x{item}", k=5):
                        complete(hit.doc_id)
                elif kind == "answer":
                    session = Session()
                    final = list(chat.respond(engines, session, f"What did working group {group} note about "
                                                                f"shipment lot{group}x{item}?"))[-1]
                    if "uq-notice-error" in assistant(final):
                        problems.append(assistant(final))
                    answer = session.turns[-1].answer
                    for hit in answer.sources if answer else ():
                        complete(hit.doc_id)
                else:
                    rows = documents_table(services)
                    seen_counts.add(len(rows))
                    for row in rows:
                        complete(str(row[8]))
                    table_read.set()
            except Exception as err:
                problems.append(f"{kind}: {type(err).__name__}: {err}")

    readers = [threading.Thread(target=reader, args=(kind, n)) for n, kind in
               enumerate(["search", "search", "answer", "answer", "table", "table"])]
    for thread in readers:
        thread.start()
    try:
        for path in sorted((tmp_path / "incoming").iterdir()):
            table_read.clear()
            outcome = ingest_uploads(services, [path])  # the documents tab's path, one upload at a time
            assert outcome.ingested == 1, outcome.report
            table_read.wait(timeout=30)  # the readers see each step, however busy the machine is
    finally:
        writing.clear()
        for thread in readers:
            thread.join(timeout=60)
    assert problems == []
    assert len(seen_counts) > 2, f"the readers ran while documents went in: {sorted(seen_counts)}"
    assert services.docstore.counts()["documents"] == 10
    hits = services.keyword_index().search(tokenize("lot10x5"), 3)
    assert hits and all(h.doc_id == hits[0].doc_id for h in hits), "the last upload is in the published index"


def test_the_keyword_index_is_swapped_in_whole_after_the_ingestion(tmp_path: Path,
                                                                   reports: tuple[Services, dict[str, int]],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    services, expected = reports
    engines = Engines(services)
    engine = engines.get()
    before = services.keyword_index()
    expected.update(write_reports(tmp_path / "incoming", range(3, 5)))
    paused, resume = threading.Event(), threading.Event()
    commit = DocStore.commit_document
    calls = []

    def pausing_commit(store: DocStore, *args: Any) -> None:  # only the ingestion's writer commits
        calls.append(args[0].doc_id)
        if len(calls) == 2:  # the first new document is committed; the second not yet
            paused.set()
            assert resume.wait(30)
        commit(store, *args)

    monkeypatch.setattr(DocStore, "commit_document", pausing_commit)
    writer = threading.Thread(target=services.ingest, args=([tmp_path / "incoming"],))
    writer.start()
    try:
        assert paused.wait(30)
        assert services.docstore.counts()["documents"] == 3
        for document in services.docstore.documents():
            stored = services.docstore.document(document.doc_id)
            assert stored is not None and len(stored.paragraphs) == expected[document.doc_id]
        assert services.docstore.generation() != before.generation
        assert services.keyword_index() is before, "mid-ingestion, readers keep the published index"
        assert engines.get() is engine
        assert services.keyword_index().search(tokenize("lot3x5"), 3) == []
    finally:
        resume.set()
        writer.join(timeout=60)
    after = services.keyword_index()
    assert after is not before and after.generation == services.docstore.generation()
    assert after.search(tokenize("lot3x5"), 3) and after.search(tokenize("lot4x5"), 3)
    assert engines.get() is not engine


class OneAtATime(HashingEmbedder):
    """Fails if two threads embed at once (a fast tokenizer shared between threads breaks that way)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.clash = 0, False

    def embed_query(self, text: str) -> np.ndarray:
        self.inside += 1
        self.clash |= self.inside > 1
        time.sleep(0.01)
        self.inside -= 1
        return super().embed_query(text)


def test_embedding_is_one_call_at_a_time(tmp_path: Path) -> None:
    inner = OneAtATime()
    services = Services(fake_settings(tmp_path / "data"), embedder_override=inner)
    threads = [threading.Thread(target=lambda: [services.embedder.embed_query("x") for _ in range(10)])
               for _ in range(4)]
    run_all(threads)
    assert not inner.clash and inner.inside == 0
    assert services.embedder.name == inner.name and services.embedder.dimension == inner.dimension
    again = Services(services.settings, embedder_override=services.embedder).embedder
    assert again is services.embedder, "a shared embedder shares its lock"


def test_the_page_lets_waiting_questions_in_and_ingests_beside_the_answers(tmp_path: Path) -> None:
    pytest.importorskip("gradio")
    from ui import build_app
    from ui.app import ANSWER_WAITERS, ANSWERS, INGEST

    demo = build_app(Services(fake_settings(tmp_path / "data")))
    ask = [f for f in demo.fns.values() if f.api_name == "ask"][0]
    assert ask.concurrency_id == ANSWERS and ask.concurrency_limit == ANSWER_WAITERS > 8
    uploads = [f for f in demo.fns.values() if f.name == "on_upload"][0]
    assert uploads.concurrency_id == INGEST and uploads.concurrency_limit == 1


def test_a_server_reply_cut_short_is_an_error_not_an_answer() -> None:
    pytest.importorskip("llama_index.llms.openai_like")
    from types import SimpleNamespace

    from llama_index.core.base.llms.types import ChatMessage, ChatResponse

    from rag.llm import LLMUnavailable, finished_stream, load_llm
    from tests.fake_openai import fake_openai_server

    def reply(*reasons: str | None) -> list[ChatResponse]:
        return [ChatResponse(message=ChatMessage(content="x"), delta="x",
                             raw=SimpleNamespace(choices=[SimpleNamespace(finish_reason=r)])) for r in reasons]

    assert len(list(finished_stream(reply(None, "stop"), "http://s"))) == 2
    cut = finished_stream(reply(None, None), "http://s")  # llama_cpp.server interrupted by another request
    assert next(cut).delta == "x"
    with pytest.raises(LLMUnavailable, match="interrupt_requests False"):
        list(cut)
    with fake_openai_server() as (base_url, _):  # a whole streamed reply passes
        llm = load_llm(Settings.load(env={}, llm_provider="openai", llm_base_url=base_url, llm_model="m"))
        assert "NOT_FOUND" in "".join(r.delta or "" for r in llm.stream_chat([ChatMessage(content="hi")]))
