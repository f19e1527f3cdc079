"""Eval output: a terminal table, report.json, and a Markdown report with an SVG plot (no plotting library)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COLUMNS = ("questions", "accuracy", "hit@1", "hit@5", "hit@10", "mrr", "citation_precision", "citation_recall",
           "verified_share", "abstention_precision", "abstention_recall", "latency_p50_ms", "latency_p95_ms")
SHORT = {"questions": "n", "citation_precision": "cite P", "citation_recall": "cite R", "verified_share": "verified",
         "abstention_precision": "abst P", "abstention_recall": "abst R", "latency_p50_ms": "p50 ms",
         "latency_p95_ms": "p95 ms"}


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name.startswith("latency"):
        return f"{value:.0f}"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


GROUP_TITLES = {"per_split": "per split (gold = hand-written, silver = generated)",
                "per_language": "per question language", "per_kind": "per kind",
                "per_family": "generated questions per family and language"}


def table(summaries: dict[str, dict[str, Any]], per_kind_of: str | None = None, group: str = "per_kind") -> str:
    """Rows: each pipeline overall, then (for one pipeline) each group of `group` (kind, split, language...)."""
    header = ["pipeline"] + [SHORT.get(c, c) for c in COLUMNS]
    rows = [[name] + [_cell(c, s["overall"].get(c)) for c in COLUMNS] for name, s in summaries.items()]
    if per_kind_of:
        for kind, metrics in summaries[per_kind_of].get(group, {}).items():
            rows.append([f"  {kind}"] + [_cell(c, metrics.get(c)) for c in COLUMNS])
    return _aligned(header, rows)


def _aligned(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(w) if i else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(r, widths, strict=True)))
                     for r in [header, *rows])


def bar_chart(values: dict[str, float], title: str, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG, values in [0, 1]."""
    row = 22
    height = row * len(values) + 30
    bars = []
    for i, (label, value) in enumerate(values.items()):
        y = 25 + i * row
        bars.append(f'<text x="0" y="{y + 14}" font-size="12">{label}</text>'
                    f'<rect x="140" y="{y}" width="{(width - 200) * value:.1f}" height="16" fill="#3b6ea5"/>'
                    f'<text x="{145 + (width - 200) * value:.1f}" y="{y + 13}" font-size="11">{value:.2f}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
            f'<text x="0" y="14" font-size="13" font-weight="bold">{title}</text>{"".join(bars)}</svg>')


def histogram(latencies_ms: list[float], title: str, width: int = 560, bins: int = 12) -> str:
    if not latencies_ms:
        return ""
    top = max(latencies_ms) or 1.0
    counts = [0] * bins
    for value in latencies_ms:
        counts[min(bins - 1, int(value / top * bins))] += 1
    peak = max(counts)
    bar_width = (width - 40) / bins
    rects = "".join(
        f'<rect x="{20 + i * bar_width:.1f}" y="{150 - 120 * c / peak:.1f}" width="{bar_width - 2:.1f}" '
        f'height="{120 * c / peak:.1f}" fill="#a5673b"/>' for i, c in enumerate(counts))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="175">'
            f'<text x="0" y="14" font-size="13" font-weight="bold">{title}</text>{rects}'
            f'<text x="20" y="170" font-size="11">0 ms</text>'
            f'<text x="{width - 80}" y="170" font-size="11">{top:.0f} ms</text></svg>')


def write_reports(out: Path, summaries: dict[str, dict[str, Any]], records: dict[str, list[dict[str, Any]]],
                  main_pipeline: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps({"summaries": summaries, "results": records}, ensure_ascii=False,
                                                indent=2), encoding="utf-8")
    main = summaries[main_pipeline]
    metric = "accuracy" if main["overall"].get("accuracy") is not None else "hit@5"
    charts = {"per_kind": "accuracy_per_kind.svg", "per_family": "accuracy_per_family.svg"}
    for group, name in charts.items():
        values = {k: float(v.get(metric) or 0.0) for k, v in main.get(group, {}).items()}
        (out / name).write_text(bar_chart(values, f"{metric} {GROUP_TITLES[group]}"), encoding="utf-8")
    latencies = [float(r["latency_ms"]) for r in records[main_pipeline]]
    (out / "latency.svg").write_text(histogram(latencies, "latency distribution"), encoding="utf-8")
    lines = ["# Eval report", "", "```", table(summaries), "```", ""]
    for group, title in GROUP_TITLES.items():
        if main.get(group):
            lines += [f"## {main_pipeline} {title}", "", "```", table({main_pipeline: main}, main_pipeline, group),
                      "```", ""]
            if group in charts:
                lines += [f"![{metric} {title}]({charts[group]})", ""]
    lines += ["![latency](latency.svg)", "", *_misses(records[main_pipeline], main_pipeline)]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _misses(records: list[dict[str, Any]], pipeline: str) -> list[str]:
    """Dev-split misses with their answers; test-split misses only counted (read test numbers, never failures)."""
    failures = [r for r in records if r.get("correct") is False or
                (r.get("correct") is None and not r.get("expects_abstain") and (r.get("rank") or 99) > 5)]
    dev = [r for r in failures if r.get("split") != "test"]
    lines = [f"## Misses ({pipeline}): {len(dev)} dev listed, {len(failures) - len(dev)} test not listed", ""]
    lines += [f"- `{r['id']}` ({r['kind']}): rank {r['rank']}, answer: {str(r.get('answer', ''))[:160]}"
              for r in dev] or ["none"]
    return lines
