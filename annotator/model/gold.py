"""Gold corpora on disk, for the starter model and the benchmarks.

Two formats: a JSONL file (one ``{"file", "spans"}`` per line, the articles in a folder
beside it, as tests/data/gold_seeds.jsonl) and a corpus folder of ``NAME.txt`` +
``NAME.gold.json`` (``{"file", "split", "spans"}``). Test splits are never read for training:
:func:`load_gold` takes the split to keep.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    split: str | None = None


def load_gold(source: Path, texts: Path | None = None, split: str | None = None) -> list[GoldDocument]:
    """Gold documents from a JSONL file (articles in ``texts``) or a corpus folder."""
    source = Path(source)
    if source.is_dir():
        documents = [_from_gold_json(path) for path in sorted(source.rglob("*.gold.json"))]
    else:
        documents = list(_from_jsonl(source, Path(texts) if texts else source.parent))
    if split is not None:
        documents = [d for d in documents if d.split == split]
    return documents


def _from_gold_json(path: Path) -> GoldDocument:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise InputError(path, f"not a gold file ({exc})") from exc
    text_path = path.with_name(record.get("file") or path.name.removesuffix(".gold.json") + ".txt")
    return _document(path, text_path, record, record.get("split"))


def _from_jsonl(path: Path, folder: Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            record = json.loads(line)
            yield _document(path, folder / record["file"], record, record.get("split"), number)


def _document(source: Path, text_path: Path, record: dict, split: str | None, line: int | None = None) -> GoldDocument:
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(source, f"the article {text_path} cannot be read ({exc.strerror})", line) from exc
    spans = []
    for span in record.get("spans", []):
        start, end, label = int(span["start"]), int(span["end"]), str(span["label"])
        if not 0 <= start < end <= len(text) or ("text" in span and text[start:end] != span["text"]):
            raise InputError(source, f"span {start}:{end} {label} does not match the text of {text_path.name}", line)
        spans.append((start, end, label))
    return GoldDocument(text_path.name, text, tuple(sorted(spans)), split)


def write_inline(documents: Sequence[GoldDocument], path: Path) -> None:
    """Gold documents as one JSONL file carrying their texts (``{"name", "text", "spans"}``):
    the starter corpus shipped with the package, which project models are trained on too."""
    lines = [
        json.dumps({"name": d.name, "text": d.text, "spans": [[s, e, l] for s, e, l in d.spans]}, ensure_ascii=False)
        for d in documents
    ]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_inline(path: Path) -> list[GoldDocument]:
    """The documents of a file :func:`write_inline` wrote."""
    documents = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            spans = tuple(sorted((int(s), int(e), str(l)) for s, e, l in record["spans"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(path, f"not a gold document ({exc})", number) from exc
        if not all(0 <= s < e <= len(text) for s, e, _ in spans):
            raise InputError(path, "a span lies outside its text", number)
        documents.append(GoldDocument(record.get("name", f"line {number}"), text, spans))
    return documents
