"""The page's callbacks (ui.chat, ui.panel, ui.filters, ui.documents, ui.briefing) without a browser: the hashing
embedder and the fake (echo) LLM make answers deterministic; the seeds answer "第2511(2020)号决议的表决结果如何？"
extractively with "13票赞成" and one citation."""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pytest

from ingest.records import Document, Paragraph
from rag.answer import Answer, AnswerEvent
from rag.citations import Citation
from rag.language import PHRASES
from rag.retrieve import ParagraphHit
from ui import chat
from ui.briefing import briefing, read_docx_footnotes
from ui.documents import documents_table, ingest_uploads
from ui.engines import Engines
from ui.filters import build_filters, document_choices
from ui.panel import back_to_paragraph, open_citation, open_target, paragraph_panel, show_document
from ui.render import answer_html, highlight
from ui.state import ChatUpdate, Opened, Session, new_conversation
from ui.status import page_status
from ui.strings import short, words
from unscqa.services import Services
from unscqa.settings import Settings

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
VOTE = "第2511(2020)号决议的表决结果如何？"
MEETINGS = "2020年2月安理会举行了多少次公开会议？"
MISSING = "第9999号决议的表决结果如何？"


def fake_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings.load(env={}, data_dir=data_dir, embedding_backend="hashing", llm_provider="fake", **overrides)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Services:
    if not SEEDS.is_dir():
        pytest.skip(f"sample documents not found at {SEEDS}")
    services = Services(fake_settings(tmp_path_factory.mktemp("ui") / "data"))
    report = services.ingestor().ingest([SEEDS], show_progress=False)
    assert report.count("ingested") == 5
    return services


@pytest.fixture()
def engines(seeded: Services) -> Engines:
    return Engines(seeded)


def ask(engines: Engines, session: Session, question: str, **filters: object) -> list[ChatUpdate]:
    chosen = build_filters(**filters) if filters else None  # type: ignore[arg-type]
    return list(chat.respond(engines, session, question, chosen))


def assistant(update: ChatUpdate) -> str:
    assert update.messages[-1]["role"] == "assistant"
    return update.messages[-1]["content"]


def test_answer_streams_then_shows_verified_text_and_chips(engines: Engines) -> None:
    session = Session()
    updates = ask(engines, session, MEETINGS)  # the echo LLM streams its reply in 4-character pieces
    assert len(updates) > 3
    assert all(u.streaming for u in updates[:-1]) and not updates[-1].streaming
    assert updates[0].status in assistant(updates[0])  # before the first token: loading or searching
    drafts = [assistant(u) for u in updates[1:-1] if "uq-draft" in assistant(u)]
    lengths = [len(d) for d in drafts]
    assert lengths == sorted(lengths) and lengths[-1] > lengths[0], "the draft grows token by token"
    assert all(u.chips == [] for u in updates[:-1])
    final = updates[-1]
    assert "uq-answer" in assistant(final) and "uq-draft" not in assistant(final)
    assert "26次公开会议" in assistant(final)
    assert "<sup class='uq-ref uq-cite uq-cite-0-c1'>[1]</sup>" in assistant(final)
    assert final.chips and final.chips[0][1] == "c1" and final.chips[0][0].startswith("[1] ")
    assert [m["role"] for m in final.messages] == ["user", "assistant"]
    assert session.active == 0


def test_vote_question_is_answered_with_a_citation(engines: Engines) -> None:
    session = Session()
    final = ask(engines, session, VOTE)[-1]
    assert "13票赞成" in assistant(final) and "uq-answer" in assistant(final)
    answer = session.active_answer()
    assert answer is not None and len(answer.citations) == 1
    assert final.chips == [(f"[1] {short(answer.citations[0].label)} ¶{answer.citations[0].paragraph}", "c1")]
    assert "uq-chip" in assistant(final)
    # the cited letter has no symbol: the chip names it by title and says its symbol is unknown, with no link
    assert answer.citations[0].symbol is None
    chip = re.search(r"<span class='uq-chip[^>]*>(.*?)</span></div>", assistant(final))
    assert chip is not None and "文号不详" in chip.group(1) and "undocs.org" not in chip.group(1)


def test_clicking_a_citation_shows_the_marked_paragraph_with_its_neighbours(engines: Engines,
                                                                             seeded: Services) -> None:
    session = Session()
    ask(engines, session, VOTE)
    answer = session.active_answer()
    assert answer is not None
    citation = answer.citations[0]
    panel = open_citation(seeded, session, "c1")
    marked = re.findall(r"<mark>(.*?)</mark>", panel)
    assert len(marked) == 1 and "13票赞成" in marked[0]
    n = citation.paragraph
    assert f"id='p-{n}'" in panel and f"id='p-{n - 1}'" in panel and f"id='p-{n + 1}'" in panel
    assert panel.index(f"id='p-{n - 1}'") < panel.index(f"id='p-{n}'") < panel.index(f"id='p-{n + 1}'")
    neighbour = seeded.docstore.paragraph(citation.doc_id, n + 1)
    assert neighbour is not None and neighbour.text[:20] in panel
    assert citation.title in panel and "2020-11-09" in panel and f"¶{n} / " in panel and "assessment" in panel
    assert "<dt>文号</dt><dd>文号不详</dd>" in panel and "<dd>—</dd>" not in panel and "uq-doc-symbol" not in panel
    whole = show_document(seeded, session)
    document = seeded.docstore.document(citation.doc_id)
    assert document is not None
    assert all(f"id='p-{p.number}'" in whole for p in document.paragraphs)
    assert whole.count("uq-cited") == 1 and f"<div class='uq-para uq-cited' id='p-{n}'>" in whole
    assert "<mark>" in whole
    assert back_to_paragraph(seeded, session) == panel
    assert "uq-placeholder" in open_citation(seeded, session, "c9")
    # the [1] marker and the chip inside the chat name their turn and citation; clicking either opens the same
    assert "uq-cite-0-c1" in chat.messages(session)[1]["content"]
    assert open_target(seeded, session, "0-c1") == panel
    assert "uq-placeholder" in open_target(seeded, session, "5-c1")


def test_abstention_looks_different_and_lists_the_closest_passages(engines: Engines, seeded: Services) -> None:
    session = Session()
    final = ask(engines, session, MISSING)[-1]
    html = assistant(final)
    assert "uq-abstain" in html and "uq-answer" not in html and "uq-badge-abstain" in html
    assert PHRASES["zh"]["abstain"] in html and PHRASES["zh"]["closest"] in html
    assert html.count("<li class='uq-cite") == 3
    assert [key for _, key in final.chips] == ["s1", "s2", "s3"]
    assert all(label.startswith("≈ ") for label, _ in final.chips)
    panel = open_citation(seeded, session, "s1")
    assert "uq-cited" in panel and "<mark>" not in panel
    assert "uq-cite-0-s2" in html and open_target(seeded, session, "0-s1") == panel


def test_follow_up_uses_history_and_new_conversation_clears_it(engines: Engines) -> None:
    seen: list[list[str]] = []
    real_get = engines.get

    class Recording:
        def __init__(self, inner):  # type: ignore[no-untyped-def]
            self.inner = inner

        def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerEvent]:
            seen.append(list(history))
            return self.inner.stream(question, history)

    engines.get = lambda filters=None: Recording(real_get(filters))  # type: ignore[method-assign,assignment,return-value]
    session = Session()
    ask(engines, session, VOTE)
    final = ask(engines, session, "那第2089(2013)号决议呢？")[-1]
    assert seen == [[], [VOTE]]
    follow = session.active_answer()
    assert follow is not None and follow.standalone_question == "第2089(2013)号决议的表决结果如何？"
    assert "14票赞成" in assistant(final)
    assert len(final.messages) == 4 and session.history() == [VOTE, "第2089(2013)号决议的表决结果如何？"]
    assert chat.select_turn(session, 1)[0][1] == "c1" and session.active == 0
    first = open_target(engines.services, session, "0-c1")
    assert session.active == 0 and "13票赞成" in re.findall(r"<mark>(.*?)</mark>", first)[0]
    second = open_target(engines.services, session, "1-c1")
    assert session.active == 1 and "14票赞成" in re.findall(r"<mark>(.*?)</mark>", second)[0]
    fresh = new_conversation()
    assert fresh.turns == [] and fresh.history() == [] and chat.messages(fresh) == [] and chat.chips(fresh) == []
    ask(engines, fresh, "那第2089(2013)号决议呢？")
    assert seen[-1] == []


def test_filters_restrict_what_can_be_cited(engines: Engines) -> None:
    session = Session()
    final = ask(engines, session, VOTE, language="en")[-1]  # every seed is Chinese
    answer = session.active_answer()
    assert answer is not None and answer.abstained and not answer.citations and not answer.sources
    assert "uq-abstain" in assistant(final)
    ask(engines, session, VOTE, doc_types=["presidential_statement"])
    answer = session.active_answer()
    assert answer is not None and not answer.citations
    ask(engines, session, VOTE, date_to="2019")
    answer = session.active_answer()
    assert answer is not None and all(h.date and h.date <= "2019-12-31" for h in answer.sources)
    assert "13票赞成" not in answer.text
    ask(engines, session, VOTE, language="zh", date_from="2020-01", date_to="2020-12")
    answer = session.active_answer()
    assert answer is not None and "13票赞成" in answer.text


def test_build_filters_reads_the_widgets() -> None:
    filters = build_filters(["letter"], "zh", "2020", "2020-02", ["abc"])
    assert filters.doc_types == ("letter",) and filters.languages == ("zh",) and filters.doc_ids == ("abc",)
    assert filters.date_from == "2020-01-01" and filters.date_to == "2020-02-31"
    assert build_filters().is_empty and build_filters([], "", "", "", []).is_empty
    for bad in ({"date_from": "last year"}, {"date_to": "2020-13"}, {"date_from": "2021", "date_to": "2020"}):
        with pytest.raises(ValueError):
            build_filters(**bad)  # type: ignore[arg-type]
    session = Session()
    update = chat.reject(session, VOTE, "dates are written YYYY-MM-DD")
    assert "uq-notice-error" in assistant(update) and session.history() == []


def test_briefing_of_the_active_answer(engines: Engines, tmp_path: Path) -> None:
    session = Session()
    assert briefing(session, tmp_path) == ("", None)
    ask(engines, session, VOTE)
    answer = session.active_answer()
    assert answer is not None
    citation = answer.citations[0]
    markdown, path = briefing(session, tmp_path)
    footnote = next(line for line in markdown.splitlines() if line.startswith("[^1]:"))
    assert citation.title in footnote and "2020-11-09" in footnote and f"¶{citation.paragraph}" in footnote
    assert footnote.startswith(f"[^1]: {citation.title}（文号不详）, ")
    assert citation.quote in footnote and "[^1]" in markdown.split("\n\n")[1]
    assert path is not None and path.suffix == ".docx" and path.is_file()
    notes = read_docx_footnotes(path)
    assert len(notes) == 1 and citation.quote in notes[0] and f"¶{citation.paragraph}" in notes[0]


def test_models_load_lazily_with_a_status(seeded: Services) -> None:
    engines = Engines(Services(seeded.settings))  # same store, nothing loaded yet
    assert not engines.models_loaded()
    assert "models load on the first question" in page_status(engines)
    first = list(chat.respond(engines, Session(), VOTE))
    assert first[0].status == words("zh")["loading"] and first[0].streaming
    assert words("zh")["loading"] in assistant(first[0])  # said in the chat too, where the answer will be
    assert engines.models_loaded()
    second = list(chat.respond(engines, Session(), VOTE))
    assert second[0].status == words("zh")["searching"]


def test_an_error_is_shown_to_that_user_only(engines: Engines) -> None:
    class Broken:
        def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerEvent]:
            raise RuntimeError("index exploded")
            yield  # pragma: no cover

    broken = Engines(engines.services)
    broken.get = lambda filters=None: Broken()  # type: ignore[method-assign,assignment,return-value]
    unlucky, other = Session(), Session()
    final = list(chat.respond(broken, unlucky, VOTE))[-1]
    assert "uq-notice-error" in assistant(final) and "RuntimeError: index exploded" in assistant(final)
    assert not final.streaming and unlucky.history() == []
    fine = list(chat.respond(engines, other, VOTE))[-1]
    assert "13票赞成" in assistant(fine) and len(fine.messages) == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_llm_server_names_the_setting(seeded: Services) -> None:
    pytest.importorskip("llama_index.llms.openai_like")
    settings = replace(seeded.settings, llm_provider="openai", llm_base_url=f"http://127.0.0.1:{_closed_port()}/v1",
                       llm_timeout=5.0)
    engines = Engines(Services(settings, embedder_override=seeded.embedder))
    final = list(chat.respond(engines, Session(), MEETINGS))[-1]  # not a vote question: needs the LLM
    assert "uq-notice-error" in assistant(final)
    assert "UNSCQA_LLM_BASE_URL" in assistant(final) and settings.llm_base_url in assistant(final)


def test_no_documents_says_how_to_add_them(tmp_path: Path) -> None:
    engines = Engines(Services(fake_settings(tmp_path / "empty")))
    status = page_status(engines)
    assert "unscqa ingest PATH" in status and "upload" in status.lower()
    final = list(chat.respond(engines, Session(), VOTE))[-1]
    assert "uq-notice-empty" in assistant(final) and "<code>unscqa ingest PATH</code>" in assistant(final)
    assert "上传" in assistant(final)
    assert documents_table(engines.services) == [] and document_choices(engines.services) == []


def test_upload_reports_a_bad_file_and_ingests_the_good_one(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"sample documents not found at {SEEDS}")
    services = Services(fake_settings(tmp_path / "data"))
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    good = incoming / "belgium.txt"
    shutil.copyfile(SEEDS / "001_16b675922abb74e1.txt", good)
    empty = incoming / "empty.txt"
    empty.write_bytes(b"")
    seen: list[float] = []
    outcome = ingest_uploads(services, [str(good), str(empty)], lambda done, desc: seen.append(done))
    assert outcome.ingested == 1 and outcome.failed == 1
    assert "empty.txt`: empty file" in outcome.report and "belgium.txt`: 已导入 ingested" in outcome.report
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 3
    # the empty file was refused before anything was written
    assert sorted(p.name for p in (services.settings.data_dir / "uploads").iterdir()) == ["belgium.txt"]
    rows = documents_table(services)
    assert len(rows) == 1 and rows[0][3] == "2020-11-09" and rows[0][7] == "belgium.txt"
    assert rows[0][0] == "文号不详 symbol unknown" and rows[0][1] == ""  # no symbol; nothing supersedes it
    assert document_choices(services)[0][1] == rows[0][8]
    again = ingest_uploads(services, [str(good)])
    assert again.ingested == 0 and again.failed == 0 and "already in the store" in again.report
    final = list(chat.respond(Engines(services), Session(), VOTE))[-1]
    assert "13票赞成" in assistant(final)


def test_highlight_finds_the_quote_across_spacing_and_width() -> None:
    text = "安全理事会以 13 票赞成、2票弃权通过了决议。<b>"
    assert highlight(text, "以13票赞成") == "安全理事会<mark>以 13 票赞成</mark>、2票弃权通过了决议。&lt;b&gt;"
    assert highlight("Adopted by 13 votes", "Ａｄｏｐｔｅｄ") == "<mark>Adopted</mark> by 13 votes"
    assert highlight("no match here", "absent") == "no match here"
    assert highlight("x < y", None) == "x &lt; y"


RES_2511 = Citation(doc_id="r", symbol="S/RES/2511 (2020)", title="第2511(2020)号决议", paragraph=3, quote="决定延长",
                    score=1.0, text="决定延长制裁措施。", date="2020-02-25")
LETTER = Citation(doc_id="l", symbol=None, title="2020年11月9日比利时常驻联合国代表给安全理事会主席的信", paragraph=37,
                  quote="13票赞成", score=1.0, text="以13票赞成通过。", date="2020-11-09")


def typed_answer(citations: tuple[Citation, ...], language: str = "zh", *, sources: tuple[ParagraphHit, ...] = (),
                 abstained: bool = False) -> Answer:
    text = "" if abstained else "".join(f"第{n}句。[{n}]" for n in range(1, len(citations) + 1))
    return Answer(question="q", text=text or "没有找到答案。", citations=citations, abstained=abstained,
                  sources=sources, language=language, standalone_question="q")


def chip_html(rendered: str, n: int) -> str:
    found = re.search(rf"<span class='uq-chip uq-cite uq-cite-0-c{n}'[^>]*>(.*?)</span>(?=<span class='uq-chip|</div>)",
                      rendered)
    assert found is not None, rendered
    return found.group(1)


def test_citation_chips_link_the_symbol_and_say_when_it_is_unknown() -> None:
    rendered = answer_html(typed_answer((RES_2511, LETTER)))
    first, second = chip_html(rendered, 1), chip_html(rendered, 2)
    assert first.startswith("[1] <span class='uq-docname'>S/RES/2511 (2020)</span> <a class='uq-doclink' "
                            "href='https://undocs.org/zh/S/RES/2511(2020)' target='_blank' rel='noopener'")
    assert first.endswith("</a> ¶3")
    assert "undocs.org" not in second and "<span class='uq-nosym'>文号不详</span>" in second
    english = answer_html(typed_answer((RES_2511, LETTER), "en"))
    assert "href='https://undocs.org/en/S/RES/2511(2020)'" in chip_html(english, 1)
    assert "symbol unknown" in chip_html(english, 2) and "文号不详" not in english


def test_closest_passages_link_the_symbol() -> None:
    hits = (ParagraphHit(doc_id="p", symbol="S/PRST/2013/12", title="主席声明", paragraph=4, text="安理会强调。",
                         score=0.4),
            ParagraphHit(doc_id="l", symbol=None, title="信", paragraph=9, text="决议获得通过。", score=0.3))
    rendered = answer_html(typed_answer((), sources=hits, abstained=True))
    items = re.findall(r"<li class='uq-cite[^>]*>(.*?)</li>", rendered)
    assert len(items) == 2
    assert "href='https://undocs.org/zh/S/PRST/2013/12' target='_blank'" in items[0]
    assert "undocs.org" not in items[1] and "文号不详" in items[1]


class FakeStore:
    """The DocStore calls the side panel and the documents tab make, over documents in memory."""

    def __init__(self, documents: list[Document]) -> None:
        self.docs = {d.doc_id: d for d in documents}

    def documents(self) -> list[Document]:
        return list(self.docs.values())

    def document_summary(self, doc_id: str) -> Document | None:
        return self.docs.get(doc_id)

    def paragraph(self, doc_id: str, number: int) -> Paragraph | None:
        return next((p for p in self.docs[doc_id].paragraphs if p.number == number), None)

    def paragraph_counts(self) -> dict[str, int]:
        return {doc_id: len(d.body) for doc_id, d in self.docs.items()}


@dataclass(frozen=True)
class FakeServices:
    docstore: FakeStore


def versions() -> Services:
    def doc(doc_id: str, symbol: str | None) -> Document:
        return Document(doc_id=doc_id, source_path=f"/data/{doc_id}.txt", content_hash=doc_id, title=f"标题 {doc_id}",
                        paragraphs=(Paragraph(1, "第一段。"), Paragraph(2, "第二段。")), symbol=symbol,
                        date="2013-03-20", doc_type="report")

    store = FakeStore([doc("old", "S/2013/163"), doc("new", "S/2013/163/Rev.1"), doc("anon", None)])
    return cast(Services, FakeServices(store))


def test_side_panel_links_the_symbol_and_marks_a_superseded_version() -> None:
    services = versions()
    old = paragraph_panel(services, Opened("old", 1, "第一段", "zh"))
    assert ("<div class='uq-doc-symbol'><a class='uq-doclink' href='https://undocs.org/zh/S/2013/163' "
            "target='_blank'") in old
    assert "<div class='uq-superseded'>已被 S/2013/163/Rev.1 取代 " in old
    assert "href='https://undocs.org/zh/S/2013/163/Rev.1'" in old
    new = paragraph_panel(services, Opened("new", 1, "第一段", "en"))
    assert "href='https://undocs.org/en/S/2013/163/Rev.1'" in new and "uq-superseded" not in new
    anon = paragraph_panel(services, Opened("anon", 2, "", "en"))
    assert "<dt>Symbol</dt><dd>symbol unknown</dd>" in anon and "undocs.org" not in anon


def test_documents_tab_marks_the_older_version_superseded() -> None:
    services = versions()
    rows = {row[8]: row for row in documents_table(services)}
    assert rows["old"][:2] == ["S/2013/163", "已被 S/2013/163/Rev.1 取代 · superseded by S/2013/163/Rev.1"]
    assert rows["new"][:2] == ["S/2013/163/Rev.1", ""]
    assert rows["anon"][:2] == ["文号不详 symbol unknown", ""]
    labels = dict((doc_id, label) for label, doc_id in document_choices(services))
    assert labels["old"].startswith("S/2013/163 (已被取代 superseded) · 2013-03-20")
    assert "superseded" not in labels["new"]
