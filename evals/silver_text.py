"""Text facts for the silver set: distinctive operative clauses ("which resolution ..."), Charter articles and
the seeds' dated events.

A quoted clause must be distinctive: it occurs in one document only, most of its five-word shingles occur in no
other resolution (so near-identical yearly renewals are not asked about), and every word of it occurs elsewhere in
the corpus (a word seen once is usually an OCR misreading).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from evals.silver_facts import Fact, Skips, Source, find_evidence, loose, ocr_noise, res_slots, zh_int

SHINGLE = 5
MIN_UNIQUE_SHARE = 0.6
_EN_OPERATIVE = re.compile(r"^\d{1,2}\.\s+(?P<clause>[A-Z][a-z]+s\b[^;:,(\d]*)")
_ZH_LABEL = re.compile(r"^(?:\([a-z0-9]{1,3}\)|[一二三四五六七八九十]{1,3}[.、]|\d{1,2}\.)\s*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def flat(text: str) -> str:
    """Lower-case, one space between words: how clauses are compared across documents."""
    return " ".join(re.sub(r"[^\w\u4e00-\u9fff]+", " ", text.lower()).split())


_TRAILING = frozenset("a an the of to in on at by for from with and or that which its their his her be as is are "
                      "should shall may".split())


def trim_words(text: str, limit: int) -> str:
    """At most limit words, not ending on a function word ("... its choice of" -> "... its choice")."""
    tokens = text.split()[:limit]
    while tokens and tokens[-1].lower().strip(",;:-") in _TRAILING:
        tokens.pop()
    return " ".join(tokens).rstrip(" ,;:-")


def which_resolution_facts(sources: Sequence[Source], skips: Skips) -> list[Fact]:
    """One distinctive operative clause per resolution, asked as "which resolution ...?"."""
    shingle_docs: Counter[tuple[str, ...]] = Counter()
    vocabulary: Counter[str] = Counter()
    flats = {s.stem: flat(" ".join(s.paragraphs)) for s in sources}
    for source in sources:
        text = " ".join(source.paragraphs)
        shingle_docs.update(shingles(text))
        vocabulary.update(words(text))
    facts = []
    for source in sources:
        fact = _clause_fact(source, sources, shingle_docs, vocabulary, flats)
        if fact is None:
            skips["which-resolution: no distinctive clean clause"] += 1
        else:
            facts.append(fact)
    return facts


def _candidates(source: Source) -> list[tuple[str, str]]:
    """(clause, paragraph) pairs: the opening words of operative paragraphs (English) or the first phrase of a
    paragraph (Chinese)."""
    out = []
    for paragraph in source.paragraphs:
        if source.language == "en":
            match = _EN_OPERATIVE.match(paragraph)
            clause = trim_words(match.group("clause"), 18) if match else ""
            if len(clause.split()) >= 8:
                out.append((clause, paragraph))
        elif not re.match(r"^(?:安全理事[会會]|第\S{1,8}次)", paragraph):
            text = _ZH_LABEL.sub("", paragraph)
            clause = re.split(r"[，,；;。：:]", text)[0]
            if 10 <= len(clause) <= 40:
                out.append((clause, paragraph))
    return out


def _clause_fact(source: Source, sources: Sequence[Source], shingle_docs: Counter[tuple[str, ...]],
                 vocabulary: Counter[str], flats: dict[str, str]) -> Fact | None:
    best: tuple[float, str, str] | None = None
    for clause, paragraph in _candidates(source):
        if ocr_noise(clause) or re.search(r"\d", clause):
            continue
        if source.language == "en":
            if any(vocabulary[w] < 2 for w in words(clause)):
                continue
            own = shingles(clause)
            share = sum(1 for s in own if shingle_docs[s] == 1) / max(1, len(own))
        else:
            share = 1.0
        needle = flat(clause)
        if share < MIN_UNIQUE_SHARE or any(needle in text for stem, text in flats.items() if stem != source.stem):
            continue
        if best is None or (share, len(clause)) > (best[0], len(best[1])):
            best = (share, clause, paragraph)
    if best is None:
        return None
    _, clause, paragraph = best
    head = clause.split()[:5] if source.language == "en" else [clause[:12]]
    evidence = find_evidence(source, [r"\s+".join(re.escape(w) for w in head)], target=paragraph)
    if evidence is None:
        return None
    return Fact("which-resolution", source.stem, evidence, res_slots(source, clause=clause))


# --- the Charter --------------------------------------------------------------------------------------------

_EN_ARTICLE = re.compile(r"^Article (\d{1,3})$")
_ZH_ARTICLE = re.compile(r"^第([一二三四五六七八九十百零〇]+)条$")
_HEADING = re.compile(r"^(?:CHAPTER|Chapter|第\S{1,4}章)|^[A-Z ,]{4,}$")


def charter_articles(source: Source) -> dict[int, str]:
    """Article number -> its first non-empty line of text."""
    articles: dict[int, str] = {}
    current = 0
    for raw in source.lines:
        line = raw.strip()
        match = (_EN_ARTICLE if source.language == "en" else _ZH_ARTICLE).match(line)
        if match:
            current = int(match.group(1)) if source.language == "en" else (zh_int(match.group(1)) or 0)
        elif line and current and current not in articles and not _HEADING.match(line):
            articles[current] = line
    return articles


def charter_facts(source: Source, skips: Skips) -> list[Fact]:
    """For each article, its opening clause; the answer is the article number."""
    facts = []
    flat_text = flat("\n".join(source.lines))
    for number, line in sorted(charter_articles(source).items()):
        clause = _charter_clause(line, source.language)
        if clause is None or flat_text.count(flat(clause)) != 1:
            skips["charter-article: opening clause not distinctive"] += 1
            continue
        head = clause.split()[:6] if source.language == "en" else [clause[:14]]
        evidence = find_evidence(source, [r"\s+".join(re.escape(w) for w in head)])
        if evidence is None:
            skips["charter-article: no clean evidence span"] += 1
            continue
        facts.append(Fact("charter-article", source.stem, evidence,
                          {"article": str(number), "clause": clause, "doc_lang": source.language}))
    return facts


def _charter_clause(line: str, language: str) -> str | None:
    if language == "en":
        clause = re.split(r"[;:]|\.\s", line)[0].rstrip(".")
        clause = trim_words(clause, 20)
        return clause if len(clause.split()) >= 6 else None
    text = _ZH_LABEL.sub("", line.strip("\u3000 "))
    text = re.sub(r"^[一二三四五六七八九十]{1,3}、", "", text)
    clause = re.split(r"[。；：]", text)[0]
    while len(clause) > 40 and "，" in clause:
        clause = clause.rsplit("，", 1)[0]
    return clause if 10 <= len(clause) <= 40 else None


# --- the seeds' dated events --------------------------------------------------------------------------------

_COUNCIL = r"(?:安全理事会|安理会)"
_RES = r"第?(?P<n>\d{3,4})\((?P<y>\d{4})\)号决议"
_ADOPTION_EVENTS = (
    re.compile(rf"(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日[，,]{_COUNCIL}(?:一致|以[^，。]{{2,20}}?)?通过了{_RES}"),
    re.compile(rf"{_COUNCIL}还?于(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日通过了[^。；]{{0,40}}?{_RES}"),
    re.compile(rf"(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日通过的[^。；]{{0,40}}?{_RES}"),
)
_MEETING_EVENT = re.compile(rf"在(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日{_COUNCIL}"
                            r"第(?P<meeting>\d{3,5})次会议上")
_COUNT_EVENTS = (
    ("meetings", re.compile(rf"{_COUNCIL}举行了(?P<count>\d{{1,3}})次(?:公开)?会议")),
    ("resolutions", re.compile(rf"{_COUNCIL}通过了(?P<count>\d{{1,3}})项决议")),
    ("statements", re.compile(r"发布了(?P<count>\d{1,3})项主席声明")),
)
_MONTH_CONTEXT = re.compile(r"(?P<y>20\d{2})年\s*(?P<m>\d{1,2})月\s*(?:期间|[)）]|比利时|巴基斯坦)")


def seed_facts(source: Source, skips: Skips) -> list[Fact]:
    facts = _adoption_events(source, skips)
    text = "\n".join(source.paragraphs)
    for match in _MEETING_EVENT.finditer(text):
        slots = {**match.groupdict(), "ask": "meeting", "doc_lang": "zh"}
        evidence = find_evidence(source, [loose(match.group(0))])
        if evidence:
            facts += [Fact("seed-event", source.stem, evidence, slots),
                      Fact("seed-event", source.stem, evidence, {**slots, "ask": "meeting-date"})]
    context = _MONTH_CONTEXT.search(text)
    for what, regex in _COUNT_EVENTS:
        found = regex.search(text)
        if found and context:
            evidence = find_evidence(source, [loose(found.group(0))])
            if evidence:
                facts.append(Fact("seed-event", source.stem, evidence,
                                  {"ask": what, "count": found.group("count"), "y": context.group("y"),
                                   "m": context.group("m"), "doc_lang": "zh"}))
    return facts


def _adoption_events(source: Source, skips: Skips) -> list[Fact]:
    """Which resolution was adopted on which date, from sentences such as "1月24日，安理会通过了第2089(2013)号决议"."""
    dates: dict[tuple[str, str], dict[str, str]] = {}
    for regex in _ADOPTION_EVENTS:
        for match in regex.finditer("\n".join(source.paragraphs)):
            dates.setdefault((match.group("n"), match.group("y")), {})[f"{match.group('m')}-{match.group('d')}"] = \
                match.group(0)
    facts = []
    on_day: dict[str, list[str]] = {}
    for (number, year), seen in sorted(dates.items()):
        if len(seen) != 1:
            skips["seed-event: resolution given two dates"] += 1
            continue
        (day_key, sentence), = seen.items()
        month, day = day_key.split("-")
        evidence = find_evidence(source, [loose(sentence), loose(f"{number}({year})号决议")])
        if evidence is None:
            skips["seed-event: no clean evidence span"] += 1
            continue
        slots = {"res": number, "year": year, "m": month, "d": day, "doc_lang": "zh"}
        facts.append(Fact("seed-event", source.stem, evidence, {**slots, "ask": "res-date"}))
        on_day.setdefault(f"{year}-{month}-{day}", []).append(number)
    for fact in list(facts):
        numbers = on_day[f"{fact['year']}-{fact['m']}-{fact['d']}"]
        if numbers[0] == fact["res"]:
            facts.append(Fact("seed-event", fact.stem, fact.evidence,
                              {**fact.slots, "ask": "date-res", "numbers": " ".join(numbers)}))
    return facts
