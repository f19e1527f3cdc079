"""The generated ("silver") question set: questions derived from the corpus's own structure.

Usage: python -m evals.silver --seed 13 --out evals/silver.jsonl [--shared DIR]

Facts come from evals.silver_resolutions (header dates, adoption lines, mandate extensions), evals.silver_text
(distinctive clauses, Charter articles, the seeds' dated events) and, for unanswerable questions, from what the
documents do not cover (resolutions above 599, months no document speaks of). Each fact is asked once in Chinese or
English (sometimes in both) with one of a few phrasings, chosen by random.Random(seed) over files in sorted order,
so one seed always gives the same file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from evals.dataset import split_of
from evals.grader import numerals_to_digits
from evals.silver_facts import (
    SHARED,
    Fact,
    Skips,
    Source,
    citable,
    load_folder,
    load_resolutions,
    on_line,
    read_source,
)
from evals.silver_phrasing import KINDS, TEMPLATES, patterns_for, slot_values, template_key, unanswerable_records
from evals.silver_resolutions import resolution_facts
from evals.silver_text import charter_facts, seed_facts, which_resolution_facts

FAMILIES = ("adoption-date", "adoption-meeting", "vote", "abstentions", "mandate", "which-resolution",
            "charter-article", "seed-event", "unanswerable")
ZH_SHARE = 0.45  # chance a fact is asked in Chinese when both languages can ask it
BOTH_SHARE = 0.15  # chance a fact is also asked in the other language
BOTH_FAMILIES = {"seed-event": 1.0}  # few facts: ask each in both languages
UNANSWERABLE_SHARE = 0.09
_CJK = re.compile(r"[\u3400-\u9fff]")


def questions_for(fact: Fact, rng: random.Random) -> list[dict[str, object]]:
    """One or two records for a fact: a random language and phrasing (both languages now and then)."""
    templates = TEMPLATES[template_key(fact)]
    values = slot_values(fact)
    usable = {lang: [t for t in templates.get(lang, ()) if _fits(t, values, lang)] for lang in ("zh", "en")}
    languages = [lang for lang in ("zh", "en") if usable[lang]]
    if not languages:
        return []
    first = languages[0] if len(languages) == 1 else "zh" if rng.random() < ZH_SHARE else "en"
    chosen = [first]
    both = BOTH_FAMILIES.get(fact.family, BOTH_SHARE)
    if len(languages) == 2 and rng.random() < both:
        chosen.append("en" if first == "zh" else "zh")
    records = []
    for language in chosen:
        question = rng.choice(usable[language]).format(**values)
        patterns = patterns_for(fact)
        if answer_in_question(question, patterns):
            continue
        records.append({"question": question, "kind": KINDS[template_key(fact)](fact), "language": language,
                        "answer_patterns": patterns, "gold": [{"doc": fact.stem, "evidence": fact.evidence}],
                        "abstain": False, "family": fact.family})
    return records


def _fits(template: str, values: dict[str, str], language: str) -> bool:
    """The template's slots are all filled, and the question comes out in its language (an English question cannot
    quote a Chinese clause)."""
    if not all(values.get(name) for name in re.findall(r"\{(\w+)\}", template)):
        return False
    return bool(_CJK.search(template.format(**values))) == (language == "zh")


def answer_in_question(question: str, patterns: Sequence[str]) -> bool:
    """Whether every answer pattern already matches the question (as written or with numerals as digits)."""
    texts = (question, numerals_to_digits(question))
    return bool(patterns) and all(any(re.search(p, t, re.I) for t in texts) for p in patterns)


def collect_facts(shared: Path, skips: Skips, numbers: Iterable[int] | None = None) -> tuple[list[Fact], list[Source]]:
    resolutions = load_resolutions(shared, numbers)
    facts = resolution_facts(resolutions, skips)
    facts += which_resolution_facts(resolutions, skips)
    for source in load_folder(shared / "corpus" / "un-charter"):
        facts += charter_facts(source, skips)
    seeds = load_folder(shared / "seeds", "0*.txt")
    for source in seeds:
        facts += seed_facts(source, skips)
    return facts, resolutions + seeds


def generate(seed: int = 13, shared: Path = SHARED, numbers: Iterable[int] | None = None,
             ) -> tuple[list[dict[str, object]], Skips]:
    """All records, ids and splits assigned, in family order; and the skipped facts per reason."""
    rng = random.Random(seed)
    skips: Skips = Counter()
    facts, sources = collect_facts(shared, skips, numbers)
    by_family: dict[str, list[dict[str, object]]] = {family: [] for family in FAMILIES}
    seen: set[str] = set()
    for fact in facts:
        for record in questions_for(fact, rng):
            if record["question"] in seen:
                skips[f"{fact.family}: duplicate question"] += 1
                continue
            seen.add(str(record["question"]))
            by_family[fact.family].append(record)
    answerable = sum(len(v) for v in by_family.values())
    wanted = round(answerable * UNANSWERABLE_SHARE / (1 - UNANSWERABLE_SHARE))
    by_family["unanswerable"] = unanswerable_records(sources, rng, wanted)
    records = []
    for family in FAMILIES:
        for index, record in enumerate(by_family[family], 1):
            qid = f"silver-{family}-{index:04d}"
            records.append({"id": qid, **{k: record[k] for k in ("question", "kind", "language", "answer_patterns",
                                                                  "gold", "abstain")},
                            "split": split_of(qid), "generated": True, "family": family})
    return records, skips


def validate(records: Sequence[dict[str, object]], shared: Path = SHARED) -> list[str]:
    """Problems the checker would report, found without it: evidence off its line or outside what the parser keeps,
    language mismatches, answers given away by the question, uncompilable patterns, duplicate ids."""
    sources: dict[str, Source] = {}
    folders = ("seeds", "corpus/unsc-resolutions-en", "corpus/unsc-resolutions-zh", "corpus/un-charter")
    problems = []
    ids = Counter(str(r["id"]) for r in records)
    problems += [f"duplicate id {qid}" for qid, n in ids.items() if n > 1]
    for record in records:
        qid, question = str(record["id"]), str(record["question"])
        if bool(_CJK.search(question)) != (record["language"] == "zh"):
            problems.append(f"{qid}: language does not match the question")
        patterns = [str(p) for p in record["answer_patterns"]]  # type: ignore[attr-defined]
        for pattern in patterns:
            re.compile(pattern, re.I)
        if answer_in_question(question, patterns):
            problems.append(f"{qid}: every answer pattern matches the question")
        for gold in record["gold"]:  # type: ignore[attr-defined]
            stem, evidence = gold["doc"], gold["evidence"]
            if stem not in sources:
                path = next(shared / f / f"{stem}.txt" for f in folders if (shared / f / f"{stem}.txt").is_file())
                sources[stem] = read_source(path)
            if not 10 <= len(evidence) <= 80 or not on_line(sources[stem], evidence):
                problems.append(f"{qid}: evidence not on a line of {stem}: {evidence!r}")
            elif not citable(sources[stem], evidence):
                problems.append(f"{qid}: evidence outside the parsed paragraphs of {stem}: {evidence!r}")
    return problems


def write(records: Sequence[dict[str, object]], out: Path) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def report(records: Sequence[dict[str, object]], skips: Skips) -> str:
    per = Counter((str(r["family"]), str(r["language"])) for r in records)
    lines = [f"{len(records)} questions ({sum(1 for r in records if r['language'] == 'zh')} zh)"]
    for family in FAMILIES:
        zh, en = per[(family, "zh")], per[(family, "en")]
        lines.append(f"  {family:<18} {zh + en:>5}  zh {zh:>4}  en {en:>4}")
    lines.append(f"skipped facts ({sum(skips.values())}):")
    lines += [f"  {n:>4}  {reason}" for reason, n in sorted(skips.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "silver.jsonl")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    records, skips = generate(args.seed, args.shared)
    problems = validate(records, args.shared)
    for problem in problems:
        print("PROBLEM:", problem)
    write(records, args.out)
    print(report(records, skips))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

