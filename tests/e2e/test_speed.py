"""What keeps builds fast: an up-to-date check imports no writer, and python-pptx names parts without
walking the package for each one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import FIXTURES, ROOT, SEED

HEAVY = ("docx", "pptx", "pydantic", "matplotlib", "lxml", "yaml", "babel", "jinja2")
PROBE = f"""
import atexit, sys
atexit.register(lambda: print("imported:", sorted(m for m in {HEAVY!r} if m in sys.modules)))
from reportgen.cli import main
sys.argv = ["reportgen", *sys.argv[1:]]
main()
"""


def test_an_up_to_date_check_imports_no_writer_model_or_charts(tmp_path):
    def build(*args):
        return subprocess.run([sys.executable, "-c", PROBE, "build", str(SEED), "-o", str(tmp_path), *args],
                              capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CI": "true"})

    first = build()
    assert first.returncode == 0, first.stderr
    # The probe sees a real build's imports (the deck is rendered in the build's own process).
    assert "imported: [" in first.stdout and "'pptx'" in first.stdout and "'jinja2'" in first.stdout
    for args in ((), ("--check",)):
        again = build(*args)
        assert again.returncode == 0, again.stderr
        assert "unchanged" in again.stdout
        assert "imported: []" in again.stdout, again.stdout


def test_slide_parts_are_named_without_walking_the_package(monkeypatch):
    """python-pptx walks every relationship to name each notes slide, chart and workbook: quadratic in
    slides. The pptx builder names them from one walk per name pattern: the walks do not grow."""
    from pptx import Presentation
    from pptx.opc.package import OpcPackage

    from reportgen.fastpaths.pptx import _name_parts_without_walking_the_package, on

    if not on():
        pytest.skip("python-pptx's fast paths are off (REPORTGEN_PURE=1, or not a verified version)")
    _name_parts_without_walking_the_package()
    walks = []
    real = OpcPackage.iter_parts

    def counted(self):
        walks.append(1)
        return real(self)

    monkeypatch.setattr(OpcPackage, "iter_parts", counted)
    prs = Presentation()
    for _ in range(40):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.notes_slide.notes_text_frame.text = "notes"
    assert len(walks) <= 3, len(walks)
    names = [s.notes_slide.part.partname for s in prs.slides]
    assert len(set(names)) == 40 and names[0] == "/ppt/notesSlides/notesSlide1.xml"


def test_a_normalised_zip_copied_without_recompressing_has_the_same_bytes():
    import io
    import zipfile

    from reportgen.output import normalise_zip

    def zipped(entries: dict[str, bytes], level=None, method=zipfile.ZIP_DEFLATED) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", method, compresslevel=level) as z:
            for name, data in entries.items():
                z.writestr(name, data)
        return out.getvalue()

    core = b'<cp:coreProperties><dcterms:created x="1">2024-05-06T07:08:09Z</dcterms:created></cp:coreProperties>'
    workbook = zipped({"docProps/core.xml": core, "xl/workbook.xml": b"<workbook/>" * 50})
    entries = {"[Content_Types].xml": b"<Types/>" * 100, "word/document.xml": "<w:t>Привет ١٢٣</w:t>".encode() * 300,
               "empty.xml": b"", "docProps/core.xml": core, "ppt/embeddings/Book1.xlsx": workbook,
               "média/ünïcode-name.png": bytes(range(256)) * 40}
    data = zipped(entries)
    plain = normalise_zip(data, "2025-01-02T03:04:05Z")
    assert normalise_zip(data, "2025-01-02T03:04:05Z", written_by_zipfile=True) == plain
    # Stored by the writer (the libraries' fast paths), with a template whose parts some entries are: the
    # same bytes, the first time and when the template's parts are compressed already
    stored = zipped(entries, method=zipfile.ZIP_STORED)
    template = zipped({"[Content_Types].xml": entries["[Content_Types].xml"], "empty.xml": b"", "other.xml": b"<o/>"})
    for _ in range(2):
        assert normalise_zip(stored, "2025-01-02T03:04:05Z", written_by_zipfile=True, template=template) == plain
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        assert z.testzip() is None and z.read("word/document.xml") == entries["word/document.xml"]
        assert b"2025-01-02T03:04:05Z" in zipfile.ZipFile(io.BytesIO(z.read("ppt/embeddings/Book1.xlsx"))).read(
            "docProps/core.xml")
    # The copy trusts the level it is told of: a zip deflated at another level keeps that level's bytes
    other = zipped(entries, level=1)
    assert normalise_zip(other, "2025-01-02T03:04:05Z") == plain
    from reportgen.fastpaths import zipfile as fast

    if fast.on():
        assert normalise_zip(other, "2025-01-02T03:04:05Z", written_by_zipfile=True) != plain


def test_the_deck_is_rendered_without_python_docx():
    """The deck's process (the build's own, for a single file) never imports python-docx: Word's raw XML
    helpers live apart from the slides' and charts'."""
    script = f"""
import sys
from reportgen.build import BuildOptions
from reportgen.builders import RenderContext
from reportgen.load import parse_facts
from reportgen.plan import plan
brief = plan(parse_facts(open({str(SEED)!r}, "rb").read(), "seed.yaml"), None)
assert RenderContext(brief, BuildOptions().all_settings(), print).output_of("pptx")[0][:2] == b"PK"
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "'pptx'" in done.stdout and "'docx'" not in done.stdout, done.stdout


def test_the_wording_is_compiled_once_and_kept(tmp_path, monkeypatch):
    """A kept compile of the wording is used (jinja2 compiles nothing) and gives the same words, in every
    language (one compile serves every catalog); one made from other template text is ignored (jinja2
    compiles the template)."""
    import jinja2

    from reportgen import text

    def words():
        template = text._environment().get_template(text.WORDING)
        return [(m.caption_label("table"), m.status_label("agreed"), m.status_label("concern"))
                for m in (text.module(template, language) for language in ("en-GB", "fr-CA"))]

    kept = tmp_path / "wording.cache"
    monkeypatch.setattr(text, "compiled_path", lambda: kept)
    from_source = words()  # nothing kept yet
    other = jinja2.Environment()
    stale = jinja2.bccache.Bucket(other, "key", "the checksum of other text")
    stale.code = other.compile("{% macro caption_label(kind) %}old{% endmacro %}", text.WORDING)
    assert text.compile_wording() == kept and kept.stat().st_size > 1000
    compiles = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: compiles.append(1) or real(*a, **k))
    assert words() == from_source and compiles == []  # the kept code
    kept.write_bytes(stale.bytecode_to_string())
    assert words() == from_source and compiles  # compiled again: the kept code was not this template's


def test_the_house_templates_are_listed_as_the_guard_gives_them(tmp_path, monkeypatch):
    """Each house template is the template guard's own output, listed by digest in templates/guarded.sha256,
    so a build uses it without guarding it again: guarded afresh, it comes back byte for byte. A template
    whose digest is not listed (one byte of its zip comment changed) is guarded as any other."""
    import hashlib

    from reportgen import package

    listed = package.guarded_digests()
    for kind, name in (("docx", "briefing.docx"), ("pptx", "deck.pptx")):
        house = (ROOT / "reportgen" / "templates" / name).read_bytes()
        assert hashlib.sha256(house).hexdigest() in listed[kind]
        copy = tmp_path / name
        copy.write_bytes(house)
        with monkeypatch.context() as m:
            m.setattr(package, "guarded_digests", lambda: {})
            assert package.sanitise(copy, kind) == (house, [])  # what the guard gives: the same bytes
        changed = tmp_path / f"changed-{name}"
        changed.write_bytes(house[:-2] + b"\x01\x00" + b"x")  # a one-byte zip comment: another digest
        guarded, _ = package.sanitise(changed, kind)
        assert guarded != changed.read_bytes() and hashlib.sha256(guarded).hexdigest() in listed[kind]


def test_fontconfig_is_asked_ahead_and_answers_the_same(monkeypatch):
    """The deck's font lookups started ahead (while the writers load) give the files a lookup now gives,
    and the processes are waited for."""
    import shutil

    from reportgen.deck import fit

    if not shutil.which("fc-match"):
        pytest.skip("no fontconfig here: the lookups fall back to known files")
    fit.font_path.cache_clear()
    monkeypatch.setattr(fit, "_found", set())
    fit.look_up_fonts(["Arial", "DejaVu Sans"])
    started = [process for _, process in fit._asked.values()]
    assert len(started) == 4
    fit.settle_font_lookups()
    ahead = {(family, bold): fit.font_path(family, bold) for family in ("Arial", "DejaVu Sans") for bold in (False, True)}
    assert fit._asked == {} and all(process.returncode is not None for process in started)
    fit.font_path.cache_clear()
    assert ahead == {key: fit.font_path(*key) for key in ahead}


def test_a_build_whose_briefs_all_fail_leaves_no_lookup_unread(monkeypatch, tmp_path):
    """The lookups a build starts ahead are read and their processes reaped when the build ends, also
    when no deck got as far as measuring text (every brief failed on its facts)."""
    import shutil

    from reportgen.build import BuildOptions, build_all
    from reportgen.deck import fit

    if not shutil.which("fc-match"):
        pytest.skip("no fontconfig here: nothing is looked up ahead")
    fit.font_path.cache_clear()
    monkeypatch.setattr(fit, "_found", set())
    bad = tmp_path / "bad.yaml"
    bad.write_text("reportgen: 1\nsummit: {title: X}\n", encoding="utf-8")
    started = []
    look_up = fit.look_up_fonts
    monkeypatch.setattr(fit, "look_up_fonts", lambda families: (look_up(families),
                                                               started.extend(p for _, p in fit._asked.values())))
    results = list(build_all([bad], BuildOptions(out_dir=tmp_path / "out", formats=("docx", "pptx"))))
    assert [r.status for r in results] == ["failed"]
    assert len(started) == 2
    assert fit._asked == {} and all(process.returncode is not None for process in started)
    fit.font_path.cache_clear()


def test_shapes_and_workbooks_made_once_give_the_same_bytes(monkeypatch):
    """A deck's furniture (markings, slide number) is made on its first slide and copied onto the others,
    and a chart's data and embedded workbook are made once for the note and the deck: the documents are
    byte for byte those made afresh each time, for briefs with a timeline, charts and other scripts."""
    import hashlib

    from reportgen import chartstyle
    from reportgen.builders import RenderContext
    from reportgen.deck import writer
    from reportgen.load import parse_facts
    from reportgen.plan import plan

    def documents() -> list[str]:
        found = []
        for facts in (SEED, FIXTURES / "charts" / "nato-readout.yaml", FIXTURES / "charts" / "forty-events.yaml"):
            context = RenderContext(plan(parse_facts(facts.read_bytes(), str(facts))), {"chart_style": "native"},
                                    lambda _: None)
            found += [hashlib.sha256(context.output_of(name)[0]).hexdigest() for name in ("docx", "pptx")]
        return found

    once = documents()
    made = []
    monkeypatch.setattr(writer._Writer, "furniture", lambda self, slide: made.append(self._make_furniture(slide)))
    monkeypatch.setattr(chartstyle, "_kept_chart_data", chartstyle._chart_data)
    afresh = documents()
    assert len(made) > 30 and once == afresh
