"""What the page says, in both of its languages: labels, status lines, example questions; and `short`, how long
names are cut. No logic beyond choosing the words."""

from __future__ import annotations

EXAMPLES = (
    "第2511(2020)号决议的表决结果如何？",
    "第2089(2013)号决议的表决结果如何？",
    "2020年2月安理会举行了多少次公开会议？",
    "How many public meetings did the Security Council hold in February 2020?",
)

DOC_TYPE_NAMES = {
    "letter": "信函 letter", "presidential_statement": "主席声明 presidential statement",
    "assessment": "工作评估 assessment", "resolution": "决议 resolution", "report": "报告 report",
    "charter": "宪章 charter", "other": "其他 other",
}
BRIEFING_QUOTES = (("引文及对照译本 Quote + other language", "both"), ("仅引文 Quote only", "cited"),
                   ("中文本 Chinese text", "zh"), ("英文本 English text", "en"))  # ui.briefing.QUOTES
LANGUAGE_CHOICES = (("任何 any", ""), ("中文 Chinese", "zh"), ("英文 English", "en"))

WORDS = {
    "zh": {
        "loading": "正在加载模型（仅第一次提问时需要，约半分钟）……",
        "searching": "正在检索文件……",
        "drafting": "正在生成答案（核实前的草稿）……",
        "draft": "草稿 · 尚未核实",
        "verified": "已核实",
        "abstained": "未能回答",
        "citations": "引用",
        "error": "出错了",
        "done": "✓ 答案已核实：{n} 条引用，用时 {s:.1f} 秒。点击引用查看原文段落。",
        "done_abstain": "答案未找到：下面列出最接近的段落（{s:.1f} 秒）。",
        "no_docs_upload": "也可以在“文件”标签页上传文件。",
        "type": "类型", "date": "日期", "paragraph": "段落", "language": "语言", "symbol": "文号",
        "whole_document": "全文", "no_date": "无日期", "pick": "点击答案下方的引用，即可在此查看原文段落。",
        "missing": "该段落已不在文件库中（文件可能已被删除或重新导入）。",
        "symbol_unknown": "文号不详",
        "unknown_named": "{title}（文号不详）",
        "superseded": "已被取代",
        "superseded_by": "已被 {symbol} 取代",
        "open_un": "在联合国正式文件系统中打开 {symbol}",
    },
    "en": {
        "loading": "Loading the models (first question only, about half a minute)…",
        "searching": "Searching the documents…",
        "drafting": "Writing the answer (unverified draft)…",
        "draft": "Draft · not yet verified",
        "verified": "Verified",
        "abstained": "Not answered",
        "citations": "Citations",
        "error": "Error",
        "done": "✓ Verified answer: {n} citation(s), {s:.1f} s. Click a citation to read the paragraph.",
        "done_abstain": "No answer found: the closest passages are listed ({s:.1f} s).",
        "no_docs_upload": "Or upload files in the Documents tab.",
        "type": "Type", "date": "Date", "paragraph": "Paragraph", "language": "Language", "symbol": "Symbol",
        "whole_document": "Whole document", "no_date": "n.d.",
        "pick": "Click a citation under an answer to read the cited paragraph here.",
        "missing": "This paragraph is no longer in the store (the document may have been removed or re-ingested).",
        "symbol_unknown": "symbol unknown",
        "unknown_named": "{title} (symbol unknown)",
        "superseded": "superseded",
        "superseded_by": "superseded by {symbol}",
        "open_un": "Open {symbol} in the UN Official Document System",
    },
}

CHIPS_LABEL = "引用 Citations — 点击查看原文 click to read the paragraph"
CLOSEST_LABEL = "最接近的段落 Closest passages — 点击查看 click to read"


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def both(key: str, separator: str = " ", **values: str) -> str:
    """The words in Chinese then English, for the bilingual parts of the page (the documents tab)."""
    return f"{WORDS['zh'][key].format(**values)}{separator}{WORDS['en'][key].format(**values)}"


def short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Many users (issue 14): a question waiting for its turn, said in the question's language; uploads refused before
# anything is stored, in both languages like the rest of the documents tab.
WORDS["zh"]["queued"] = "排队中，前面还有 {n} 个问题……"
WORDS["en"]["queued"] = "Queued, {n} ahead…"
WORDS["zh"]["busy"] = "请等上一个问题回答完毕再提问。"
WORDS["en"]["busy"] = "Please wait until the previous question is answered."
UPLOAD_REFUSED = {
    "type": "unsupported file type {suffix}; supported: {supported} · 不支持的文件类型",
    "empty": "empty file · 空文件",
    "size": "too large: {size} > limit {limit} · 文件过大",
    "content": "not a {kind} file (its content does not match the name) · 文件内容与类型不符",
    "unreadable": "cannot read: {reason} · 无法读取",
}
