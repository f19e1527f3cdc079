"""How silver facts are asked and checked: question templates (two or three phrasings per fact, in Chinese and
English), answer patterns that match a correct answer in either language, question kinds, and the unanswerable
questions (resolutions above 599, months no document covers).

Answer patterns follow evals/README.md: digits bounded by (?<!\\d)N(?!\\d) (the harness turns Chinese numerals into
digits first), months as (?:November|11\\s*月), states and missions as English|Chinese alternations.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from evals.silver_facts import Fact, Source
from ingest.metadata import MONTHS

_RES_EN = "resolution {res} ({year})"
_RES_ZH = "第{res}({year})号决议"
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "adoption-date": {
        "en": (f"When did the Security Council adopt {_RES_EN}?", f"On what date was {_RES_EN} adopted?",
               f"What day was Security Council {_RES_EN} passed?"),
        "zh": (f"{_RES_ZH}是哪天通过的？", f"安理会在哪一天通过了{_RES_ZH}？", f"{_RES_ZH}的通过日期是什么？")},
    "adoption-meeting": {
        "en": (f"At which meeting of the Security Council was {_RES_EN} adopted?",
               "Resolution {res} ({year}) was adopted at which Council meeting?",
               f"What was the number of the meeting at which {_RES_EN} was adopted?"),
        "zh": (f"{_RES_ZH}是在安理会第几次会议上通过的？", f"安理会在哪次会议上通过了{_RES_ZH}？",
               f"通过{_RES_ZH}的是安理会第几次会议？")},
    "vote:tally": {
        "en": (f"How was {_RES_EN} adopted?", f"What was the vote on {_RES_EN}?",
               f"How many votes did {_RES_EN} get?"),
        "zh": (f"{_RES_ZH}的表决结果如何？", f"{_RES_ZH}是以多少票通过的？", f"安理会是怎样通过{_RES_ZH}的？")},
    "vote:unanimous": {
        "en": (f"How was {_RES_EN} adopted?", f"What was the vote on {_RES_EN}?"),
        "zh": (f"{_RES_ZH}的表决结果如何？", f"安理会是怎样通过{_RES_ZH}的？")},
    "vote:novote": {
        "en": (f"How was {_RES_EN} adopted?", f"Was {_RES_EN} put to a vote?"),
        "zh": (f"{_RES_ZH}是怎样通过的？", f"{_RES_ZH}经过表决了吗？")},
    "abstentions": {
        "en": (f"Which members abstained in the vote on {_RES_EN}?", f"Who abstained when {_RES_EN} was adopted?",
               f"Which countries abstained on {_RES_EN}?"),
        "zh": (f"{_RES_ZH}表决时哪些国家投了弃权票？", f"哪些理事国对{_RES_ZH}投了弃权票？",
               f"通过{_RES_ZH}时谁弃权了？")},
    "mandate:date": {
        "en": (f"Until when did {_RES_EN} extend {{mission_en}}?", f"{_RES_EN[0].upper()}{_RES_EN[1:]} extended "
               "{mission_en} until what date?", f"Under {_RES_EN}, when does the extension of {{mission_en}} end?"),
        "zh": (f"{_RES_ZH}将{{mission_zh}}的任务期限延长到哪一天？",
               f"根据{_RES_ZH}，{{mission_zh}}的任务期限延长至何时？")},
    "mandate:mission": {
        "en": (f"Which United Nations force did {_RES_EN} extend until {{date_en}}?",
               f"The mandate of which peace-keeping force did {_RES_EN} extend until {{date_en}}?"),
        "zh": (f"{_RES_ZH}把哪支联合国部队的任务期限延长到了{{date_zh}}？",
               f"{_RES_ZH}将哪一支维持和平部队的期限延长至{{date_zh}}？")},
    "which-resolution": {
        "en": ("Which resolution {clause_lc}?", "Which Security Council resolution contains the words \"{clause}\"?",
               "In which resolution does the Security Council write: \"{clause} ...\"?"),
        "zh": ("哪一项安理会决议中写有“{clause}”？", "“{clause}”出自安理会哪一项决议？",
               "决议中有“{clause}”一语的是第几号决议？")},
    "charter-article": {
        "en": ("Which article of the UN Charter begins: \"{clause} ...\"?",
               "In which article of the Charter of the United Nations does it say \"{clause}\"?",
               "Which Charter article contains the provision \"{clause}\"?"),
        "zh": ("《联合国宪章》哪一条规定：“{clause}”？", "“{clause}”是《联合国宪章》第几条的内容？",
               "联合国宪章中写有“{clause}”的是哪一条？")},
    "seed-event:res-date": {
        "en": ("When did the Security Council adopt resolution {res} ({year})?",
               "On what day was resolution {res} ({year}) adopted?"),
        "zh": ("第{res}({year})号决议是哪天通过的？", "安理会在哪一天通过了第{res}({year})号决议？")},
    "seed-event:date-res": {
        "en": ("Which resolution did the Security Council adopt on {date_en}?",
               "What resolution was adopted by the Security Council on {date_en}?"),
        "zh": ("{date_zh}安理会通过了哪项决议？", "安理会在{date_zh}通过的是第几号决议？")},
    "seed-event:meeting": {
        "en": ("At which meeting did the President of the Security Council make the statement of {date_en}?",),
        "zh": ("{date_zh}的安理会主席声明是在安理会第几次会议上发表的？",)},
    "seed-event:meeting-date": {
        "en": ("On what date did the Security Council hold its {meeting}th meeting?",),
        "zh": ("安理会第{meeting}次会议是哪天举行的？",)},
    "seed-event:meetings": {
        "en": ("How many meetings did the Security Council hold in {month_en} {y}?",),
        "zh": ("{y}年{m}月安理会举行了多少次会议？",)},
    "seed-event:resolutions": {
        "en": ("How many resolutions did the Security Council adopt in {month_en} {y}?",),
        "zh": ("{y}年{m}月安理会通过了几项决议？",)},
    "seed-event:statements": {
        "en": ("How many presidential statements did the Security Council issue in {month_en} {y}?",),
        "zh": ("{y}年{m}月安理会发布了几项主席声明？",)},
}


def _fixed(kind: str) -> Callable[[Fact], str]:
    return lambda fact: kind


KINDS: dict[str, Callable[[Fact], str]] = {
    "adoption-date": _fixed("date"), "adoption-meeting": _fixed("number"), "vote:tally": _fixed("vote"),
    "vote:unanimous": _fixed("vote"), "vote:novote": _fixed("vote"),
    "abstentions": lambda fact: "entity" if fact["abstain"] == "1" else "list",
    "mandate:date": _fixed("date"), "mandate:mission": _fixed("entity"), "which-resolution": _fixed("symbol"),
    "charter-article": _fixed("number"), "seed-event:res-date": _fixed("date"),
    "seed-event:date-res": lambda fact: "list" if " " in fact["numbers"] else "symbol",
    "seed-event:meeting": _fixed("number"), "seed-event:meeting-date": _fixed("date"),
    "seed-event:meetings": _fixed("count"), "seed-event:resolutions": _fixed("count"),
    "seed-event:statements": _fixed("count"),
}


def month_en(month: int | str) -> str:
    return MONTHS[int(month) - 1].capitalize()


def slot_values(fact: Fact) -> dict[str, str]:
    """The fact's slots plus the phrases templates use (dates in both languages, a clause starting lower-case)."""
    values = dict(fact.slots)
    day, month, year = values.get("day") or values.get("d"), values.get("month") or values.get("m"), \
        values.get("date_year") or values.get("y") or values.get("year")
    if day and month and year:
        values["date_en"] = f"{int(day)} {month_en(month)} {year}"
        values["date_zh"] = f"{year}年{int(month)}月{int(day)}日"
    if month:
        values["month_en"] = month_en(month)
    clause = values.get("clause", "")
    if clause and not re.search(r"[\u4e00-\u9fff]", clause):
        values["clause_lc"] = clause[0].lower() + clause[1:]
    if fact.family == "mandate":
        values["mission_en"] = _mission_phrase(values.get("mission_en", ""))
        values["mission_zh"] = values.get("mission_zh") or "该部队"
    return values


def _mission_phrase(name: str) -> str:
    if not name:
        return "the force's mandate"
    return f"the stationing of {name}" if "Cyprus" in name else f"the mandate of {name}"


# --- answer patterns ----------------------------------------------------------------------------------------


def number(value: str | int) -> str:
    return rf"(?<!\d){int(value)}(?!\d)"


def month(value: str | int) -> str:
    name = month_en(value)
    short = "|" + name[:3] + r"\.?" if len(name) > 4 else ""
    return rf"(?:\b(?:{name}{short})\b|(?<!\d){int(value)}\s*月)"


VOTE_WORDS = {"unanimous": r"unanim|一致|全票",
              "novote": r"without (?:a )?vote|no vote|not put to a vote|consensus|未经表决|未經表決|未举行表决|未付表决"
                        r"|不经表决|未投票|没有表决|无需表决|协商一致"}


def template_key(fact: Fact) -> str:
    """The template (and kind) a fact is asked with: its family, narrowed by what is asked or how it was voted."""
    detail = fact.slots.get("ask") or fact.slots.get("vote")
    return f"{fact.family}:{detail}" if detail else fact.family


def patterns_for(fact: Fact) -> list[str]:
    """Regexes a correct answer must all match."""
    key = template_key(fact)
    if key in ("adoption-date", "seed-event:res-date", "seed-event:meeting-date"):
        day, mon = fact.slots.get("day") or fact["d"], fact.slots.get("month") or fact["m"]
        return [number(day), month(mon)] + ([number(fact["y"])] if key == "seed-event:meeting-date" else [])
    if key in ("adoption-meeting", "seed-event:meeting"):
        return [number(fact["meeting"])]
    if fact.family == "vote":
        return _vote_patterns(fact)
    if key == "abstentions":
        return fact["states"].split("\n")
    if key == "mandate:date":
        extra = [number(fact["date_year"])] if fact["date_year"] != fact["year"] else []
        return [number(fact["day"]), month(fact["month"]), *extra]
    if key == "mandate:mission":
        return [fact["mission_pattern"]]
    if key == "which-resolution":
        return [number(fact["res"])]
    if key == "charter-article":
        return [number(fact["article"])]
    if key == "seed-event:date-res":
        return [number(n) for n in fact["numbers"].split()]
    return [number(fact["count"])]


def _vote_patterns(fact: Fact) -> list[str]:
    if fact["vote"] in VOTE_WORDS:
        return [VOTE_WORDS[fact["vote"]]]
    patterns = [number(fact["favour"])]
    if fact["against"] != "0":
        patterns += [number(fact["against"]), r"against|反对|反對"]
    if fact["abstain"] != "0":
        patterns += [number(fact["abstain"]), r"abstain|abstention|弃权|棄權"]
    return list(dict.fromkeys(patterns))


# --- unanswerable questions ---------------------------------------------------------------------------------

# Well-known resolutions above 599 with their years: none is in the corpus.
KNOWN_LATER = {
    660: 1990, 678: 1990, 687: 1991, 688: 1991, 713: 1991, 748: 1992, 757: 1992, 794: 1992, 827: 1993, 841: 1993,
    940: 1994, 955: 1994, 1031: 1995, 1199: 1998, 1244: 1999, 1264: 1999, 1267: 1999, 1270: 1999, 1308: 2000,
    1325: 2000, 1368: 2001, 1373: 2001, 1386: 2001, 1441: 2002, 1483: 2003, 1511: 2003, 1540: 2004, 1546: 2004,
    1559: 2004, 1566: 2004, 1593: 2005, 1612: 2005, 1624: 2005, 1674: 2006, 1696: 2006, 1701: 2006, 1737: 2006,
    1757: 2007, 1769: 2007, 1803: 2008, 1816: 2008, 1820: 2008, 1888: 2009, 1889: 2009, 1929: 2010, 1960: 2010,
    1970: 2011, 1973: 2011, 2139: 2014, 2165: 2014, 2177: 2014, 2178: 2014, 2231: 2015, 2249: 2015, 2250: 2015,
    2254: 2015, 2270: 2016, 2334: 2016, 2371: 2017, 2375: 2017, 2397: 2017, 2401: 2018, 2417: 2018, 2467: 2019,
    2532: 2020, 2664: 2022, 2719: 2023, 2728: 2024,
}
UNANSWERABLE_RES = {
    "en": ("How was resolution {n} ({y}) adopted?", "When did the Security Council adopt resolution {n} ({y})?",
           "At which meeting was resolution {n} ({y}) adopted?", "How many votes did resolution {n} ({y}) receive?"),
    "zh": ("第{n}({y})号决议是怎么通过的？", "第{n}({y})号决议是哪天通过的？",
           "第{n}({y})号决议是在第几次会议上通过的？", "第{n}({y})号决议的表决结果如何？"),
}
UNANSWERABLE_RES_NO_YEAR = {
    "en": ("How was Security Council resolution {n} adopted?", "When was resolution {n} adopted?"),
    "zh": ("安理会第{n}号决议是怎么通过的？", "第{n}号决议是哪一天通过的？"),
}
UNANSWERABLE_MONTH = {
    "en": ("How many meetings did the Security Council hold in {month} {y}?",
           "How many resolutions did the Security Council adopt in {month} {y}?",
           "Which country held the presidency of the Security Council in {month} {y}?"),
    "zh": ("{y}年{m}月安理会举行了多少次会议？", "{y}年{m}月安理会通过了几项决议？",
           "{y}年{m}月由哪个国家担任安理会主席？"),
}


# "242 (1967)", "resolution 242", "第242", "S/RES/242": any number named so counts as mentioned (over-counting is safe).
_RESOLUTION_MENTION = re.compile(r"(?<![\d/.])(\d{1,4})\s*[(（]\s*(?:19|20)\d{2}\s*[)）]"
                                 r"|(?:[Rr]esolutions?|第|S/RES/)\s*(\d{1,4})")


def uncovered(sources: Sequence[Source]) -> tuple[list[int], list[int]]:
    """Resolution numbers above 599 no document mentions, and years after 1988 no document mentions."""
    mentioned: set[int] = set()
    years: set[int] = set()
    for source in sources:
        text = "\n".join(source.paragraphs)
        mentioned.update(int(m.group(1) or m.group(2)) for m in _RESOLUTION_MENTION.finditer(text))
        years.update(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text))
    numbers = [n for n in range(600, 2730) if n not in mentioned]
    return numbers, [y for y in range(1989, 2025) if y not in years]


def unanswerable_records(sources: Sequence[Source], rng: random.Random, wanted: int) -> list[dict[str, object]]:
    numbers, years = uncovered(sources)
    known = [n for n in sorted(KNOWN_LATER) if n in numbers]
    others = rng.sample([n for n in numbers if n not in KNOWN_LATER], k=max(0, wanted // 2 - len(known)))
    questions: list[tuple[str, str]] = []
    for n in known + sorted(others):
        language = rng.choice(("zh", "en"))
        table = UNANSWERABLE_RES if n in KNOWN_LATER else UNANSWERABLE_RES_NO_YEAR
        questions.append((language, rng.choice(table[language]).format(n=n, y=KNOWN_LATER.get(n, ""))))
    months = [(y, m) for y in years for m in range(1, 13)]
    for y, m in sorted(rng.sample(months, k=min(len(months), max(0, wanted - len(questions))))):
        language = rng.choice(("zh", "en"))
        questions.append((language, rng.choice(UNANSWERABLE_MONTH[language]).format(y=y, m=m, month=month_en(m))))
    unique = list(dict.fromkeys(questions))
    return [{"question": q, "kind": "unanswerable", "language": lang, "answer_patterns": [], "gold": [],
             "abstain": True, "family": "unanswerable"} for lang, q in unique]
