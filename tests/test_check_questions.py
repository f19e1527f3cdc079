"""evals/check_questions.py: the standalone question-set checker, on small sets over a fake shared directory."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from evals.dataset import split_of

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_questions", REPO / "evals" / "check_questions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_questions = _checker()


@pytest.fixture()
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    (folder / "corpus" / "unsc-resolutions-en").mkdir(parents=True)
    (folder / "corpus" / "unsc-resolutions-zh").mkdir(parents=True)
    (folder / "corpus" / "unsc-resolutions-en" / "S_RES_0083_1950_EN_GOLD.txt").write_text(
        "Resolution 83 (1950)\n\nAdopted at the 474th meeting by 7 votes to 1 (Yugoslavia).\n", encoding="utf-8")
    (folder / "corpus" / "unsc-resolutions-zh" / "S_RES_0368_1975_ZH.txt").write_text(
        "第368(1975)号决议\n第一八二一次会议以十三票对零票通过。\n", encoding="utf-8")
    return folder


def question(qid: str, text: str, patterns: list[str], **extra: object) -> dict:
    row = {"id": qid, "question": text, "kind": "vote", "language": "en", "answer_patterns": patterns,
           "gold": [{"doc": "S_RES_0083_1950_EN_GOLD", "evidence": "by 7 votes to 1 (Yugoslavia)"}],
           "abstain": False, "split": split_of(qid)}
    return {**row, **extra}


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = check_questions.main([*args])
    return status, capsys.readouterr().out


def test_a_valid_set_passes_without_coverage(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "q.jsonl", [question("vote-001", "What was the vote on resolution 83 (1950)?",
                                                 [r"(?<!\d)7(?!\d)", "Yugoslavia"], generated=True, family="vote")])
    assert run(capsys, "--questions", str(path), "--shared", str(shared), "--no-coverage")[0] == 0
    status, out = run(capsys, "--questions", str(path), "--shared", str(shared))
    assert status == 1 and "coverage:" in out  # one question is far from the targets


def test_patterns_that_all_match_the_question_are_rejected(shared: Path, tmp_path: Path) -> None:
    echo = question("vote-002", "Was resolution 83 (1950) opposed by Yugoslavia?", ["yugoslavia", "83"])
    numerals = question("vote-003", "第三百六十八号决议是在第一八二一次会议上通过的吗？", [r"1821"], language="zh",
                        gold=[{"doc": "S_RES_0368_1975_ZH", "evidence": "第一八二一次会议以十三票对零票通过"}])
    partial = question("vote-004", "Was resolution 83 (1950) opposed by Yugoslavia?",
                       ["Yugoslavia", r"(?<!\d)7(?!\d)"])
    for row, expected in ((echo, 1), (numerals, 1), (partial, 0)):
        path = write(tmp_path / f"{row['id']}.jsonl", [row])
        assert check_questions.check(path, shared, with_coverage=False) == expected, row["id"]


def test_split_kind_and_fields_are_checked(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "What was the vote on resolution 83 (1950)?"
    wrong = "test" if split_of("vote-005") == "dev" else "dev"
    rows = [question("vote-005", text, ["Yugoslavia"], split=wrong),
            question("content-001", text, ["Yugoslavia"], kind="content"),
            question("vote-006", text, ["Yugoslavia"], colour="red")]
    status, out = run(capsys, "--questions", str(write(tmp_path / "q.jsonl", rows)), "--shared", str(shared),
                      "--no-coverage")
    assert status == 1
    assert "vote-005): split" in out and "vote-006): fields" in out and "content-001" not in out


def test_several_files_are_checked_together(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = question("vote-007", "What was the vote on resolution 83 (1950)?", ["Yugoslavia"])
    first, second = write(tmp_path / "a.jsonl", [row]), write(tmp_path / "b.jsonl", [row])
    status, out = run(capsys, "--questions", str(first), "--questions", str(second), "--shared", str(shared),
                      "--no-coverage")
    assert status == 1 and "duplicate id" in out


def test_evidence_is_found_in_chinese_resolutions(shared: Path, tmp_path: Path) -> None:
    row = question("vote-008", "第368(1975)号决议的表决结果如何？", [r"(?<!\d)13(?!\d)"], language="zh",
                   gold=[{"doc": "S_RES_0368_1975_ZH", "evidence": "第一八二一次会议以十三票对零票通过"}])
    assert check_questions.check(write(tmp_path / "q.jsonl", [row]), shared, with_coverage=False) == 0
    row["gold"] = [{"doc": "S_RES_0368_1975_ZH", "evidence": "第一八二二次会议以十三票对零票通过"}]
    assert check_questions.check(write(tmp_path / "q.jsonl", [row]), shared, with_coverage=False) == 1


def test_the_split_rule_is_the_datasets() -> None:
    assert all(check_questions.split_of(f"q-{n}") == split_of(f"q-{n}") for n in range(200))


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data not found")
def test_the_committed_set_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys)
    assert status == 0, out
