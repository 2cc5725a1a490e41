"""``sample``: pick documents of a corpus for annotation, as JSONL ``annotator import`` reads.

Stratified: the sample's documents are spread over the strata (combinations of the ``by``
metadata fields) in proportion to the strata's sizes (largest remainders). Within a stratum
documents are taken in a random order fixed by the seed and the document itself (a hash, so
the same seed picks the same documents however the corpus is cut into partitions), or first
by a preference: ``dense`` (most candidates per 1,000 characters) or ``uncertain`` (a candidate
whose score is nearest 0.5: where the project's detection is least sure).

Two passes over the corpus, memory bounded by ``n`` per stratum: the first keeps each
stratum's best ``n`` (a locator, not the text), the second reads the chosen records.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from .. import corpus
from ..errors import AnnotatorError, InputError
from ..records import NewDocument
from .apply import ApplySetup, detector_for, document_key, meta_text
from .sources import DEFAULT_PARTITION_BYTES, Partition, corpus_files, plan_partitions, read_partition

PREFERENCES = ("dense", "uncertain")

Stratum = tuple[str | None, ...]
Pick = tuple[tuple, int, int]  # (order key, partition number, record index in the partition)


@dataclass(frozen=True)
class SampleSpec:
    n: int
    by: tuple[str, ...] = ()
    seed: int = 0
    prefer: str | None = None
    options: corpus.ReadOptions = corpus.ReadOptions()


@dataclass(frozen=True)
class SampleReport:
    documents: tuple[dict[str, Any], ...]  # JSONL records for `annotator import`
    strata: tuple[tuple[Stratum, int, int], ...]  # (stratum, documents in the corpus, chosen)
    bad: tuple[InputError, ...]


def sample_corpus(inputs: Sequence[str | Path], spec: SampleSpec, setup: ApplySetup | None = None,
                  partition_bytes: int = DEFAULT_PARTITION_BYTES, client: Any = None) -> SampleReport:
    """Choose ``spec.n`` documents; ``setup`` (the project's detection) is needed for a preference.

    With ``client`` (a ``dask.distributed.Client``) the partitions are read on its cluster;
    without, in this process."""
    if spec.prefer is not None and spec.prefer not in PREFERENCES:
        raise AnnotatorError(f"unknown preference {spec.prefer!r}; use one of {', '.join(PREFERENCES)}")
    if spec.prefer is not None and setup is None:
        raise AnnotatorError(f"--prefer {spec.prefer} needs the project's detection (--project)")
    files, bad = corpus_files(inputs)
    partitions, problems = plan_partitions(files, partition_bytes, spec.options.encoding)
    bad += problems
    sizes: Counter[Stratum] = Counter()
    best: dict[Stratum, list[Pick]] = {}
    for partition_sizes, partition_best, partition_bad in _map(client, scan_partition, partitions, spec, setup):
        sizes.update(partition_sizes)
        bad += partition_bad
        for stratum, picks in partition_best.items():
            best[stratum] = heapq.nsmallest(spec.n, best.get(stratum, []) + picks)
    quotas = allocate(spec.n, sizes)
    chosen = {stratum: sorted(best[stratum])[:quota] for stratum, quota in quotas.items()}
    wanted: dict[int, dict[int, tuple[Stratum, int]]] = {}
    for stratum, picks in chosen.items():
        for rank, (_, number, index) in enumerate(picks):
            wanted.setdefault(number, {})[index] = (stratum, rank)
    chosen_parts = [(partition, wanted[partition.number]) for partition in partitions if partition.number in wanted]
    records = [item for found in _map(client, pick_records, chosen_parts, spec) for item in found]
    records.sort(key=lambda item: (_sortable(item[0]), item[1]))
    strata = tuple((stratum, sizes[stratum], quotas.get(stratum, 0)) for stratum in sorted(sizes, key=_sortable))
    return SampleReport(tuple(record for _, _, record in records), strata, tuple(bad))


def scan_partition(partition: Partition, spec: SampleSpec, setup: ApplySetup | None
                   ) -> tuple[Counter, dict[Stratum, list[Pick]], list[InputError]]:
    """Per stratum: how many documents, and the best ``n`` of them in this partition."""
    detector = detector_for(setup) if spec.prefer is not None and setup is not None else None
    sizes: Counter[Stratum] = Counter()
    heaps: dict[Stratum, list] = {}
    bad: list[InputError] = []
    for index, record in _indexed(partition, spec.options):
        if isinstance(record, InputError):
            bad.append(record)
            continue
        stratum = tuple(field_value(record, field) for field in spec.by)
        sizes[stratum] += 1
        order = (*_preference(record, spec.prefer, detector, setup), random_rank(spec.seed, record))
        heap = heaps.setdefault(stratum, [])
        item = (tuple(-value for value in order), partition.number, index)  # a max-heap of the n smallest
        if len(heap) < spec.n:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)
    best = {stratum: [(tuple(-value for value in order), number, index) for order, number, index in heap]
            for stratum, heap in heaps.items()}
    return sizes, best, bad


def pick_records(chosen: tuple[Partition, dict[int, tuple[Stratum, int]]], spec: SampleSpec
                 ) -> list[tuple[Stratum, int, dict[str, Any]]]:
    """The chosen records of one partition (by index), as import records."""
    partition, wanted = chosen
    return [(*wanted[index], _import_record(record, spec, wanted[index][0]))
            for index, record in _indexed_documents(partition, spec.options) if index in wanted]


def _map(client: Any, function, items: Sequence, *args) -> Iterator:
    """``function(item, *args)`` for each item, in order: on the cluster or here."""
    if client is None:
        for item in items:
            yield function(item, *args)
        return
    shipped = [arg if arg is None else client.scatter(arg, broadcast=True, hash=False) for arg in args]
    futures = client.map(function, list(items), *[[a] * len(items) for a in shipped], pure=False)
    try:
        for future in futures:
            yield future.result()
    finally:
        client.cancel(futures)


def field_value(document: NewDocument, field: str) -> str | None:
    """A metadata field, else the document's script (a field of apply's counts table too, so
    `sample --by script` and `summarize --by script` group alike)."""
    if field in document.meta:
        return meta_text(document.meta[field])
    return document.script if field == "script" else None


def _preference(document: NewDocument, prefer: str | None, detector, setup: ApplySetup | None) -> tuple[float, ...]:
    """Smaller comes first."""
    if prefer is None or detector is None or setup is None:
        return ()
    spans = detector.detect(document.text)
    if prefer == "dense":
        return (-1000.0 * len(spans) / max(len(document.text), 1),)
    scores = [setup.scores.score(span.rule, span.score) for span in spans]
    return (min((abs(score - 0.5) for score in scores), default=1.0),)


def random_rank(seed: int, document: NewDocument) -> float:
    """A uniform number in [0, 1) fixed by the seed and the document (key and text)."""
    digest = hashlib.sha256(f"{seed}\x1f{document_key(document)}\x1f{document.text_hash}".encode("utf-8", "surrogateescape"))
    return int.from_bytes(digest.digest()[:8], "big") / 2**64


def allocate(n: int, sizes: Counter) -> dict[Stratum, int]:
    """Proportional allocation by largest remainders; never more than a stratum holds."""
    total = sum(sizes.values())
    if total <= n:
        return dict(sizes)
    exact = {stratum: n * size / total for stratum, size in sizes.items()}
    quotas = {stratum: int(value) for stratum, value in exact.items()}
    left = n - sum(quotas.values())
    by_remainder = sorted(exact, key=lambda s: (-(exact[s] - quotas[s]), _sortable(s)))
    for stratum in by_remainder[:left]:
        quotas[stratum] += 1
    return {stratum: quota for stratum, quota in quotas.items() if quota}


def _indexed(partition: Partition, options: corpus.ReadOptions) -> Iterator[tuple[int, NewDocument | InputError]]:
    try:
        yield from enumerate(read_partition(partition, options))
    except OSError as exc:
        yield -1, InputError(exc.filename or partition.paths[0], f"cannot read the file: {exc.strerror or exc}")


def _indexed_documents(partition: Partition, options: corpus.ReadOptions) -> Iterator[tuple[int, NewDocument]]:
    for index, record in _indexed(partition, options):
        if isinstance(record, NewDocument):
            yield index, record


def _import_record(document: NewDocument, spec: SampleSpec, stratum: Stratum) -> dict[str, Any]:
    """What ``annotator import`` reads from a JSONL line: id, title, text, meta (kept whole,
    with where the document came from and why it was chosen)."""
    where = document.source_path if document.source_line is None else f"{document.source_path}:{document.source_line}"
    sample = {"seed": spec.seed, "by": dict(zip(spec.by, stratum)), "prefer": spec.prefer}
    return {"id": document_key(document), "title": document.title, "text": document.text,
            "meta": {**document.meta, "sampled_from": where, "sample": sample}}


def _sortable(stratum: Stratum) -> tuple:
    return tuple((value is None, value or "") for value in stratum)
