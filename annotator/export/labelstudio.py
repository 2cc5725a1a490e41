"""Label Studio: a JSON array of tasks, one task per document.

What Label Studio (1.2x) takes on import, checked against its task serializer
(``tasks/serializers.py``, ``BaseTaskSerializerBulk``):

- offsets are code points (Label Studio counts characters as Python does, astral ones included);
- an annotation's ``completed_by`` must be the id or ``{"email"}`` of a member of the Label
  Studio organisation, which an export cannot know: it is left out, so the annotations belong
  to whoever imports them. Label Studio keeps no free field on an annotation, but keeps the
  task's ``meta``: the annotators' names go there, keyed by the annotation's ``id`` (kept by
  Label Studio as ``import_id``), under ``meta["annotator"]["layers"]``;
- every layer of a document is one annotation of its task (gold ones are ``ground_truth``);
  candidates are predictions, one per rule (``model_version`` = the rule) with the rule's
  mean ``score`` and each region's own ``score``;
- a span's comment is the region's ``meta.text``, as Label Studio's editor keeps it.
"""

from __future__ import annotations

import itertools
import operator
from pathlib import Path
from typing import Any

import orjson

from ..records import GOLD_LAYER, ExportSpan
from ..records import LABEL_STUDIO_META_KEY as META_KEY  # our key in the task's meta, read back by interchange
from .model import ExportRecord
from .writers import Writer

FROM_NAME = "label"  # the <Labels name="…"> of the labelling config (see README)
TO_NAME = "text"  # the <Text name="…" value="$text"> it labels


class LabelStudioWriter(Writer):
    suffix = ".json"

    def __init__(self, path: Path, tokens: str = "char", **settings: Any):
        super().__init__(path, tokens, **settings)
        self.handle.write(b"[\n")
        self.first = True
        self.pending: list[ExportRecord] = []  # the layers of the document being written

    def write(self, record: ExportRecord) -> None:
        """Records come document by document: a document's layers are gathered into one task."""
        if self.pending and self.pending[0].doc_id != record.doc_id:
            self._flush()
        self.pending.append(record)

    def _flush(self) -> None:
        if not self.pending:
            return
        if not self.first:
            self.handle.write(b",\n")
        self.first = False
        self.handle.write(orjson.dumps(task(self.pending)))
        self.pending = []

    def close(self) -> None:
        if not self.handle.closed:
            self._flush()
            self.handle.write(b"\n]\n")
        super().close()


def task(records: list[ExportRecord]) -> dict[str, Any]:
    """One Label Studio task from the layers (records) of one document."""
    first = records[0]
    annotations: list[dict[str, Any]] = []
    predictions: list[dict[str, Any]] = []
    layers: dict[str, str] = {}
    for record in records:
        if record.layer == "candidates":
            predictions.extend(_predictions(record.spans))
            continue
        number = len(annotations) + 1
        layers[str(number)] = record.layer
        annotations.append({
            "id": number,
            "ground_truth": record.layer == GOLD_LAYER,
            "was_cancelled": False,
            "result": _regions(f"a{number}s", record.spans),
        })
    entry: dict[str, Any] = {"id": first.doc_id, "data": {"text": first.text, "title": first.title}}
    if annotations:
        entry["annotations"] = annotations
        entry["meta"] = {META_KEY: {"layers": layers}}
    if predictions:
        entry["predictions"] = predictions
    return entry


def _predictions(spans: tuple[ExportSpan, ...]) -> list[dict[str, Any]]:
    by_rule: dict[str, list[ExportSpan]] = {}
    for span in spans:
        by_rule.setdefault(span.source, []).append(span)
    predictions = []
    for number, (rule, members) in enumerate(sorted(by_rule.items()), start=1):
        scores = [s.score for s in members if s.score is not None]
        result = []
        for index, span in enumerate(members, start=1):
            region = _region(f"p{number}s{index}", span)
            if span.score is not None:
                region["score"] = span.score
            result.append(region)
        prediction: dict[str, Any] = {"model_version": rule, "result": result}
        if scores:
            prediction["score"] = sum(scores) / len(scores)
        predictions.append(prediction)
    return predictions


def _regions(prefix: str, spans: tuple[ExportSpan, ...]) -> list[dict[str, Any]]:
    """The regions of an annotation, ids ``prefix`` + 1, 2, …: made in one comprehension (no
    function call per span) when no span has a comment, as :func:`_region` makes them."""
    if any(map(_COMMENT, spans)):
        return [_region(f"{prefix}{index}", span) for index, span in enumerate(spans, start=1)]
    return [
        {"id": f"{prefix}{index}", "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
         "value": {"start": start, "end": end, "text": text, "labels": [label]}}
        for index, (start, end, label, text) in zip(itertools.count(1), map(_FIELDS, spans))
    ]


_COMMENT = operator.itemgetter(7)  # of an ExportSpan
_FIELDS = operator.itemgetter(0, 1, 2, 3)  # start, end, label, text


def _region(region_id: str, span: ExportSpan) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": region_id, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
    }
    if span.comment:
        region["meta"] = {"text": [span.comment]}
    return region
