"""Plain, immutable records that cross the boundary between the store and everything else.

Offsets everywhere are half-open ``[start, end)`` in Python code points into the stored text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple

# Who owns an annotation layer: an annotator, or the adjudicated gold layer.
ANNOTATOR_KIND = "annotator"
GOLD_KIND = "gold"
GOLD_LAYER = "gold"
LABEL_STUDIO_META_KEY = "annotator"  # our key in a Label Studio task's meta (export/labelstudio.py, interchange.py)

DOC_STATUSES = ("todo", "in_progress", "done")
ANNOTATION_STATUSES = ("accepted", "relabelled", "added", "rejected")


@dataclass(frozen=True)
class NewDocument:
    """A document read from an input file, before the store gives it an id."""

    title: str
    text: str
    text_hash: str
    script: str  # "simplified", "traditional" or "none" (no Han characters)
    source_path: str
    source_line: int | None  # line of the record in a JSONL/CSV file; None for .txt
    source_hash: str  # sha256 of the whole original file's bytes
    encoding: str
    external_id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    id: int
    title: str
    text: str
    text_hash: str
    script: str
    source_path: str
    source_line: int | None
    source_hash: str
    encoding: str
    external_id: str | None
    meta: Mapping[str, Any]
    imported_at: str


@dataclass(frozen=True)
class Annotator:
    id: int
    name: str
    kind: str  # ANNOTATOR_KIND or GOLD_KIND
    created_at: str


@dataclass(frozen=True)
class Event:
    """One line of the append-only journal: who did what, when, with before/after state."""

    id: int
    at: str
    actor: str | None
    action: str
    doc_id: int | None
    before: Any
    after: Any


@dataclass(frozen=True)
class LayerCount:
    """How many annotations a layer holds, by status."""

    layer: str
    kind: str
    by_status: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class ProjectSummary:
    path: str
    schema_version: int
    documents: int
    documents_by_script: Mapping[str, int]
    characters: int
    annotators: tuple[str, ...]
    candidates: int
    layers: tuple[LayerCount, ...]
    events: int


@dataclass(frozen=True)
class CandidateSpan:
    """A detector's suggestion, before it is stored: a labelled span and its provenance."""

    start: int
    end: int
    label: str
    rule: str
    score: float
    model_score: float | None = None  # the recommender's probability, where it found this span too


@dataclass(frozen=True)
class Candidate:
    """A stored candidate of a document."""

    id: int
    doc_id: int
    start: int
    end: int
    label: str
    rule: str
    score: float
    detector_version: str
    owner: str | None = None  # the annotator it was learned from (only they see it); None: everyone's
    model_score: float | None = None

    @property
    def key(self) -> str:
        """Identifies the candidate across re-detection: decisions refer to it by this."""
        return f"{self.start}:{self.end}:{self.label}"


@dataclass(frozen=True)
class Annotation:
    """One span in one layer (an annotator's, or gold), or a rejected candidate."""

    id: int
    doc_id: int
    layer: str
    start: int
    end: int
    label: str
    status: str  # one of ANNOTATION_STATUSES
    candidate_id: int | None
    candidate_key: str | None
    comment: str
    uncertain: bool
    codebook_version: str | None
    created_at: str
    updated_at: str
    uid: str = ""  # stable across projects (packages and merges)


@dataclass(frozen=True)
class StoredModel:
    """A trained recommender kept in the project (table ``models``)."""

    scope: str  # "shared" (learned from gold) or "layer:<annotator name>" (gold + that layer)
    version: str  # the model format's version (annotator.model.tagger.MODEL_VERSION)
    fingerprint: str  # of the training data: the same data is not trained on twice
    metrics: Mapping[str, Any]
    model: bytes
    trained_at: str


@dataclass(frozen=True)
class RuleStats:
    """How annotators received one rule's candidates."""

    rule: str
    candidates: int
    accepted: int
    relabelled: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.relabelled + self.rejected

    @property
    def precision(self) -> float | None:
        """Share of decided candidates accepted as they were; None before any decision."""
        return self.accepted / self.decided if self.decided else None


@dataclass(frozen=True)
class CandidateRow:
    """A candidate with its document's title and its text, as listed to users."""

    doc_id: int
    title: str
    start: int
    end: int
    label: str
    text: str
    rule: str
    score: float


@dataclass(frozen=True)
class SpanValues:
    """What an annotation says, without its identity: the unit of change and undo."""

    doc_id: int
    start: int
    end: int
    label: str
    status: str
    candidate_key: str | None = None
    comment: str = ""
    uncertain: bool = False


@dataclass(frozen=True)
class DocState:
    doc_id: int
    layer: str
    status: str  # one of DOC_STATUSES
    seconds: float
    updated_at: str = ""


@dataclass(frozen=True)
class DocumentRow:
    """One line of the document list, as one annotator sees it."""

    id: int
    title: str
    status: str
    undecided: int  # candidates without a decision in this annotator's layer
    spans: int  # this annotator's spans (rejections not counted)
    new_suggestions: int = 0  # undecided candidates that arrived after this layer marked it done


@dataclass(frozen=True)
class NewSuggestions:
    """Suggestions that arrived in a document after a layer marked it done, still undecided."""

    doc_id: int
    title: str
    count: int


class ExportSpan(NamedTuple):
    """A span as exported, with its text. A named tuple (immutable, made in C): an export
    makes one for every span of the project."""

    start: int
    end: int
    label: str
    text: str
    annotator: str  # annotator name, "gold" or "candidates"
    status: str
    source: str  # the rule behind it ("detector rule", "annotator")
    comment: str = ""
    uncertain: bool = False
    score: float | None = None  # a candidate's detector score (None for an annotator's span)
