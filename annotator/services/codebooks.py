"""The codebook in force in a project: recorded in it, replaceable with --codebook."""

from __future__ import annotations

from pathlib import Path

from ..codebook import Codebook, load_codebook
from ..errors import ProjectError
from ..store import Store

_SETTING = "codebook"


def project_codebook(store: Store) -> Codebook:
    """The codebook recorded in the project, or the default one if none is recorded yet."""
    recorded = store.get_setting(_SETTING)
    if recorded is None:
        return load_codebook()
    return Codebook.from_json(recorded, source=f"{store.path} (recorded codebook)")


def use_codebook(store: Store, path: str | Path | None = None, *, actor: str | None = None) -> Codebook:
    """Record the codebook at ``path`` (default: the shipped one) as the project's.

    Refused when annotations use a label the new codebook lacks: they would be orphaned.
    """
    codebook = load_codebook(path)
    previous = store.get_setting(_SETTING)
    if previous == codebook.to_json():
        return codebook
    orphaned = sorted(set(store.annotation_labels()) - set(codebook.labels))
    if orphaned:
        raise ProjectError(
            f"{codebook.source}: the project's annotations use label(s) {', '.join(orphaned)} "
            "that this codebook does not define; add them to the codebook first"
        )
    with store.transaction():
        store.set_setting(_SETTING, codebook.to_json())
        store.append_event(
            "codebook",
            actor=actor,
            before=None if previous is None else {"version": Codebook.from_json(previous, "").version},
            after={"source": codebook.source, "version": codebook.version, "labels": list(codebook.labels)},
        )
    return codebook


def ensure_codebook(store: Store, path: str | Path | None = None) -> Codebook:
    """The codebook to work with: ``path`` if given (and recorded), else the recorded one,
    recording the default on first use."""
    if path is not None or store.get_setting(_SETTING) is None:
        return use_codebook(store, path)
    return project_codebook(store)
