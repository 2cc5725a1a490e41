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


def test_an_export_loads_only_what_it_uses(tmp_path: Path) -> None:
    """An export pays its command's start-up at every run: run as from a script (stderr not a
    terminal), it loads no file reader (charset detection), no OpenCC, no progress bar
    library, and does not scan the installed packages for sqlite-utils plugins."""
    article = tmp_path / "a.txt"
    article.write_text("标题\n正文。", encoding="utf-8")
    project = tmp_path / "p.annotator"
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "unused = ('charset_normalizer', 'opencc', 'tqdm', 'importlib.metadata', 'annotator.corpus', 'annotator.textio',\n"
        "          'annotator.interchange')\n"
        "print('loaded:', ','.join(sorted(m for m in sys.modules if m in unused)))\n"
    )
    subprocess.run([sys.executable, "-m", "annotator", "import", str(article), "--db", str(project), "--quiet"],
                   capture_output=True, check=True)
    for fmt in ("label-studio", "native", "conll", "brat"):
        out = tmp_path / f"out-{fmt}"
        result = subprocess.run([sys.executable, "-c", code, "export", "--db", str(project), "--format", fmt, "--out",
                                 str(out), "--allow-empty"], capture_output=True, text=True, check=True)
        assert result.stdout.splitlines()[-1] == "loaded: ", fmt
