"""brat standoff: a folder of ``<doc>_<layer>.txt`` + ``.ann`` pairs, with ``annotation.conf``
and ``visual.conf`` so brat can show the labels in the codebook's colours.

Checked against brat's reader (``server/src/annotation.py``): an ``.ann`` file is read with
``codecs`` ``readlines()``, which breaks lines at every Unicode line boundary (``\\n``, ``\\r``,
``\\x0b``, ``\\x0c``, ``\\x1c``–``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``), and a text-bound
line ``T1<TAB>TYPE START END[;START END…]<TAB>TEXT`` must give as TEXT exactly the text of its
fragments joined by one space. So no fragment may hold a line boundary: a span across one is
written as fragments, and a line boundary at the very start or end of a span cannot be marked
at all. Such a span is written without it and counted in the manifest's notes; a span made of
line boundaries only is left out and counted.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import re
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError
from ..records import ExportSpan
from .folder import FileMaker
from .model import ExportRecord
from .writers import Writer

LINE_BOUNDARIES = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits at
_UNSAFE_NAME = re.compile(r"[^\w\-]", re.UNICODE)  # keeps letters (any script), digits, _ and -
_TYPE = re.compile(r"^[^\s|,;#<>=:]+$")  # what a type name in annotation.conf and an .ann line can hold
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str, limit: int = 60) -> str:
    """A file name part from any annotator or document name: letters, digits, _ and - only;
    a name that had to change gets a short hash of the original, so two names never meet."""
    safe = _UNSAFE_NAME.sub("_", name)[:limit] or "_"
    if safe != name or safe.upper() in _RESERVED:
        safe = f"{safe}-{hashlib.sha1(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return safe


_BOUNDARY = re.compile(f"[{re.escape(LINE_BOUNDARIES)}]")
_RUN = re.compile(f"[^{re.escape(LINE_BOUNDARIES)}]+")  # a fragment: found by the regex engine, not a loop here
_LABEL, _TEXT, _COMMENT = operator.itemgetter(2), operator.itemgetter(3), operator.itemgetter(7)  # of an ExportSpan
_VALUES = operator.itemgetter(2, 0, 1, 3)  # label, start, end, text: the values of a span's entry


@functools.lru_cache(maxsize=256)
def _entries(count: int) -> tuple[str, ...]:
    """Text-bound entries T1 … T<count> of one fragment each, to fill with _VALUES."""
    return tuple(f"T{number}\t%s %d %d\t%s\n" for number in range(1, count + 1))


@functools.lru_cache(maxsize=256)
def _template(count: int) -> str:
    return "".join(_entries(count))


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) as the runs between line boundaries (the boundaries are not in any run)."""
    if _BOUNDARY.search(text, start, end) is None:  # most spans: one run, found in C
        return [(start, end)] if start < end else []
    return [match.span() for match in _RUN.finditer(text, start, end)]


class BratWriter(Writer):
    suffix = ""

    def __init__(self, path: Path, tokens: str = "char", **settings: Any):
        self.path, self.tokens, self.notes = path, tokens, {}
        self.comments = settings.get("comments", False)
        self.codebook = settings.get("codebook")
        path.mkdir()  # exclusively: never write into someone's folder
        self.labels: set[str] = set()
        # two files a document, created by a second process while this one makes the next ones
        self.files = FileMaker(path)

    def write(self, record: ExportRecord) -> None:
        stem = f"{record.doc_id}_{safe_name(record.layer)}"
        text, spans = record.text, record.spans
        labels = set(map(_LABEL, spans))
        for label in labels - self.labels:
            _check_label(label)
        ann = None if any(map(_COMMENT, spans)) else self._plain_ann(text, spans)
        if ann is None:
            lines = self._lines(text, spans)
            ann = "\n".join(lines) + ("\n" if lines else "")
        else:
            self.labels |= labels
        self.files.add(f"{stem}.txt", text.encode("utf-8"))
        self.files.add(f"{stem}.ann", ann.encode("utf-8"))

    def _plain_ann(self, text: str, spans: tuple[ExportSpan, ...]) -> str | None:
        """The .ann text of spans without notes, each span one entry T1, T2, …: one %-format
        of all the document's entries (a template of as many entries, numbered, made once per
        count), their values gathered by ``map`` and ``chain`` -- no Python step per span --,
        the few spans holding a line break (found in C) given as fragments. None (for
        :meth:`_lines`) when a span is line breaks only: it is left out, and the entries after
        it are numbered one lower."""
        values = list(map(_VALUES, spans))
        crossing = list(itertools.compress(range(len(spans)), map(_BOUNDARY.search, map(_TEXT, spans))))
        if not crossing:  # no fragments: the template as it is
            return _template(len(spans)) % tuple(itertools.chain.from_iterable(values))
        runs_of = [fragments(text, spans[index].start, spans[index].end) for index in crossing]
        if not all(runs_of):
            return None
        entries = list(_entries(len(spans)))
        for index, runs in zip(crossing, runs_of):
            label, start, end, _ = values[index]
            if runs[0][0] != start or runs[-1][1] != end:
                self.note("spans starting or ending on a line break: written without it (brat cannot mark it)")
            entries[index] = f"T{index + 1}\t%s %s\t%s\n"
            values[index] = (label, ";".join(f"{a} {b}" for a, b in runs), " ".join(text[a:b] for a, b in runs))
        return "".join(entries) % tuple(itertools.chain.from_iterable(values))

    def _lines(self, text: str, spans: tuple[ExportSpan, ...]) -> list[str]:
        lines = []
        number = 0
        search = _BOUNDARY.search
        for span in spans:
            start, end = span.start, span.end
            if search(text, start, end) is None:  # most spans: one run, found in C
                runs = [(start, end)]
            else:
                runs = fragments(text, start, end)
                if not runs:
                    self.note("spans of line breaks only (brat cannot mark them): left out")
                    continue
                if runs[0][0] != start or runs[-1][1] != end:
                    self.note("spans starting or ending on a line break: written without it (brat cannot mark it)")
            number += 1
            if len(runs) == 1:  # most spans: no fragments to join
                (a, b), = runs
                lines.append(f"T{number}\t{span.label} {a} {b}\t{text[a:b]}")
            else:
                offsets = ";".join(f"{a} {b}" for a, b in runs)
                shown = " ".join(text[a:b] for a, b in runs)
                lines.append(f"T{number}\t{span.label} {offsets}\t{shown}")
            if span.comment:  # one line per note: a line boundary would end the entry
                note = " ".join(span.comment.split())
                lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}")
            self.labels.add(span.label)
        return lines

    def close(self) -> None:
        self.files.finish()  # every .txt and .ann made, or the OSError of the first that was not
        categories = {c.id: c for c in self.codebook.categories} if self.codebook else {}
        # every label of the codebook brat can hold (so it can be annotated), then any other used
        labels = [label for label in categories if _TYPE.match(label)] + sorted(self.labels - set(categories))
        annotation = "[entities]\n" + "".join(f"{label}\n" for label in labels) + "\n[relations]\n\n[events]\n\n[attributes]\n"
        (self.path / "annotation.conf").write_text(annotation, encoding="utf-8", newline="\n")
        names, drawing = [], []
        for label in labels:
            category = categories.get(label)
            if category is not None:
                full = " ".join(f"{category.name_en} {category.name_zh}".replace("|", "/").split())
                names.append(f"{label} | {full} | {label}")
                drawing.append(f"{label}\tbgColor:{category.colour}")
        drawing.append("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken")
        visual = "[labels]\n" + "".join(f"{line}\n" for line in names) + "\n[drawing]\n" + "".join(f"{line}\n" for line in drawing)
        (self.path / "visual.conf").write_text(visual, encoding="utf-8", newline="\n")


    def abort(self) -> None:
        self.files.abort()  # nothing is created in the folder after this: it can be removed


def _check_label(label: str) -> None:
    if not _TYPE.match(label):
        raise AnnotatorError(
            f"label {label!r} cannot be a brat type (no whitespace or | , ; # < > = :); rename it in the codebook"
        )
