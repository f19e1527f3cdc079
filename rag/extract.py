"""Question anchors and vote-tally sentences. Pure logic.

Vote tallies are the facts users check most; when the question asks for one and a retrieved paragraph states it
for the asked resolution, the answer is that sentence verbatim, so the numbers cannot drift.
"""

from __future__ import annotations

import re

from rag.citations import chinese_to_int, normalize_for_match

# "通过" or "adopt" alone is not a vote question ("安理会通过了几项决议", "no later than 12 hours after its adoption").
_VOTE_Q = re.compile(r"表决|投票|票数|多少票|几票|赞成|弃权|反对票|(?:怎么|如何|怎样|是否)[^，。？]{0,6}通过"
                     r"|以.{0,12}通过的|vote|unanimous|abstain|abstention|how\s+was\b.{0,120}\badopted|adopted\s+(?:by|unanimously|"
                     r"without)", re.I)
_MEETING_Q = re.compile(r"第几次会议上?通过|哪次会议上?通过|which\s+meeting\b.{0,120}\badopted", re.I)
_TALLY = re.compile(r"\d+\s*票赞成|[一二两三四五六七八九十]+票赞成|一致通过|未经表决|"
                    r"by\s+\d+\s+votes|unanimously|without\s+a\s+vote|without\s+vote", re.I)
_RESOLUTION = re.compile(r"第\s*(\d{1,4})\s*(?:\(\s*(\d{4})\s*\))?\s*号决议|\b[Rr]esolutions?\s+(\d{1,4})"
                         r"(?:\s*\((\d{4})\))?|S/RES/(\d{1,4})(?:\s*\((\d{4})\))?")
_RESOLUTION_WORD = re.compile(r"\bresolutions?\b", re.I)
_NUMBER_YEAR = re.compile(r"(?<![\d/(])(\d{1,4})\s*\((?:19|20)\d{2}\)")  # "232 (1966)"
SYMBOL = re.compile(r"(?<![A-Za-z0-9/])S/(?:PRST/)?\d{4}/\d+(?!\d)")  # S/2013/163, S/PRST/2013/1
_YEAR_MONTH_ZH = re.compile(r"(\d{4})年(\d{1,2})月")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_YEAR_MONTH_EN = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)


_ADOPTION = re.compile(r"^\s*adopted\b|获得通过|一致通过|未经表决", re.I)


def states_adoption(text: str) -> bool:
    """Whether a passage states how a decision was adopted (a tally, "unanimously", an adoption line)."""
    return bool(_TALLY.search(text) or _ADOPTION.search(text))


def is_vote_question(question: str) -> bool:
    return bool(_VOTE_Q.search(question))


def asks_about_adoption(question: str) -> bool:
    """A vote question, or one asking at which meeting a resolution was adopted: its adoption line answers both."""
    return is_vote_question(question) or bool(_MEETING_Q.search(question))


def resolution_numbers(text: str) -> list[str]:
    """Resolution numbers a text names: "第2089(2013)号决议", "resolution 242", "S/RES/242", and in English text
    that speaks of resolutions, listed ones such as "resolutions 221 (1966) and 232 (1966)"."""
    numbers = []
    for match in _RESOLUTION.finditer(text):
        number = match.group(1) or match.group(3) or match.group(5)
        if number:
            numbers.append(number.lstrip("0") or "0")
    if _RESOLUTION_WORD.search(text):
        numbers += [n.lstrip("0") or "0" for n in _NUMBER_YEAR.findall(text)]
    return list(dict.fromkeys(numbers))


_CHARTER = re.compile(r"宪章|\bCharter\b")
_ARTICLE_ZH = re.compile(r"第\s*([零〇一二两三四五六七八九十百]+|\d{1,3})\s*条")
_ARTICLE_EN = re.compile(r"\bArticles?\s+(\d{1,3}(?:\s*(?:,|and|or)\s*\d{1,3})*)")


def article_numbers(text: str) -> list[int]:
    """Charter articles a text names ("《联合国宪章》第三十九条", "Articles 39 and 40 of the Charter"); only when it
    names the Charter: "第N条" and "Article N" also number other instruments' articles."""
    if not _CHARTER.search(text):
        return []
    numbers = [int(n) if n.isdigit() else chinese_to_int(n) for n in _ARTICLE_ZH.findall(text)]
    for group in _ARTICLE_EN.findall(text):
        numbers += [int(n) for n in re.findall(r"\d+", group)]
    return list(dict.fromkeys(n for n in numbers if n))


def article_labels(number: int) -> tuple[str, str]:
    """How the Charter's own texts label an article: ("第五十一条", "Article 51")."""
    return f"第{chinese_numeral(number)}条", f"Article {number}"


def chinese_numeral(number: int) -> str:
    """51 -> 五十一, 10 -> 十, 105 -> 一百零五 (1..999), as the Chinese Charter writes article numbers."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
    text = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (digits[ones] if ones else "")


def anchors(question: str) -> list[str]:
    """Things the question names that a source must mention to answer it: resolutions, symbols, months, Charter
    articles."""
    found = [f"res:{n}" for n in resolution_numbers(question)]
    found += [f"art:{n}" for n in article_numbers(question)]
    found += [f"sym:{normalize_for_match(m.group(0))}" for m in SYMBOL.finditer(question)]
    found += [f"ym:{int(y)}-{int(m)}" for y, m in _YEAR_MONTH_ZH.findall(question)]
    found += [f"ym:{int(y)}-{_MONTHS.index(m.lower()) + 1}" for m, y in _YEAR_MONTH_EN.findall(question)]
    return found


def month_names(date: str) -> str:
    """"2009-08-05" -> "2009年8月 August 2009", so a document's date answers for the month it was issued in."""
    match = re.match(r"(\d{4})-(\d{2})", date)
    if not match:
        return ""
    year, month = match.group(1), int(match.group(2))
    return f"{year}年{month}月 {_MONTHS[month - 1].capitalize()} {year}" if 1 <= month <= 12 else ""


def mentions(text: str, anchor: str) -> bool:
    """Whether a source text mentions an anchor (a resolution number as a resolution, not any number)."""
    kind, value = anchor.split(":", 1)
    if kind == "res":
        return value in resolution_numbers(text) or re.search(rf"(?<!\d)0*{value}\s*\(\d{{4}}\)", text) is not None
    if kind == "sym":
        return value in normalize_for_match(text)
    if kind == "art":
        chinese, english = article_labels(int(value))
        return chinese in text or re.search(rf"\b{english}\b", text) is not None or re.search(
            rf"\bArticles\s+(?:\d+\s*(?:,|and|or)\s*)*{value}\b", text) is not None
    year, month = value.split("-")
    months_en = _MONTHS[int(month) - 1]
    return (re.search(rf"{year}\s*年\s*{month}\s*月", text) is not None
            or re.search(rf"{months_en}\s+{year}", text, re.I) is not None
            or re.search(rf"(?<!\d){month}\s*月", text) is not None and year in text)


def tally_sentence(paragraph: str, sentences: list[str], anchor_list: list[str]) -> str | None:
    """The verbatim span stating a vote tally for the resolutions the question names: the tally sentence itself,
    or, when it only says "the resolution was adopted by ...", that sentence with the one before it."""
    resolutions = [a for a in anchor_list if a.startswith("res:")]
    for index, sentence in enumerate(sentences):
        if not _TALLY.search(sentence):
            continue
        if all(mentions(sentence, a) for a in resolutions):
            return sentence
        if index and resolutions and all(mentions(sentences[index - 1], a) for a in resolutions):
            start = paragraph.find(sentences[index - 1])
            end = paragraph.find(sentence, max(start, 0))
            if start >= 0 and end >= 0:
                return paragraph[start:end + len(sentence)]
    return None


_EN_COUNT = r"(\d+|none|no)"
_EN_FAVOUR = re.compile(r"by\s+(\d+)\s+votes?", re.I)
_EN_AGAINST = re.compile(r"votes?\s+to\s+" + _EN_COUNT + r"(?:\s+against)?(?:\s*\(([^)]*)\))?", re.I)
_EN_ABSTAIN = re.compile(r"with\s+(\d+)\s+abstentions?(?:\s*\(([^)]*)\))?", re.I)
_EN_MEETING = re.compile(r"at\s+(?:its\s+|the\s+)?(\d+)(?:st|nd|rd|th)\s+meeting", re.I)
_ZH_COUNT = r"(\d+|[一二两三四五六七八九十]+)"
_ZH_PARTS = {"favour": re.compile(_ZH_COUNT + r"\s*票赞成"), "against": re.compile(_ZH_COUNT + r"\s*票反对"),
             "abstain": re.compile(_ZH_COUNT + r"\s*票弃权")}


def render_tally(sentence: str, language: str) -> str | None:
    """A tally sentence restated in the other language, with only the numbers and names the sentence has, so
    that it is checked against the same paragraph ("Adopted unanimously at the 2750th meeting." ->
    "在第2750次会议上一致通过。"). None when the sentence has no tally this can restate."""
    return _tally_in_chinese(sentence) if language == "zh" else _tally_in_english(sentence)


def _tally_in_chinese(sentence: str) -> str | None:
    meeting = _EN_MEETING.search(sentence)
    prefix = f"在第{meeting.group(1)}次会议上" if meeting else ""
    if re.search(r"unanimously", sentence, re.I):
        return f"{prefix}一致通过。"
    if re.search(r"without\s+(?:a\s+)?vote", sentence, re.I):
        return f"{prefix}未经表决通过。"
    favour = _EN_FAVOUR.search(sentence)
    if not favour:
        return None
    parts = [f"{favour.group(1)}票赞成"]
    against = _EN_AGAINST.search(sentence)
    if against:
        names = f"（{against.group(2)}）" if against.group(2) else ""
        parts.append("无反对票" if against.group(1).lower() in ("none", "no") else f"{against.group(1)}票反对{names}")
    abstain = _EN_ABSTAIN.search(sentence)
    if abstain:
        names = f"（{abstain.group(2)}）" if abstain.group(2) else ""
        parts.append(f"{abstain.group(1)}票弃权{names}")
    return f"{prefix}以{'、'.join(parts)}通过。"


def _tally_in_english(sentence: str) -> str | None:
    if "一致通过" in sentence:
        return "Adopted unanimously."
    if "未经表决" in sentence:
        return "Adopted without a vote."
    count = {name: _digits(m.group(1)) for name, pattern in _ZH_PARTS.items() if (m := pattern.search(sentence))}
    if "favour" not in count:
        return None
    text = f"Adopted by {count['favour']} votes in favour"
    if "against" in count:
        text += f", {count['against']} against"
    if "abstain" in count:
        text += f", with {count['abstain']} abstention" + ("" if count["abstain"] == "1" else "s")
    return text + "."


def _digits(numeral: str) -> str:
    return numeral if numeral.isdigit() else str(chinese_to_int(numeral))
