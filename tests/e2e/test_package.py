"""The package as a new user gets it: a wheel, installed into a fresh virtualenv, builds from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import ROOT, SEED


def sh(*args, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtualenv with reportgen installed from a wheel built from a copy of the sources."""
    base = tmp_path_factory.mktemp("package")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "reportgen", source / "reportgen",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", base / "wheels", source, cwd=base)
    (wheel,) = (base / "wheels").glob("reportgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in ("reportgen/templates/briefing.docx", "reportgen/templates/deck.pptx",
                     "reportgen/templates/wording.j2", "reportgen/templates/init.yaml.j2",
                     "reportgen/builders/docx.py"):
        assert packaged in names, f"{packaged} is not in the wheel"
    venv = base / "venv"
    sh(sys.executable, "-m", "venv", venv, cwd=base)
    sh(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=base, timeout=900)
    return venv


def test_the_wheel_builds_the_seed_from_another_folder(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SEED, work / "summit.yaml")
    location = sh(installed / "bin" / "python", "-c", "import reportgen; print(reportgen.__file__)", cwd=work)
    assert location.stdout.strip().startswith(str(installed)), "reportgen came from the source tree"
    built = sh(installed / "bin" / "reportgen", "build", "summit.yaml", "-o", "briefs", cwd=work)
    assert "built" in built.stdout
    with zipfile.ZipFile(work / "briefs" / "summit.docx") as note:
        assert "India–Russia Annual Summit" in note.read("word/document.xml").decode("utf-8")
    with zipfile.ZipFile(work / "briefs" / "summit.pptx") as deck:
        assert any(n.startswith("ppt/slides/slide") for n in deck.namelist())
    again = sh(installed / "bin" / "reportgen", "build", "summit.yaml", "-o", "briefs", cwd=work)
    assert "unchanged" in again.stdout
    assert "0." in sh(installed / "bin" / "reportgen", "--version", cwd=work).stdout


@pytest.mark.parametrize("kind", ["information", "decision", "meeting"])
def test_the_wheel_inits_validates_and_builds_each_kind_in_an_empty_folder(installed, tmp_path, kind):
    """A new user's first brief: init, validate, build, from nothing but the installed package."""
    import time

    work = tmp_path / "empty"
    work.mkdir()
    reportgen = installed / "bin" / "reportgen"
    start = time.process_time()
    cpu = lambda: sum(os.times()[2:4])  # noqa: E731 - the children's machine time
    before = cpu()
    made = sh(reportgen, "init", "--kind", kind, cwd=work)
    assert "wrote    data/summit.yaml" in made.stdout and "wrote    data/reportgen.schema.json" in made.stdout
    checked = sh(reportgen, "validate", cwd=work)
    assert "ok       data/summit.yaml" in checked.stdout
    built = sh(reportgen, "build", "--strict", cwd=work)
    assert "built     data/summit.yaml -> out/summit.docx, out/summit.pptx" in built.stdout
    with zipfile.ZipFile(work / "out" / "summit.docx") as note:
        assert "[Summit title]" in note.read("word/document.xml").decode("utf-8")
    machine_time = cpu() - before + time.process_time() - start
    assert machine_time < 60, f"first brief took {machine_time:.1f} s of machine time"
