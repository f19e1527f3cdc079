"""Resolution facts for the silver set: the header date, the adoption line (meeting, vote, abstaining states) and
mandate extensions, each checked against OCR damage and against the neighbouring resolutions (numbered in order of
adoption, so an out-of-order date or meeting number is a misreading).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from evals.silver_facts import (
    MONTH_NAMES,
    Fact,
    Skips,
    Source,
    find_evidence,
    in_order,
    month_number,
    ocr_noise,
    ordinal,
    plausible_tally,
    res_slots,
    zh_int,
)

# (English name in the source, Chinese name in the source, answer pattern in both languages), longest names first.
STATES: tuple[tuple[str, str, str], ...] = (
    ("Union of Soviet Socialist Republics", "苏维埃社会主义共和国联[邦盟]|蘇維埃社會主義共和國聯[邦盟]",
     "Union of Soviet|Soviet Union|USSR|苏联|蘇聯|苏维埃社会主义共和国联|蘇維埃社會主義共和國聯"),
    ("Ukrainian Soviet Socialist Republic", "乌克兰苏维埃社会主义共和国|烏克蘭蘇維埃社會主義共和國",
     "Ukrain|乌克兰|烏克蘭"),
    ("Byelorussian Soviet Socialist Republic", "白俄罗斯苏维埃社会主义共和国", "Byelorussia|Belarus|白俄罗斯|白俄羅斯"),
    ("United Kingdom of Great Britain and Northern Ireland", "大不列颠及北爱尔兰联合王国|联合王国|聯合王國",
     "United Kingdom|Britain|British|英国|英國|联合王国|聯合王國"),
    ("United States of America", "美利坚合众国|美利堅合眾國", "United States|美国|美國|美利坚|美利堅"),
    ("German Democratic Republic", "德意志民主共和国", "German Democratic|East Germany|民主德国|德意志民主共和国"),
    ("Germany, Federal Republic of|Federal Republic of Germany", "德意志联邦共和国",
     "Federal Republic|West Germany|联邦德国|德意志联邦共和国|西德"),
    ("United Arab Republic", "阿拉伯联合共和国", "United Arab Republic|阿拉伯联合共和国|阿联"),
    ("Syrian Arab Republic|Syria", "叙利亚|敘利亞", "Syria|叙利亚|敘利亞"),
    ("Czechoslovakia", "捷克斯洛伐克", "Czechoslovak|捷克斯洛伐克"),
    ("Sierra Leone", "塞拉利昂", "Sierra Leone|塞拉利昂"), ("New Zealand", "新西兰", "New Zealand|新西兰|新西蘭"),
    ("France", "法兰西|法國|法国", "France|French|法国|法國|法兰西|法蘭西"),
    ("China", "中国|中國|中华民国", "China|Chinese|中国|中國|中华民国|中華民國"),
    ("Poland", "波兰|波蘭", "Poland|Polish|波兰|波蘭"), ("Colombia", "哥伦比亚|哥倫比亞", "Colombia|哥伦比亚|哥倫比亞"),
    ("Spain", "西班牙", "Spain|Spanish|西班牙"), ("Egypt", "埃及", "Egypt|埃及"),
    ("Yugoslavia", "南斯拉夫", "Yugoslav|南斯拉夫"), ("India", "印度", r"India\b|印度"),
    ("Pakistan", "巴基斯坦", "Pakistan|巴基斯坦"), ("Belgium", "比利时|比利時", "Belgi|比利时|比利時"),
    ("Australia", "澳大利亚|澳大利亞", "Australia|澳大利亚|澳大利亞|澳洲"), ("Argentina", "阿根廷", "Argentin|阿根廷"),
    ("Canada", "加拿大", "Canad|加拿大"), ("Jordan", "约旦|約旦", "Jordan|约旦|約旦"),
    ("Italy", "意大利", "Ital|意大利|義大利"), ("Paraguay", "巴拉圭", "Paraguay|巴拉圭"),
    ("Nicaragua", "尼加拉瓜", "Nicaragua|尼加拉瓜"), ("Mali", "马里", r"\bMali\b|马里|馬利"),
    ("Japan", "日本", "Japan|日本"), ("Finland", "芬兰", "Finland|芬兰|芬蘭"),
    ("Bulgaria", "保加利亚", "Bulgaria|保加利亚|保加利亞"), ("Algeria", "阿尔及利亚", "Algeria|阿尔及利亚|阿爾及利亞"),
    ("Zambia", "赞比亚", "Zambia|赞比亚|贊比亞"), ("Uruguay", "乌拉圭", "Uruguay|乌拉圭|烏拉圭"),
    ("Panama", "巴拿马", "Panama|巴拿马|巴拿馬"), ("Norway", "挪威", "Norw|挪威"),
    ("Netherlands", "荷兰", "Netherlands|Dutch|荷兰|荷蘭"), ("Lebanon", "黎巴嫩", "Leban|黎巴嫩"),
    ("Kuwait", "科威特", "Kuwait|科威特"), ("Ireland", "爱尔兰", r"(?<!Northern )Ireland|Irish|(?<!北)爱尔兰"),
    ("Iraq", "伊拉克", "Iraq|伊拉克"), ("Guinea", "几内亚", r"Guinea\b|几内亚|幾內亞"),
    ("Denmark", "丹麦", "Denmark|Danish|丹麦|丹麥"), ("Cuba", "古巴", "Cuba|古巴"),
    ("Ceylon", "锡兰", "Ceylon|Sri Lanka|锡兰|錫蘭|斯里兰卡"), ("Brazil", "巴西", "Brazil|巴西"),
    ("Bangladesh", "孟加拉", "Bangladesh|孟加拉"), ("Zimbabwe", "津巴布韦", "Zimbabwe|津巴布韦|津巴布韋"),
)

# Mission names as stated in mandate clauses -> (English phrase, Chinese phrase, answer pattern).
MISSIONS: tuple[tuple[str, str, str, str], ...] = (
    (r"Peace-?keeping Force|维持和平部队", "the United Nations Peace-keeping Force in Cyprus",
     "联合国驻塞浦路斯维持和平部队", "Cyprus|塞浦路斯|UNFICYP|联塞部队"),
    (r"Emergency Force|紧急部队", "the United Nations Emergency Force", "联合国紧急部队",
     "Emergency Force|紧急部队|UNEF"),
    (r"Disengagement Observer Force|脱离接触观察员部队", "the United Nations Disengagement Observer Force",
     "联合国脱离接触观察员部队", "Disengagement|脱离接触|UNDOF|观察员部队"),
    (r"Interim Force in Lebanon|驻黎巴嫩临时部队", "the United Nations Interim Force in Lebanon",
     "联合国驻黎巴嫩临时部队", "Lebanon|黎巴嫩|UNIFIL|联黎部队"),
)


def state_patterns(names: str, language: str) -> list[str] | None:
    """Answer patterns for a list of state names ("Poland, Syria, Union of ..."); None when any piece of the list
    is not a known state (an OCR-garbled or unexpected name)."""
    found: list[tuple[int, str]] = []
    rest = names
    for english, chinese, pattern in STATES:
        for match in re.finditer(english if language == "en" else chinese, rest):
            found.append((match.start(), pattern))
        rest = re.sub(english if language == "en" else chinese, lambda m: "#" * len(m.group(0)), rest)
    leftover = re.sub(r"\band\b|[#,;、和及\s.]", "", rest)
    if leftover or not found:
        return None
    return [pattern for _, pattern in sorted(found)]


def mission_of(text: str) -> tuple[str, str, str] | None:
    """(English phrase, Chinese phrase, answer pattern) of the one mission text names, else None."""
    found = {m for m in MISSIONS if re.search(m[0], text)}
    return found.pop()[1:] if len(found) == 1 else None


# --- header date --------------------------------------------------------------------------------------------

_EN_DATE = re.compile(rf"\b[Oo]f (\d{{1,2}}) ({MONTH_NAMES}) ((?:19|20)\d{{2}})\b")
_ZH_NUM = "[〇零一二三四五六七八九十\\d]"
_ZH_DATE = re.compile(rf"({_ZH_NUM}{{4}})\s*年\s*({_ZH_NUM}{{1,3}})\s*月\s*({_ZH_NUM}{{1,3}})\s*日")
_LOOSE_DATE = re.compile(r"\b\S{1,3} \S{1,3} [A-Z][a-z]+ \S{4,5}$")


def date_fact(source: Source, skips: Skips) -> Fact | None:
    """The adoption date from the header date line ("of 22 November 1967", "一九七五年四月十七日")."""
    regex = _EN_DATE if source.language == "en" else _ZH_DATE
    hits = [(line, m) for line in source.header for m in [regex.search(line)] if m]
    if not hits:
        garbled = any(_LOOSE_DATE.search(line) for line in source.header)
        skips["adoption-date: header date garbled" if garbled else "adoption-date: no date in the header"] += 1
        return None
    line, match = hits[0]
    if source.language == "en":
        day, month, year = int(match.group(1)), month_number(match.group(2)), int(match.group(3))
    else:
        year, month, day = (zh_int(g) or 0 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        skips["adoption-date: impossible date"] += 1
        return None
    if year != source.year:
        skips["adoption-date: header year differs from the file name"] += 1
        return None
    evidence = find_evidence(source, [re.escape(match.group(0))], target=line)
    if evidence is None:
        skips["adoption-date: no clean evidence span"] += 1
        return None
    return Fact("adoption-date", source.stem, evidence, res_slots(source, day=str(day), month=str(month),
                                                                    date_year=str(year)))


# --- adoption line ------------------------------------------------------------------------------------------

_EN_ADOPTED = re.compile(r"^Adopted (?:(?P<how>unanimously|without a vote|by consensus),? (?:without a vote,? )?)?"
                         r"at the (?:resumed )?(?P<meeting>\d{1,4})(?P<suffix>st|nd|rd|th) meeting(?P<rest>.*)$", re.S)
_TAIL = r"\s*[.,]?\s*(?:\d{1,3})?\s*$"
_EN_PLAIN = re.compile(r"^(?:,? following a separate vote[^.]*|\s*\([^()]*\))?" + _TAIL, re.I)
_EN_NOVOTE = re.compile(r"^ (?:by consensus|without a vote)" + _TAIL)
_EN_TALLY = re.compile(r"^ by (?P<f>\d{1,2}) votes? to (?P<a>none|\d{1,2})(?: against)?(?: \((?P<an>[^()]*)\))?"
                       r"(?:,? with (?P<ab>\d{1,2}|one) abstentions? \((?P<abn>[^()]*)\))?" + _TAIL)
_EN_PRESENT = re.compile(r"^ by (?P<f>\d{1,2}) votes \([^()]*\)" + _TAIL)
_ZH_ADOPTED = re.compile(rf"^第(?P<meeting>{_ZH_NUM}+)次(?:会议|會議)(?P<rest>[^。]*)")
_ZH_TALLY = re.compile(rf"^以(?P<f>{_ZH_NUM}+)票[对對](?P<a>{_ZH_NUM}+)票?(?:通过|通過)"
                       rf"(?:[,，]\s*[弃棄]权者(?P<ab>{_ZH_NUM}+)[(（](?P<abn>[^)）]*)[)）])?$")
_ZH_NOVOTE = re.compile(r"未(?:举行|經|经)表决[^。]{0,6}通过|未经表决即予通过")


def adoption_facts(source: Source, skips: Skips) -> list[Fact]:
    """adoption-meeting, vote and abstentions facts from the adoption line."""
    lines = [p for p in source.paragraphs if re.match(r"^(?:Adopted|Adapted|第\S{1,8}次(?:会议|會議))", p)]
    if not lines:
        skips["adoption line: none in the text"] += 1
        return []
    paragraph = lines[0]
    parsed = _parse_en(paragraph) if source.language == "en" else _parse_zh(paragraph, source)
    if isinstance(parsed, str):
        skips[f"adoption line: {parsed}"] += 1
        return []
    meeting, vote = parsed
    facts = []
    keys = [rf"Adopted[^\n]*{meeting}{ordinal(meeting)} meet", rf"{meeting}{ordinal(meeting)} meet",
            r"第\S{1,8}次(?:会议|會議)"]
    evidence = find_evidence(source, keys, target=paragraph)
    if evidence:
        facts.append(Fact("adoption-meeting", source.stem, evidence, res_slots(source, meeting=str(meeting))))
    else:
        skips["adoption-meeting: no clean evidence span"] += 1
    if vote is None:
        skips["vote: adoption line states no tally"] += 1
        return facts
    facts += _vote_facts(source, paragraph, vote, skips)
    return facts


def _parse_en(paragraph: str) -> tuple[int, dict[str, str] | None] | str:
    """(meeting, vote slots or None) of an English adoption line, or the reason it cannot be read."""
    match = _EN_ADOPTED.match(paragraph)
    if not match or ocr_noise(paragraph):
        return "garbled (OCR)"
    meeting = int(match.group("meeting"))
    if match.group("suffix") != ordinal(meeting):
        return "meeting ordinal does not fit its number (OCR)"
    how, rest = match.group("how"), match.group("rest")
    if how == "unanimously" and _EN_PLAIN.match(rest):
        return meeting, {"vote": "unanimous"}
    if how and _EN_PLAIN.match(rest) or _EN_NOVOTE.match(rest):
        return meeting, {"vote": "novote"}
    if how:
        return "garbled (OCR)"
    tally = _EN_TALLY.match(rest) or _EN_PRESENT.match(rest)
    if tally:
        groups = tally.groupdict()
        against = groups.get("a") or "none"
        abstain = "1" if groups.get("ab") == "one" else groups.get("ab") or "0"
        return meeting, {"vote": "tally", "favour": groups["f"], "against": "0" if against == "none" else against,
                         "abstain": abstain, "abstainers": groups.get("abn") or ""}
    if _EN_PLAIN.match(rest):
        return meeting, None
    return "tally not readable (OCR or unusual wording)"


def _parse_zh(paragraph: str, source: Source) -> tuple[int, dict[str, str] | None] | str:
    match = _ZH_ADOPTED.match(paragraph)
    meeting = zh_int(match.group("meeting")) if match else None
    if not match or not meeting:
        return "garbled"
    rest = match.group("rest").strip()
    if rest in ("一致通过", "一致通過"):
        return meeting, {"vote": "unanimous"}
    tally = _ZH_TALLY.match(rest)
    if tally:
        favour, against, abstain = (zh_int(tally.group(g) or "0") for g in ("f", "a", "ab"))
        return meeting, {"vote": "tally", "favour": str(favour), "against": str(against), "abstain": str(abstain),
                         "abstainers": tally.group("abn") or ""}
    if rest in ("通过", "通過") and any(_ZH_NOVOTE.search(p) for p in source.paragraphs):
        return meeting, {"vote": "novote"}
    return meeting, None


def _vote_facts(source: Source, paragraph: str, vote: dict[str, str], skips: Skips) -> list[Fact]:
    if vote["vote"] != "tally":
        words = r"unanimously|一致通[过過]" if vote["vote"] == "unanimous" else r"consensus|without a vote"
        keys = [rf"Adopted[^\n]*?(?:{words})", r"(?m)^Adopted[^\n]*", words]
        evidence = find_evidence(source, keys, target=paragraph) or find_evidence(source, [r"未\S{1,2}表决"])
        if evidence is None:
            skips["vote: no clean evidence span"] += 1
            return []
        return [Fact("vote", source.stem, evidence, res_slots(source, **vote))]
    favour, against, abstain = (int(vote[k]) for k in ("favour", "against", "abstain"))
    if not plausible_tally(source.year, favour, against, abstain):
        skips["vote: tally does not fit the council size (OCR)"] += 1
        return []
    evidence = find_evidence(source, [rf"by {favour} votes?", r"以\S{1,3}票[对對]"], target=paragraph)
    if evidence is None:
        skips["vote: no clean evidence span"] += 1
        return []
    facts = [Fact("vote", source.stem, evidence, res_slots(source, **vote))]
    if abstain:
        facts += _abstention_fact(source, paragraph, vote, skips)
    return facts


def _abstention_fact(source: Source, paragraph: str, vote: dict[str, str], skips: Skips) -> list[Fact]:
    if not vote["abstainers"]:
        skips["abstentions: abstaining states not named"] += 1
        return []
    patterns = state_patterns(vote["abstainers"], source.language)
    if patterns is None:
        skips["abstentions: unknown or garbled state name"] += 1
        return []
    if len(patterns) != int(vote["abstain"]):
        skips["abstentions: count differs from the states named"] += 1
        return []
    evidence = find_evidence(source, [r"abstentions? \(", r"[弃棄]权者"], target=paragraph)
    if evidence is None:
        skips["abstentions: no clean evidence span"] += 1
        return []
    return [Fact("abstentions", source.stem, evidence, res_slots(source, states="\n".join(patterns),
                                                                  abstain=vote["abstain"]))]


# --- mandate extensions -------------------------------------------------------------------------------------

_EN_EXTEND = re.compile(r"(?:\b(?:[Ee]xtend|[Rr]enew)\w*[^;:]{0,200}?\b(?:mandate|stationing)\b"
                        r"|\b(?:mandate|stationing)\b[^;:]{0,120}?\b(?:extend|renew)\w*)[^;:]{0,250}?"
                        rf"\b(?:until|ending(?: on)?) (?P<day>\d{{1,2}}) (?P<month>{MONTH_NAMES}) "
                        r"(?P<year>(?:19|20)\d{2})\b")
_ZH_EXTEND = re.compile(rf"(?:延长|延長)[^;；。]{{0,60}}?"
                        rf"至(?P<date>{_ZH_NUM}{{4}}年{_ZH_NUM}{{1,3}}月{_ZH_NUM}{{1,3}}日)为止")


def mandate_facts(source: Source, skips: Skips) -> list[Fact]:
    """The end date (and the mission, where the clause names it) of each mandate extension."""
    facts = []
    for paragraph in source.paragraphs:
        match = (_EN_EXTEND if source.language == "en" else _ZH_EXTEND).search(paragraph)
        if not match:
            continue
        if source.language == "en":
            day, month, year = int(match.group("day")), month_number(match.group("month")), int(match.group("year"))
            keys = [rf"(?:until|ending(?: on)?)\s+{day}\s+{match.group('month')}", rf"{match.group('month')} {year}"]
        else:
            parts = _ZH_DATE.match(match.group("date"))
            year, month, day = (zh_int(g) or 0 for g in parts.groups()) if parts else (0, 0, 0)
            keys = [re.escape(match.group("date"))]
        if ocr_noise(match.group(0)) or year not in (source.year, source.year + 1) or not 1 <= day <= 31:
            skips["mandate: clause OCR-damaged or end date implausible"] += 1
            continue
        named = mission_of(match.group(0))
        mission = named or mission_of(" ".join(source.paragraphs))
        slots = res_slots(source, day=str(day), month=str(month), date_year=str(year))
        if mission:
            slots.update(mission_en=mission[0], mission_zh=mission[1], mission_pattern=mission[2])
        evidence = find_evidence(source, keys, target=paragraph)
        if evidence is None:
            skips["mandate: no clean evidence span"] += 1
            continue
        facts.append(Fact("mandate", source.stem, evidence, {**slots, "ask": "date"}))
        names = [r"stationing in Cyprus|在塞浦路斯", *(m[0] for m in MISSIONS if m[1] == named[0])] if named else []
        mission_evidence = find_evidence(source, names, target=paragraph) if names else None
        if mission_evidence:
            facts.append(Fact("mandate", source.stem, mission_evidence, {**slots, "ask": "mission"}))
    return facts


def resolution_facts(sources: Sequence[Source], skips: Skips) -> list[Fact]:
    """All resolution facts; dates and meeting numbers out of sequence with their neighbours are dropped, and so
    are facts on which a Chinese text and its English original disagree."""
    facts: list[Fact] = []
    for source in sources:
        date = date_fact(source, skips)
        facts += ([date] if date else []) + adoption_facts(source, skips) + mandate_facts(source, skips)
    return drop_inconsistent(facts, skips)


def _sequence_value(fact: Fact) -> int | None:
    if fact.family == "adoption-date":
        return dt.date(int(fact["date_year"]), int(fact["month"]), int(fact["day"])).toordinal()
    return int(fact["meeting"]) if fact.family == "adoption-meeting" else None


def drop_inconsistent(facts: list[Fact], skips: Skips) -> list[Fact]:
    kept = []
    for family in ("adoption-date", "adoption-meeting"):
        values = {int(f["res"]): v for f in facts if f.family == family and f["doc_lang"] == "en"
                  for v in [_sequence_value(f)] if v is not None}
        for number in set(values) - in_order(values):
            skips[f"{family}: out of sequence with neighbouring resolutions (OCR)"] += 1
            del values[number]
        en = {int(f["res"]): _sequence_value(f) for f in facts if f.family == family and f["doc_lang"] == "en"}
        for fact in (f for f in facts if f.family == family):
            number, value = int(fact["res"]), _sequence_value(fact)
            if fact["doc_lang"] == "en" and number not in values:
                continue
            if fact["doc_lang"] == "zh" and number in en and en[number] != value:
                skips[f"{family}: Chinese and English texts disagree"] += 1
                continue
            kept.append(fact)
    return kept + [f for f in facts if f.family not in ("adoption-date", "adoption-meeting")]
