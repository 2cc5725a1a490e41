"""Detection over a project: idempotent, incremental, optionally spread over processes.

A document is re-detected only when its fingerprint changed: the detector version, the
codebook in force or the resource files (lexicons, patterns). When only the set of
confirmed phrases changed, the cheap learned-phrase pass decides whether a document needs
re-detection at all. Annotators' decisions are never touched: they refer to candidates by
span and label and are re-attached after every recomputation.

Teaching is blind: the phrases the gold layer confirmed become everyone's candidates; the
phrases an annotator confirmed become candidates that annotator alone sees (their owner).
Models too: the shared model's spans are everyone's; a layer model's (``layer:<name>``,
trained on gold and that annotator's layer) are its annotator's own. Each document records
which layer model made its owned model candidates (``model_state``), so a new model for one
layer recomputes that layer's candidates only, without touching the rest of detection.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator, Sequence

from .. import parallel, paths, store_models
from ..codebook import Codebook
from ..detect import DETECTOR_VERSION, Detector
from ..detect.engine import LEARNED_PREFIX, MODEL_PREFIX
from ..progress import Cancelled, IsCancelled, Progress, never_cancelled, no_progress
from ..records import CandidateSpan
from ..resources import load_resources
from ..model.tagger import SpanModel
from ..store import Store
from .codebooks import ensure_codebook, project_codebook
from .modelling import layer_models, layer_scope, model_in_force

BATCH_DOCS = 50  # documents per worker task and per write transaction
# Less text than this is detected faster here than by worker processes, each of which first
# builds the detector, its model and jieba's dictionary (about 1.4 s on 2 cores; measured by
# benchmarks/bench_detect.py: --jobs 2 was 0.88x of one job at 300k characters, 1.42x at 1M).
PARALLEL_FROM_CHARS = 500_000
LEARNED_MIN_LENGTH = 2  # a one-character confirmed span would match everywhere
PRIOR_WEIGHT = 5.0  # decisions it takes to move a rule's score halfway to its acceptance rate


@dataclass(frozen=True)
class DetectReport:
    documents: int
    detected: int  # documents whose candidates were recomputed
    learned_checked: int  # documents only checked against newly confirmed phrases
    unchanged: int
    candidates: int  # candidates in the project afterwards
    models_refreshed: int = 0  # documents whose layer models' own candidates alone were recomputed


@dataclass(frozen=True)
class DetectionSetup:
    """Everything a detector is built from, in a form that crosses process boundaries."""

    codebook_json: str
    resources_dir: str
    learned: tuple[tuple[str, str], ...]  # (label, text) for everyone: what gold confirmed
    owned: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # per annotator: what they confirmed
    model: bytes | None = None  # the shared recommender's bundle (annotator.model.tagger.SpanModel)
    layer_models: tuple[tuple[str, bytes], ...] = ()  # per annotator: their layer's model

    @classmethod
    def of(
        cls, codebook: Codebook, phrases: dict[str | None, list[tuple[str, str]]], model: bytes | None = None,
        layer_models: dict[str, bytes] | None = None,
    ) -> "DetectionSetup":
        owned = tuple((owner, tuple(found)) for owner, found in sorted(phrases.items(), key=lambda p: p[0] or "") if owner)
        return cls(codebook.to_json(), str(paths.resources_dir()), tuple(phrases.get(None, ())), owned, model,
                   tuple(sorted((layer_models or {}).items())))

    def build(self) -> Detector:
        codebook = Codebook.from_json(self.codebook_json, source="project")
        model = SpanModel.from_bytes(self.model) if self.model is not None else None
        layers = {owner: SpanModel.from_bytes(data) for owner, data in self.layer_models}
        return Detector(
            codebook, load_resources(self.resources_dir, labels=codebook.labels), self.learned, dict(self.owned), model,
            layers,
        )

    def layer_fingerprints(self) -> dict[str, str]:
        """Layer scope → the digest of its model: what each document's ``model_state`` records."""
        return {layer_scope(owner): hashlib.sha256(data).hexdigest()[:16] for owner, data in self.layer_models}

    def learned_fingerprint(self) -> str:
        return _digest(json.dumps([self.learned, self.owned], ensure_ascii=False))

    def model_fingerprint(self) -> str:
        """Part of each document's detection fingerprint: a new model recomputes them."""
        return hashlib.sha256(self.model).hexdigest()[:16] if self.model is not None else "no model"


@dataclass(frozen=True)
class Detected:
    """A document's freshly detected candidates: everyone's, and each annotator's own."""

    doc_id: int
    shared: list[CandidateSpan]
    owned: dict[str, list[CandidateSpan]]


def detection_setup(store: Store, codebook: Codebook | None = None) -> DetectionSetup:
    """The detection a project runs: its codebook (``codebook`` if given, else the one recorded),
    the resource files and the phrases its annotators confirmed. Reads only: ``apply`` uses it
    on a project it must not change."""
    codebook = codebook or project_codebook(store)
    return DetectionSetup.of(codebook, store.confirmed_phrases(LEARNED_MIN_LENGTH), model_in_force(store),
                             layer_models(store))


@dataclass(frozen=True)
class RuleScores:
    """How the project rescores a rule's candidates from annotators' decisions (see
    :func:`rescored`): a picklable table, so other processes score exactly as ``detect`` does."""

    decisions: tuple[tuple[str, int, int], ...]  # (rule, accepted, decided)
    prior_weight: float = PRIOR_WEIGHT

    def score(self, rule: str, base_score: float) -> float:
        accepted, decided = self._table.get(rule, (0, 0))
        return round((self.prior_weight * base_score + accepted) / (self.prior_weight + decided), 4)

    @cached_property
    def _table(self) -> dict[str, tuple[int, int]]:
        return {rule: (accepted, decided) for rule, accepted, decided in self.decisions}


def rule_scores(store: Store) -> RuleScores:
    """The decisions ``Store.rescore_candidates`` weighs, per rule, read from the project."""
    return RuleScores(tuple((s.rule, s.accepted, s.decided) for s in store.rule_stats() if s.decided))


def detect_project(
    store: Store,
    *,
    codebook_path: str | Path | None = None,
    jobs: int = 1,
    actor: str | None = None,
    progress: Progress = no_progress,
    cancelled: IsCancelled = never_cancelled,
) -> DetectReport:
    """Bring every document's candidates up to date; progress is in documents."""
    with store.writing("a detection"):  # a window kept waiting is told who writes
        return _detect_project(store, codebook_path, jobs, actor, progress, cancelled)


def _detect_project(
    store: Store, codebook_path: str | Path | None, jobs: int, actor: str | None, progress: Progress,
    cancelled: IsCancelled,
) -> DetectReport:
    codebook = ensure_codebook(store, codebook_path)
    setup, fingerprint, learned_fingerprint = _setup(store, codebook)
    full, learned_only, unchanged = store.detection_plan(fingerprint, learned_fingerprint)
    layer_states = setup.layer_fingerprints()
    planned = set(full)
    models_stale = [d for d in store_models.stale_model_scopes(store, layer_states) if d not in planned]
    total, done = len(full) + len(learned_only) + len(models_stale), 0
    progress(0, total)

    def write(results: list[Detected]) -> None:
        nonlocal done
        if cancelled():
            raise Cancelled("detection cancelled; documents finished so far keep their new candidates")
        with store.transaction():
            for found in results:
                store.replace_candidates(
                    found.doc_id, found.shared, owned=found.owned, detector_version=DETECTOR_VERSION,
                    fingerprint=fingerprint, learned_fingerprint=learned_fingerprint,
                )
                store_models.replace_model_states(store, found.doc_id, layer_states)
        done += len(results)
        progress(done, total)

    detector = setup.build()
    still_stale = _settle_learned_only(store, detector, learned_only, learned_fingerprint)
    done += len(learned_only) - len(still_stale)
    for results in _detect_batches(store, setup, detector, full + still_stale, jobs):
        write(results)
    refreshed = 0
    for batch in _chunks(models_stale, BATCH_DOCS):
        if cancelled():
            raise Cancelled("detection cancelled; documents finished so far keep their new candidates")
        refreshed += _refresh_layer_models(store, detector, batch, layer_states)
        done += len(batch)
        progress(min(done, total), total)
    with store.transaction():
        store.rescore_candidates(PRIOR_WEIGHT)
        store.append_event(
            "detect",
            actor=actor,
            after={"detected": len(full) + len(still_stale), "learned_checked": len(learned_only),
                   "models_refreshed": refreshed,
                   "detector_version": DETECTOR_VERSION, "codebook_version": codebook.version},
        )
    progress(total, total)
    return DetectReport(
        documents=len(full) + len(learned_only) + unchanged,
        detected=len(full) + len(still_stale),
        learned_checked=len(learned_only),
        unchanged=unchanged,
        candidates=store.summary().candidates,
        models_refreshed=refreshed,
    )


def _refresh_layer_models(store: Store, detector: Detector, doc_ids: list[int], layer_states: dict[str, str]) -> int:
    """Recompute the owned model candidates of the layer scopes that are out of date in these
    documents (one transaction); a done document gaining some records them as new
    suggestions (Store.replace_owned_candidates). Returns how many documents had stale scopes."""
    stale = store_models.stale_model_scopes(store, layer_states, doc_ids)
    if not stale:
        return 0
    texts = dict(store.document_texts(sorted(stale)))
    with store.transaction():
        for doc_id, scopes in sorted(stale.items()):
            owners = sorted(scope[len(layer_scope("")):] for scope in scopes)
            found = detector.owned_model_spans(
                texts[doc_id], store.candidate_spans(doc_id), store.owned_candidate_spans(doc_id, LEARNED_PREFIX), owners,
                shared_model=store.candidate_spans(doc_id, rule_prefix=MODEL_PREFIX),
            )
            store.replace_owned_candidates(doc_id, found, MODEL_PREFIX, DETECTOR_VERSION, owners=owners)
            store_models.set_model_states(store, doc_id, {scope: layer_states.get(scope) for scope in scopes})
    return len(stale)


def _setup(store: Store, codebook: Codebook) -> tuple[DetectionSetup, str, str]:
    """What detection is built from, with the fingerprints that say what it would change."""
    resources = load_resources(labels=codebook.labels)
    setup = detection_setup(store, codebook)
    fingerprint = _digest(DETECTOR_VERSION, codebook.fingerprint(), resources.fingerprint, setup.model_fingerprint())
    return setup, fingerprint, setup.learned_fingerprint()


def redetect_documents(store: Store, doc_ids: Sequence[int], *, actor: str | None = None) -> int:
    """Recompute the candidates of ``doc_ids`` now (e.g. after a new model), every scope's,
    decisions kept."""
    with store.writing("a detection"):
        codebook = ensure_codebook(store)
        setup, fingerprint, learned_fingerprint = _setup(store, codebook)
        done = _redetect(store, setup.build(), list(doc_ids), fingerprint, learned_fingerprint, setup.layer_fingerprints())
        with store.transaction():
            store.rescore_candidates(PRIOR_WEIGHT)
            store.append_event("detect", actor=actor, after={"detected": done, "refreshed": True,
                                                              "detector_version": DETECTOR_VERSION})
    return done


def refresh_documents(store: Store, doc_ids: Sequence[int], *, actor: str | None = None) -> int:
    """Bring ``doc_ids`` up to date with the models in force: a document whose detection is out
    of date (a new shared model, codebook, …) is detected again; in the others only the layer
    models that changed recompute their annotator's own candidates. Returns how many documents
    changed."""
    with store.writing("a detection"):
        codebook = ensure_codebook(store)
        setup, fingerprint, learned_fingerprint = _setup(store, codebook)
        full, learned_only, _ = store.detection_plan(fingerprint, learned_fingerprint)
        wanted = set(doc_ids)
        stale = [d for d in full if d in wanted]
        detector = setup.build()
        layer_states = setup.layer_fingerprints()
        done = _redetect(store, detector, stale, fingerprint, learned_fingerprint, layer_states)
        rest = sorted(wanted - set(stale))
        for batch in _chunks(rest, BATCH_DOCS):
            done += _refresh_layer_models(store, detector, batch, layer_states)
        with store.transaction():
            store.rescore_candidates(PRIOR_WEIGHT)
            store.append_event("detect", actor=actor, after={"detected": len(stale), "refreshed": True,
                                                              "models_refreshed": done - len(stale),
                                                              "detector_version": DETECTOR_VERSION})
    return done


def _redetect(store: Store, detector: Detector, doc_ids: list[int], fingerprint: str, learned_fingerprint: str,
              layer_states: dict[str, str]) -> int:
    done = 0
    for batch in _chunks(doc_ids, BATCH_DOCS):
        with store.transaction():
            for found in _detect_texts(detector, store.document_texts(batch)):
                store.replace_candidates(found.doc_id, found.shared, owned=found.owned,
                                         detector_version=DETECTOR_VERSION,
                                         fingerprint=fingerprint, learned_fingerprint=learned_fingerprint)
                store_models.replace_model_states(store, found.doc_id, layer_states)
                done += 1
    return done


def _settle_learned_only(store: Store, detector: Detector, doc_ids: list[int], learned_fingerprint: str) -> list[int]:
    """Documents where no shared confirmed phrase occurs and none did: their annotators' own
    learned candidates are brought up to date and they are marked current. The others are
    detected again: comparing spans alone is not enough, as a phrase found where another rule
    already had the same span would win it under the overlap policy (a change of rule and
    score), and one found inside a stronger candidate would lose; only a detection knows."""
    stale: list[int] = []
    for batch in _chunks(doc_ids, BATCH_DOCS):
        with store.transaction():
            for doc_id, text in store.document_texts(batch):
                if detector.learned_spans(text) or store.candidate_spans(doc_id, rule_prefix=LEARNED_PREFIX):
                    stale.append(doc_id)
                    continue
                shared = store.candidate_spans(doc_id)
                owned = detector.owned_spans(text, shared)
                wanted = {owner: {(c.start, c.end, c.label) for c in spans} for owner, spans in owned.items()}
                if wanted != store.owned_candidate_spans(doc_id, rule_prefix=LEARNED_PREFIX):
                    store.replace_owned_candidates(doc_id, owned, LEARNED_PREFIX, DETECTOR_VERSION)
                store.set_learned_fingerprint(doc_id, learned_fingerprint)
    return stale


def _detect_batches(
    store: Store, setup: DetectionSetup, detector: Detector, doc_ids: list[int], jobs: int
) -> Iterator[list[Detected]]:
    texts_of_batches = (store.document_texts(batch) for batch in _chunks(doc_ids, BATCH_DOCS))
    if jobs <= 1:
        for texts in texts_of_batches:
            yield _detect_texts(detector, texts)
        return
    # Read ahead up to PARALLEL_FROM_CHARS of text: when the whole work is smaller, it is
    # done here; else workers start, and those batches are their first tasks.
    ahead: list[Sequence[tuple[int, str]]] = []
    characters = 0
    for texts in texts_of_batches:
        ahead.append(texts)
        characters += sum(len(text) for _, text in texts)
        if characters >= PARALLEL_FROM_CHARS:
            break
    else:
        for texts in ahead:
            yield _detect_texts(detector, texts)
        return
    # The parent reads texts and writes results (one writer); workers only compute. At most
    # 2 × jobs batches are in flight (plus those read ahead), so memory stays flat whatever
    # the corpus size.
    with parallel.process_pool(jobs, _worker_init, (setup,)) as pool:
        pending: set[Future] = set()
        for texts in itertools.chain(ahead, texts_of_batches):
            pending.add(pool.submit(_worker_detect, texts))
            if len(pending) >= 2 * jobs:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        for future in pending:
            yield future.result()


def _detect_texts(detector: Detector, texts: Sequence[tuple[int, str]]) -> list[Detected]:
    return [_detect_text(detector, doc_id, text) for doc_id, text in texts]


def _detect_text(detector: Detector, doc_id: int, text: str) -> Detected:
    shared = detector.detect(text)
    places = [(c.start, c.end, c.label) for c in shared]
    owned = detector.owned_spans(text, places)
    learned = {owner: [(c.start, c.end, c.label) for c in spans] for owner, spans in owned.items()}
    by_model = [(c.start, c.end, c.label) for c in shared if c.rule.startswith(MODEL_PREFIX)]
    for owner, spans in detector.owned_model_spans(text, places, learned, shared_model=by_model).items():
        owned[owner] = owned.get(owner, []) + spans
    return Detected(doc_id, shared, owned)


_WORKER_DETECTOR: Detector | None = None


def _worker_init(setup: DetectionSetup) -> None:
    global _WORKER_DETECTOR
    _WORKER_DETECTOR = setup.build()


def _worker_detect(texts: Sequence[tuple[int, str]]) -> list[Detected]:
    assert _WORKER_DETECTOR is not None
    return _detect_texts(_WORKER_DETECTOR, texts)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for index in range(0, len(items), size):
        yield items[index: index + size]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
