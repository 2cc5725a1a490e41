"""One writer per format. A writer gets records one at a time and streams them to disk.

Offsets are Python code points, end exclusive, except Label Studio's, which are JavaScript
string offsets (UTF-16 units) as the Label Studio editor computes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Callable

import orjson

from ..records import ExportSpan
from .model import ExportRecord

JSON = orjson.OPT_APPEND_NEWLINE


def _utf16(text: str, offset: int) -> int:
    """A code point offset as a UTF-16 offset (for Label Studio)."""
    prefix = text[:offset]
    return offset + sum(1 for char in prefix if ord(char) > 0xFFFF)


class Writer:
    """Streams records to one file (or folder) of one split part."""

    suffix = ".jsonl"

    def __init__(self, path: Path, tokens: str = "char"):
        self.path = path
        self.tokens = tokens
        self.handle: IO[bytes] = path.open("xb")  # exclusively: never truncate someone's file
        self.notes: dict[str, int] = {}

    def write(self, record: ExportRecord) -> None:
        self.handle.write(orjson.dumps(self.encode(record), option=JSON))

    def encode(self, record: ExportRecord) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.handle.close()


class NativeWriter(Writer):
    def encode(self, record: ExportRecord) -> Any:
        return {
            "id": record.doc_id,
            "title": record.title,
            "text": record.text,
            "spans": [
                {
                    "start": s.start, "end": s.end, "label": s.label, "text": s.text, "annotator": s.annotator,
                    "status": s.status, "source": s.source, "comment": s.comment, "uncertain": s.uncertain,
                }
                for s in record.spans
            ],
            "meta": record.meta,
            "codebook_version": record.codebook_version,
        }


class DoccanoWriter(Writer):
    def encode(self, record: ExportRecord) -> Any:
        return {"id": record.doc_id, "text": record.text, "label": [[s.start, s.end, s.label] for s in record.spans]}


class SpacyWriter(Writer):
    """spaCy / Prodigy: ``{"text", "spans", "answer", "meta"}``."""

    def encode(self, record: ExportRecord) -> Any:
        return {
            "text": record.text,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in record.spans],
            "answer": "accept",
            "meta": {"id": record.doc_id, "title": record.title, "annotator": record.layer},
        }


class LabelStudioWriter(Writer):
    """A JSON array of tasks; annotators' spans as annotations, candidates as predictions."""

    suffix = ".json"

    def __init__(self, path: Path, tokens: str = "char"):
        super().__init__(path, tokens)
        self.handle.write(b"[\n")
        self.first = True

    def write(self, record: ExportRecord) -> None:
        if not self.first:
            self.handle.write(b",\n")
        self.first = False
        self.handle.write(orjson.dumps(self.encode(record)))

    def encode(self, record: ExportRecord) -> Any:
        result = [
            {
                "id": f"s{number}", "from_name": "label", "to_name": "text", "type": "labels",
                "value": {
                    "start": _utf16(record.text, s.start), "end": _utf16(record.text, s.end),
                    "text": s.text, "labels": [s.label],
                },
            }
            for number, s in enumerate(record.spans)
        ]
        entry = {"result": result, "model_version" if record.layer == "candidates" else "completed_by": record.layer}
        key = "predictions" if record.layer == "candidates" else "annotations"
        return {"id": record.doc_id, "data": {"text": record.text, "title": record.title}, key: [entry]}

    def close(self) -> None:
        self.handle.write(b"\n]\n")
        super().close()


def bio_spans(spans: list[ExportSpan]) -> tuple[list[ExportSpan], int]:
    """BIO cannot overlap: keep the longer span (then the earlier), drop what overlaps it.
    Returns the kept spans and how many were dropped."""
    kept: list[ExportSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start), len(spans) - len(kept)


class ConllWriter(Writer):
    """BIO, one character per line (whitespace characters are skipped), or one jieba word per
    line with tokens="jieba" (a word that touches a span is in it); B- marks the first unit
    written of each span; a blank line ends a document, a ``# doc_id`` comment starts it."""

    suffix = ".conll"

    def __init__(self, path: Path, tokens: str = "char"):
        super().__init__(path, tokens)
        self.segmenter: Callable[[str], list[tuple[str, int, int]]] | None = None
        if tokens == "jieba":
            from ..segment import default_segmenter

            tokenizer = default_segmenter().tokenizer
            self.segmenter = lambda text: list(tokenizer.tokenize(text, HMM=True))

    def write(self, record: ExportRecord) -> None:
        spans, dropped = bio_spans(list(record.spans))
        self.notes["overlapping spans dropped"] = self.notes.get("overlapping spans dropped", 0) + dropped
        owner = [-1] * len(record.text)  # which kept span covers each character
        for index, span in enumerate(spans):
            owner[span.start: span.end] = [index] * (span.end - span.start)
        lines = [f"# doc_id = {record.doc_id}", f"# annotator = {record.layer}"]
        units = self.segmenter(record.text) if self.segmenter else [(c, i, i + 1) for i, c in enumerate(record.text)]
        previous = -1
        for token, start, end in units:
            if not token.strip():
                continue  # whitespace is not written, and so never carries a B- tag
            index = next((o for o in owner[start:end] if o >= 0), -1)  # a unit touching a span is in it
            tag = "O" if index < 0 else f"{'I' if index == previous else 'B'}-{spans[index].label}"
            lines.append(f"{token}\t{tag}")
            previous = index
        self.handle.write(("\n".join(lines) + "\n\n").encode("utf-8"))


class BratWriter(Writer):
    """A folder of ``<doc>.txt`` + ``<doc>.ann`` standoff files; a span across a line break is
    written as fragments; comments become AnnotatorNotes."""

    suffix = ""

    def __init__(self, path: Path, tokens: str = "char"):
        self.path, self.tokens, self.notes = path, tokens, {}
        path.mkdir()  # exclusively: never write into someone's folder
        labels: set[str] = set()
        self.labels = labels

    def write(self, record: ExportRecord) -> None:
        stem = f"{record.doc_id}_{record.layer}"
        (self.path / f"{stem}.txt").write_text(record.text, encoding="utf-8", newline="\n")
        lines = []
        for number, span in enumerate(record.spans, start=1):
            fragments = _fragments(record.text, span.start, span.end)
            offsets = ";".join(f"{a} {b}" for a, b in fragments)
            shown = " ".join(record.text[a:b] for a, b in fragments)
            lines.append(f"T{number}\t{span.label} {offsets}\t{shown}")
            if span.comment:  # one line per note: a line break would end the entry
                note = " ".join(span.comment.split())
                lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}")
            self.labels.add(span.label)
        (self.path / f"{stem}.ann").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8", newline="\n")

    def close(self) -> None:
        config = "[entities]\n" + "\n".join(sorted(self.labels)) + "\n[relations]\n[events]\n[attributes]\n"
        (self.path / "annotation.conf").write_text(config, encoding="utf-8")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    fragments, position = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            fragments.append((position, position + len(piece)))
        position += len(piece) + 1
    return fragments or [(start, end)]


WRITERS: dict[str, type[Writer]] = {
    "native": NativeWriter,
    "doccano": DoccanoWriter,
    "spacy": SpacyWriter,
    "prodigy": SpacyWriter,
    "label-studio": LabelStudioWriter,
    "conll": ConllWriter,
    "brat": BratWriter,
}
