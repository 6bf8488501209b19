"""A new user's first ten minutes: init, the common mistakes and what they are told, the config file, -q/-v,
--strict, --json, --prune, templates export, and watch."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from reportgen.facts import json_schema
from reportgen.init import facts_template

from ..conftest import FIXTURES, ROOT, run

KINDS = ("information", "decision", "meeting")
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty folder as the current one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def no_page_size_template(folder: Path) -> Path:
    """The default note template without a page size or margins, as pandoc's reference.docx comes."""
    path = folder / "reference.docx"
    with zipfile.ZipFile(ROOT / "reportgen" / "templates" / "briefing.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data, n = re.subn(rb"<w:pg(Sz|Mar) [^>]*/>", b"", data)
                assert n == 2
            out.writestr(info, data)
    return path


# -- init ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_init_writes_a_file_that_validates_and_builds(here, kind):
    result = run("init", "--kind", kind)
    assert result.exit_code == 0, result.output
    facts = here / "data" / "summit.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=reportgen.schema.json"
    assert json.loads((here / "data" / "reportgen.schema.json").read_text(encoding="utf-8")) == json_schema()
    assert f"action: {kind}" in text
    ok = run("validate")
    assert ok.exit_code == 0 and "ok       data/summit.yaml" in ok.output and "warning" not in ok.output, ok.output
    built = run("build", "--strict")
    assert built.exit_code == 0, built.output
    assert (here / "out" / "summit.docx").exists() and (here / "out" / "summit.pptx").exists()


def test_init_never_overwrites(here):
    assert run("init", "brief.yaml").exit_code == 0
    (here / "brief.yaml").write_text("mine", encoding="utf-8")
    again = run("init", "brief.yaml", "--kind", "meeting")
    assert again.exit_code == 1 and "brief.yaml exists; init never overwrites a file" in again.output
    assert (here / "brief.yaml").read_text(encoding="utf-8") == "mine"


def _schema_paths(schema: dict) -> set[str]:
    """Every field of the schema as a dotted path (lists as []), following $refs."""
    defs = schema["$defs"]
    found: set[str] = set()

    def walk(node: dict, path: str) -> None:
        node = defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node
        for option in node.get("anyOf", []):
            if "$ref" in option:
                walk(option, path)
        if node.get("type") == "array":
            walk(node.get("items", {}), path + "[]")
        for name, prop in node.get("properties", {}).items():
            found.add(f"{path}.{name}".lstrip("."))
            walk(prop, f"{path}.{name}")

    walk(schema, "")
    return found


def _data_paths(data, path: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if path.endswith(".data"):  # a chart's series: labels, not fields
                continue
            found.add(f"{path}.{key}".lstrip("."))
            found |= _data_paths(value, f"{path}.{key}")
    elif isinstance(data, list):
        for item in data:
            found |= _data_paths(item, path + "[]")
    return found


def test_init_shows_every_field_with_a_comment_and_marks_the_optional_ones():
    schema = json_schema()
    every = _schema_paths(schema)
    shown: set[str] = set()
    for kind in KINDS:
        text = facts_template(kind)
        shown |= _data_paths(yaml.safe_load(text))
        for line in text.splitlines():
            if re.match(r"\s*(- )?[a-z_]+:", line) and not line.lstrip().startswith("#"):
                assert "#" in line, f"no comment on: {line}"
        # every optional field's first appearance says so; required ones do not
        for field in ("participants", "reference", "caveats", "figures", "timeline", "chart"):
            line = next(ln for ln in text.splitlines() if re.match(rf"\s*(- )?{field}:", ln))
            assert "(optional)" in line, line
        for field in ("title", "classification", "purpose", "points", "headline"):
            line = next(ln for ln in text.splitlines() if re.match(rf"\s*(- )?{field}:", ln))
            assert "(optional)" not in line, line
        assert "[" in text and "placeholder" in text
    same = lambda paths: {p.replace("summit.participants[].", "summit.leaders[].") for p in paths}  # noqa: E731
    assert same(every) - same(shown) == set(), "fields the init files do not show (a participant: as a leader)"


# -- ten common mistakes -------------------------------------------------------------------------------

def _minimal(here: Path, old: str = "", new: str = "", name: str = "data/facts.yaml", **write) -> Path:
    path = here / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = MINIMAL.replace(old, new, 1) if old else MINIMAL
    assert not old or old in MINIMAL
    if write.get("raw") is not None:
        path.write_bytes(write["raw"](text))
    else:
        path.write_text(text, encoding="utf-8")
    return path


MISTAKES = {
    "typo in a key": (lambda h: _minimal(h, "    headline:", "    headlin:"), "validate", 1,
                      "topics[0].headlin: unknown field 'headlin'; did you mean 'headline'?"),
    "misspelt status": (lambda h: _minimal(h, "status: agreed", "status: agred"), "validate", 1,
                        "topics[0].status: 'agred' is not a valid status; did you mean 'agreed'? (one of 'agreed'"),
    "a tab": (lambda h: _minimal(h, "  title: Test Summit", "\ttitle: Test Summit"), "validate", 1,
              "facts.yaml:3:1: use spaces, not tabs: line 3 is indented with a tab"),
    "a wrong date": (lambda h: _minimal(h, "date: 2025-01-10", "date: 2025-02-30"), "validate", 1,
                     "summit.date: 2025-02-30 is not a date: there is no day 30 in February 2025 (it has 28 days)"),
    "a missing source id": (lambda h: _minimal(h, "source: wire", "source: wyre"), "validate", 1,
                            "names no source: 'wyre' is not a sources[].id; did you mean 'wire'?"),
    "a .yml file": (lambda h: _minimal(h, name="data/facts.yml"), "build", 0,
                    "built     data/facts.yml -> out/facts.docx, out/facts.pptx"),
    "CRLF line ends": (lambda h: _minimal(h, raw=lambda t: t.replace("\n", "\r\n").encode()), "validate", 0,
                       "ok       data/facts.yaml: 1 topics, 1 sources"),
    "UTF-16 with a BOM": (lambda h: _minimal(h, raw=lambda t: t.encode("utf-16")), "validate", 1,
                          "facts.yaml:1:1: the file is saved as UTF-16 (it starts with a UTF-16 byte order mark); "
                          "save it as UTF-8"),
    "a path with spaces": (lambda h: _minimal(h, name="data/my summit.yaml"), "build", 0,
                           "built     data/my summit.yaml -> out/my summit.docx, out/my summit.pptx"),
    "no data/": (lambda h: None, "build", 2,
                 "no data/ folder in {here}: name facts files or folders (reportgen build FILE...), or start "
                 "one with `reportgen init`"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_common_mistake_gets_its_message(here, mistake):
    make, command, code, message = MISTAKES[mistake]
    make(here)
    result = run(command, "--format", "docx,pptx") if command == "build" else run(command)
    assert result.exit_code == code, result.output
    assert message.format(here=here) in result.output, result.output
    assert "Traceback" not in result.output


# -- the config file -----------------------------------------------------------------------------------

def test_config_file_sets_the_defaults_and_the_command_line_overrides_it(here):
    _minimal(here)
    (here / "reportgen.toml").write_text('out = "briefs"\nformat = ["docx"]\nchart_style = "image"\njobs = 1\n',
                                         encoding="utf-8")
    first = run("build", "-v")
    assert first.exit_code == 0, first.output
    assert "config: reportgen.toml" in first.output
    assert sorted(p.name for p in (here / "briefs").iterdir() if p.name[0] != ".") == ["facts.docx", "manifest.json"]
    with zipfile.ZipFile(here / "briefs" / "facts.docx") as note:  # chart_style image: pictures, no charts
        assert not any(n.startswith("word/charts/") for n in note.namelist())
    second = run("build", "-o", "other", "--format", "pptx")
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in (here / "other").iterdir() if p.name[0] != ".") == ["facts.pptx", "manifest.json"]
    assert "override" in run("build", "--help").output


def test_pyproject_table_is_read_and_reportgen_toml_comes_first(here):
    _minimal(here)
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.reportgen]\nout = "from-pyproject"\n'
                                         'format = "docx"\n', encoding="utf-8")
    assert run("build").exit_code == 0
    assert (here / "from-pyproject" / "facts.docx").exists()
    (here / "reportgen.toml").write_text('out = "from-toml"\nformat = "docx"\n', encoding="utf-8")
    assert run("build").exit_code == 0
    assert (here / "from-toml" / "facts.docx").exists()


@pytest.mark.parametrize("text, said", [
    ('chart-style = "image"\n', "reportgen.toml: unknown key 'chart-style'; did you mean 'chart_style'?"),
    ('fromat = "docx"\n', "reportgen.toml: unknown key 'fromat'; did you mean 'format'?"),
    ("jobs = 0\n", "reportgen.toml: jobs takes a whole number >= 1, got 0"),
    ('chart_style = "3d"\n', "reportgen.toml: chart_style: "),
    ('format = "docx,odt"\n', "reportgen.toml: formats: expected a comma-separated list of"),
    ('docx_template = "missing.docx"\n', "reportgen.toml: docx_template: "),
])
def test_a_bad_config_file_is_an_error_that_names_the_key(here, text, said):
    _minimal(here)
    (here / "reportgen.toml").write_text(text, encoding="utf-8")
    result = run("build")
    assert result.exit_code == 1 and said in result.output, result.output
    assert not (here / "out").exists()


# -- -q, -v, --strict, --json, --prune -------------------------------------------------------------------

def test_quiet_prints_only_errors_and_verbose_more(here):
    _minimal(here)
    _minimal(here, name="data/second.yaml")
    quiet = run("build", "-q")
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output
    verbose = run("build", "-v", "--force")
    assert "config: none" in verbose.output and "bytes)" in verbose.output
    (here / "data" / "second.yaml").write_text(MINIMAL.replace("status: agreed", "status: done"), encoding="utf-8")
    failing = run("build", "-q")
    assert failing.exit_code == 1
    assert "'done' is not a valid status" in failing.output and "built" not in failing.output
    assert "unchanged" not in failing.output


def test_strict_fails_on_a_warning(here):
    _minimal(here)
    template = no_page_size_template(here)
    lenient = run("build", "--docx-template", template)
    assert lenient.exit_code == 0, lenient.output
    assert lenient.output.count("warning:") == 1 and "has no page size (w:pgSz)" in lenient.output
    strict = run("build", "--docx-template", template, "--strict")  # unchanged: its recorded warning counts
    assert strict.exit_code == 1 and "--strict: warnings fail the build" in strict.output, strict.output
    assert run("validate").exit_code == 0  # minimal.yaml has no key points: a warning
    assert run("validate", "--strict").exit_code == 1


def test_json_prints_one_object_per_facts_file(here):
    _minimal(here)
    _minimal(here, "status: agreed", "status: agred", name="data/broken.yaml")
    result = run("build", "--json")
    assert result.exit_code == 1
    records = {Path(r["path"]).name: r for r in map(json.loads, result.output.splitlines())}
    assert set(records) == {"facts.yaml", "broken.yaml"}
    good, bad = records["facts.yaml"], records["broken.yaml"]
    assert good["status"] == "built" and good["outputs"] == ["out/facts.docx", "out/facts.pptx"]
    assert good["errors"] == [] and good["time"] > 0
    assert bad["status"] == "failed" and bad["outputs"] == []
    (error,) = bad["errors"]
    assert (error["line"], error["column"], error["field"]) == (19, 13, "topics[0].status")
    assert "did you mean 'agreed'" in error["message"]
    again = [json.loads(line) for line in run("build", "--json", "data/facts.yaml").output.splitlines()]
    assert [r["status"] for r in again] == ["unchanged"]
    checked = [json.loads(line) for line in run("validate", "--json").output.splitlines()]
    assert {r["status"] for r in checked} == {"valid", "failed"}


def test_prune_removes_the_documents_of_a_facts_file_that_is_gone(here):
    _minimal(here)
    old = _minimal(here, name="data/old-name.yaml")
    assert run("build").exit_code == 0
    old.rename(here / "data" / "new-name.yaml")
    kept = run("build")
    assert (here / "out" / "old-name.docx").exists(), "without --prune nothing is removed"
    assert kept.exit_code == 0
    pruned = run("build", "--prune")
    assert pruned.exit_code == 0, pruned.output
    assert "pruned    data/old-name.yaml is gone: removed out/old-name.docx, out/old-name.pptx" in pruned.output
    assert sorted(p.name for p in (here / "out").iterdir() if not p.name.startswith(".")) == [
        "facts.docx", "facts.pptx", "manifest.json", "new-name.docx", "new-name.pptx"]
    manifest = json.loads((here / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == ["facts", "new-name"]


# -- templates -----------------------------------------------------------------------------------------

def test_templates_export_writes_the_defaults_and_never_overwrites(here):
    result = run("templates", "export", "house")
    assert result.exit_code == 0, result.output
    for name in ("briefing.docx", "deck.pptx"):
        assert (here / "house" / name).read_bytes() == (ROOT / "reportgen" / "templates" / name).read_bytes()
    assert run("templates", "export", "house").exit_code == 1
    _minimal(here)
    built = run("build", "--docx-template", "house/briefing.docx", "--pptx-template", "house/deck.pptx")
    assert built.exit_code == 0 and "warning" not in built.output, built.output


def test_a_template_without_a_page_size_builds_on_the_default_page_with_one_warning(here):
    _minimal(here)
    result = run("build", "--docx-template", no_page_size_template(here), "--format", "docx")
    assert result.exit_code == 0, result.output
    assert result.output.count("warning:") == 1
    assert "reference.docx: word/document.xml has no page size (w:pgSz) or margins (w:pgMar)" in result.output
    with zipfile.ZipFile(here / "out" / "facts.docx") as note:
        body = note.read("word/document.xml").decode()
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body and "<w:pgMar " in body


# -- watch ---------------------------------------------------------------------------------------------

class _Lines:
    """A process's output lines, read on a thread, waited for with a timeout."""

    def __init__(self, process: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        for stream in (process.stdout, process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s; seen: {self.seen}")


def test_watch_rebuilds_on_an_edit_keeps_the_last_good_outputs_and_stops_on_ctrl_c(tmp_path):
    facts = _minimal(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CI": "true"}
    process = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "watch", "data", "--format", "docx",
                                "-j", "1"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    try:
        lines = _Lines(process)
        lines.wait_for(r"^built     data/facts\.yaml -> out/facts\.docx")
        lines.wait_for(r"^watching data")
        note = tmp_path / "out" / "facts.docx"
        time.sleep(0.5)
        facts.write_text(MINIMAL.replace("Tariffs fall.", "Tariffs fall again."), encoding="utf-8")
        lines.wait_for(r"^changed  data/facts\.yaml")
        lines.wait_for(r"^built     data/facts\.yaml")
        good = note.read_bytes()
        assert b"Tariffs fall again." in zipfile.ZipFile(note).read("word/document.xml")
        facts.write_text(MINIMAL.replace("status: agreed", "status: agred"), encoding="utf-8")
        lines.wait_for(r"did you mean 'agreed'")
        lines.wait_for(r"^failed    data/facts\.yaml: nothing written; the last good documents are kept")
        assert note.read_bytes() == good
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        lines.wait_for(r"^stopped", timeout=5)
        assert not any("Traceback" in line for line in lines.seen), lines.seen
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
