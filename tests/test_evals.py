"""The eval harness: scoring rules, the committed set's integrity, and the `--check` regression gate."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_SET, Gold, Question, load_questions
from evals.metrics import answer_correct, first_relevant_rank, score_citations, verified_citations
from evals.runner import QuestionResult, compare_to_baseline, summarize
from unscqa.cli.main import main

VOTE = Question(id="v", question="第2511(2020)号决议的表决结果如何？", kind="vote", language="zh",
                answer_patterns=(r"(?<!\d)13(?!\d)", r"(?<!\d)2(?!\d)"),
                gold=(Gold("doc_a", "以13票赞成、2票弃权获得通过"),), abstain=False)
NONE = Question(id="n", question="第9999号决议？", kind="unanswerable", language="zh", answer_patterns=(),
                gold=(), abstain=True)


def test_numbers_match_in_digits_or_chinese_numerals() -> None:
    assert answer_correct(VOTE, "以13票赞成、2票弃权通过[1]", abstained=False)
    assert answer_correct(VOTE, "以十三票赞成、两票弃权通过[1]", abstained=False)
    assert not answer_correct(VOTE, "以14票赞成、1票弃权通过[1]", abstained=False)
    assert not answer_correct(VOTE, "以13票赞成、2票弃权通过", abstained=True)  # an abstention is never right
    unanimous = replace(VOTE, answer_patterns=("unanim|一致",))
    assert answer_correct(unanimous, "安理会一致通过了第2086(2013)号决议[1]", abstained=False)
    assert answer_correct(NONE, "所提供的文件中没有找到", abstained=True)
    assert not answer_correct(NONE, "以13票赞成", abstained=False)


def test_rank_and_citations_need_the_gold_document_and_its_evidence() -> None:
    evidence = "决议以13票赞成、2票弃权获得通过。"
    ranked = [("doc_b", evidence), ("doc_a", "别的段落"), ("doc_a", f"安理会 {evidence}")]
    assert first_relevant_rank(VOTE, ranked) == 3  # same words in another document do not count
    assert first_relevant_rank(VOTE, ranked[:2]) is None
    score = score_citations(VOTE, [("doc_a", evidence), ("doc_b", evidence)])
    assert (score.supporting, score.shown, score.gold_found, score.gold_total) == (1, 2, 1, 1)


def test_verification_counts_quotes_and_numbers() -> None:
    paragraph = "第2511(2020)号决议以13票赞成、2票弃权获得通过。"
    good = [(paragraph, "以13票赞成、2票弃权获得通过")]
    assert verified_citations("以13票赞成、2票弃权通过[1]。", good) == 1
    assert verified_citations("以14票赞成通过[1]。", good) == 0  # a number the paragraph does not state
    assert verified_citations("通过[1]。", [(paragraph, "一致通过")]) == 0  # quote not in the paragraph


def test_summary_and_regression_gate() -> None:
    results = [QuestionResult("v", "vote", "zh", False, rank=1, correct=True, abstained=False, shown=1,
                              supporting=1, verified=1, gold_found=1, gold_total=1),
               QuestionResult("w", "vote", "zh", False, rank=7, correct=False, abstained=False),
               QuestionResult("n", "unanswerable", "zh", True, correct=True, abstained=True)]
    overall = summarize(results)["overall"]
    assert (overall["hit@1"], overall["hit@5"], overall["hit@10"]) == (0.5, 0.5, 1.0)
    assert overall["accuracy"] == round(2 / 3, 4) and overall["abstention_recall"] == 1.0
    current = {"full:hybrid": {"overall": overall}}
    assert compare_to_baseline(current, {"full:hybrid": {"hit@5": 0.52}}, margin=0.03) == []
    (failure,) = compare_to_baseline(current, {"full:hybrid": {"hit@5": 0.6}}, margin=0.03)
    assert "hit@5" in failure
    assert compare_to_baseline({}, {"full:hybrid": {"mrr": 0.5}}, 0.03) == ["full:hybrid: mrr missing (baseline 0.5)"]


def test_the_committed_set_is_well_formed() -> None:
    questions = load_questions(DEFAULT_SET)
    assert len(questions) >= 80 and len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert {"vote", "date", "count", "number", "symbol", "entity", "list", "multi-document", "cross-lingual",
            "unanswerable"} <= kinds
    assert sum(q.abstain for q in questions) >= 10
    assert all(q.gold and q.answer_patterns for q in questions if not q.abstain)


def test_cli_gate_passes_on_its_own_baseline_and_fails_on_a_better_one(
        seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSCQA_LLM_PROVIDER", "fake")
    ids = tmp_path / "mini.txt"
    ids.write_text("vote-001\ncount-001\n")
    baseline = tmp_path / "baseline.json"
    common = ["eval", "--data-dir", str(tmp_path / "data"), "--embedding-backend", "hashing", "--ids", str(ids),
              "--baseline", str(baseline), "--out", str(tmp_path / "out")]
    assert main([*common, "--ingest", str(seeds_dir), "--update-baseline"]) == 0
    recorded = json.loads(baseline.read_text())
    assert list(recorded) == ["retrieval:hybrid@mini"]  # a subset gets its own entry
    assert main([*common, "--check"]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report  # the harness wrote its report
    recorded["retrieval:hybrid@mini"]["mrr"] = 2.0  # a baseline no run can reach
    baseline.write_text(json.dumps(recorded))
    assert main([*common, "--check"]) == 1
