#!/usr/bin/env python3
"""Validate evals/questions.jsonl (standard library only).

Checks: JSON shape and field types, allowed kinds and languages, unique ids, the fixed dev/test split of each id,
answer patterns compile (Python ``re``, case-insensitive) and do not all match the question's own text (an answer
echoing the question would pass), abstain/gold/pattern consistency, and that every gold evidence string (10-80
characters) occurs verbatim in its source document:

* word-segmented seeds (first line starts with ``%%%``, i.e. 000 and 003): in the text with segmentation
  spaces removed (a space is dropped when a neighbour is a CJK character, CJK punctuation or an ASCII
  parenthesis), so evidence is written as normal Chinese text, e.g. "第2089(2013)号决议";
* every other document (PDF-extracted seeds 001/002/004, English and Chinese resolutions, the Charter): as an
  exact substring of one line, or, for Chinese text only, of two consecutive non-blank lines joined with no
  separator.

Also enforces the coverage targets of the eval (see evals/README.md; skipped with --no-coverage, for generated or
extra sets) and prints counts per kind and per document.

Usage: python evals/check_questions.py [--questions PATH ...] [--shared DIR] [--no-coverage]
Exit status 0 when the file is valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

KINDS = ("vote", "date", "count", "number", "symbol", "entity", "list", "content",
         "multi-document", "cross-lingual", "unanswerable")
LANGUAGES = ("zh", "en")
SPLITS = ("dev", "test")
FIELDS = {"id": str, "question": str, "kind": str, "language": str,
          "answer_patterns": list, "gold": list, "abstain": bool, "split": str}
OPTIONAL_FIELDS = {"generated": bool, "family": str}
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


def split_of(question_id: str) -> str:
    """The split a question id belongs to. A copy of ``evals.dataset.split_of`` (this script is standalone and
    standard-library only): keep the two identical."""
    return "dev" if int(hashlib.sha1(question_id.encode("utf-8")).hexdigest()[:8], 16) % 100 < 60 else "test"


_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_RUN = re.compile("[零〇○一二两三四五六七八九十百千万]+")


def chinese_to_int(numeral: str) -> int:
    """十三 -> 13, 一百零五 -> 105; without units digit by digit (一九七五 -> 1975)."""
    if not any(ch in _CN_UNITS for ch in numeral):
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total = section = number = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch == "万":
            total, section, number = ((total + section + number) or 1) * 10000, 0, 0
        else:
            section, number = section + (number or 1) * _CN_UNITS[ch], 0
    return total + section + number


def digits_for_numerals(text: str) -> str:
    """Every Chinese numeral run as digits ("第十三" -> "第13"): generous, so an echo is never missed."""
    return _CN_RUN.sub(lambda m: str(chinese_to_int(m.group(0))), text)


def desegment(text: str) -> str:
    """Remove word-segmentation spaces next to CJK characters, CJK punctuation and parentheses."""
    return SEG_SPACE_RE.sub("", text)


class Documents:
    """Resolves a doc stem to its file under the shared data directory and searches evidence in it. Each file is
    read and prepared once."""

    def __init__(self, shared: Path) -> None:
        corpus = shared / "corpus"
        self.dirs = [shared / "seeds", corpus / "unsc-resolutions-en", corpus / "unsc-resolutions-zh",
                     corpus / "un-charter"]
        self._cache: dict[str, tuple[Path, str] | None] = {}
        self._searchable: dict[str, tuple[str, str, str]] = {}  # stem -> (kind, text, joined pairs)

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

    def _prepared(self, stem: str, text: str) -> tuple[str, str, str]:
        if stem not in self._searchable:
            if self.is_segmented(text):
                body = text.split("\n", 1)[1] if "\n" in text else ""
                self._searchable[stem] = ("segmented", desegment(body), "")
            else:
                nonblank = [line for line in text.splitlines() if line.strip()]
                pairs = "\0".join(a + b for a, b in zip(nonblank, nonblank[1:], strict=False))
                self._searchable[stem] = ("plain", text, pairs)
        return self._searchable[stem]

    def find(self, stem: str, evidence: str) -> str | None:
        """Return how the evidence was found ('segmented', 'line', 'joined'), or None. The evidence holds no line
        break (checked apart), so a substring of the text lies on one line."""
        loaded = self.load(stem)
        if loaded is None or "\n" in evidence or "\0" in evidence:
            return None
        kind, text, pairs = self._prepared(stem, loaded[1])
        if kind == "segmented":
            return "segmented" if desegment(evidence) == evidence and evidence in text else None
        if evidence in text:
            return "line"
        if CJK_RE.search(evidence) and evidence in pairs:
            return "joined"
        return None


def seed_key(stem: str) -> str | None:
    m = re.fullmatch(r"(\d{3})_[0-9a-f]+", stem)
    return m.group(1) if m else None


def load_rows(path: Path, errors: list[str]) -> list[dict]:
    rows: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name} line {n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name} line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{path.name} line {n}: not a JSON object")
            continue
        obj["_where"] = f"{path.name} line {n} ({obj.get('id', '?')})"
        rows.append(obj)
    return rows


def check_shape(q: dict, errors: list[str]) -> bool:
    """Fields, types, kind, language and split; False when the row is too malformed to check further."""
    where = q["_where"]
    keys = set(q) - {"_where"}
    if not set(FIELDS) <= keys <= set(FIELDS) | set(OPTIONAL_FIELDS):
        errors.append(f"{where}: fields {sorted(keys)}; need {sorted(FIELDS)}, may add {sorted(OPTIONAL_FIELDS)}")
        return False
    types = {**FIELDS, **OPTIONAL_FIELDS}
    bad_type = [k for k in sorted(keys) if not isinstance(q[k], types[k])]
    if bad_type:
        errors.append(f"{where}: wrong type for {bad_type}")
        return False
    if not q["id"].strip() or not q["question"].strip():
        errors.append(f"{where}: empty id or question")
    if q["kind"] not in KINDS:
        errors.append(f"{where}: unknown kind {q['kind']!r}")
    if q["language"] not in LANGUAGES:
        errors.append(f"{where}: unknown language {q['language']!r}")
    if bool(CJK_RE.search(q["question"])) != (q["language"] == "zh"):
        errors.append(f"{where}: language {q['language']!r} does not match the question text")
    if q["split"] not in SPLITS:
        errors.append(f"{where}: unknown split {q['split']!r}")
    elif q["split"] != split_of(q["id"]):
        errors.append(f"{where}: split {q['split']!r} but the id hashes to {split_of(q['id'])!r}")
    if "family" in q and not q["family"].strip():
        errors.append(f"{where}: empty family")
    return True


def check_patterns(q: dict, errors: list[str]) -> None:
    where, compiled = q["_where"], []
    for p in q["answer_patterns"]:
        if not isinstance(p, str) or not p:
            errors.append(f"{where}: answer pattern must be a non-empty string: {p!r}")
            continue
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            errors.append(f"{where}: pattern {p!r} does not compile ({exc})")
        # \b next to a digit never matches inside Chinese text ("以14票": no boundary between 以 and 1)
        if re.search(r"\\b\\?d|\\b\d|\d\\b", p) and (q["language"] == "zh" or q["kind"] == "cross-lingual"):
            errors.append(f"{where}: pattern {p!r} puts \\b next to a digit; use (?<!\\d)N(?!\\d) "
                          "since the answer may be Chinese")
    texts = (q["question"], digits_for_numerals(q["question"]))
    if compiled and len(compiled) == len(q["answer_patterns"]) and \
            all(any(c.search(t) for t in texts) for c in compiled):
        errors.append(f"{where}: every answer pattern matches the question itself, so echoing the question passes")


def check_abstain(q: dict, errors: list[str]) -> None:
    where = q["_where"]
    if q["abstain"]:
        if q["kind"] != "unanswerable":
            errors.append(f"{where}: abstain=true but kind is {q['kind']!r}")
        if q["gold"] or q["answer_patterns"]:
            errors.append(f"{where}: unanswerable question must have empty gold and answer_patterns")
        return
    if q["kind"] == "unanswerable":
        errors.append(f"{where}: kind unanswerable requires abstain=true")
    if not q["gold"]:
        errors.append(f"{where}: answerable question without gold evidence")
    if not q["answer_patterns"]:
        errors.append(f"{where}: answerable question without answer_patterns")


def check_gold(q: dict, docs: Documents, errors: list[str]) -> None:
    where, gold_docs = q["_where"], []
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
            errors.append(f"{where}: document {g['doc']!r} not found")
        elif docs.find(g["doc"], ev) is None:
            errors.append(f"{where}: evidence not found in {g['doc']}: {ev!r}")
    if q["kind"] == "multi-document" and len(set(gold_docs)) < 2:
        errors.append(f"{where}: multi-document question needs gold from at least two documents")
    if q["kind"] == "cross-lingual" and q["gold"]:
        doc_zh = {bool(CJK_RE.search(g["evidence"])) for g in q["gold"] if isinstance(g, dict)}
        if doc_zh == {q["language"] == "zh"}:
            errors.append(f"{where}: cross-lingual question is in the same language as its evidence")


def coverage(rows: list[dict], errors: list[str]) -> dict[str, object]:
    """Counts per kind and document; appends an error per coverage target missed. Returns the counts to report."""
    kinds = Counter(q.get("kind") for q in rows)
    per_doc: Counter[str] = Counter()
    seeds: Counter[str] = Counter()
    en_res = charter = charter_zh = charter_en = 0
    for q in rows:
        stems = {g["doc"] for g in q.get("gold", []) if isinstance(g, dict) and "doc" in g}
        per_doc.update(stems)
        seeds.update(key for key in map(seed_key, stems) if key)
        en_res += any(s.startswith("S_RES_") and s.endswith("_EN_GOLD") for s in stems)
        charter += any(s.startswith("raw_un_charter") for s in stems)
        charter_zh += "raw_un_charter_zh" in stems
        charter_en += "raw_un_charter_en" in stems
    unanswerable = sum(1 for q in rows if q.get("abstain") is True and q.get("kind") == "unanswerable")
    targets = [
        (len(rows) >= MIN_TOTAL, f"{len(rows)} questions < {MIN_TOTAL}"),
        (unanswerable >= MIN_UNANSWERABLE, f"{unanswerable} unanswerable < {MIN_UNANSWERABLE}"),
        *((seeds[k] >= m, f"seed {k}: {seeds[k]} questions < {m}") for k, m in MIN_SEED.items()),
        (en_res >= MIN_EN_RESOLUTIONS, f"{en_res} questions on English resolutions < {MIN_EN_RESOLUTIONS}"),
        (charter >= MIN_CHARTER, f"{charter} questions on the Charter < {MIN_CHARTER}"),
        (charter_zh >= MIN_CHARTER_PER_LANG and charter_en >= MIN_CHARTER_PER_LANG,
         f"Charter questions zh={charter_zh} en={charter_en}; need both languages"),
        (kinds["cross-lingual"] >= MIN_CROSS_LINGUAL, f"{kinds['cross-lingual']} cross-lingual < {MIN_CROSS_LINGUAL}"),
        (kinds["multi-document"] >= MIN_MULTI_DOCUMENT,
         f"{kinds['multi-document']} multi-document < {MIN_MULTI_DOCUMENT}"),
    ]
    errors.extend(f"coverage: {message}" for ok, message in targets if not ok)
    return {"kinds": kinds, "per_doc": per_doc, "seeds": seeds, "en_res": en_res, "charter": charter,
            "charter_zh": charter_zh, "charter_en": charter_en}


def check(questions_path: Path | Sequence[Path], shared: Path, *, with_coverage: bool = True) -> int:
    """Validate one or several question files (ids unique across them); print a report; 0 when valid."""
    paths = [questions_path] if isinstance(questions_path, Path) else list(questions_path)
    if not shared.is_dir():
        print(f"ERROR: shared data directory not found: {shared}")
        return 1
    errors: list[str] = []
    docs = Documents(shared)
    rows = [row for path in paths for row in load_rows(path, errors)]
    seen: set[str] = set()
    for q in rows:
        if not check_shape(q, errors):
            continue
        if q["id"] in seen:
            errors.append(f"{q['_where']}: duplicate id")
        seen.add(q["id"])
        check_patterns(q, errors)
        check_abstain(q, errors)
        check_gold(q, docs, errors)
    counts = coverage(rows, errors if with_coverage else [])
    report(paths, rows, counts)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK")
    return 0


def report(paths: list[Path], rows: list[dict], counts: dict) -> None:
    langs = Counter(q.get("language") for q in rows)
    splits = Counter(q.get("split") for q in rows)
    kinds, per_doc, seeds = counts["kinds"], counts["per_doc"], counts["seeds"]
    print(f"{', '.join(map(str, paths))}: {len(rows)} questions "
          f"({', '.join(f'{k} {v}' for k, v in sorted(langs.items(), key=str))}; "
          f"{', '.join(f'{k} {v}' for k, v in sorted(splits.items(), key=str))})")
    print("per kind: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("per seed: " + ", ".join(f"{k} {seeds[k]}" for k in sorted(MIN_SEED)))
    print(f"English resolutions: {counts['en_res']} questions over "
          f"{sum(1 for s in per_doc if s.startswith('S_RES_') and s.endswith('_EN_GOLD'))} resolutions; "
          f"Chinese resolutions: {sum(1 for s in per_doc if s.startswith('S_RES_') and s.endswith('_ZH'))}; "
          f"Charter: {counts['charter']} (zh {counts['charter_zh']}, en {counts['charter_en']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    root = repo_root()
    parser.add_argument("--questions", type=Path, nargs="+", action="extend",
                        help="question file(s); may be given several times (default: evals/questions.jsonl)")
    parser.add_argument("--shared", type=Path, default=root.parent / "shared",
                        help="directory holding seeds/ and corpus/ (default: ../shared next to the repo)")
    parser.add_argument("--no-coverage", action="store_true",
                        help="skip the coverage targets (for generated or extra question sets)")
    args = parser.parse_args(argv)
    paths = args.questions or [root / "evals" / "questions.jsonl"]
    return check(paths, args.shared, with_coverage=not args.no_coverage)


if __name__ == "__main__":
    sys.exit(main())
