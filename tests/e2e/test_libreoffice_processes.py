"""LibreOffice is never left running (issue 22, class 13): a conversion that times out is killed with its
whole process group (oosplash and soffice.bin), and a SIGTERM to a batch build stops its workers and
their conversions. Processes are counted by the mark every process of this test session inherits, so
other sessions' LibreOffice on a shared machine is never counted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.builders import pdf
from reportgen.errors import FactsError

from ..conftest import FIXTURES, SEED, soffice_processes_left


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _group_members(group: int) -> list[int]:
    """Running (not zombie) processes of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def test_a_conversion_that_times_out_leaves_no_libreoffice_running(soffice, seed_outputs, monkeypatch):
    assert soffice_processes_left() == [], "LibreOffice left running by an earlier test"
    monkeypatch.setattr(pdf, "CONVERT_SECONDS", 1.0)  # LibreOffice is still starting then: soffice.bin is up
    with pytest.raises(FactsError, match="took more than 1.0 s"):
        pdf.to_pdf(seed_outputs["docx"].read_bytes(), ".docx", "2025-01-01T00:00:00")
    # Killed with its group at once: nothing of it runs a moment later (it would for seconds if only the
    # launcher were killed: soffice.bin goes on converting).
    assert _wait_until(lambda: not soffice_processes_left(), 0.3), soffice_processes_left()


def test_sigterm_to_a_batch_stops_its_workers_and_their_libreoffice(soffice, tmp_path):
    assert _wait_until(lambda: not soffice_processes_left(), 10), "LibreOffice left running by an earlier test"
    facts = tmp_path / "facts"
    facts.mkdir()
    for n in range(4):
        shutil.copy(SEED if n % 2 else FIXTURES / "minimal.yaml", facts / f"brief-{n}.yaml")
    program = Path(sys.executable).with_name("reportgen")
    build = subprocess.Popen([str(program), "build", str(facts), "-o", str(tmp_path / "out"), "--format",
                              "docx,pptx,pdf", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)  # its own group: its workers are counted by it
    try:
        assert _wait_until(lambda: len(_group_members(build.pid)) >= 3, 60)  # the build and its two workers
        assert _wait_until(lambda: soffice_processes_left(), 120), "no conversion started"
        build.send_signal(signal.SIGTERM)
        build.wait(30)
        assert _wait_until(lambda: not _group_members(build.pid), 10), _group_members(build.pid)
        assert _wait_until(lambda: not soffice_processes_left(), 10), soffice_processes_left()
    finally:
        for group in [build.pid, *soffice_processes_left()]:
            try:
                os.killpg(group, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        build.wait(10)
