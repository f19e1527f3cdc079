"""The five seed documents: facts land intact in one paragraph, furniture and stray spaces are gone, headings feed
heading paths, metadata is right, and parsing is deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.parse import parse_text
from ingest.records import DOC_TYPES, ParsedDocument

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_NAMES = {
    "000": "000_2842183f001a0bce.txt",
    "001": "001_16b675922abb74e1.txt",
    "002": "002_a6bef1c7dfe8652a.txt",
    "003": "003_71ee3118c768fd91.txt",
    "004": "004_9dc1d1cf73785c67.txt",
}
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"


@pytest.fixture(scope="module")
def docs() -> dict[str, ParsedDocument]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return {key: parse_text((SEEDS / name).read_text(encoding="utf-8"), filename=name)
            for key, name in SEED_NAMES.items()}


FACTS = {
    "000": [
        "决议以14票赞成、1票弃权获得通过",
        "1月24日，安理会通过了第2089(2013)号决议，将联塞部队的任务期限延长至2013年7月31日。",
        "安理会举行了16次会议和18次全体磋商",
        "安理会通过了4项决议、1项主席声明和6份新闻谈话",
        "主管政治事务副秘书长杰弗里·费尔特曼向安理会通报了安全和人道主义局势",
        "辩论结束时通过了一项综合主席声明(S/PRST/2013/1)",
        '名为"Bab al-Shams"的营地',
        "20000名革命旅成员",
    ],
    "001": [
        "以13票赞成、2票弃权通过了第2511(2020)号决议",
        "安全理事会举行了26次公开会议",
        "2月28日，安全理事会通过了第2512(2020)号决议，其中将联几建和办的任务期限延长10个月",
        "2月11日，安全理事会一致通过了第2508(2020)号决议",
        "负责索马里问题的秘书长特别代表詹姆斯·斯旺向安理会通报了情况",
        "民间社会组织Je Klere基金会执行主任Marie Yolène Gilles也通过视频会议",
        "他们还敦促中非共和国当局和所有国家利益攸关方确保为2020年和2021年的总统、立法和地方选举做好准备",  # page break
        "会议开始时，安理会通过了PRST/2020/3号主席声明",
        "近60个代表团作了发言",
    ],
    "002": [
        "理事会向联合国转递了这份公报(S/2013/163)",
        "2013年3月17日在毛里塔尼亚伊斯兰共和国努瓦克肖特举行了一次关于在萨赫勒-撒哈拉区域安全合作",
        "并呼吁那些承诺派遣部队的国家履行承诺。",  # page break inside paragraph 5
        "路线图的实施将最终导致2013年7月举行总统和立法机构选举",
        "有关部长将至少每六个月召开一次会议",
        "2013年3月17日，毛里塔尼亚伊斯兰共和国努瓦克肖特",  # a dateline is content, not a heading
    ],
    "003": [
        "2004年5月17日(PRST/2004/16)",
        "安全理事会主席在2009年8月5日安全理事会第6178次会议上",
        '题为"联合国维持和平行动"的项目',
        "安理会欢迎安全理事会工作组的临时报告(S/2009/398)",
        "并且将在2010年初作进一步审查",
    ],
    "004": [
        "安全理事会主席在2013年8月6日安全理事会第7015次会议上，就安理会审议的题为“联合国与区域和次区域组织在维护国际"
        "和平与安全领域中的合作”的项目，代表安理会发表声明如下：",
        "表示安理会打算根据在S/PRST/2010/1号主席声明、S/2006/507号说明",
        "包括为第1540(2004)号决议的执行工作指定联络人或协调员。",
        "包括反恐怖主义执行局(反恐执行局)和反恐怖主义执行工作队(反恐执行队)",
    ],
}


@pytest.mark.parametrize(("key", "fact"), [(k, f) for k, facts in FACTS.items() for f in facts])
def test_fact_is_in_exactly_one_paragraph(docs: dict[str, ParsedDocument], key: str, fact: str) -> None:
    assert sum(fact in p.text for p in docs[key].paragraphs) == 1


def test_resolution_numbers_keep_no_spaces(docs: dict[str, ParsedDocument]) -> None:
    assert sum("第2089(2013)号决议" in p.text for p in docs["000"].paragraphs) == 2
    assert any("通过了2087(2013)号决议" in p.text for p in docs["000"].paragraphs)


def test_tally_paragraph_sits_under_its_country(docs: dict[str, ParsedDocument]) -> None:
    [tally] = [p for p in docs["001"].paragraphs if "以13票赞成、2票弃权通过了第2511(2020)号决议" in p.text]
    assert tally.heading_path == ("中东", "也门")
    [cyprus] = [p for p in docs["000"].paragraphs if "决议以14票赞成、1票弃权获得通过" in p.text]
    assert cyprus.heading_path == ("欧洲", "塞浦路斯")


PARAGRAPH_COUNTS = {"000": (35, 65), "001": (45, 60), "002": (30, 40), "003": (9, 16), "004": (30, 40)}


@pytest.mark.parametrize("key", sorted(PARAGRAPH_COUNTS))
def test_paragraph_counts_are_plausible(docs: dict[str, ParsedDocument], key: str) -> None:
    low, high = PARAGRAPH_COUNTS[key]
    assert low <= len(docs[key].paragraphs) <= high


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_no_furniture_no_stray_spaces_no_empty_paragraphs(docs: dict[str, ParsedDocument], key: str) -> None:
    for paragraph in docs[key].paragraphs:
        text = paragraph.text
        assert text.strip() == text and text
        assert not re.search(rf"{CJK} +{CJK}", text), text
        assert not re.search(r"\d{2}-\d{5}|\*\d{5,}\*|^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$|^\d+/\d+$", text), text
        assert not text.startswith(("Distr.", "Original:")) and text not in ("Chinese", "安全理事会")
        for heading in paragraph.heading_path:
            assert heading and not re.search(rf"{CJK} +{CJK}", heading)


@pytest.mark.parametrize("key", ["000", "003"])
def test_run_on_documents_are_cut_into_readable_paragraphs(docs: dict[str, ParsedDocument], key: str) -> None:
    for paragraph in docs[key].paragraphs:
        assert len(paragraph.text) <= 520
        assert paragraph.text[-1] in "。；：)”\"", paragraph.text[-20:]  # never cut mid-sentence


def test_heading_paths(docs: dict[str, ParsedDocument]) -> None:
    paths_001 = {p.heading_path for p in docs["001"].paragraphs}
    assert {("导言",), ("非洲", "布隆迪"), ("非洲", "中非共和国"), ("美洲", "海地"),
            ("专题问题和其他问题", "小武器")} <= paths_001
    paths_000 = {p.heading_path for p in docs["000"].paragraphs}
    assert {("导言",), ("非洲", "中非共和国"), ("非洲", "马里"), ("中东", "中东局势，包括巴勒斯坦问题"),
            ("欧洲", "塞浦路斯"), ("专题问题和其他问题", "法治")} <= paths_000
    paths_002 = {p.heading_path for p in docs["002"].paragraphs}
    assert ("三.成果", "马里总体局势") in paths_002
    assert all(p.heading_path == ("安全理事会主席声明",) for p in docs["004"].paragraphs)
    for doc in docs.values():  # headings are not paragraphs themselves
        assert not any(p.text in ("非洲", "布隆迪", "导言", "中东") for p in doc.paragraphs)


def test_labels(docs: dict[str, ParsedDocument]) -> None:
    labels = [p.label for p in docs["002"].paragraphs if p.label]
    assert [label for label in labels if label[0].isdigit()] == [f"{n}." for n in range(1, 16)]
    assert labels.count("(a)") == 3 and "(f)" in labels


def test_statement_paragraphs_open_with_quotes(docs: dict[str, ParsedDocument]) -> None:
    assert all(p.text.startswith("“") for p in docs["004"].paragraphs[1:])
    assert sum(p.text.startswith('"') for p in docs["003"].paragraphs) >= 9


def test_signatures_stay_paragraphs(docs: dict[str, ParsedDocument]) -> None:
    assert any(p.text == "比利时常驻联合国代表特命全权大使菲利普·克里德尔卡(签名)" for p in docs["001"].paragraphs)
    assert any(p.text == "潘基文(签名)" for p in docs["002"].paragraphs)


EXPECTED_META = {
    "000": ("2013年4月26日巴基斯坦常驻联合国代表给安全理事会主席的信", "2013-04-26", "assessment"),
    "001": ("2020年11月9日比利时常驻联合国代表给安全理事会主席的信", "2020-11-09", "assessment"),
    "002": ("2013年3月27日秘书长给安全理事会主席的信", "2013-03-27", "letter"),
    "003": ("安全理事会主席的声明", "2009-08-05", "presidential_statement"),
    "004": ("安全理事会主席声明", "2013-08-06", "presidential_statement"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_META))
def test_metadata(docs: dict[str, ParsedDocument], key: str) -> None:
    doc = docs[key]
    assert (doc.title, doc.date, doc.doc_type) == EXPECTED_META[key]
    assert doc.language == "zh" and doc.doc_type in DOC_TYPES
    assert doc.symbol is None  # none of the seeds prints its own symbol
    assert len(doc.symbols) == len(set(doc.symbols))


def test_symbols_and_subjects(docs: dict[str, ParsedDocument]) -> None:
    assert docs["000"].subjects[:2] == ("REGIONAL SECURITY", "PEACEBUILDING") and len(docs["000"].subjects) == 9
    assert docs["003"].subjects[0] == "PEACEKEEPING OPERATIONS" and docs["001"].subjects == ()
    assert {"S/PRST/2013/1", "S/RES/2089 (2013)", "S/2013/7", "S/2010/507"} <= set(docs["000"].symbols)
    assert docs["000"].symbols[0] == "S/RES/2086 (2013)"
    assert {"S/RES/2511 (2020)", "S/PRST/2020/3", "S/2020/139"} <= set(docs["001"].symbols)
    assert docs["002"].symbols == ("S/2013/163",)
    assert {"S/PRST/2004/16", "S/PRST/1994/22", "S/2002/56", "S/RES/1327 (2000)"} <= set(docs["003"].symbols)
    assert docs["004"].symbols == ("S/PRST/2010/1", "S/2006/507", "S/RES/1540 (2004)")


def test_parsing_is_deterministic(docs: dict[str, ParsedDocument]) -> None:
    for key, name in SEED_NAMES.items():
        assert parse_text((SEEDS / name).read_text(encoding="utf-8"), filename=name) == docs[key]


def test_filename_is_only_a_hint(docs: dict[str, ParsedDocument]) -> None:
    text = (SEEDS / SEED_NAMES["001"]).read_text(encoding="utf-8")
    assert parse_text(text).paragraphs == docs["001"].paragraphs


def test_appended_paragraph_is_kept(docs: dict[str, ParsedDocument]) -> None:
    text = (SEEDS / SEED_NAMES["002"]).read_text(encoding="utf-8") + "\n\n新增的一段：安全理事会再次开会。\n"
    doc = parse_text(text, filename=SEED_NAMES["002"])
    assert doc.paragraphs[:-1] == docs["002"].paragraphs
    assert doc.paragraphs[-1].text == "新增的一段：安全理事会再次开会。"


def test_line_endings_and_bom_do_not_matter(docs: dict[str, ParsedDocument]) -> None:
    for key in ("000", "001", "004"):
        text = (SEEDS / SEED_NAMES[key]).read_text(encoding="utf-8")
        assert parse_text("\ufeff" + text.replace("\n", "\r\n"), filename=SEED_NAMES[key]) == docs[key]
