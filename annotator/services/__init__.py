"""Use cases: what the CLI, the GUI and notebooks do with a project.

Each function takes a :class:`~annotator.store.Store` and plain values, reports progress
through plain callables, and returns records. No printing, no Qt.
"""

from . import annotating
from .codebooks import ensure_codebook, project_codebook, use_codebook
from .decisions import accept_candidate, add_span, learn_from, reject_candidate, relabel_candidate
from .detecting import DetectReport, detect_project
from .exchange import AnnotationImportReport, import_annotations
from .importing import ImportReport, find_input_files, import_paths, refuse_project_files
from .modelling import SHARED_SCOPE, TrainReport, layer_scope, refresh_model_candidates, train_project_model

__all__ = [
    "annotating",
    "AnnotationImportReport",
    "import_annotations",
    "DetectReport", "ImportReport", "accept_candidate", "add_span", "detect_project", "ensure_codebook",
    "find_input_files", "import_paths", "learn_from", "project_codebook", "reject_candidate",
    "refuse_project_files", "relabel_candidate", "use_codebook",
    "SHARED_SCOPE", "TrainReport", "layer_scope", "refresh_model_candidates", "train_project_model",
]
