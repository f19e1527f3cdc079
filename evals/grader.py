"""An independent grader for the eval's answers and citations: standard library only, sharing no code with the
product (``rag``, ``ingest``, ``ui``, ``unscqa``), so the eval does not grade the product with its own checks.

Facts. ``facts(text)`` gives the numbers, dates and UN document symbols a sentence states, in one canonical form
for both languages:

* numbers: decimal integer strings without separators or leading zeros ("1,500" -> "1500", "十三" -> "13",
  "一九七五年" -> "1975", "6万" -> "60000", "forty-seven" -> "47", "1382nd" -> "1382", "Chapter VII" -> "7");
  decimals keep their point ("2.50" -> "2.5");
* dates: decomposed into their year, month and day numbers ("22 November 1967" and "1967年11月22日" both give
  "22", "11", "1967");
* resolutions: "S/RES/<n>(<year>)" from "S/RES/242 (1967)", "resolution 242 (1967)", "第242(1967)号决议" or any
  "<n> (<year>)"; "S/RES/<n>" when written without a year;
* other symbols: upper case, no spaces, "PRST/..." completed to "S/PRST/..." ("S/2013/163", "S/PRST/2013/1",
  "SC/14128").

What a sentence states is read conservatively, to avoid false alarms:
* Chinese numerals count before a measure word or unit (票, 年, 次, 条 ...), after 之 (三分之二), or in a run of
  two or more (十三); a lone 一 only before a few units (not 一致, 一个, 一项, 之一, nor the enumerating 第一，);
* English "one" only before a counted noun ("one abstention"); ordinal words only before "meeting", "session" ...
  or "of <Month>"; "none" and "no" are never numbers; "May" is a month only next to a number;
* a list's own enumerators ("1.", "(2)", "3、" at the start of a line) are not facts.

What a cited paragraph states is read generously (``_present``): every digit run (list markers and footnote numbers
included), every Chinese numeral, every English number word, a tally's "to none" as 0 (so "0票反对" may cite "13
votes to none"), the numbers inside symbols, and symbols broken by stray spaces ("PRST/200 4/16").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# --- markers and normalisation ---------------------------------------------------------------------------------

_MARKER = re.compile(r"\s*[\[［]\s*[0-9０-９]+(?:\s*[,，、]\s*[0-9０-９]+)*\s*[\]］]")
_UNIFY = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "「": '"', "」": '"',
                        "『": '"', "』": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "‐": "-", "‑": "-",
                        "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹣": "-", "－": "-"})


def strip_markers(text: str) -> str:
    """Remove citation markers ("[1]", "[1,2]", "[1][2]", "［1］") and the whitespace just before them."""
    return _MARKER.sub("", text)


def markers_of(text: str) -> list[int]:
    """The citation numbers of the markers in a text, in order ("a[1,2] b[3]" -> [1, 2, 3])."""
    found = []
    for marker in _MARKER.finditer(text):
        found += [int(n) for n in re.findall(r"\d+", unicodedata.normalize("NFKC", marker.group(0)))]
    return found


def normalize(text: str) -> str:
    """NFKC (full width -> half width), unified quotes and dashes, no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_UNIFY).split())


# --- numerals --------------------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile("[零〇○一二两三四五六七八九十百千万]+")
_CN_MEASURE = "票项次名个位国人年月日天号条章款届段倍周岁份件轮艘架"  # a numeral before these counts something
_CN_ONE_MEASURE = "票年月日号条章款届段名位国"  # ... a lone 一 only before these (not 一致, 一个, 一项, 一些)


def chinese_to_int(numeral: str) -> int | None:
    """十三 -> 13, 二十一 -> 21, 一百零五 -> 105, 两千 -> 2000, 六万 -> 60000; digit by digit without units
    (一九七五 -> 1975, 一八二一 -> 1821, 二〇一三 -> 2013); None for anything else."""
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in numeral):
        return None
    if not any(ch in _CN_UNITS or ch == "万" for ch in numeral):
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total = section = number = 0
    previous_digit = False
    for ch in numeral:
        if ch in _CN_DIGITS:
            if previous_digit and number:
                return None  # "二十一二": two digits in a row inside a positional numeral
            number, previous_digit = _CN_DIGITS[ch], True
            continue
        previous_digit = False
        if ch == "万":
            total, section, number = ((total + section + number) or 1) * 10000, 0, 0
        else:
            section += (number or 1) * _CN_UNITS[ch]
            number = 0
    return total + section + number


_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen").split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}
_EN_WORD_VALUES = {**{w: i for i, w in enumerate(_EN_UNITS)}, **_EN_TENS, **_EN_ORDINALS}
_EN_WORD = "|".join(sorted([*_EN_WORD_VALUES, *_EN_SCALES], key=len, reverse=True))
_EN_RUN = re.compile(rf"\b(?:{_EN_WORD})(?:(?:\s*-\s*|\s+(?:and\s+)?)(?:{_EN_WORD}))*\b", re.I)
_COUNTED = r"\s+(?:votes?|abstentions?|members?|states?|countries|country|meetings?|resolutions?|years?|months?" \
           r"|weeks?|days?|hours?|articles?|paragraphs?|permanent|non-permanent|against|in\s+favou?r)\b"
_MONTHS = ("January February March April May June July August September October November December").split()
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")


def english_to_int(words: str) -> int | None:
    """"thirteen" -> 13, "forty-seven" -> 47, "one hundred and fifty" -> 150, "twenty-first" -> 21, "1382nd" ->
    1382; None for anything else."""
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", words.strip(), re.I)
    if digits:
        return int(digits.group(1))
    total = current = 0
    for word in re.findall(r"[a-z]+", words.lower()):
        if word == "and":
            continue
        if word in _EN_SCALES:
            current = (current or 1) * _EN_SCALES[word]
            if _EN_SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word in _EN_WORD_VALUES:
            current += _EN_WORD_VALUES[word]
        else:
            return None
    return total + current


def month_number(name: str) -> int | None:
    """"November" / "november" -> 11, "11月" / "十一月" -> 11; None for anything else."""
    name = unicodedata.normalize("NFKC", name).strip()
    if name.capitalize() in _MONTHS:
        return _MONTHS.index(name.capitalize()) + 1
    match = re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月", name)
    if not match:
        return None
    value = int(match.group(1)) if match.group(1).isdigit() else chinese_to_int(match.group(1))
    return value if value is not None and 1 <= value <= 12 else None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_CHAPTER = re.compile(r"\b[Cc]hapters?\s+([IVXL]+)\b((?:\s*(?:,|and|or)\s*[IVXL]+\b)*)")


def _roman(numeral: str) -> int:
    values = [_ROMAN[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


# --- facts -----------------------------------------------------------------------------------------------------

_RESOLUTION = re.compile(r"(?:(?<![A-Za-z0-9/])S/RES/|(?<![\d/.]))(\d{1,4})\s*\(\s*((?:19|20)\d\d)\s*\)", re.I)
_RES_BARE = re.compile(r"(?<![A-Za-z0-9/])S/RES/(\d{1,4})(?![\d/])", re.I)
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])(?:(?:S|A|E|ST|SC)/(?:[A-Z]+/)*\d+(?:/\d+)*|PRST/\d{4}/\d+)", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿|million\b|billion\b)", re.I)
_SCALE_OF = {"万": 10_000, "亿": 100_000_000, "million": 1_000_000, "billion": 1_000_000_000}
_TALLY_NONE = re.compile(r"\bto\s+none\b", re.I)
_ENUMERATOR = re.compile(r"(?m)^\s*(?:[(（]\d{1,2}[)）]|\d{1,2}[).、．](?!\d)|[-*•]\s)")


def facts(text: str) -> set[str]:
    """The numbers, dates and document symbols a sentence states, canonical (see the module docstring). Citation
    markers are not facts."""
    symbols, rest = _symbols(_ENUMERATOR.sub("", unicodedata.normalize("NFKC", strip_markers(text))))
    return symbols | _numbers(rest, strict=True)


def _present(paragraph: str) -> set[str]:
    """Everything a cited paragraph can be said to state: its facts, read generously."""
    text = unicodedata.normalize("NFKC", paragraph)
    symbols = _symbols(text)[0] | _symbols(normalize(paragraph))[0]  # "PRST/200 4/16" in a word-segmented seed
    bare = {s.split("(")[0] for s in symbols if s.startswith("S/RES/")}
    return symbols | bare | _numbers(text, strict=False)  # the numbers inside symbols too


def _symbols(text: str) -> tuple[set[str], str]:
    """The symbols of an NFKC text, canonical, and the text with them blanked out."""
    found = {f"S/RES/{int(m.group(1))}({m.group(2)})" for m in _RESOLUTION.finditer(text)}
    text = _RESOLUTION.sub(" ", text)
    found |= {f"S/RES/{int(m.group(1))}" for m in _RES_BARE.finditer(text)}
    text = _RES_BARE.sub(" ", text)
    for match in _SYMBOL.finditer(text):
        symbol = match.group(0).upper()
        found.add("S/" + symbol if symbol.startswith("PRST/") else symbol)
    return found, _SYMBOL.sub(" ", text)


def _numbers(text: str, *, strict: bool) -> set[str]:
    """Numbers of an NFKC text with symbols blanked out: digits, Chinese numerals, English words, months,
    chapters in Roman numerals, a tally's "none". ``strict``: only what a sentence clearly states as a number."""
    found: set[str] = set()
    for match in _SCALED.finditer(text):
        found.add(_canonical(str(float(match.group(1)) * _SCALE_OF[match.group(2).lower()])))
    if strict:
        text = _SCALED.sub(" ", text)
    for match in _NUMBER.finditer(text):
        found |= _digit_numbers(match.group(0))
    found |= _words_numbers(text, strict)
    found |= {str(_MONTHS.index(m) + 1) for m in _MONTH.findall(text) if m != "May"}
    if re.search(r"\d\s*May\b|\bMay\s*\d", text) or (not strict and "May" in text):
        found.add("5")
    for first, more in _CHAPTER.findall(text):
        found |= {str(_roman(r)) for r in [first, *re.findall(r"[IVXL]+", more)]}
    if not strict and _TALLY_NONE.search(text):
        found.add("0")
    return found


def _canonical(number: str) -> str:
    if "." not in number:
        return str(int(number))
    whole, fraction = number.split(".", 1)
    fraction = fraction.rstrip("0")
    return f"{int(whole)}.{fraction}" if fraction else str(int(whole))


def _digit_numbers(run: str) -> set[str]:
    """"1,500" -> {"1500"}, "2.50" -> {"2.5"}, "1,2" -> {"1", "2"}, "1.2.3" -> {"1", "2", "3"}."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", run):
        return {_canonical(run.replace(",", ""))}
    if re.fullmatch(r"\d+\.\d+", run):
        return {_canonical(run)}
    return {str(int(part)) for part in re.split(r"[.,]", run) if part}


_NOT_NUMBERS = {"万一", "千万", "一一"}
_ORDINAL_CONTEXT = re.compile(r"\s+(?:meeting|session|anniversary|plenary)\b|\s+(?:day\s+)?of\s+(?:"
                              + "|".join(_MONTHS) + r")\b", re.I)
Span = tuple[int, int, int]  # (start, end, value) of a numeral in a text
Mode = Literal["sentence", "pattern", "paragraph"]  # how generously numerals are read: see _chinese_spans


def _chinese_spans(text: str, mode: Mode) -> list[Span]:
    """Chinese numerals of a text. "sentence": a run of two or more numerals ("十三"), one before a measure word or
    unit, or one after 之; a lone 一 only before a few units. "pattern": every run but a lone 一, 十, 百, 千 or 万
    that is not before a measure word (一致, 十分). "paragraph": every run."""
    spans = []
    for match in _CN_RUN.finditer(text):
        run, start, end = match.group(0), match.start(), match.end()
        after, before = text[end:end + 1], text[start - 1:start] if start else ""
        if mode != "paragraph" and run in _NOT_NUMBERS:
            continue
        if mode == "pattern" and run in "一十百千万" and not (after and after in _CN_MEASURE):  # 一致, 十分, 百姓
            continue
        if mode == "sentence":
            measures = _CN_ONE_MEASURE if run == "一" else _CN_MEASURE
            counted = bool(after) and after in measures or (before == "之" and run != "一")  # not 之一 "one of"
            if not counted and len(run) < 2:
                continue
        value = chinese_to_int(run)
        if value is not None:
            spans.append((start, end, value))
    return spans


def _english_spans(text: str, mode: Mode) -> list[Span]:
    """English number words of a text. "sentence": "one" only before a counted noun ("pattern": unless "one of" or
    "one another"), ordinal words only before "meeting", "session" ... or "of <Month>". "paragraph": every word."""
    spans = []
    for match in _EN_RUN.finditer(text):
        words = match.group(0).lower()
        after = text[match.end():match.end() + 40]
        if mode != "paragraph":
            if words == "one" and not _one_counts(after, loose=mode == "pattern"):
                continue
            if re.findall(r"[a-z]+", words)[-1] in _EN_ORDINALS and not _ORDINAL_CONTEXT.match(after):
                continue
        value = english_to_int(words)
        if value is not None:
            spans.append((match.start(), match.end(), value))
    return spans


def _one_counts(after: str, loose: bool) -> bool:
    """Whether "one", followed by ``after``, states the number 1."""
    if loose:
        return not re.match(r"\s+(?:of|another)\b", after, re.I)
    return bool(re.match(_COUNTED, after, re.I))


def _words_numbers(text: str, strict: bool) -> set[str]:
    """The numbers of a text's Chinese numerals and English number words."""
    mode: Mode = "sentence" if strict else "paragraph"
    return {str(value) for _, _, value in _chinese_spans(text, mode) + _english_spans(text, mode)}


def numerals_to_digits(text: str) -> str:
    """Chinese numerals and English number words written as digits where they state a number, for matching answer
    patterns: "以十三票" -> "以13票", "一个国家弃权" -> "1个国家弃权", "one abstention" -> "1 abstention", "一九七五年"
    -> "1975年", "九理事国" -> "9理事国"; "一致", "进一步", "one of" and "the first" stay. Looser than ``facts``:
    every Chinese numeral but a lone 一 or 十 not before a measure word, and "one" unless "one of"/"one another"."""
    spans = sorted(_chinese_spans(text, "pattern") + _english_spans(text, "pattern"), reverse=True)
    for start, end, value in spans:
        text = text[:start] + str(value) + text[end:]
    return text


# --- sentences and citations -----------------------------------------------------------------------------------

_STOPS = "。！？；;!?．"
_OPENERS = "（(“「『"
_CLOSERS = "）)”」』"
_TAIL = re.compile(r"[。！？；;!?.．）)”」』\"'’]*(?:" + _MARKER.pattern + ")*")


def sentences(text: str) -> list[str]:
    """Split an answer at 。！？；.!?; and line breaks, outside brackets and quotes; the citation markers right after a
    final stop ("…通过。[1]") stay with the sentence before them. A "." ends a sentence only before a space and an
    upper-case letter, a CJK character or the end ("2.5", "U.S. forces" and "No. 5" do not split)."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        if ch == "\n" or (depth == 0 and _ends(text, i)):
            end = _TAIL.match(text, i + 1).end()  # type: ignore[union-attr]  # the pattern matches ""
            parts.append(text[start:end])
            start, depth, i = end, 0, end
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _ends(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _CLOSERS:  # "…meeting.”）" ends where its brackets close
        j = i
        while j > 0 and text[j - 1] in _CLOSERS:
            j -= 1
        return j > 0 and text[j - 1] in _STOPS + "."
    if ch in _STOPS:
        return True
    if ch != ".":
        return False
    following = text[i + 1:i + 2]
    if not following:
        return True
    if following.isascii() and following.isalnum():
        return False  # "2.5", "U.S.", "S/RES"
    if following.isspace():
        rest = text[i + 1:].lstrip()
        return not rest or not (rest[0].islower() or rest[0].isdigit())
    return True


@dataclass(frozen=True)
class CitationGrade:
    quote_found: bool  # the quote (normalised) is inside the cited paragraph (normalised)
    missing: tuple[str, ...] = ()  # facts of sentences carrying the marker that no paragraph they cite states

    @property
    def ok(self) -> bool:
        return self.quote_found and not self.missing


def quote_in(quote: str, paragraph: str) -> bool:
    needle = normalize(quote)
    return bool(needle) and needle in normalize(paragraph)


def grade_citations(answer: str, cited: Sequence[tuple[str, str]]) -> list[CitationGrade]:
    """Grade each citation: ``cited[i]`` is (paragraph text, quote) for the marker ``[i+1]``. A citation passes
    when its quote is in its paragraph and every sentence carrying its marker states only facts found in at least
    one of the paragraphs that sentence cites. Markers out of range are ignored."""
    present = [_present(text) for text, _ in cited]
    missing: list[set[str]] = [set() for _ in cited]
    for sentence in sentences(answer):
        numbers = sorted({n for n in markers_of(sentence) if 0 < n <= len(cited)})
        if not numbers:
            continue
        known = set().union(*(present[n - 1] for n in numbers))
        lacking = facts(sentence) - known
        for n in numbers:
            missing[n - 1] |= lacking
    return [CitationGrade(quote_in(quote, text), tuple(sorted(lacking)))
            for (text, quote), lacking in zip(cited, missing, strict=True)]
