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


_PALETTE = ("#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31")


def add_labels(store: Store, labels: list[str]) -> tuple[str, ...]:
    """Add categories for labels an imported file uses, recorded in the project's codebook
    (next free number keys, colours from a palette). Call inside a transaction."""
    from dataclasses import replace

    from ..codebook import Category

    codebook = project_codebook(store)
    free_keys = [str(k) for k in range(1, 10) if str(k) not in {c.key for c in codebook.categories}]
    if len(free_keys) < len(labels):
        raise ProjectError(f"no free number keys for {len(labels)} new label(s); edit the codebook instead")
    added = tuple(
        Category(id=label, key=key, name_zh=label, name_en=label, colour=_PALETTE[i % len(_PALETTE)],
                 definition="Added by an import of annotations; define it in the codebook.", boundaries=(), examples=())
        for i, (label, key) in enumerate(zip(labels, free_keys))
    )
    extended = replace(codebook, categories=codebook.categories + added, version=f"{codebook.version}+{'+'.join(labels)}")
    store.set_setting(_SETTING, extended.to_json())
    store.append_event("codebook", after={"added_labels": list(labels), "version": extended.version})
    return tuple(labels)
