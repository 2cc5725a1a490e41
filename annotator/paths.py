"""Where things live: the default project, the demo corpus, the data files, the exports."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import platformdirs

from .errors import AnnotatorError

APP_NAME = "annotator"
DB_ENV = "ANNOTATOR_DB"
# A source checkout run without installing (PYTHONPATH=checkout): the repository's own folders.
_CHECKOUT = Path(__file__).resolve().parent.parent


def default_project() -> Path:
    """``$ANNOTATOR_DB`` if set, else ``default.annotator.db`` in the platform's data dir
    (``~/.local/share/annotator`` on Linux)."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "default.annotator.db"


def seeds_dir() -> Path:
    """The demo corpus shipped with the app (the repository's ``seeds/``)."""
    return _package_data("annotator._seeds", "seeds")


def resources_dir() -> Path:
    """Data files: codebook, patterns, lexicons (the repository's ``resources/``)."""
    return _package_data("annotator._resources", "resources")


def exports_dir() -> Path:
    """Where exports go by default: ``exports/`` under the current directory."""
    return Path.cwd() / "exports"


def _package_data(package: str, folder: str) -> Path:
    """A data folder of the package. An install (wheel or editable) maps the repository's
    ``folder`` to ``package`` (pyproject.toml); only a checkout that was never installed has
    no such package, and then the checkout's folder is the one."""
    try:
        found = importlib.resources.files(package)
    except ModuleNotFoundError:
        checkout = _CHECKOUT / folder
        if (checkout / "__init__.py").is_file():
            return checkout
        raise AnnotatorError(f"the installation lacks its {folder} ({package}); reinstall annotator") from None
    if not isinstance(found, Path):  # e.g. imported from a zip file: the detectors need real files
        raise AnnotatorError(f"annotator's {folder} are not on disk ({found}); install annotator unzipped")
    return found
