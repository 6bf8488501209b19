"""Failures that say what they are: exit 1 for bad input, "template error" for a bad template, exit 3 with
the traceback in a file for a bug; hostile names and values never print raw; odd paths give messages."""

from __future__ import annotations

import os
import re
import stat
import tempfile

import pytest

from ..conftest import FIXTURES, run

MINIMAL = FIXTURES / "minimal.yaml"


def facts_copy(folder, name="brief.yaml", text=None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text if text is not None else MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def traceback_dir(tmp_path, monkeypatch):
    """Tracebacks of internal errors go to a folder of the test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_bug_in_a_writer_exits_3_keeps_the_traceback_and_writes_nothing(tmp_path, monkeypatch, traceback_dir):
    import reportgen.docx_writer

    facts = facts_copy(tmp_path)
    out = tmp_path / "out"

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug planted by the test")

    monkeypatch.setattr(reportgen.docx_writer, "render_docx", broken)
    result = run("build", facts, "-o", out, "--format", "docx")
    assert result.exit_code == 3, result.output
    assert "Traceback (most recent call last)" not in result.output  # never on the terminal
    assert "internal error: ZeroDivisionError: a bug planted by the test" in result.output
    assert "This is a bug in reportgen" in result.output
    (log,) = traceback_dir.glob("reportgen-err-*.log")
    assert str(log) in result.output
    kept = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in kept and "ZeroDivisionError" in kept and "def broken" not in kept
    assert "in broken" in kept  # the frame of the failing function is there
    assert not out.exists() or not [p.name for p in out.iterdir() if p.suffix in (".docx", ".pptx", ".tmp")]


def test_a_bug_in_one_file_of_a_batch_still_builds_the_other(tmp_path, monkeypatch, traceback_dir):
    """A bug is exit 3 (worse than 1) but does not stop the batch; files built in-process here (-j 1)."""
    import reportgen.docx_writer

    good = facts_copy(tmp_path / "data", "good.yaml")
    facts_copy(tmp_path / "data", "boom.yaml", MINIMAL.read_text().replace("Test Summit", "Boom Summit"))
    real = reportgen.docx_writer.render_docx

    def sometimes(brief, *args, **kwargs):
        if brief.title.startswith("Boom"):
            raise KeyError("planted")
        return real(brief, *args, **kwargs)

    monkeypatch.setattr(reportgen.docx_writer, "render_docx", sometimes)
    result = run("build", good.parent, "-o", tmp_path / "out", "--format", "docx", "-j", "1")
    assert result.exit_code == 3
    assert (tmp_path / "out" / "good.docx").exists() and not (tmp_path / "out" / "boom.docx").exists()
    assert "1 built, 1 failed" in result.output


def test_an_unexpected_error_outside_the_build_is_exit_3_too(tmp_path, monkeypatch, traceback_dir):
    import reportgen.load

    monkeypatch.setattr(reportgen.load, "facts_warnings", lambda _facts: 1 / 0)
    result = run("validate", MINIMAL)
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError" in result.output and "Traceback" not in result.output
    assert len(list(traceback_dir.glob("reportgen-err-*.log"))) == 1


def test_invalid_input_is_exit_1_and_a_located_error(tmp_path):
    facts = facts_copy(tmp_path, text=MINIMAL.read_text().replace("status: agreed", "status: done"))
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert re.search(r"error: .*brief\.yaml:\d+:\d+: topics\[0\]\.status", result.output)


def test_a_newline_in_a_value_cannot_forge_a_log_line(tmp_path):
    hostile = "Trade\n::error file=x.py::forged"
    facts = facts_copy(tmp_path, text=MINIMAL.read_text().replace("status: agreed", f"status: {hostile!r}"
                                                                     .replace("'", '"')))
    result = run("validate", facts)
    assert result.exit_code == 1
    assert "\n::error" not in result.output
    assert "Trade\\n::error file=x.py::forged" in result.output  # shown, escaped, on the error's own line


def test_diff_never_prints_a_value_s_newline_raw(tmp_path):
    old = facts_copy(tmp_path, "old.yaml")
    new = facts_copy(tmp_path, "new.yaml", MINIMAL.read_text()
                     .replace("Tariffs fall by a tenth.", '"Tariffs fall.\\n::warning::forged"')
                     .replace("title: Trade", 'title: "Trade\\n::error::forged"'))
    result = run("diff", old, new)
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if line.startswith("::")]
    assert "Trade\\n::error::forged" in result.output  # the title, escaped on its own line


def test_a_file_name_with_a_newline_is_printed_escaped(tmp_path):
    facts = facts_copy(tmp_path, "bad\nname.yaml", MINIMAL.read_text().replace("status: agreed", "status: x"))
    result = run("build", facts, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "bad\\nname.yaml" in result.output and "bad\nname" not in result.output


def test_two_facts_files_that_would_write_the_same_outputs_are_refused_naming_both(tmp_path):
    data = tmp_path / "data"
    yaml_file = facts_copy(data, "x.yaml")
    json_file = facts_copy(data, "x.json", '{"reportgen": 1}')
    other = facts_copy(tmp_path / "elsewhere", "x.yaml")
    fine = facts_copy(data, "y.yaml")
    out = tmp_path / "out"
    result = run("build", data, other, "-o", out, "--format", "docx")
    assert result.exit_code == 1
    for path in (yaml_file, json_file, other):
        assert str(path) in result.output
    assert "would both write" in result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["y.docx"]  # the others: nothing written
    assert fine.exists()


def test_the_same_file_named_twice_is_built_once(tmp_path):
    facts = facts_copy(tmp_path / "data")
    result = run("build", facts, facts.parent, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert result.output.count("built") == 1


def test_out_naming_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"not a folder")
    result = run("build", MINIMAL, "-o", target)
    assert result.exit_code == 2
    assert "is a file; -o names the folder" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_out_folder_is_a_message(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run("build", MINIMAL, "-o", out, "--format", "docx")
    finally:
        out.chmod(stat.S_IRWXU)
    assert result.exit_code == 1
    assert "cannot write the documents: Permission denied" in result.output
    assert "Traceback" not in result.output and not list(out.iterdir())


def test_a_read_only_out_folder_is_a_message_even_for_root(tmp_path, monkeypatch):
    """Where the tests run as root (a container), a refused write is simulated where it happens."""
    import reportgen.output

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out"))

    monkeypatch.setattr(reportgen.output, "_write_temp", refuse)
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 1
    assert "cannot write the documents: Permission denied" in result.output and "Traceback" not in result.output


def test_a_facts_file_name_too_long_for_its_outputs(tmp_path):
    stem = "b" * 250  # the file fits in 255 bytes; "<stem>-deck.pdf" would not
    facts = facts_copy(tmp_path, stem + ".yaml")
    result = run("build", facts, "-o", tmp_path / "out", "--format", "docx,pdf")
    assert result.exit_code == 1
    assert "longer than the 255 bytes a file name may have" in result.output and "Traceback" not in result.output


def test_a_facts_file_name_near_the_limit_still_builds(tmp_path):
    """Temporary names do not grow with the output's name, so a 250-byte stem still has its temporaries."""
    stem = "c" * 249
    facts = facts_copy(tmp_path, stem + ".yaml")
    result = run("build", facts, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / f"{stem}.docx").exists()


def test_a_damaged_manifest_is_a_warning_and_is_written_afresh(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_bytes(b"{\"brief\": [1, 2,\x00")
    facts = facts_copy(tmp_path)
    result = run("build", facts, "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "manifest.json: damaged" in result.output and "Traceback" not in result.output
    assert run("build", facts, "-o", out, "--format", "docx", "--check").exit_code == 0


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_devices_and_fifos_are_refused_without_reading(tmp_path, device):
    if device == "fifo":
        device = tmp_path / "facts.yaml"
        os.mkfifo(device)  # nobody writes to it: reading it would wait for ever
    for args in (["build", device, "-o", tmp_path / "out"], ["validate", device],
                 ["build", MINIMAL, "--since", device, "-o", tmp_path / "out"],
                 ["build", MINIMAL, "--docx-template", device, "-o", tmp_path / "out"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "not a regular file" in result.output and "Traceback" not in result.output


def test_an_oversize_facts_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import reportgen.build

    monkeypatch.setattr(reportgen.build, "FACTS_LIMIT", 100)
    result = run("build", MINIMAL, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "may be at most 100 bytes" in result.output


def test_an_output_that_became_a_fifo_is_stale_not_a_hang(tmp_path):
    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--format", "docx").exit_code == 0
    (out / "minimal.docx").unlink()
    os.mkfifo(out / "minimal.docx")
    result = run("build", MINIMAL, "-o", out, "--format", "docx", "--check")
    assert result.exit_code == 1 and "stale" in result.output
