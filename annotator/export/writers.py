"""One writer per format. A writer gets records one at a time and streams them to disk.

Offsets are Python code points, end exclusive, in every format (Label Studio stores code
points too). Label Studio, CoNLL and brat live in their own modules beside this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import orjson

from ..codebook import Codebook
from .model import ExportRecord

JSON = orjson.OPT_APPEND_NEWLINE
WRITE_BUFFER = 1 << 20


class Writer:
    """Streams records to one file (or folder) of one split part."""

    suffix = ".jsonl"

    def __init__(self, path: Path, tokens: str = "char", *, comments: bool = False, codebook: Codebook | None = None):
        self.path = path
        self.tokens = tokens
        self.comments = comments  # CoNLL: comment lines (and numbered token lines)
        self.codebook = codebook  # brat: the labels and colours of annotation.conf / visual.conf
        # exclusively: never truncate someone's file; a large buffer, so that the records (a few
        # kilobytes to a few dozen each) reach the file in few system calls
        self.handle: IO[bytes] = path.open("xb", buffering=WRITE_BUFFER)
        self.notes: dict[str, int] = {}

    def note(self, what: str, count: int = 1) -> None:
        """Count something the reader should know (the manifest lists the notes)."""
        if count:
            self.notes[what] = self.notes.get(what, 0) + count

    def write(self, record: ExportRecord) -> None:
        self.handle.write(orjson.dumps(self.encode(record), option=JSON))

    def encode(self, record: ExportRecord) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.handle.close()

    def abort(self) -> None:
        """The export failed: stop writing (the exporter then removes what was written)."""
        self.close()


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
            "annotator": record.ours,  # our fields, namespaced: the user's meta stays as it was
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


from .brat import BratWriter  # noqa: E402  (they subclass Writer, defined above)
from .conll import ConllWriter, bio_spans  # noqa: E402,F401
from .labelstudio import LabelStudioWriter  # noqa: E402

WRITERS: dict[str, type[Writer]] = {
    "native": NativeWriter,
    "doccano": DoccanoWriter,
    "spacy": SpacyWriter,
    "prodigy": SpacyWriter,
    "label-studio": LabelStudioWriter,
    "conll": ConllWriter,
    "brat": BratWriter,
}
