"""What an exporter writes: one record per document and layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..records import ExportSpan


@dataclass(frozen=True)
class ExportRecord:
    doc_id: int
    title: str
    text: str
    layer: str  # an annotator's name, "gold" or "candidates"
    spans: tuple[ExportSpan, ...]
    meta: Mapping[str, Any]  # the user's metadata of the document, unchanged
    codebook_version: str
    # Our own fields (layer, external_id, script, source_path, source_hash), kept apart from
    # the user's ``meta`` so that neither overwrites the other (native: the "annotator" key).
    ours: Mapping[str, Any] = field(default_factory=dict)
