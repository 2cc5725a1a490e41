"""What an exporter writes: one record per document and layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..records import ExportSpan


@dataclass(frozen=True)
class ExportRecord:
    doc_id: int
    title: str
    text: str
    layer: str  # an annotator's name, "gold" or "candidates"
    spans: tuple[ExportSpan, ...]
    meta: Mapping[str, Any]
    codebook_version: str
