"""evals/silver.py: the generated question set over the shared corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from evals.dataset import SILVER_SET, Gold, Question, load_questions, split_of
from evals.metrics import answer_correct
from evals.silver import FAMILIES, answer_in_question, generate
from evals.silver_facts import citable, desegment, read_source
from evals.silver_phrasing import KNOWN_LATER

SAMPLE = (4, 50, 242, 368, 443, 450)  # resolutions with a tally, unanimity, Chinese texts, mandates
FIELDS = {"id", "question", "kind", "language", "answer_patterns", "gold", "abstain", "split", "generated", "family"}
FOLDERS = ("seeds", "corpus/unsc-resolutions-en", "corpus/unsc-resolutions-zh", "corpus/un-charter")


@pytest.fixture(scope="module")
def shared(corpus_dir: Path, seeds_dir: Path) -> Path:
    return corpus_dir.parent


@pytest.fixture(scope="module")
def sample(shared: Path) -> list[dict[str, object]]:
    records, _ = generate(13, shared, SAMPLE)
    return records


@pytest.fixture(scope="module")
def committed() -> list[dict[str, object]]:
    return [json.loads(line) for line in SILVER_SET.read_text(encoding="utf-8").splitlines()]


def source_path(shared: Path, stem: str) -> Path:
    return next(shared / folder / f"{stem}.txt" for folder in FOLDERS if (shared / folder / f"{stem}.txt").is_file())


def on_a_line(path: Path, evidence: str) -> bool:
    """Independently of the generator: evidence on one line (a segmented seed: in its desegmented text)."""
    text = path.read_text(encoding="utf-8-sig")
    if text.startswith("%%%"):
        return evidence in desegment(text.split("\n", 1)[1])
    return any(evidence in line for line in text.splitlines())


def question(patterns: list[str]) -> Question:
    return Question("q", "", "date", "en", tuple(patterns), (Gold("d", "e"),), False)


def test_same_seed_same_records_other_seed_other_choices(shared: Path, sample: list[dict[str, object]]) -> None:
    again, _ = generate(13, shared, SAMPLE)
    other, _ = generate(14, shared, SAMPLE)
    assert again == sample
    assert [r["question"] for r in other] != [r["question"] for r in sample]


def test_sample_covers_the_resolution_families(sample: list[dict[str, object]]) -> None:
    families = {r["family"] for r in sample}
    assert {"adoption-date", "adoption-meeting", "vote", "abstentions", "mandate", "charter-article",
            "seed-event", "unanswerable"} <= families
    assert {r["gold"][0]["doc"] for r in sample if r["gold"]} >= {"S_RES_0242_1967_EN_GOLD"}  # type: ignore[index]


def test_evidence_of_sampled_records_lies_on_a_line_and_in_a_parsed_paragraph(
        shared: Path, committed: list[dict[str, object]]) -> None:
    rng = random.Random(0)
    for record in rng.sample([r for r in committed if r["gold"]], 150):
        for gold in record["gold"]:  # type: ignore[attr-defined]
            path = source_path(shared, gold["doc"])
            assert 10 <= len(gold["evidence"]) <= 80
            assert on_a_line(path, gold["evidence"]), (record["id"], gold)
            assert citable(read_source(path), gold["evidence"]), (record["id"], gold)


def test_known_date_patterns_match_answers_in_both_languages_and_reject_a_wrong_day(
        sample: list[dict[str, object]]) -> None:
    asked = re.compile(r"242\s?\(1967\)")
    record = next(r for r in sample if r["family"] == "adoption-date" and asked.search(str(r["question"])))
    q = question(record["answer_patterns"])  # type: ignore[arg-type]
    assert answer_correct(q, "Resolution 242 (1967) was adopted on 22 November 1967 [1].", False)
    assert answer_correct(q, "第242(1967)号决议于1967年11月22日通过[1]。", False)
    assert answer_correct(q, "该决议于一九六七年十一月二十二日通过。", False)
    assert not answer_correct(q, "It was adopted on 23 November 1967.", False)
    assert not answer_correct(q, "It was adopted on 22 October 1967.", False)


def test_vote_meeting_and_abstention_patterns(sample: list[dict[str, object]]) -> None:
    def patterns(family: str, resolution: str) -> Question:
        asked = re.compile(rf"(?<!\d){resolution}\s?\(")
        record = next(r for r in sample if r["family"] == family and asked.search(str(r["question"])))
        return question(record["answer_patterns"])  # type: ignore[arg-type]

    vote = patterns("vote", "242")
    assert answer_correct(vote, "It was adopted unanimously.", False)
    assert answer_correct(vote, "安理会一致通过。", False)
    assert not answer_correct(vote, "It was adopted by 10 votes to none.", False)
    meeting = patterns("adoption-meeting", "242")
    assert answer_correct(meeting, "At the 1382nd meeting.", False)
    assert answer_correct(meeting, "在第一三八二次会议上通过。", False)
    assert not answer_correct(meeting, "At the 1383rd meeting.", False)
    abstained = patterns("abstentions", "4")
    assert answer_correct(abstained, "The Soviet Union abstained.", False)
    assert answer_correct(abstained, "苏联投了弃权票。", False)
    assert not answer_correct(abstained, "Poland abstained.", False)


def test_no_question_gives_its_answer_away(committed: list[dict[str, object]]) -> None:
    for record in committed:
        assert not answer_in_question(str(record["question"]), record["answer_patterns"]), record["id"]  # type: ignore[arg-type]


def test_committed_file_schema_ids_and_splits(committed: list[dict[str, object]]) -> None:
    assert len(committed) >= 1500
    assert all(set(r) == FIELDS for r in committed)
    ids = [str(r["id"]) for r in committed]
    assert len(set(ids)) == len(ids)
    assert all(r["split"] == split_of(str(r["id"])) and r["generated"] is True for r in committed)
    assert {r["family"] for r in committed} == set(FAMILIES)
    assert all(re.fullmatch(rf"silver-{r['family']}-\d{{4}}", str(r["id"])) for r in committed)
    zh = sum(1 for r in committed if r["language"] == "zh")
    unanswerable = sum(1 for r in committed if r["abstain"])
    assert zh >= 0.35 * len(committed) and 0.05 * len(committed) <= unanswerable <= 0.12 * len(committed)
    assert len(load_questions(SILVER_SET)) == len(committed)  # the loader reads it


def test_unanswerables_name_later_resolutions_or_uncovered_months(committed: list[dict[str, object]],
                                                                   seeds_dir: Path) -> None:
    seed_years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", " ".join(
        desegment(p.read_text(encoding="utf-8-sig")) for p in sorted(seeds_dir.glob("0*.txt")))))
    for record in (r for r in committed if r["abstain"]):
        text = str(record["question"])
        assert record["gold"] == [] and record["answer_patterns"] == [] and record["kind"] == "unanswerable"
        number = re.search(r"(?:resolution |第)(\d{3,4})(?:\s*\((\d{4})\))?", text)
        month = re.search(r"(\d{4})年\d{1,2}月|[A-Z][a-z]+ (\d{4})\?", text)
        if number:
            assert int(number.group(1)) > 599
            if number.group(2):
                assert KNOWN_LATER[int(number.group(1))] == int(number.group(2))
        else:
            assert month, text
            year = month.group(1) or month.group(2)
            assert int(year) >= 1989 and year not in seed_years, text
