"""Use cases: what the CLI, the GUI and notebooks do with a project.

Each function takes a :class:`~annotator.store.Store` and plain values, reports progress
through plain callables, and returns records. No printing, no Qt.

The names below are imported on first use (PEP 562 ``__getattr__``), not when the package is:
every ``annotator`` command imports this package, and detection and the model (regular
expressions compiled at import, numpy, crfsuite) cost a quarter of a second that ``info`` or
``export`` would pay for nothing. ``from annotator.services import X`` works as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the submodule that defines it
_WHERE = {
    "ensure_codebook": "codebooks", "project_codebook": "codebooks", "use_codebook": "codebooks",
    "accept_candidate": "decisions", "add_span": "decisions", "learn_from": "decisions",
    "reject_candidate": "decisions", "relabel_candidate": "decisions",
    "DetectReport": "detecting", "detect_project": "detecting",
    "AnnotationImportReport": "exchange", "import_annotations": "exchange",
    "ImportReport": "importing", "find_input_files": "importing", "import_paths": "importing",
    "refuse_project_files": "importing",
    "TrainReport": "modelling", "refresh_model_candidates": "modelling", "train_project_model": "modelling",
    "SHARED_SCOPE": "modelling", "layer_scope": "modelling",
}

__all__ = ["annotating", *_WHERE]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    elif name == "annotating":
        value = importlib.import_module(f"{__name__}.annotating")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from . import annotating
    from .codebooks import ensure_codebook, project_codebook, use_codebook
    from .decisions import accept_candidate, add_span, learn_from, reject_candidate, relabel_candidate
    from .detecting import DetectReport, detect_project
    from .exchange import AnnotationImportReport, import_annotations
    from .importing import ImportReport, find_input_files, import_paths, refuse_project_files
    from .modelling import SHARED_SCOPE, TrainReport, layer_scope, refresh_model_candidates, train_project_model
