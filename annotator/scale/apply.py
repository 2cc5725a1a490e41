"""``apply``: a project's detection over a corpus far larger than a project, on Dask.

The corpus is cut into partitions (:mod:`.sources`); each partition is one Dask task that
reads its records, runs the project's detector (built once per worker process from the
project's :class:`DetectionSetup`, scored as ``detect`` scores) and writes its own Parquet
files: ``candidates/part-N.parquet`` and ``counts/part-N.parquet`` (one row per document:
counts per label and the document's metadata), plus ``bad/part-N.jsonl`` when records were
bad. Each file is written under a hidden temporary name and renamed, and ``done/part-N.json``
is written last: a partition is finished exactly when its marker exists, so a rerun after a
crash or a kill skips the finished ones and redoes the rest. ``manifest.json`` records the
detection and corpus a folder holds, so a rerun never mixes two different runs.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterator, Sequence

from .. import corpus, paths
from ..codebook import Codebook
from ..detect import DETECTOR_VERSION, Detector
from ..errors import AnnotatorError, InputError
from ..progress import Progress, no_progress
from ..records import NewDocument
from ..resources import load_resources
from ..services.detecting import DetectionSetup, RuleScores, detection_setup, rule_scores
from ..store import Store
from .sources import Partition, automatic_partition_bytes, corpus_files, corpus_signature, plan_partitions, read_partition

MANIFEST = "manifest.json"
BAD_RECORDS = "bad_records.jsonl"
CANDIDATES, COUNTS, BAD, DONE = "candidates", "counts", "bad", "done"
MANIFEST_FORMAT = 1
# Columns of the counts table before the label counts and the metadata.
COUNT_COLUMNS = ("doc_key", "source", "line", "title", "chars", "script", "text_hash", "candidates")
META_PREFIX = "meta_"  # a metadata field named like one of our columns gets this prefix


@dataclass(frozen=True)
class ApplySetup:
    """What every worker needs: picklable, small, and the same for every partition."""

    detection: DetectionSetup
    scores: RuleScores
    options: corpus.ReadOptions
    fingerprint: str  # of all of the above and the detector version: a run's identity
    resources_fingerprint: str = ""  # of the resource files' contents, checked where workers find them

    @property
    def labels(self) -> tuple[str, ...]:
        return Codebook.from_json(self.detection.codebook_json, source="project").labels


@dataclass(frozen=True)
class PartitionResult:
    number: int
    documents: int
    candidates: int
    bad: int
    seconds: float
    peak_rss_kb: int = 0  # the worker process's peak resident memory when it finished the partition
    cpu_seconds: float = 0.0  # CPU time the partition took (reading, detecting, writing)


@dataclass(frozen=True)
class ApplyReport:
    out: str
    partitions: int
    skipped: int  # finished by an earlier run
    documents: int
    candidates: int
    bad: int  # bad files and records, listed in bad_records.jsonl
    bad_file: str | None
    seconds: float
    workers: int
    peak_worker_rss_kb: int = 0  # the largest peak memory of a worker process (this run's partitions)
    worker_cpu_seconds: float = 0.0  # CPU time of this run's partitions, all workers together


def project_apply_setup(store: Store, options: corpus.ReadOptions = corpus.ReadOptions()) -> ApplySetup:
    """The project's detection as ``detect`` runs it, ready to ship to workers. Reads only."""
    # The detection everyone shares: annotators' own phrases teach only them (blind teaching),
    # never a corpus-wide count, and do not leave the project for a cluster.
    detection = replace(detection_setup(store), owned=(), layer_models=())  # everyone's candidates only
    scores = rule_scores(store)
    codebook = Codebook.from_json(detection.codebook_json, source="project")
    resources = load_resources(detection.resources_dir, labels=codebook.labels)
    # Every field of the detection setup counts (a model added to it later included), plus the
    # resources' contents: the setup names their folder only.
    identity = "\x1f".join([DETECTOR_VERSION, *map(_identity_of, astuple_shallow(detection)), resources.fingerprint,
                            repr(scores.decisions), repr(scores.prior_weight), repr(options)])
    return ApplySetup(detection, scores, options, hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:16],
                      resources.fingerprint)


def astuple_shallow(record: Any) -> tuple:
    return tuple(getattr(record, field.name) for field in fields(record))


def _identity_of(value: Any) -> str:
    """Plain values by their repr; anything else (a trained model) by the digest of its pickle,
    which, unlike a default repr, does not change from one process to the next."""
    if isinstance(value, bytes):  # a trained model's bundle: megabytes, known by its digest
        return hashlib.sha256(value).hexdigest()
    if value is None or isinstance(value, (str, int, float, bool, tuple, frozenset)):
        return repr(value)
    return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()


# ---------------------------------------------------------------- one partition (on a worker)

_DETECTOR: tuple[str, Detector] | None = None  # per worker process: built once per setup


def detector_for(setup: ApplySetup) -> Detector:
    global _DETECTOR
    if _DETECTOR is None or _DETECTOR[0] != setup.fingerprint:
        _DETECTOR = (setup.fingerprint, _where_this_worker_is(setup).build().load_lazy_parts())
        # What lives now (the detector, its model, Dask's own machinery) lives as long as the
        # worker: frozen, the garbage collector stops re-scanning it in every full collection
        # that detection's many short-lived objects set off (about 3% of a partition's CPU).
        gc.freeze()
    return _DETECTOR[1]


def _where_this_worker_is(setup: ApplySetup) -> DetectionSetup:
    """The setup with the resource files as this machine has them: a worker on another host
    may have annotator installed elsewhere. Its files must be the same (same fingerprint)."""
    if Path(setup.detection.resources_dir).is_dir() or not setup.resources_fingerprint:
        return setup.detection
    local = paths.resources_dir()
    labels = Codebook.from_json(setup.detection.codebook_json, source="project").labels
    if load_resources(local, labels=labels).fingerprint != setup.resources_fingerprint:
        raise AnnotatorError(f"this worker's resource files ({local}) differ from the project's "
                             f"({setup.detection.resources_dir}): install the same annotator on every worker")
    return replace(setup.detection, resources_dir=str(local))


def run_partition(partition: Partition, setup: ApplySetup, out: str) -> PartitionResult:
    """Detect in one partition and write its files; a bad record is listed, never raised."""
    started, cpu_started = time.perf_counter(), time.process_time()
    detector = detector_for(setup)
    labels = setup.labels
    candidates: dict[str, list] = {name: [] for name in ("doc_key", "start", "end", "label", "rule", "score", "text")}
    counts: list[dict[str, Any]] = []
    bad: list[InputError] = []
    for record in _records(partition, setup.options):
        if isinstance(record, InputError):
            bad.append(record)
            continue
        try:
            spans = detector.detect(record.text)
        except Exception as exc:  # one text the detector trips on must not sink the corpus
            bad.append(InputError(record.source_path, f"detection failed: {type(exc).__name__}: {exc}", record.source_line))
            continue
        key = document_key(record)
        per_label = dict.fromkeys(labels, 0)
        for span in spans:
            candidates["doc_key"].append(key)
            candidates["start"].append(span.start)
            candidates["end"].append(span.end)
            candidates["label"].append(span.label)
            candidates["rule"].append(span.rule)
            candidates["score"].append(setup.scores.score(span.rule, span.score))
            candidates["text"].append(record.text[span.start:span.end])
            per_label[span.label] = per_label.get(span.label, 0) + 1
        counts.append(_count_row(record, key, len(spans), per_label))
    folder = Path(out)
    _write_parquet(_candidates_table(candidates), folder / CANDIDATES / f"{partition.name}.parquet")
    _write_parquet(_counts_table(counts, labels), folder / COUNTS / f"{partition.name}.parquet")
    _write_bad(bad, folder / BAD / f"{partition.name}.jsonl")
    result = PartitionResult(partition.number, len(counts), len(candidates["doc_key"]), len(bad), time.perf_counter() - started,
                             _peak_rss_kb(), time.process_time() - cpu_started)
    _write_atomically(folder / DONE / f"{partition.name}.json", json.dumps(result.__dict__).encode())
    return result


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # kilobytes on Linux


def _records(partition: Partition, options: corpus.ReadOptions) -> Iterator[NewDocument | InputError]:
    try:
        yield from read_partition(partition, options)
    except OSError as exc:  # a file vanished or went unreadable mid-run: the rest of it is lost, the run goes on
        yield InputError(exc.filename or partition.paths[0], f"cannot read the file: {exc.strerror or exc}")


def document_key(document: NewDocument) -> str:
    """The document's id when the corpus gives one, else where it came from (path, path:line)."""
    if document.external_id is not None:
        return document.external_id
    if document.source_line is None:
        return document.source_path
    return f"{document.source_path}:{document.source_line}"


def _count_row(document: NewDocument, key: str, total: int, per_label: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_key": key, "source": document.source_path, "line": document.source_line, "title": document.title,
        "chars": len(document.text), "script": document.script, "text_hash": document.text_hash, "candidates": total,
    }
    row.update(per_label)
    for field, value in document.meta.items():
        name = f"{META_PREFIX}{field}" if field in row else field
        row[name] = meta_text(value)
    return row


def meta_text(value: Any) -> str | None:
    """Metadata as text, one type per column whatever each file holds (2015 and "2015" alike)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _candidates_table(columns: dict[str, list]):
    import pyarrow as pa

    schema = pa.schema([("doc_key", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()),
                        ("rule", pa.string()), ("score", pa.float64()), ("text", pa.string())])
    return pa.table(columns, schema=schema)


def _counts_table(rows: list[dict[str, Any]], labels: Sequence[str]):
    import pyarrow as pa

    fields = [("doc_key", pa.string()), ("source", pa.string()), ("line", pa.int64()), ("title", pa.string()),
              ("chars", pa.int64()), ("script", pa.string()), ("text_hash", pa.string()), ("candidates", pa.int32())]
    fields += [(label, pa.int32()) for label in labels]
    known = {name for name, _ in fields}
    meta = sorted({name for row in rows for name in row} - known)
    fields += [(name, pa.string()) for name in meta]
    schema = pa.schema(fields)
    return pa.table({name: [row.get(name) for row in rows] for name in schema.names}, schema=schema)


def _write_parquet(table, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, path)


def _write_bad(bad: list[InputError], path: Path) -> None:
    if not bad:
        path.unlink(missing_ok=True)  # a rerun that found none leaves none
        return
    _write_atomically(path, b"".join(_bad_line(error) for error in bad))


def _bad_line(error: InputError) -> bytes:
    record = {"file": error.path, "line": error.line, "message": error.message}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


# ---------------------------------------------------------------- the run (on the client)


def apply_corpus(
    inputs: Sequence[str | Path],
    setup: ApplySetup,
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_bytes: int | None = None,
    progress: Progress = no_progress,
    client: Any = None,
) -> ApplyReport:
    """Run ``setup`` over the corpus into ``out``; progress is in bytes of input.

    ``client`` (a ``dask.distributed.Client``) is used as given; otherwise one is made for an
    existing cluster at ``scheduler`` or for a local cluster of ``workers`` processes (default:
    one per core), and closed afterwards. ``partition_bytes``: input per task (default:
    :func:`~.sources.automatic_partition_bytes`)."""
    started = time.perf_counter()
    folder = Path(out).resolve()
    files, problems = corpus_files(inputs)
    partition_bytes = partition_bytes or automatic_partition_bytes(files)
    partitions, plan_problems = _plan(folder, files, setup, partition_bytes)
    problems += plan_problems
    done = _finished(folder, partitions)
    todo = [p for p in partitions if p.number not in done]
    total = sum(p.size for p in partitions)
    finished_bytes = sum(p.size for p in partitions if p.number in done)
    progress(finished_bytes, total)
    worker_count = 0
    ran: list[PartitionResult] = []
    if todo:
        with cluster_client(client, workers, scheduler) as active:
            worker_count = len(active.scheduler_info()["workers"])
            for result, partition in _run(active, todo, setup, folder):
                done[result.number] = result
                ran.append(result)
                finished_bytes += partition.size
                progress(finished_bytes, total)
    bad_total, bad_file = _merge_bad(folder, partitions, problems)
    results = [done[p.number] for p in partitions]
    return ApplyReport(
        out=str(folder), partitions=len(partitions), skipped=len(partitions) - len(todo),
        documents=sum(r.documents for r in results), candidates=sum(r.candidates for r in results),
        bad=bad_total, bad_file=bad_file, seconds=time.perf_counter() - started, workers=worker_count,
        peak_worker_rss_kb=max((r.peak_rss_kb for r in ran), default=0),
        worker_cpu_seconds=sum(r.cpu_seconds for r in ran),
    )


def _run(client: Any, todo: list[Partition], setup: ApplySetup, folder: Path) -> Iterator[tuple[PartitionResult, Partition]]:
    from dask.distributed import as_completed

    shipped = client.scatter(setup, broadcast=True, hash=False)  # its own key: never one a past run is releasing
    run = uuid.uuid4().hex[:8]  # tasks of an interrupted run may still be winding down: new keys
    by_future = {
        client.submit(run_partition, partition, shipped, str(folder), key=f"apply-{partition.name}-{run}", retries=1): partition
        for partition in todo
    }
    try:
        for future in as_completed(by_future):
            partition = by_future[future]
            try:
                yield future.result(), partition
            except Exception as exc:  # a worker lost twice, a full disk: the finished partitions stay
                raise AnnotatorError(
                    f"partition {partition.name} ({', '.join(partition.paths[:3])}) failed: {type(exc).__name__}: {exc}; "
                    "finished partitions are kept: run the same command again to continue"
                ) from exc
    finally:
        client.cancel(list(by_future))


@contextmanager
def cluster_client(client: Any, workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """``client`` as given, else a client of the cluster at ``scheduler``, else of a new local cluster."""
    if client is not None:
        yield client
        return
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            connected = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise AnnotatorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with connected:
            yield connected
        return
    cluster = local_cluster(workers)
    with cluster, Client(cluster) as local:
        yield local


# Each worker runs its task in one thread and its event loop in another, and every wake-up of
# the loop takes the GIL from detection. A local run needs neither the statistical profiler
# (it samples the task's stack 100 times a second, for a dashboard nobody is looking at) nor
# ticks and monitors at dashboard rates; the memory monitor still guards against running out.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_cluster(workers: int | None = None):
    """Processes with one thread each (detection holds the GIL), no dashboard, quiet logs and
    quiet workers (:data:`QUIET_WORKERS`)."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(QUIET_WORKERS):  # the nanny hands it to each worker
        return LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR,
        )


def _plan(folder: Path, files: list[Path], setup: ApplySetup, partition_bytes: int) -> tuple[list[Partition], list[InputError]]:
    """The partitions of this run: the manifest's when it describes the same corpus and
    detection (a rerun), new ones for a new folder; anything else is refused."""
    signature = corpus_signature(files)
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("setup") != setup.fingerprint:
            raise AnnotatorError(f"{folder} holds results of another detection (the project's codebook, resources, "
                                 "confirmed phrases or decisions changed since): use a new --out folder")
        if manifest.get("corpus") != signature or manifest.get("partition_bytes") != partition_bytes:
            raise AnnotatorError(f"{folder} holds results of another corpus (files added, removed or changed since, "
                                 "or another --partition-size): use a new --out folder")
        partitions = [Partition.from_json(value) for value in manifest["partitions"]]
        problems = [InputError(p["file"], p["message"], p["line"]) for p in manifest["problems"]]
        return partitions, problems
    if folder.exists() and any(folder.iterdir()):
        raise AnnotatorError(f"{folder} is not empty and holds no {MANIFEST}: give a new or empty folder for --out")
    partitions, problems = plan_partitions(files, partition_bytes, setup.options.encoding)
    manifest = {
        "format": MANIFEST_FORMAT, "setup": setup.fingerprint, "detector_version": DETECTOR_VERSION,
        "corpus": signature, "partition_bytes": partition_bytes, "labels": list(setup.labels),
        "partitions": [p.to_json() for p in partitions],
        "problems": [{"file": p.path, "line": p.line, "message": p.message} for p in problems],
    }
    _write_atomically(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8", "surrogateescape"))
    return partitions, problems


def _finished(folder: Path, partitions: list[Partition]) -> dict[int, PartitionResult]:
    done: dict[int, PartitionResult] = {}
    for partition in partitions:
        marker = folder / DONE / f"{partition.name}.json"
        if marker.exists():
            done[partition.number] = PartitionResult(**json.loads(marker.read_text("utf-8")))
    return done


def _merge_bad(folder: Path, partitions: list[Partition], problems: list[InputError]) -> tuple[int, str | None]:
    """Every bad file and record of the run in one file (file, line, message per line)."""
    lines = [_bad_line(problem) for problem in problems]
    for partition in partitions:
        path = folder / BAD / f"{partition.name}.jsonl"
        if path.exists():
            lines.extend(path.read_bytes().splitlines(keepends=True))
    target = folder / BAD_RECORDS
    if not lines:
        target.unlink(missing_ok=True)
        return 0, None
    _write_atomically(target, b"".join(lines))
    return len(lines), str(target)


def read_bad_records(folder: str | Path) -> list[dict[str, Any]]:
    path = Path(folder) / BAD_RECORDS
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
