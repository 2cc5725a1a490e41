"""The core stays Qt-free: every core module imports without loading PySide6."""

from __future__ import annotations

import pkgutil
from pathlib import Path
import subprocess
import sys

import annotator

CORE_MODULES = sorted(
    f"annotator.{info.name}"
    for info in pkgutil.iter_modules(annotator.__path__)
    if info.name not in {"gui", "__main__"}
)


def test_there_are_core_modules() -> None:
    assert {"annotator.store", "annotator.corpus", "annotator.cli", "annotator.services"} <= set(CORE_MODULES)


def test_core_modules_do_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pytestqt'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=str(Path(annotator.__path__[0]).parent),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_start_up_loads_no_heavy_library() -> None:
    """Every command pays the CLI's imports: detection, the model and the dataframe libraries
    are loaded by the commands that use them, not at start-up."""
    code = (
        "import sys, annotator.cli\n"
        "heavy = ('pandas', 'numpy', 'pyarrow', 'dask', 'pycrfsuite', 'matplotlib', 'tqdm', 'annotator.detect')\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_pandas_still_imports_after_the_store() -> None:
    """sqlite-utils is imported with pandas hidden; the hiding must not outlive that import."""
    code = (
        "import importlib.util, annotator.store, annotator.services\n"
        "from annotator.services import detect_project\n"
        "import numpy\n"
        "print(importlib.util.find_spec('pandas') is None or bool(__import__('pandas').DataFrame))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
