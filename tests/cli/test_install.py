"""A regular install: the wheel (and an editable install) carry the codebook, the lexicons,
the patterns and the demo corpus, and the installed command works from any directory.

The wheel is built once and installed into a venv under tmp_path that borrows the running
environment's packages (a .pth file) instead of downloading them, so this takes seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.install


def _clean_env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH (the checkout must not leak in) and no default project of the caller's."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANNOTATOR_DB")}
    env.update(extra)
    return env


def _run(args: list[str | Path], cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=_clean_env(**extra), capture_output=True, text=True, timeout=300)


def _venv_borrowing_packages(folder: Path) -> Path:
    """A venv without pip whose dependencies come from the running environment."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], folder).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "borrowed_packages.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    return python


def _pip_into(python: Path, *args: str | Path) -> None:
    result = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", *args], python.parent)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = out / "src"  # a copy: a stale build/ in the checkout cannot leak into the wheel
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "exports", "__pycache__"))
    result = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source], out)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("annotator-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a venv with the wheel installed (not editable)."""
    folder = tmp_path_factory.mktemp("venv")
    _pip_into(_venv_borrowing_packages(folder), wheel)
    return folder


def test_the_wheel_carries_the_codebook_lexicons_patterns_and_demo_corpus(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    lexicons = {f"annotator/_resources/lexicons/{p.name}" for p in (REPO / "resources" / "lexicons").glob("*.txt")}
    seeds = {f"annotator/_seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt")}
    assert lexicons and seeds
    assert {"annotator/_resources/codebook.toml", "annotator/_resources/patterns.jsonl"} <= names
    assert lexicons <= names
    # the starter model: a new project gets model candidates on its first article
    assert {"annotator/_resources/model/starter.model", "annotator/_resources/model/starter.json"} <= names
    # its training corpus: project models learn from it beside the project's decisions
    assert "annotator/_resources/model/starter_corpus.jsonl" in names
    assert seeds <= names


def test_the_installed_command_detects_and_exports_from_another_directory(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in (REPO / "seeds").glob("*.txt"):
        shutil.copy(article, corpus)
    annotator = installed / "bin" / "annotator"
    project = elsewhere / "p.annotator.db"

    where = _run([installed / "bin" / "python", "-c",
                  "import annotator, annotator.paths as p; print(annotator.__file__); print(p.resources_dir())"], elsewhere)
    package_file, resources = where.stdout.split()
    assert Path(package_file).is_relative_to(installed), "the installed package, not the checkout"
    assert Path(resources).is_relative_to(installed)

    assert _run([annotator, "import", corpus, "--db", project], elsewhere).returncode == 0
    detect = _run([annotator, "detect", "--db", project], elsewhere)
    assert detect.returncode == 0, detect.stderr
    assert "Detected candidates in 5 document(s)" in detect.stdout
    exported = _run([annotator, "export", "--layer", "candidates", "--db", project], elsewhere)
    assert exported.returncode == 0, exported.stderr
    written = list((elsewhere / "exports").glob("p_candidates_native_*.jsonl"))
    assert len(written) == 1, exported.stdout
    assert len(written[0].read_text(encoding="utf-8").splitlines()) == 5


def test_the_installed_gui_shows_its_help(installed: Path, tmp_path: Path) -> None:
    result = _run([installed / "bin" / "annotator", "gui", "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Open the annotation window" in result.stdout


def test_an_editable_install_reads_the_repository_folders_through_importlib(tmp_path: Path) -> None:
    python = _venv_borrowing_packages(tmp_path / "venv")
    _pip_into(python, "-e", REPO)
    result = _run([python, "-c", "import importlib.resources as r, annotator.paths as p; "
                                 "print(r.files('annotator._resources')); print(p.resources_dir()); print(p.seeds_dir())"], tmp_path)
    assert result.returncode == 0, result.stderr
    found, resources, seeds = map(Path, result.stdout.split())
    assert found == resources == REPO / "resources"
    assert seeds == REPO / "seeds"


def test_every_package_of_the_source_is_listed_for_the_build() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"


def test_the_wheel_carries_the_chinese_interface(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"annotator/gui/i18n/annotator_zh_CN.qm", "annotator/gui/i18n/annotator_zh_CN.ts"} <= names
