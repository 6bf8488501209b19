"""Scheduled builds: a batch in parallel, incremental rebuilds, --check, dates from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

from docx import Document

from reportgen.text import TEMPLATES_DIR

from ..conftest import FIXTURES, ROOT, SEED, run


def test_a_batch_of_twenty_with_one_invalid_builds_the_rest_and_names_it(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    minimal = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for n in range(19):
        (data / f"summit-{n:02}.yaml").write_text(minimal, encoding="utf-8")
    (data / "summit-bad.yaml").write_text(minimal.replace("status: agreed", "status: finished"), encoding="utf-8")
    # A real process, so the pool forks for real; two workers on any machine.
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(data), "-o", str(out), "-j", "2"],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CI": "true"})
    assert result.returncode == 1
    assert "summit-bad.yaml" in result.stderr and "topics[0].status" in result.stderr
    assert "19 built, 1 failed; failed: " in result.stderr and str(data / "summit-bad.yaml") in result.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == [f"summit-{n:02}.docx" for n in range(19)]
    assert len(list(out.glob("*.pptx"))) == 19 and not list(out.glob("summit-bad.*"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == [f"summit-{n:02}" for n in range(19)]
    again = run("build", data, "-o", out, "-j", "2")
    assert again.output.count("unchanged ") == 19 and again.exit_code == 1
    assert "1 failed, 19 unchanged" in again.output


def test_touching_a_template_rebuilds_and_check_follows(tmp_path):
    template = tmp_path / "house.docx"
    shutil.copy(TEMPLATES_DIR / "briefing.docx", template)
    out = tmp_path / "out"
    assert run("build", SEED, "-o", out, "--docx-template", template).exit_code == 0
    assert run("build", SEED, "-o", out, "--docx-template", template, "--check").exit_code == 0
    doc = Document(str(template))
    doc.styles["Normal"].font.size = doc.styles["Normal"].font.size  # same styles, new bytes
    doc.core_properties.comments = "edited by the house style team"
    doc.save(str(template))
    stale = run("build", SEED, "-o", out, "--docx-template", template, "--check")
    assert stale.exit_code == 1 and "stale" in stale.output
    rebuilt = run("build", SEED, "-o", out, "--docx-template", template)
    assert rebuilt.exit_code == 0 and "built " in rebuilt.output
    assert run("build", SEED, "-o", out, "--docx-template", template, "--check").exit_code == 0


def test_source_date_epoch_dates_the_documents_and_the_embedded_workbooks(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    assert run("build", SEED, "-o", tmp_path).exit_code == 0
    core = Document(str(tmp_path / f"{SEED.stem}.docx")).core_properties
    assert core.created.isoformat().startswith("2026-01-01T00:00:00")
    with zipfile.ZipFile(tmp_path / f"{SEED.stem}.pptx") as deck:
        workbooks = [n for n in deck.namelist() if n.endswith(".xlsx")]
        assert workbooks
        for name in workbooks:
            with zipfile.ZipFile(deck.open(name)) as workbook:
                assert b"2026-01-01T00:00:00Z" in workbook.read("docProps/core.xml")
                assert {i.date_time for i in workbook.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_ci_workflow_runs_on_a_schedule_and_by_hand_and_fails_on_bad_facts():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "regenerate.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    assert triggers["pull_request"]["paths"] == ["data/**"] and triggers["push"]["paths"] == ["data/**"]
    steps = workflow["jobs"]["build"]["steps"]
    build = next(s for s in steps if "make ci-build" in s.get("run", ""))
    assert "|| true" not in build["run"] and "continue-on-error" not in build
    # the good briefs are published first; then a failed facts file fails the job
    fail = steps[-1]
    assert fail["if"] == "steps.build.outputs.failed != '0'" and "exit 1" in fail["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["publish"]["permissions"] == {"contents": "write"}


def test_workers_are_forked_from_the_build_only_while_it_runs_no_other_thread(tmp_path):
    """Forked from the build's process (writers loaded) when that is safe; with another thread running
    (a progress bar), from a fork server instead: a thread's held lock would stay held in a child. Either
    way the batch builds."""
    import threading

    from reportgen.pool import process_pool

    def method():
        with process_pool(1) as pool:
            return pool._mp_context.get_start_method()

    if not sys.platform.startswith("linux"):
        return
    assert method() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert method() == "forkserver"
        data = tmp_path / "data"
        data.mkdir()
        for name in ("alpha", "beta", "gamma"):
            shutil.copy(FIXTURES / "minimal.yaml", data / f"{name}.yaml")
        assert run("build", data, "-o", tmp_path / "out", "-j", "2").exit_code == 0
        assert len(list((tmp_path / "out").glob("*.pptx"))) == 3
    finally:
        stop.set()
        other.join()
