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


def table(summaries: dict[str, dict[str, Any]], per_kind_of: str | None = None) -> str:
    """Rows: each pipeline overall, then (for one pipeline) each kind."""
    header = ["pipeline"] + [SHORT.get(c, c) for c in COLUMNS]
    rows = [[name] + [_cell(c, s["overall"].get(c)) for c in COLUMNS] for name, s in summaries.items()]
    if per_kind_of:
        for kind, metrics in summaries[per_kind_of]["per_kind"].items():
            rows.append([f"  {kind}"] + [_cell(c, metrics.get(c)) for c in COLUMNS])
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
    per_kind = summaries[main_pipeline]["per_kind"]
    metric = "accuracy" if summaries[main_pipeline]["overall"].get("accuracy") is not None else "hit@5"
    chart = bar_chart({k: float(v.get(metric) or 0.0) for k, v in per_kind.items()}, f"{metric} per kind")
    latencies = [float(r["latency_ms"]) for r in records[main_pipeline]]
    (out / "accuracy_per_kind.svg").write_text(chart, encoding="utf-8")
    (out / "latency.svg").write_text(histogram(latencies, "latency distribution"), encoding="utf-8")
    failures = [r for r in records[main_pipeline] if r.get("correct") is False or
                (r.get("correct") is None and not r.get("expects_abstain") and (r.get("rank") or 99) > 5)]
    lines = ["# Eval report", "", "```", table(summaries, per_kind_of=main_pipeline), "```", "",
             f"![{metric} per kind](accuracy_per_kind.svg)", "", "![latency](latency.svg)", "",
             f"## Misses ({main_pipeline})", ""]
    lines += [f"- `{r['id']}` ({r['kind']}): rank {r['rank']}, answer: {str(r.get('answer', ''))[:160]}"
              for r in failures] or ["none"]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
