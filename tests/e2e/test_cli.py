"""The command line end to end, as CI and analysts use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

from reportgen import __version__

from ..conftest import FIXTURES, ROOT, SEED, run


def test_build_writes_both_documents(tmp_path):
    result = run("build", ROOT / "data", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{SEED.stem}.docx").stat().st_size > 10_000
    assert (tmp_path / f"{SEED.stem}.pptx").stat().st_size > 10_000
    assert "built" in result.output


def test_unchanged_build_skips_and_check_passes(tmp_path):
    assert run("build", SEED, "-o", tmp_path).exit_code == 0
    again = run("build", SEED, "-o", tmp_path)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert run("build", SEED, "-o", tmp_path, "--check").exit_code == 0
    (tmp_path / f"{SEED.stem}.pptx").write_bytes(b"tampered")
    stale = run("build", SEED, "-o", tmp_path, "--check")
    assert stale.exit_code == 1 and "stale" in stale.output
    assert (tmp_path / f"{SEED.stem}.pptx").read_bytes() == b"tampered"  # --check writes nothing


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path):
    facts = tmp_path / "brief.yaml"
    facts.write_text((FIXTURES / "minimal.yaml").read_text())
    out = tmp_path / "out"
    assert run("build", facts, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    facts.write_text(facts.read_text().replace("status: agreed", "status: finished"))
    result = run("build", facts, "-o", out)
    assert result.exit_code == 1
    assert "topics[0].status" in result.output and "nothing written" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_identical_inputs_give_identical_bytes(tmp_path):
    outputs = []
    for n in range(2):
        out = tmp_path / f"run{n}"
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / f"cache{n}")}  # every chart drawn afresh
        subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(SEED), "-o", str(out)],
                       check=True, capture_output=True, cwd=ROOT, env=env)
        outputs.append({p.name: p.read_bytes() for p in out.glob("*.*x")})
        time.sleep(1.1)  # zip timestamps have 2-second resolution: cross a boundary
    assert outputs[0] == outputs[1] and len(outputs[0]) == 2


def test_format_option(tmp_path):
    assert run("build", FIXTURES / "minimal.yaml", "-o", tmp_path, "--format", "pptx").exit_code == 0
    assert [p.suffix for p in tmp_path.glob("minimal.*")] == [".pptx"]
    assert run("build", FIXTURES / "minimal.yaml", "--format", "html").exit_code == 2


def test_validate_schema_version_usage():
    ok = run("validate", SEED)
    assert ok.exit_code == 0 and "8 topics" in ok.output
    schema = json.loads(run("schema").output)
    assert schema["title"].startswith("reportgen facts file") and "topics" in schema["properties"]
    assert __version__ in run("--version").output
    assert run("frobnicate").exit_code == 2
    assert run("validate", "--no-such-option").exit_code == 2


def test_bad_template_is_a_clear_error(tmp_path):
    not_docx = tmp_path / "house.docx"
    not_docx.write_text("this is not a Word file")
    result = run("build", SEED, "-o", tmp_path / "out", "--docx-template", not_docx)
    assert result.exit_code == 1
    assert "template error: " in result.output and "house.docx: not a Word .docx template" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_template_lacking_a_style_warns_and_builds(tmp_path):
    from docx import Document

    doc = Document()  # python-docx's own default: no Headline, Marking, ... styles
    template = tmp_path / "plain.docx"
    doc.save(str(template))
    result = run("build", FIXTURES / "minimal.yaml", "-o", tmp_path, "--docx-template", template,
                 "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "Headline" in result.output
    assert (tmp_path / "minimal.docx").exists()


def test_pptx_template_lacking_a_layout_warns(tmp_path):
    from pptx import Presentation

    template = tmp_path / "house.pptx"
    Presentation().save(str(template))  # layouts named differently ("Title Only" exists, others too)
    prs = Presentation(str(template))
    prs.slide_layouts[3].name = "Twin"  # no "Two Content" any more
    prs.save(str(template))
    result = run("build", FIXTURES / "minimal.yaml", "-o", tmp_path, "--pptx-template", template,
                 "--format", "pptx")
    assert result.exit_code == 0, result.output
    assert "lacks layouts" in result.output and "'Two Content' (using '" in result.output
    assert result.output.count("warning:") == 1


def test_thousands_of_problems_print_the_first_ones_and_a_count(tmp_path):
    from reportgen.cli import SHOWN_PROBLEMS

    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    points = "".join(f"      - text: Point {i}.\n        source: nowhere\n" for i in range(120))
    path = tmp_path / "many.yaml"
    path.write_text(text.replace("      - text: Tariffs fall by a tenth.\n        source: wire\n", points))
    for command in ("validate", "build"):
        result = run(command, path, "-o", tmp_path) if command == "build" else run(command, path)
        assert result.exit_code == 1
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == SHOWN_PROBLEMS + 1
        assert errors[-1].endswith(f"... and {120 - SHOWN_PROBLEMS} more problems in {path}; fix these first")


def test_the_program_keeps_its_exit_codes_and_output_when_it_skips_the_interpreter_teardown(tmp_path):
    """`reportgen` (cli.run) ends with os._exit after a command: every exit code, and every byte written to
    a pipe, is still the command's."""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"CI": "true"}

    def program(*args):  # with its output buffered, as a pipe has it by default
        return subprocess.run([sys.executable, "-m", "reportgen.cli", *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, env=buffered)

    schema = program("schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"]  # all of it, flushed
    assert program("--version").stdout.strip().endswith(__version__)
    bad = tmp_path / "bad.yaml"
    bad.write_text("summit: [\n", encoding="utf-8")
    invalid = program("validate", bad)
    assert invalid.returncode == 1 and "bad.yaml" in invalid.stderr
    assert program("build", "--format", "nope").returncode == 2
    built = program("build", SEED, "-o", tmp_path / "out")
    assert built.returncode == 0 and built.stdout.startswith("built") and built.stdout.endswith(")\n")
    bug = subprocess.run([sys.executable, "-c", BUG_IN_THE_NOTE, "build", str(SEED), "-o", str(tmp_path / "bug")],
                         cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CI": "true"})
    assert bug.returncode == 3 and "the traceback is in" in bug.stderr


BUG_IN_THE_NOTE = """
import sys
import reportgen.builders.docx as docx
def broken(*args, **kwargs):
    raise ZeroDivisionError("a bug")
docx.DocxBuilder.write = broken
from reportgen.cli import run
sys.argv = ["reportgen", *sys.argv[1:]]
run()
"""


def test_a_batch_whose_reader_goes_away_stops_its_workers_and_exits_1(tmp_path):
    """`reportgen build DIR | head -1`: the reader closes the pipe while workers are building. The build
    stops them and exits 1, quietly (no 'internal error', no traceback file), instead of hanging on
    workers that wait for work."""
    data = tmp_path / "data"
    data.mkdir()
    for n in range(6):
        shutil.copy(FIXTURES / "minimal.yaml", data / f"old{n}.yaml")
    assert run("build", data, "-o", tmp_path / "out").exit_code == 0
    for n in range(10):
        shutil.copy(FIXTURES / "minimal.yaml", data / f"new{n}.yaml")
    env = {**os.environ, "CI": "true", "TMPDIR": str(tmp_path)}  # a traceback file would land here
    build = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "build", str(data), "-o", str(tmp_path / "out"),
                              "-j", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert build.stdout.readline().startswith(b"unchanged")
    build.stdout.close()  # as `head -1` does
    try:
        code = build.wait(timeout=120)
    finally:
        build.kill()
    assert code == 1, build.stderr.read().decode()
    assert b"internal error" not in build.stderr.read()
    assert not list(tmp_path.glob("reportgen-err-*"))


def test_a_bad_template_is_reported_after_the_files_that_could_not_be_built_anyway(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "minimal.yaml", data / "brief.yaml")
    (data / "brief.json").write_text(json.dumps({"reportgen": 1}), encoding="utf-8")
    shutil.copy(FIXTURES / "minimal.yaml", data / "other.yaml")
    not_docx = tmp_path / "house.docx"
    not_docx.write_text("this is not a Word file")
    result = run("build", data, "-o", tmp_path / "out", "--docx-template", not_docx)
    assert result.exit_code == 1
    assert result.output.index("would both write") < result.output.index("not a Word .docx template")
