"""Document metadata: title, UN symbols, date, type, subjects and language. Pure functions, standard library only.

Why: answers are filtered and cited by symbol, date and document type, and a question naming "第2511(2020)号决议"
must find a document that writes "S/RES/2511 (2020)"; so every symbol is reduced to one canonical spelling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ingest.normalize import count_scripts

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_RE = "|".join(m.capitalize() for m in MONTHS)

# Explicit symbols: S/2013/163, S/PRST/2013/1, S/RES/2511 (2020), S/268/Rev.1/Corr.1, S/Agenda/838, SC/14128.
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/])(?:S|A|E|ST|SC)/(?:[A-Za-z]{2,10}/)*\d{1,5}(?:/\d{1,5})*[A-Z]?"
    r"(?:/(?:Rev|Add|Corr|Amend)\.\d{1,3})*(?:\s?\((?:19|20)\d{2}\))?"
)
_BARE_PRST = re.compile(r"(?<![A-Za-z0-9/])PRST/((?:19|20)\d{2})/(\d{1,3})(?!\d)")
_ZH_RESOLUTION = re.compile(r"(?<![\d/.])(\d{1,4})\s*[(（]((?:19|20)\d{2})[)）]\s*号")
_RES_ITEM = r"\d{1,4}\s*\((?:19|20)\d{2}\)"
_EN_RESOLUTION_LIST = re.compile(
    rf"\b[Rr]esolutions?\s+({_RES_ITEM}(?:(?:\s*(?:,|and|as well as|&)\s*|\s+){_RES_ITEM})*)")
_EN_RESOLUTION_ITEM = re.compile(r"(\d{1,4})\s*\(((?:19|20)\d{2})\)")
_RES_WITH_YEAR = re.compile(r"^(S/RES/\d+)\s?\((\d{4})\)$")
_FILENAME_RES = re.compile(r"^S_RES_0*(\d{1,4})_((?:19|20)\d{2})", re.IGNORECASE)
_FILENAME_DOC = re.compile(r"^S_(PRST_)?((?:19|20)\d{2})_(\d{1,5})(?!\d)", re.IGNORECASE)
_HEADER_RES = re.compile(r"^(?:Resolution )?(\d{1,4}) \(((?:19|20)\d{2})(?:-\d{4})?\)")

_ZH_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EN_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH_RE}),? ((?:19|20)\d{{2}})\b")
_ZH_NUMERAL_DATE = re.compile(
    r"([〇零一二三四五六七八九十百千]{2,8})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,4})日")
_EN_WORDS_DATE = re.compile(rf"\bthe ([a-z]+(?:-[a-z]+)?) day of ({_MONTH_RE}),? ([a-z][a-z -]+?)(?=[.;,]|$)")

_LETTER_TITLE = re.compile(r"给.{1,40}的(?:信|函)(?:的附件)?$|^(?:Letter|Identical letters|Note verbale) dated", re.I)
_PRST = re.compile(r"^(?:安全理事会主席的?声明|Statement by the President of the Security Council)")
_ASSESSMENT = re.compile(r"工作(?:评价|评估)|assessment of the work of the Security Council", re.IGNORECASE)
_REPORT = re.compile(r"秘书长.{0,30}报告$|^Report of the Secretary-General")
_CHARTER = re.compile(r"联合国人民同兹决心|WE THE PEOPLES OF THE UNITED NATIONS|本宪章|the present Charter")
_RESOLUTION_TITLE = re.compile(r"^(?:Resolution \d+|\d{1,4} \(\d{4}\)\.? Resolution|第\d{1,4}\(\d{4}\)号决议)")
_TRAILING_FOOTNOTE = re.compile(r"((?:19|20)\d{2})\s+\d{1,3}$")

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_EN_NUMBERS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
))}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "thirtieth": 30}


@dataclass(frozen=True)
class Metadata:
    title: str
    symbol: str | None
    symbols: tuple[str, ...]
    date: str | None
    doc_type: str
    subjects: tuple[str, ...]
    language: str


# --- subjects -----------------------------------------------------------------------------------------------


def split_subject_line(text: str) -> tuple[tuple[str, ...], str]:
    """("%%%A|B|C|" subjects, the rest of the text); documents without that first line have no subjects."""
    stripped = text.lstrip("\ufeff\r\n\t ")
    if not stripped.startswith("%%%"):
        return (), text
    first, _, rest = stripped.partition("\n")
    subjects = tuple(dict.fromkeys(s.strip() for s in first[3:].split("|") if s.strip()))
    return subjects, rest


# --- symbols ------------------------------------------------------------------------------------------------


def canonical_symbol(symbol: str) -> str:
    """One spelling per symbol: "S/RES/2511(2020)" -> "S/RES/2511 (2020)", "PRST/2004/16" -> "S/PRST/2004/16"."""
    symbol = re.sub(r"\s+", " ", symbol.strip())
    if symbol.startswith("PRST/"):
        symbol = "S/" + symbol
    match = _RES_WITH_YEAR.match(symbol)
    if match:
        return f"{match.group(1)} ({match.group(2)})"
    return re.sub(r"\s?\(((?:19|20)\d{2})\)$", r" (\1)", symbol) if symbol.startswith("S/RES/") else \
        re.sub(r"\s?\((?:19|20)\d{2}\)$", "", symbol)


_OWN_RESOLUTION = re.compile(r"S/RES/0*(\d+)(?:\s*\(((?:19|20)\d{2})\))?")


def resolution_parts(symbol: str | None, *, whole: bool = False) -> tuple[str, str | None] | None:
    """A resolution symbol's number and year: "S/RES/0242 (1967)" -> ("242", "1967"), "S/RES/242" -> ("242",
    None); None for other symbols. `whole`: the symbol is exactly a resolution's (not its /Corr.1, say)."""
    if not symbol:
        return None
    match = (_OWN_RESOLUTION.fullmatch if whole else _OWN_RESOLUTION.match)(symbol)
    return (match.group(1), match.group(2)) if match else None


def resolution_symbol(number: str, year: str) -> str:
    """Security Council resolution symbol: ("242", "1967") -> "S/RES/242 (1967)"."""
    return f"S/RES/{int(number)} ({year})"


def find_symbols(text: str) -> tuple[str, ...]:
    """Every UN document symbol mentioned, canonical, deduplicated, in order of first appearance."""
    found: list[tuple[int, str]] = []
    for match in _SYMBOL.finditer(text):
        found.append((match.start(), canonical_symbol(match.group(0))))
    for match in _BARE_PRST.finditer(text):
        found.append((match.start(), f"S/PRST/{match.group(1)}/{match.group(2)}"))
    for match in _ZH_RESOLUTION.finditer(text):
        found.append((match.start(), resolution_symbol(match.group(1), match.group(2))))
    for match in _EN_RESOLUTION_LIST.finditer(text):
        if re.search(r"General Assembly\s*$", text[max(0, match.start() - 20):match.start()]):
            continue
        for item in _EN_RESOLUTION_ITEM.finditer(match.group(1)):
            found.append((match.start(1) + item.start(), resolution_symbol(item.group(1), item.group(2))))
    found.sort(key=lambda pair: pair[0])
    return tuple(dict.fromkeys(symbol for _, symbol in found))


def symbol_from_filename(filename: str) -> str | None:
    """S_RES_0242_1967_EN_GOLD.txt -> "S/RES/242 (1967)"; S_2013_163.txt -> "S/2013/163"."""
    stem = PurePath(filename).name
    match = _FILENAME_RES.match(stem)
    if match:
        return resolution_symbol(match.group(1), match.group(2))
    match = _FILENAME_DOC.match(stem)
    if match:
        return f"S/{'PRST/' if match.group(1) else ''}{match.group(2)}/{int(match.group(3))}"
    return None


def own_symbol(filename: str, header: Sequence[str], furniture: Sequence[str]) -> str | None:
    """The document's own symbol: from its file name, its resolution header, or a symbol line in its furniture."""
    from_name = symbol_from_filename(filename)
    if from_name:
        return from_name
    for line in header:
        match = _HEADER_RES.match(line)
        if match:
            return resolution_symbol(match.group(1), match.group(2))
    for line in furniture:
        if line.startswith("["):
            continue  # "[S/654]" is the draft the resolution was adopted from
        for candidate in (line, *line.split()):
            match = _SYMBOL.fullmatch(candidate.rstrip("*").strip())
            if match:
                return canonical_symbol(match.group(0))
    return None


# --- dates --------------------------------------------------------------------------------------------------


def iso_date(year: int, month: int, day: int) -> str | None:
    """yyyy-mm-dd, or None for an impossible date."""
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def first_date(text: str) -> str | None:
    """The first Chinese ("2013年4月26日") or English ("22 November 1967") date in text, as ISO."""
    candidates: list[tuple[int, str | None]] = []
    zh = _ZH_DATE.search(text)
    if zh:
        candidates.append((zh.start(), iso_date(int(zh.group(1)), int(zh.group(2)), int(zh.group(3)))))
    en = _EN_DATE.search(text)
    if en:
        month = MONTHS.index(en.group(2).lower()) + 1
        candidates.append((en.start(), iso_date(int(en.group(3)), month, int(en.group(1)))))
    dated = [(pos, date) for pos, date in candidates if date]
    return min(dated)[1] if dated else None


def chinese_number(text: str) -> int | None:
    """"一九四五" -> 1945 (digit by digit), "二十六" -> 26 (positional); None if not a numeral."""
    if not text or any(ch not in _ZH_DIGITS and ch not in _ZH_UNITS for ch in text):
        return None
    if not any(ch in _ZH_UNITS for ch in text):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in text))
    total = digit = 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            total += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
    return total + digit


def english_number(words: str) -> int | None:
    """"one thousand nine hundred and forty-five" -> 1945; "twenty-sixth" -> 26; None if not a number."""
    total = current = 0
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w and w != "and"]
    if not parts:
        return None
    for word in parts:
        if word in _EN_NUMBERS:
            current += _EN_NUMBERS[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word in _EN_ORDINALS:
            current += _EN_ORDINALS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current


def spelled_date(text: str) -> str | None:
    """The first date written in words: "公历一千九百四十五年六月二十六日", "the twenty-sixth day of June, one ..."."""
    found: list[tuple[int, str]] = []
    for zh in _ZH_NUMERAL_DATE.finditer(text):
        year, month, day = (chinese_number(g) for g in zh.groups())
        date = iso_date(year, month, day) if year and month and day else None
        if date:
            found.append((zh.start(), date))
    for en in _EN_WORDS_DATE.finditer(text):
        day, year = english_number(en.group(1)), english_number(en.group(3))
        date = iso_date(year, MONTHS.index(en.group(2).lower()) + 1, day) if day and year else None
        if date:
            found.append((en.start(), date))
    return min(found)[1] if found else None


def document_date(doc_type: str, title: str, header: Sequence[str], body: str,
                  furniture: Sequence[str]) -> str | None:
    """The document's own date: a letter's date, a statement's meeting date, a resolution's adoption date."""
    if doc_type in ("letter", "assessment"):
        date = first_date(title)
        if date:
            return date
    if doc_type == "resolution":
        # Chinese resolutions write their date in numerals: "一九七五年四月十七日"
        date = first_date(" ".join(header)) or first_date(title) or spelled_date(title)
        if date:
            return date
    if doc_type == "charter":
        return spelled_date(body[-600:]) or first_date(body[-600:])
    if doc_type == "presidential_statement":
        date = first_date(body[:400])
        if date:
            return date
    return first_date(title) or first_date(" ".join(furniture)) or first_date(body[:300])


# --- type, title, language ----------------------------------------------------------------------------------


def detect_language(text: str) -> str:
    """"zh" when Han characters dominate (each carries about two letters' worth of text), else "en"."""
    han, latin = count_scripts(text)
    return "zh" if han and han * 2 >= latin else "en"


def detect_doc_type(title: str, body: str, filename: str, header: Sequence[str]) -> str:
    """One of records.DOC_TYPES, from the file name, the header, the title and the opening text."""
    name = PurePath(filename).name
    head = body[:3000]
    if _FILENAME_RES.match(name) or header or _RESOLUTION_TITLE.match(title):
        return "resolution"
    if "charter" in name.lower() or "宪章" in name or len(_CHARTER.findall(body)) >= 5:
        return "charter"
    if _PRST.match(title) or _PRST.match(head.lstrip()):
        return "presidential_statement"
    if _LETTER_TITLE.search(title):
        return "assessment" if _ASSESSMENT.search(head) else "letter"
    if _REPORT.search(title):
        return "report"
    return "other"


def resolution_title(header: Sequence[str]) -> str:
    """"Resolution 242 (1967)" + "of 22 November 1967", without a trailing footnote number."""
    return _TRAILING_FOOTNOTE.sub(r"\1", " ".join(header).strip())


def document_title(doc_type: str, headings: Sequence[str], header: Sequence[str], first_text: str,
                   filename: str, language: str) -> str:
    """The first meaningful heading or line; fixed titles for the Charter."""
    if header:
        return resolution_title(header)
    if doc_type == "charter":
        return "联合国宪章" if language == "zh" else "Charter of the United Nations"
    if headings:
        return headings[0]
    if first_text:
        return first_text if len(first_text) <= 80 else first_text[:80].rstrip() + "…"
    symbol = symbol_from_filename(filename)
    if symbol and doc_type == "resolution":
        return f"Resolution {symbol[6:]}"
    return PurePath(filename).stem if filename else ""


def extract_metadata(*, body: str, headings: Sequence[str], header: Sequence[str], furniture: Sequence[str],
                     first_text: str, filename: str, subjects: Sequence[str]) -> Metadata:
    """All metadata of one document; body is the normalised text without the subject line."""
    language = detect_language(body)
    provisional = headings[0] if headings else first_text
    doc_type = detect_doc_type(provisional if not header else resolution_title(header), body, filename, header)
    title = document_title(doc_type, headings, header, first_text, filename, language)
    symbol = own_symbol(filename, header, furniture)
    mentioned = find_symbols(body)
    symbols = tuple(dict.fromkeys([symbol, *mentioned])) if symbol and symbol in mentioned else mentioned
    date = document_date(doc_type, title, header, body, furniture)
    return Metadata(title=title, symbol=symbol, symbols=symbols, date=date, doc_type=doc_type,
                    subjects=tuple(subjects), language=language)
