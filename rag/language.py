"""Which language a question is in, and the phrases the answer uses in it. Pure logic."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """"zh" when the text has Chinese characters and at least as many of them as Latin letters' words."""
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if cjk and cjk >= latin_words else "en"


PHRASES = {
    "zh": {
        "abstain": "所提供的文件中没有找到该问题的答案。",
        "closest": "最接近的段落：",
        "part_missing": "所提供的文件中没有找到这一问的答案：“{part}”",
        "part_context": "{part}（问题背景：{first}）",
        "no_documents": "还没有导入任何文件：请先运行 `unscqa ingest PATH`。",
    },
    "en": {
        "abstain": "The provided documents do not answer this question.",
        "closest": "Closest passages:",
        "part_missing": "The provided documents do not answer: “{part}”",
        "part_context": "{part} (context: {first})",
        "no_documents": "No documents are ingested yet: run `unscqa ingest PATH` first.",
    },
}
