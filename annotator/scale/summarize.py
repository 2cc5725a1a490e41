"""``summarize``: counts and shares per category by group (e.g. county × year) from the
per-document counts table that ``apply`` wrote, as rows, CSV and an HTML page with plots.

Per group and label: the candidates found (``L``), their share of the group's candidates
(``L_share``) and the share of the group's documents with at least one (``L_docs``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import AnnotatorError
from .apply import COUNTS, MANIFEST

NONE = "(none)"  # the group of documents without the field


@dataclass(frozen=True)
class Group:
    key: tuple[str, ...]
    documents: int
    candidates: int
    counts: tuple[int, ...]  # per label, in Summary.labels order
    documents_with: tuple[int, ...]  # documents with at least one candidate of the label


@dataclass(frozen=True)
class Summary:
    by: tuple[str, ...]
    labels: tuple[str, ...]
    groups: tuple[Group, ...]

    @property
    def columns(self) -> list[str]:
        per_label = [name for label in self.labels for name in (label, f"{label}_share", f"{label}_docs")]
        return [*self.by, "documents", "candidates", *per_label]

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for group in self.groups:
            row: dict[str, Any] = dict(zip(self.by, group.key))
            row.update(documents=group.documents, candidates=group.candidates)
            for label, count, having in zip(self.labels, group.counts, group.documents_with):
                row[label] = count
                row[f"{label}_share"] = count / group.candidates if group.candidates else 0.0
                row[f"{label}_docs"] = having / group.documents if group.documents else 0.0
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows():
            writer.writerow({k: (f"{v:.6f}" if isinstance(v, float) else v) for k, v in row.items()})
        return buffer.getvalue()


def summarize(folder: str | Path, by: Sequence[str]) -> Summary:
    """Group the documents of an ``apply`` output folder by the metadata fields ``by``."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    folder = Path(folder)
    labels = _labels(folder)
    files = sorted((folder / COUNTS).glob("*.parquet"))
    if not files:
        raise AnnotatorError(f"{folder}: no counts tables (counts/*.parquet); is it a folder `annotator apply --out` wrote?")
    # Partitions hold the metadata fields their own documents have: read them as one table.
    schema = pa.unify_schemas([pq.read_schema(path) for path in files])
    missing = [field for field in by if field not in schema.names]
    if missing:
        fields = [n for n in schema.names if n not in labels and n not in ("doc_key", "text_hash")]
        raise AnnotatorError(f"{folder}: no field {', '.join(map(repr, missing))} in the counts; the fields are {', '.join(fields)}")
    table = ds.dataset(files, schema=schema, format="parquet").to_table(columns=[*by, "candidates", *labels])
    columns = {field: pc.fill_null(pc.cast(table.column(field), pa.string()), NONE) for field in by}
    for label in labels:
        columns[label] = table.column(label)
        columns[f"{label}__with"] = pc.cast(pc.greater(table.column(label), 0), pa.int64())
    columns["candidates"] = table.column("candidates")
    grouped = pa.table(columns).group_by(list(by)).aggregate(
        [("candidates", "count"), ("candidates", "sum")]
        + [(label, "sum") for label in labels] + [(f"{label}__with", "sum") for label in labels]
    ).to_pylist()
    groups = [
        Group(
            key=tuple(row[field] for field in by), documents=row["candidates_count"], candidates=row["candidates_sum"] or 0,
            counts=tuple(row[f"{label}_sum"] or 0 for label in labels),
            documents_with=tuple(row[f"{label}__with_sum"] or 0 for label in labels),
        )
        for row in grouped
    ]
    return Summary(tuple(by), labels, tuple(sorted(groups, key=lambda g: tuple(map(natural_key, g.key)))))


def _labels(folder: Path) -> tuple[str, ...]:
    manifest = folder / MANIFEST
    if not manifest.exists():
        raise AnnotatorError(f"{folder}: no {MANIFEST}; is it a folder `annotator apply --out` wrote?")
    return tuple(json.loads(manifest.read_text("utf-8"))["labels"])


def natural_key(value: str) -> tuple:
    """2 before 10, "(none)" last."""
    if value == NONE:
        return ((2, ""),)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", value) if part)


# ---------------------------------------------------------------- the HTML page


def to_html(summary: Summary, title: str) -> str:
    import html

    with warnings.catch_warnings():
        # The SVG keeps text as text: the browser draws the CJK names with its own fonts,
        # even where matplotlib has none to measure them with.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figures = [_shares_figure(summary), _rates_figure(summary)]
    table = _html_table(summary)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        "th{background:#eee}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>Documents grouped by {html.escape(' × '.join(summary.by))}: "
        f"{sum(g.documents for g in summary.groups):,} documents, {sum(g.candidates for g in summary.groups):,} candidates.</p>"
        "<h2>Share of each category among the group's candidates</h2>" + figures[0]
        + "<h2>Candidates per document</h2>" + figures[1]
        + "<h2>Table</h2><p>L = candidates of the category; L_share = their share of the group's candidates; "
        "L_docs = share of the group's documents with at least one.</p>" + table + "</body></html>"
    )


def _html_table(summary: Summary) -> str:
    import html

    def cell(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else html.escape(str(value))

    head = "".join(f"<th>{html.escape(c)}</th>" for c in summary.columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(row[c])}</td>" for c in summary.columns) + "</tr>" for row in summary.rows())
    return f"<table><tr>{head}</tr>{body}</table>"


def _group_names(summary: Summary) -> list[str]:
    return [" × ".join(group.key) for group in summary.groups]


def _shares_figure(summary: Summary) -> str:
    plt = _pyplot()
    names = _group_names(summary)
    figure, axes = plt.subplots(figsize=(max(6.0, 0.45 * len(names) + 2), 4.5))
    bottom = [0.0] * len(names)
    for index, label in enumerate(summary.labels):
        shares = [g.counts[index] / g.candidates if g.candidates else 0.0 for g in summary.groups]
        axes.bar(range(len(names)), shares, bottom=bottom, label=label)
        bottom = [b + s for b, s in zip(bottom, shares)]
    axes.set_xticks(range(len(names)), names, rotation=60, ha="right")
    axes.set_ylabel("share of candidates")
    axes.set_ylim(0, 1)
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(figure)


def _rates_figure(summary: Summary) -> str:
    """Two fields: per label a heatmap (first field × second field); otherwise grouped bars."""
    plt = _pyplot()
    if len(summary.by) == 2:
        rows = sorted({g.key[0] for g in summary.groups}, key=natural_key)
        cols = sorted({g.key[1] for g in summary.groups}, key=natural_key)
        figure, axes_list = plt.subplots(1, len(summary.labels), figsize=(3.2 * len(summary.labels) + 1, 0.35 * len(rows) + 2.5),
                                         squeeze=False)
        for index, (label, axes) in enumerate(zip(summary.labels, axes_list[0])):
            grid = [[float("nan")] * len(cols) for _ in rows]
            for group in summary.groups:
                grid[rows.index(group.key[0])][cols.index(group.key[1])] = group.counts[index] / group.documents
            image = axes.imshow(grid, aspect="auto", cmap="viridis")
            axes.set_title(label)
            axes.set_xticks(range(len(cols)), cols, rotation=60, ha="right")
            axes.set_yticks(range(len(rows)), rows if index == 0 else [""] * len(rows))
            figure.colorbar(image, ax=axes, shrink=0.8)
        figure.tight_layout()
        return _svg(figure)
    names = _group_names(summary)
    figure, axes = plt.subplots(figsize=(max(6.0, 0.6 * len(names) + 2), 4.5))
    width = 0.8 / max(len(summary.labels), 1)
    for index, label in enumerate(summary.labels):
        rates = [g.counts[index] / g.documents if g.documents else 0.0 for g in summary.groups]
        axes.bar([i + index * width for i in range(len(names))], rates, width=width, label=label)
    axes.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names, rotation=60, ha="right")
    axes.set_ylabel("candidates per document")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(figure)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    wanted = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")
    available = {font.name for font in font_manager.fontManager.ttflist}
    plt.rcParams["font.sans-serif"] = [n for n in wanted if n in available] + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: small files, searchable, CJK kept
    return plt


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: drop the XML prolog and doctype
