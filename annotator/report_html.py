"""The agreement report as a self-contained HTML page with plots (matplotlib, rendered to
embedded PNGs): a pairwise heatmap, per-label bars and the label confusion matrix."""

from __future__ import annotations

import base64
import html
import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: never a window

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

MEASURES = ("krippendorff_alpha_unitized", "krippendorff_alpha_char", "fleiss_kappa_char", "cohen_kappa_char", "f1_exact", "f1_overlap")
_CJK = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")


def _use_cjk_font() -> None:
    available = {font.name for font in font_manager.fontManager.ttflist}
    chosen = [name for name in _CJK if name in available]
    if chosen:
        plt.rcParams["font.sans-serif"] = chosen + plt.rcParams["font.sans-serif"]


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "<img src='data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode() + "'>"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.3f}"
    return html.escape(str(value))


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_number(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def heatmap(report: dict, measure: str = "f1_overlap") -> str:
    coders = report["annotators"]
    size = len(coders)
    grid = [[1.0 if i == j else math.nan for j in range(size)] for i in range(size)]
    for pair in report["pairs"]:
        i, j = coders.index(pair["a"]), coders.index(pair["b"])
        grid[i][j] = grid[j][i] = pair[measure]
    figure, axes = plt.subplots(figsize=(1.2 + 0.9 * size, 1 + 0.8 * size))
    image = axes.imshow(grid, vmin=0, vmax=1, cmap="viridis")
    axes.set_xticks(range(size), coders, rotation=45, ha="right")
    axes.set_yticks(range(size), coders)
    for i in range(size):
        for j in range(size):
            axes.text(j, i, _number(grid[i][j]), ha="center", va="center", color="white", fontsize=9)
    axes.set_title(f"pairwise {measure}")
    figure.colorbar(image)
    return _png(figure)


def label_bars(report: dict) -> str:
    labels = list(report["per_label"])
    figure, axes = plt.subplots(figsize=(1.5 + 1.3 * len(labels), 3.2))
    shown = ("krippendorff_alpha_unitized", "krippendorff_alpha_char", "f1_overlap")
    width = 0.8 / len(shown)
    for k, measure in enumerate(shown):
        values = [report["per_label"][label][measure] for label in labels]
        axes.bar([i + k * width for i in range(len(labels))], [0 if math.isnan(v) else v for v in values], width, label=measure)
    axes.set_xticks([i + width for i in range(len(labels))], labels)
    axes.set_ylim(min(0, *[report["per_label"][l][m] for l in labels for m in shown if not math.isnan(report["per_label"][l][m])], 0), 1)
    axes.legend(fontsize=8)
    axes.set_title("per label")
    return _png(figure)


def confusion_plot(confusion: dict[tuple[str, str], int]) -> str:
    labels = sorted({a for a, _ in confusion} | {b for _, b in confusion})
    grid = [[confusion.get((a, b), 0) for b in labels] for a in labels]
    figure, axes = plt.subplots(figsize=(1.5 + 0.8 * len(labels), 1.2 + 0.7 * len(labels)))
    axes.imshow(grid, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            axes.text(j, i, str(value), ha="center", va="center", fontsize=8)
    axes.set_xlabel("second annotator")
    axes.set_ylabel("first annotator")
    axes.set_title("labels of spans matched by position")
    return _png(figure)


def render(report: dict, confusion: dict[tuple[str, str], int], title: str) -> str:
    _use_cjk_font()
    overall = [{"scope": "overall", **report["overall"]}] + [{"scope": label, **m} for label, m in report["per_label"].items()]
    columns = ["scope", *MEASURES, "spans", "characters"]
    pair_columns = ["a", "b", "cohen_kappa_char", "krippendorff_alpha_char", "f1_exact", "f1_overlap", "spans_a", "spans_b", "characters"]
    doc_columns = ["id", "title", "krippendorff_alpha_unitized", "krippendorff_alpha_char", "f1_exact", "f1_overlap", "spans", "characters"]
    plots = heatmap(report) + label_bars(report) + (confusion_plot(confusion) if confusion else "")
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}img{margin:1em}</style>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>Annotators: {html.escape(', '.join(report['annotators']))}; documents: {report['documents']}.</p>"
        f"<h2>Overall and per label</h2>{_table(overall, columns)}{plots}"
        f"<h2>Pairs</h2>{_table(report['pairs'], pair_columns)}"
        f"<h2>Documents</h2>{_table(report['per_document'], doc_columns)}"
    )
