"""Facts for the silver question set, read from the corpus's own structure (standard library plus ingest).

Why: hand-written questions are few; the corpus states many facts in fixed places (the header date, the adoption
line, mandate extensions), so questions about them can be generated with a verbatim evidence span each. A fact is
kept only when its evidence lies on one line of the source (where evals/check_questions.py finds it) and inside
what the product's parser keeps (a parse_text paragraph or a resolution header line); facts on OCR-damaged lines are
skipped and counted per reason, never written around.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evals.grader import normalize
from ingest.metadata import MONTHS, chinese_number
from ingest.parse import parse_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
EN_DIR, ZH_DIR = "corpus/unsc-resolutions-en", "corpus/unsc-resolutions-zh"
EVIDENCE_MIN, EVIDENCE_MAX = 10, 80
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SEG_SPACE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef()]) +"
                        r"| +(?=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef()])")
MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)  # a regex alternation
_FILE = re.compile(r"^S_RES_(\d{4})_(\d{4})_(EN_GOLD|ZH)$")

Skips = Counter  # skipped facts per reason


@dataclass(frozen=True)
class Source:
    """One document: its raw lines (where evidence must lie) and the texts the parser keeps (where it must also)."""

    stem: str
    language: str  # "zh" or "en"
    lines: tuple[str, ...]
    paragraphs: tuple[str, ...]  # parse_text paragraphs
    header: tuple[str, ...] = ()  # resolution header lines (citable as the header paragraph)
    number: int = 0  # resolution number; 0 for other documents
    year: int = 0
    segmented: bool = False  # word-segmented seed: evidence is searched in the text without segmentation spaces

    @property
    def body(self) -> str:
        """The text evidence is searched in: desegmented for segmented seeds."""
        if self.segmented:
            return desegment("\n".join(self.lines[1:]))
        return "\n".join(self.lines)

    def citable(self) -> tuple[str, ...]:
        return self.header + self.paragraphs


@dataclass(frozen=True)
class Fact:
    """A fact of one family with the slots its questions and answer patterns are made from."""

    family: str
    stem: str
    evidence: str
    slots: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.slots[key]


# --- loading ------------------------------------------------------------------------------------------------


def desegment(text: str) -> str:
    """Remove word-segmentation spaces next to CJK characters and parentheses (as the checker does)."""
    return _SEG_SPACE.sub("", text)


def read_source(path: Path, *, language: str = "", number: int = 0, year: int = 0) -> Source:
    text = path.read_text(encoding="utf-8-sig")
    parsed = parse_text(text, filename=path.name)
    header = (parsed.header.text,) if parsed.header is not None else ()  # the citable header paragraph, ¶0
    return Source(stem=path.stem, language=language or parsed.language, lines=tuple(text.splitlines()),
                  paragraphs=tuple(p.text for p in parsed.paragraphs), header=header, number=number, year=year,
                  segmented=text.lstrip().startswith("%%%"))


def load_resolutions(shared: Path = SHARED, numbers: Iterable[int] | None = None) -> list[Source]:
    """English then Chinese resolutions, in file-name order (optionally only some numbers)."""
    wanted = set(numbers) if numbers is not None else None
    sources = []
    for folder in (EN_DIR, ZH_DIR):
        for path in sorted((shared / folder).glob("S_RES_*.txt")):
            match = _FILE.match(path.stem)
            if not match or (wanted is not None and int(match.group(1)) not in wanted):
                continue
            language = "zh" if match.group(3) == "ZH" else "en"
            sources.append(read_source(path, language=language, number=int(match.group(1)),
                                       year=int(match.group(2))))
    return sources


def load_folder(folder: Path, pattern: str = "*.txt") -> list[Source]:
    return [read_source(path) for path in sorted(folder.glob(pattern))]


# --- evidence -----------------------------------------------------------------------------------------------


def on_line(source: Source, evidence: str) -> bool:
    """Where evals/check_questions.py finds evidence: in the desegmented text of a segmented seed, else on one line
    or, for Chinese, on two consecutive non-blank lines joined."""
    if source.segmented:
        return desegment(evidence) == evidence and evidence in source.body
    if any(evidence in line for line in source.lines):
        return True
    if _CJK.search(evidence):
        nonblank = [line for line in source.lines if line.strip()]
        return any(evidence in a + b for a, b in zip(nonblank, nonblank[1:], strict=False))
    return False


def citable(source: Source, evidence: str, target: str | None = None) -> bool:
    """The evidence lies in what the parser keeps: the target paragraph when given, else any paragraph or header."""
    needle = normalize(evidence)
    texts = (target,) if target is not None else source.citable()
    return bool(needle) and any(needle in normalize(text) for text in texts)


def span_around(text: str, start: int, end: int) -> str:
    """The clause of text around [start, end): bounded by sentence stops, narrowed to commas or cut at word
    boundaries when longer than EVIDENCE_MAX, widened by a neighbouring clause when shorter than EVIDENCE_MIN."""
    stops = "。；;！？!?\n"
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    right = min((i for i in (text.find(ch, end) for ch in stops) if i >= 0), default=len(text))
    if right - left > EVIDENCE_MAX:
        left = max([left] + [text.rfind(ch, left, start) + 1 for ch in "，,："])
        right = min([right] + [i for i in (text.find(ch, end, right) for ch in "，,") if i >= 0])
    if right - left > EVIDENCE_MAX:
        slack = max(0, EVIDENCE_MAX - (end - start)) // 2
        left, right = max(left, start - slack), min(right, end + slack)
        if not _CJK.search(text[left:right]):
            while left < start and text[left - 1:left].isalnum():
                left += 1
            while right > end and text[right:right + 1].isalnum():
                right -= 1
    span = text[left:right].strip().strip(",，:：").strip()
    if len(span) < EVIDENCE_MIN and right < len(text):
        grown = text[left:min(len(text), left + EVIDENCE_MAX)].split("\n")[0]
        span = grown.strip().strip(",，:：").strip()[:EVIDENCE_MAX]
    span = re.sub(r"\s\d{1,3}$|(?<=[。案过過])\s*\d{1,3}$|^\d{1,3}\s+(?=[\u4e00-\u9fff])", "", span)  # footnote marks
    return re.sub(r"\s*\S+-$", "", span) if span.endswith("-") else span  # a word broken at the line end


def find_evidence(source: Source, keys: Sequence[str], target: str | None = None) -> str | None:
    """A verbatim span around the first key (regexes, tried in order) that the checker finds on a line and the
    parser keeps (in target when given): the clause around a match, else from the match to the clause's end, else
    (for no match of the key) the bare match."""
    for key in keys:
        matches = list(re.finditer(key, source.body))
        spans = [s for m in matches for s in (span_around(source.body, m.start(), m.end()),
                                               span_around(source.body[m.start():], 0, m.end() - m.start()))]
        for span in spans + [m.group(0).strip() for m in matches]:
            if (EVIDENCE_MIN <= len(span) <= EVIDENCE_MAX and not ocr_noise(span) and on_line(source, span)
                    and citable(source, span, target)):
                return span
    return None


def loose(text: str) -> str:
    """A regex for text that allows stray spaces between its characters (PDF-extracted Chinese: "第 7015 次")."""
    return r"\s*".join(re.escape(ch) for ch in text if not ch.isspace())


# --- OCR damage ---------------------------------------------------------------------------------------------

_MIXED = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]+\b")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_ODD = re.compile(r"[|~^£$}{_!\\¢§®©°‘]|\]\s*\w|\b[Il]\s+(?:abstentions?|votes?|against)\b|\bI[NS]\b"
                  r"|(?<![(\w.’'/-])[b-zB-HJ-Z](?![\w.)’'/-])")
_GARBLED = re.compile(r"\b(?:tbe|tlie|ot the|ta none|hy \d|meting|Adapted|ant the|shat|Britan|S0viet|te)\b")


def ocr_noise(text: str) -> bool:
    """Digits mixed with letters ("l0", "1O"; ordinals aside), stray symbols, or common OCR misreadings."""
    if any(not _ORDINAL.match(token) for token in _MIXED.findall(text)):
        return True
    return bool(_ODD.search(text) or _GARBLED.search(text))


def ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def council_size(year: int) -> int:
    """Eleven members until 1965, fifteen from 1966 (Charter amendment of Article 23)."""
    return 11 if year <= 1965 else 15


def plausible_tally(year: int, favour: int, against: int, abstain: int) -> bool:
    size = council_size(year)
    return favour >= (7 if size == 11 else 9) and favour + against + abstain <= size


def zh_int(text: str) -> int | None:
    """"十三" -> 13, "一八二一" -> 1821, "〇" -> 0, "2604" -> 2604."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return chinese_number(text.replace("零", "〇") if len(text) > 1 else text)


def month_number(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def in_order(values: Mapping[int, int]) -> set[int]:
    """The keys (resolution numbers) whose values (meeting numbers, date ordinals) form the longest non-decreasing
    run in key order: resolutions are numbered in order of adoption, so a value out of that order is a misreading."""
    keys = sorted(values)
    tails: list[int] = []  # tails[k]: index of the smallest last value of a run of length k + 1
    previous: list[int] = [-1] * len(keys)
    for i, key in enumerate(keys):
        low, high = 0, len(tails)
        while low < high:  # first run whose last value exceeds this one
            middle = (low + high) // 2
            if values[keys[tails[middle]]] <= values[key]:
                low = middle + 1
            else:
                high = middle
        previous[i] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(i)
        else:
            tails[low] = i
    kept, index = set(), tails[-1] if tails else -1
    while index >= 0:
        kept.add(keys[index])
        index = previous[index]
    return kept


def res_slots(source: Source, **slots: str) -> dict[str, str]:
    return {"res": str(source.number), "year": str(source.year), "doc_lang": source.language, **slots}

