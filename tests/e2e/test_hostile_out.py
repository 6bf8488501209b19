"""A poisoned output folder and chart cache (issue 22, classes 10-12 and the file-name items): whatever a
previous build, a crash or someone else left in out/ (manifest, journals, temporaries, the lock) or in
the chart cache is read bounded and checked before it is used. A damaged leftover is reported once and
set aside, never a crash (exit 3) and never a hang; two facts files never write one output; an output
name that file systems or CI artifact stores refuse is refused before anything is built."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import FIXTURES, ROOT, run

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
CHART = ("    chart:\n      title: Harvest by crop\n      unit: tonnes\n      data:\n        Rice: 4\n"
         "        Wheat: 6\n        Maize: 5\n")


def facts_file(folder: Path, name: str = "brief.yaml", text: str = MINIMAL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def built(tmp_path: Path) -> tuple[Path, Path]:
    """A facts file built once into out/ (note and deck): (facts, out)."""
    facts, out = facts_file(tmp_path), tmp_path / "out"
    result = run("build", facts, "-o", out)
    assert result.exit_code == 0, result.output
    return facts, out


def assert_clean_run(result, warned: str | None = None) -> None:
    """Exit 0, no traceback, and (when given) the warning said exactly once."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    if warned:
        assert result.output.count(warned) == 1, result.output


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def ours(tag: str, pid: int, suffix: str) -> str:
    """A name in the form of reportgen's temporaries and journals."""
    return f".rg-{tag * 12}.{pid}.{'0' * 8}{suffix}"


# --- 10. every leftover in out/ is read bounded and defensively ----------------------------------

def test_a_deeply_nested_manifest_is_set_aside_not_a_crash(tmp_path):
    facts, out = built(tmp_path)
    (out / "manifest.json").write_text("[" * 200_000)
    result = run("build", facts, "-o", out)
    assert_clean_run(result, "manifest.json: damaged (nested too deeply to be a manifest)")
    assert isinstance(json.loads((out / "manifest.json").read_text()), dict)  # written afresh
    assert_clean_run(run("build", facts, "-o", out, "--check"))


def test_a_100_mb_manifest_is_set_aside_unread(tmp_path):
    facts, out = built(tmp_path)
    with open(out / "manifest.json", "r+b") as handle:  # sparse: 100 MB that cost nothing to make
        handle.truncate(100_000_000)
    result = run("build", facts, "-o", out)
    assert_clean_run(result, "manifest.json: 100,000,000 bytes; a manifest may be at most 33,554,432 bytes")
    assert (out / "manifest.json").stat().st_size < 1_000_000


@pytest.mark.parametrize("final", ["a\u0000b.docx", "..", "../escaped.docx", ".", "/etc/passwd", ".reportgen.lock"])
def test_a_journal_naming_a_file_outside_reportgen_s_own_is_reported_once_and_removed(tmp_path, final):
    facts, out = built(tmp_path)
    pid = dead_pid()
    temp = out / ours("a", pid, ".tmp")
    temp.write_bytes(b"planted")
    journal = out / ours("a", pid, ".commit")
    journal.write_text(json.dumps([[temp.name, final]]))
    result = run("build", facts, "-o", out)
    assert_clean_run(result, "a journal left by a stopped build is damaged")
    assert not journal.exists() and not temp.exists()
    assert not (tmp_path / "escaped.docx").exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".rg-")) == []


@pytest.mark.parametrize("final,said", [("..", "is damaged"), ("folder", "could not finish ('folder'")])
def test_a_bad_journal_does_not_stop_the_recovery_of_the_next(tmp_path, final, said):
    # A journal naming '..' used to stop recovery silently: the good journal after it was never finished.
    facts, out = built(tmp_path)
    (out / "folder").mkdir()
    pid = dead_pid()
    bad_temp, good_temp = out / ours("0", pid, ".tmp"), out / ours("f", pid, ".tmp")
    bad_temp.write_bytes(b"x")
    good_temp.write_bytes(b"the new annex")
    (out / ours("0", pid, ".commit")).write_text(json.dumps([[bad_temp.name, final]]))
    (out / ours("f", pid, ".commit")).write_text(json.dumps([[good_temp.name, "annex.txt"]]))
    result = run("build", facts, "-o", out)
    assert_clean_run(result, said)
    assert (out / "annex.txt").read_bytes() == b"the new annex"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".rg-")) == []


@pytest.mark.parametrize("content", [b"", b"\x00" * 10, b"{\"not\": \"a list\"}", b"[" * 100_000,
                                     b"[[1, 2]]"], ids=["empty", "nul", "object", "nested", "numbers"])
def test_a_damaged_journal_is_reported_once_and_removed(tmp_path, content):
    facts, out = built(tmp_path)
    journal = out / ours("b", dead_pid(), ".commit")
    journal.write_bytes(content)
    assert_clean_run(run("build", facts, "-o", out), "a journal left by a stopped build is")
    assert not journal.exists()


@pytest.mark.parametrize("pid", ["99999999999999999999999", "0", "4194305"])
def test_a_temporary_whose_pid_no_process_can_have_is_removed(tmp_path, pid):
    facts, out = built(tmp_path)
    temp = out / f".rg-{'c' * 12}.{pid}.{'0' * 8}.tmp"
    temp.write_bytes(b"left over")
    assert_clean_run(run("build", facts, "-o", out))
    assert not temp.exists()


def test_a_symlinked_lock_creates_nothing_outside_out(tmp_path):
    facts, out = built(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "created.lock"
    elsewhere.parent.mkdir()
    (out / ".reportgen.lock").unlink()
    (out / ".reportgen.lock").symlink_to(elsewhere)
    result = run("build", facts, "-o", out, "--force")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert ".reportgen.lock: the output folder's lock is not a regular file" in result.output
    assert not elsewhere.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_lock_that_is_not_a_regular_file_is_refused_not_a_hang(tmp_path, kind):
    facts, out = built(tmp_path)
    lock = out / ".reportgen.lock"
    lock.unlink()
    os.mkfifo(lock) if kind == "fifo" else lock.mkdir()
    result = run("build", facts, "-o", out, "--force")
    assert result.exit_code == 1 and "lock is not a regular file" in result.output, result.output


# --- 11. the manifest's baseline and the chart cache are checked before they are trusted -----------

def test_an_edited_baseline_in_the_manifest_is_not_published(tmp_path):
    facts, out = built(tmp_path)
    facts.write_text(MINIMAL.replace("Tariffs fall by a tenth.", "Tariffs fall by a fifth."), encoding="utf-8")
    result = run("build", facts, "-o", out)
    assert result.exit_code == 0 and "1 topic(s) changed" in result.output, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["brief"]
    # Someone edits the recorded previous version (the facts file is unchanged) to invent a change.
    entry["baseline_text"] = entry["baseline_text"].replace("Tariffs fall by a tenth.", "Invented point.")
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = run("build", facts, "-o", out)
    assert_clean_run(result, "the recorded previous version does not match its recorded hash")
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out / "brief.docx")).paragraphs)
    assert "Invented point" not in text and "Changes since" not in text


def test_an_edited_previous_version_is_not_published_either(tmp_path):
    facts, out = built(tmp_path)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["brief"]["facts_text"] = MINIMAL.replace("Tariffs fall by a tenth.", "Invented point.")
    (out / "manifest.json").write_text(json.dumps(manifest))
    facts.write_text(MINIMAL.replace("Tariffs fall by a tenth.", "Tariffs fall by a fifth."), encoding="utf-8")
    result = run("build", facts, "-o", out)
    assert_clean_run(result, "the recorded previous version does not match its recorded hash")
    assert "changed" not in result.output


def _spec():
    from reportgen.chartspec import ChartSpec

    return ChartSpec(id="harvest", kind="bar", title="Harvest by crop", categories=("Rice", "Wheat", "Maize"),
                     values=(4.0, 6.0, 5.0), value_labels=("4", "6", "5"), unit="tonnes",
                     axis_title="tonnes", alt_text="Harvest by crop", source="Source: test")


@pytest.fixture
def empty_cache(tmp_path, monkeypatch) -> Path:
    from reportgen import charts

    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(folder))
    monkeypatch.setattr(charts, "_memory", {})
    return folder


def _entry(folder: Path, width: float = 6.0, height: float = 3.0) -> Path:
    from reportgen.charts import Request

    return folder / f"{Request(_spec(), width, height).key()}.png"


def _picture(size: tuple[int, int], colour: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_empty_cache_entry_is_drawn_again(empty_cache):
    from reportgen import charts

    _entry(empty_cache).write_bytes(b"")
    png = charts.render_png(_spec(), 6.0, 3.0)
    assert png == charts._draw(charts.Request(_spec(), 6.0, 3.0))
    assert _entry(empty_cache).stat().st_size > 0  # rewritten


@pytest.mark.parametrize("planted", ["someone else's picture", "another chart's entry", "a truncated entry"])
def test_a_picture_planted_under_an_entry_s_name_is_not_embedded(empty_cache, planted):
    from reportgen import charts

    drawn = charts._draw(charts.Request(_spec(), 6.0, 3.0))
    if planted == "someone else's picture":  # the right size, the wrong picture
        content = _picture((1200, 600))
    elif planted == "another chart's entry":  # a real entry, moved under this one's name
        charts.render_png(_spec(), 6.0, 3.1)
        content = _entry(empty_cache, 6.0, 3.1).read_bytes()
        charts._memory.clear()
    else:
        charts.render_png(_spec(), 6.0, 3.0)
        content = _entry(empty_cache).read_bytes()[:-100]
        charts._memory.clear()
    _entry(empty_cache).write_bytes(content)
    assert charts.render_png(_spec(), 6.0, 3.0) == drawn


PROBE = """
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # /dev/zero read whole would take it all
from pathlib import Path
from reportgen import charts
from tests.e2e.test_hostile_out import _spec
entry = Path(os.environ["REPORTGEN_CACHE_DIR"]) / (charts.Request(_spec(), 6.0, 3.0).key() + ".png")
if sys.argv[1] == "fifo":
    os.mkfifo(entry)
else:
    entry.symlink_to("/dev/zero")
png = charts.render_png(_spec(), 6.0, 3.0)
print("drawn" if png == charts._draw(charts.Request(_spec(), 6.0, 3.0)) else "other")
"""


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_a_device_in_the_cache_is_drawn_again_not_a_hang(tmp_path, kind):
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path)}
    try:  # the timeout only stops a hang of the code under test; nothing here measures time
        result = subprocess.run([sys.executable, "-c", PROBE, kind], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading a {kind} cache entry never returned")
    assert result.returncode == 0 and result.stdout.strip() == "drawn", result.stderr[-2_000:]


def test_a_planted_cache_entry_never_reaches_the_note(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache))
    from reportgen import charts

    monkeypatch.setattr(charts, "_memory", {})
    facts = facts_file(tmp_path, text=MINIMAL.replace("    figures:\n", CHART + "    figures:\n"))
    out = tmp_path / "out"
    assert_clean_run(run("build", facts, "-o", out, "--format", "docx", "--chart-style", "image"))
    entries = list(cache.glob("*.png"))
    assert entries
    planted = {}
    for entry in entries:
        from PIL import Image

        with Image.open(entry) as picture:
            planted[entry] = _picture(picture.size, "magenta")
        entry.write_bytes(planted[entry])
    charts._memory.clear()
    assert_clean_run(run("build", facts, "-o", out, "--format", "docx", "--chart-style", "image", "--force"))
    with zipfile.ZipFile(out / "brief.docx") as note:
        media = [note.read(n) for n in note.namelist() if n.startswith("word/media/")]
    assert media and not set(media) & set(planted.values())


# --- 12. two facts files, one output -------------------------------------------------------------

def test_a_deck_pdf_and_a_note_pdf_of_one_name_are_refused_before_any_build(tmp_path):
    # x.yaml's deck PDF and x-deck.yaml's note PDF are both x-deck.pdf.
    data = tmp_path / "data"
    facts_file(data, "x.yaml")
    facts_file(data, "x-deck.yaml")
    out = tmp_path / "out"
    result = run("build", data, "-o", out, "--format", "docx,pdf")
    assert result.exit_code == 1, result.output
    assert result.output.count("would both write") == 2 and "x-deck.pdf" in result.output, result.output
    assert not out.exists() or not any(out.glob("*.pdf"))


def test_the_same_two_files_build_when_their_outputs_differ(tmp_path):
    data = tmp_path / "data"
    facts_file(data, "x.yaml")
    facts_file(data, "x-deck.yaml")
    assert_clean_run(run("build", data, "-o", tmp_path / "out", "--format", "docx,pptx"))


# --- lower: file names ---------------------------------------------------------------------------

def test_build_dir_takes_facts_files_whatever_the_case_of_their_suffix(tmp_path):
    data = tmp_path / "data"
    for name in ("upper.YAML", "mixed.Yml", "lower.yaml", "shout.JSON"):
        text = MINIMAL if not name.endswith("JSON") else json.dumps(__import__("yaml").safe_load(MINIMAL),
                                                                    default=str)
        facts_file(data, name, text)
    out = tmp_path / "out"
    assert_clean_run(run("build", data, "-o", out, "--format", "docx"))
    assert sorted(p.name for p in out.glob("*.docx")) == ["lower.docx", "mixed.docx", "shout.docx", "upper.docx"]


@pytest.mark.parametrize("name", ["a:b.yaml", "why?.yaml", "two\nlines.yaml", "x\u202ecod.yaml", "tab\t.yaml",
                                  "zero\u200bwidth.yaml", 'quote".yaml', "back\\slash.yaml"])
def test_output_names_that_break_artifact_stores_or_spoof_extensions_are_refused(tmp_path, name):
    facts = facts_file(tmp_path / "data", name)
    out = tmp_path / "out"
    result = run("build", facts, "-o", out, "--format", "docx")
    assert result.exit_code == 1, result.output
    assert "which file systems, zip tools or CI artifact stores refuse" in result.output, result.output
    assert "\n" not in result.output.strip().splitlines()[0]
    assert not out.exists() or not any(out.iterdir())
