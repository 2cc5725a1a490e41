"""Where things live: the default project, the demo corpus, the data files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
DB_ENV = "ANNOTATOR_DB"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def default_project() -> Path:
    """``$ANNOTATOR_DB`` if set, else ``default.annotator.db`` in the platform's data dir
    (``~/.local/share/annotator`` on Linux)."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "default.annotator.db"


def seeds_dir() -> Path:
    """The demo corpus shipped with the app."""
    return _REPO_ROOT / "seeds"


def resources_dir() -> Path:
    """Data files: codebook, patterns, lexicons."""
    return _REPO_ROOT / "resources"


def exports_dir() -> Path:
    return _REPO_ROOT / "exports"
