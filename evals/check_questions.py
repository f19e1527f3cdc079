#!/usr/bin/env python3
"""Validate evals/questions.jsonl (standard library only).

Checks: JSON shape and field types, allowed kinds and languages, unique ids, answer patterns compile
(Python ``re``, case-insensitive), abstain/gold/pattern consistency, and that every gold evidence string
(10-80 characters) occurs verbatim in its source document:

* word-segmented seeds (first line starts with ``%%%``, i.e. 000 and 003): in the text with segmentation
  spaces removed (a space is dropped when a neighbour is a CJK character, CJK punctuation or an ASCII
  parenthesis), so evidence is written as normal Chinese text, e.g. "第2089(2013)号决议";
* every other document (PDF-extracted seeds 001/002/004, English resolutions, the Charter): as an exact
  substring of one line, or, for Chinese text only, of two consecutive non-blank lines joined with no
  separator.

Also enforces the coverage targets of the eval (see evals/README.md) and prints counts per kind and per
document.

Usage: python evals/check_questions.py [--questions PATH] [--shared DIR]
Exit status 0 when the file is valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

KINDS = ("vote", "date", "count", "number", "symbol", "entity", "list",
         "multi-document", "cross-lingual", "unanswerable")
LANGUAGES = ("zh", "en")
FIELDS = {"id": str, "question": str, "kind": str, "language": str,
          "answer_patterns": list, "gold": list, "abstain": bool}
EVIDENCE_MIN, EVIDENCE_MAX = 10, 80

# Coverage targets (minimum number of questions).
MIN_TOTAL = 80
MIN_UNANSWERABLE = 12
MIN_SEED = {"000": 6, "001": 6, "002": 4, "003": 4, "004": 4}
MIN_EN_RESOLUTIONS = 25       # questions citing an English resolution
MIN_CHARTER = 5               # questions citing the Charter
MIN_CHARTER_PER_LANG = 1      # ... at least one citing each language version
MIN_CROSS_LINGUAL = 6
MIN_MULTI_DOCUMENT = 5

CJK_CLASS = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u32ff\u3400-\u4dbf" \
            "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
CJK_RE = re.compile(f"[{CJK_CLASS}]")
# A space (run) with a CJK char / CJK punctuation / ASCII parenthesis on either side.
SEG_SPACE_RE = re.compile(f"(?<=[{CJK_CLASS}()]) +| +(?=[{CJK_CLASS}()])")


def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


def desegment(text: str) -> str:
    """Remove word-segmentation spaces next to CJK characters, CJK punctuation and parentheses."""
    return SEG_SPACE_RE.sub("", text)


class Documents:
    """Resolves a doc stem to its file under the shared data directory and searches evidence in it."""

    def __init__(self, shared: Path) -> None:
        self.dirs = [shared / "seeds", shared / "corpus" / "unsc-resolutions-en", shared / "corpus" / "un-charter"]
        self._cache: dict[str, tuple[Path, str] | None] = {}

    def load(self, stem: str) -> tuple[Path, str] | None:
        if stem not in self._cache:
            found = None
            for d in self.dirs:
                path = d / f"{stem}.txt"
                if path.is_file():
                    found = (path, path.read_text(encoding="utf-8-sig"))
                    break
            self._cache[stem] = found
        return self._cache[stem]

    @staticmethod
    def is_segmented(text: str) -> bool:
        return text.lstrip().startswith("%%%")

    def find(self, stem: str, evidence: str) -> str | None:
        """Return how the evidence was found ('segmented', 'line', 'joined'), or None."""
        loaded = self.load(stem)
        if loaded is None:
            return None
        _, text = loaded
        if self.is_segmented(text):
            body = text.split("\n", 1)[1] if "\n" in text else ""
            return "segmented" if desegment(evidence) == evidence and evidence in desegment(body) else None
        lines = text.splitlines()
        if any(evidence in line for line in lines):
            return "line"
        if CJK_RE.search(evidence):
            nonblank = [line for line in lines if line.strip()]
            for a, b in zip(nonblank, nonblank[1:], strict=False):
                if evidence in a + b:
                    return "joined"
        return None


def seed_key(stem: str) -> str | None:
    m = re.fullmatch(r"(\d{3})_[0-9a-f]+", stem)
    return m.group(1) if m else None


def check(questions_path: Path, shared: Path) -> int:
    errors: list[str] = []
    docs = Documents(shared)
    if not shared.is_dir():
        print(f"ERROR: shared data directory not found: {shared}")
        return 1

    rows: list[dict] = []
    raw_lines = questions_path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(raw_lines, 1):
        if not line.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"line {n}: not a JSON object")
            continue
        obj["_line"] = n
        rows.append(obj)

    seen_ids: set[str] = set()
    for q in rows:
        where = f"line {q['_line']} ({q.get('id', '?')})"
        keys = set(q) - {"_line"}
        if keys != set(FIELDS):
            errors.append(f"{where}: fields {sorted(keys)} != {sorted(FIELDS)}")
            continue
        bad_type = [k for k, t in FIELDS.items() if not isinstance(q[k], t)]
        if bad_type:
            errors.append(f"{where}: wrong type for {bad_type}")
            continue
        if q["id"] in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(q["id"])
        if not q["id"].strip() or not q["question"].strip():
            errors.append(f"{where}: empty id or question")
        if q["kind"] not in KINDS:
            errors.append(f"{where}: unknown kind {q['kind']!r}")
        if q["language"] not in LANGUAGES:
            errors.append(f"{where}: unknown language {q['language']!r}")
        has_cjk = bool(CJK_RE.search(q["question"]))
        if has_cjk != (q["language"] == "zh"):
            errors.append(f"{where}: language {q['language']!r} does not match the question text")

        # answer patterns
        for p in q["answer_patterns"]:
            if not isinstance(p, str) or not p:
                errors.append(f"{where}: answer pattern must be a non-empty string: {p!r}")
                continue
            try:
                re.compile(p, re.IGNORECASE)
            except re.error as exc:
                errors.append(f"{where}: pattern {p!r} does not compile ({exc})")
            # \b next to a digit never matches inside Chinese text ("以14票": no boundary between 以 and 1)
            if re.search(r"\\b\\?d|\\b\d|\d\\b", p) and (q["language"] == "zh" or q["kind"] == "cross-lingual"):
                errors.append(f"{where}: pattern {p!r} puts \\b next to a digit; use (?<!\\d)N(?!\\d) "
                              "since the answer may be Chinese")

        # abstain consistency
        if q["abstain"]:
            if q["kind"] != "unanswerable":
                errors.append(f"{where}: abstain=true but kind is {q['kind']!r}")
            if q["gold"] or q["answer_patterns"]:
                errors.append(f"{where}: unanswerable question must have empty gold and answer_patterns")
        else:
            if q["kind"] == "unanswerable":
                errors.append(f"{where}: kind unanswerable requires abstain=true")
            if not q["gold"]:
                errors.append(f"{where}: answerable question without gold evidence")
            if not q["answer_patterns"]:
                errors.append(f"{where}: answerable question without answer_patterns")

        # gold evidence
        gold_docs = []
        for g in q["gold"]:
            if not isinstance(g, dict) or set(g) != {"doc", "evidence"} or \
                    not all(isinstance(g[k], str) for k in ("doc", "evidence")):
                errors.append(f"{where}: gold entry must be {{doc: str, evidence: str}}: {g!r}")
                continue
            gold_docs.append(g["doc"])
            ev = g["evidence"]
            if not EVIDENCE_MIN <= len(ev) <= EVIDENCE_MAX:
                errors.append(f"{where}: evidence length {len(ev)} outside {EVIDENCE_MIN}-{EVIDENCE_MAX}: {ev!r}")
            if "\n" in ev:
                errors.append(f"{where}: evidence contains a line break: {ev!r}")
            if docs.load(g["doc"]) is None:
                errors.append(f"{where}: document {g['doc']!r} not found under {shared}")
                continue
            if docs.find(g["doc"], ev) is None:
                errors.append(f"{where}: evidence not found in {g['doc']}: {ev!r}")
        if q["kind"] == "multi-document" and len(set(gold_docs)) < 2:
            errors.append(f"{where}: multi-document question needs gold from at least two documents")

        if q["kind"] == "cross-lingual" and q["gold"]:
            doc_zh = {bool(CJK_RE.search(g["evidence"])) for g in q["gold"] if isinstance(g, dict)}
            if doc_zh == {q["language"] == "zh"}:
                errors.append(f"{where}: cross-lingual question is in the same language as its evidence")

    # coverage
    kinds = Counter(q.get("kind") for q in rows)
    per_doc: Counter[str] = Counter()
    seed_counts: Counter[str] = Counter()
    en_res = charter = charter_zh = charter_en = 0
    for q in rows:
        stems = {g["doc"] for g in q.get("gold", []) if isinstance(g, dict) and "doc" in g}
        for s in stems:
            per_doc[s] += 1
            key = seed_key(s)
            if key:
                seed_counts[key] += 1
        if any(s.startswith("S_RES_") for s in stems):
            en_res += 1
        if any(s.startswith("raw_un_charter") for s in stems):
            charter += 1
        charter_zh += "raw_un_charter_zh" in stems
        charter_en += "raw_un_charter_en" in stems

    def need(ok: bool, msg: str) -> None:
        if not ok:
            errors.append(f"coverage: {msg}")

    need(len(rows) >= MIN_TOTAL, f"{len(rows)} questions < {MIN_TOTAL}")
    unanswerable = sum(1 for q in rows if q.get("abstain") is True and q.get("kind") == "unanswerable")
    need(unanswerable >= MIN_UNANSWERABLE, f"{unanswerable} unanswerable < {MIN_UNANSWERABLE}")
    for key, minimum in MIN_SEED.items():
        need(seed_counts[key] >= minimum, f"seed {key}: {seed_counts[key]} questions < {minimum}")
    need(en_res >= MIN_EN_RESOLUTIONS, f"{en_res} questions on English resolutions < {MIN_EN_RESOLUTIONS}")
    need(charter >= MIN_CHARTER, f"{charter} questions on the Charter < {MIN_CHARTER}")
    need(charter_zh >= MIN_CHARTER_PER_LANG and charter_en >= MIN_CHARTER_PER_LANG,
         f"Charter questions zh={charter_zh} en={charter_en}; need both languages")
    need(kinds["cross-lingual"] >= MIN_CROSS_LINGUAL, f"{kinds['cross-lingual']} cross-lingual < {MIN_CROSS_LINGUAL}")
    need(kinds["multi-document"] >= MIN_MULTI_DOCUMENT,
         f"{kinds['multi-document']} multi-document < {MIN_MULTI_DOCUMENT}")

    # report
    langs = Counter(q.get("language") for q in rows)
    print(f"{questions_path}: {len(rows)} questions ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))})")
    print("per kind: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("per seed: " + ", ".join(f"{k} {seed_counts[k]}" for k in sorted(MIN_SEED)))
    print(f"English resolutions: {en_res} questions over "
          f"{sum(1 for s in per_doc if s.startswith('S_RES_'))} resolutions; "
          f"Charter: {charter} (zh {charter_zh}, en {charter_en})")
    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = repo_root()
    parser.add_argument("--questions", type=Path, default=root / "evals" / "questions.jsonl")
    parser.add_argument("--shared", type=Path, default=root.parent / "shared",
                        help="directory holding seeds/ and corpus/ (default: ../shared next to the repo)")
    args = parser.parse_args(argv)
    return check(args.questions, args.shared)


if __name__ == "__main__":
    sys.exit(main())
