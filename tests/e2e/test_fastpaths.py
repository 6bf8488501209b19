"""The fast paths (reportgen/fastpaths/): REPORTGEN_PURE=1 turns every one off and a build then has the same
bytes; on a library version they were not verified against they switch themselves off, with one
debug-level message each, and the build has the same bytes too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, SEED, write_large_facts


def _build(inputs: list[Path], out: Path, pure: bool, *options: str) -> dict[str, bytes]:
    env = {**os.environ, "CI": "true"}
    env.pop("REPORTGEN_PURE", None)
    if pure:
        env["REPORTGEN_PURE"] = "1"
    done = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", *map(str, inputs), "-o", str(out),
                           "-j", "1", *options], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".docx", ".pptx")}


def test_a_pure_build_has_the_same_bytes(tmp_path):
    """The seed, every example and a 60-topic file, built with the fast paths on and with REPORTGEN_PURE=1."""
    inputs = [SEED, write_large_facts(tmp_path / "sixty.yaml", topics=60), *sorted((ROOT / "examples").glob("*.yaml"))]
    fast = _build(inputs, tmp_path / "fast", pure=False)
    pure = _build(inputs, tmp_path / "pure", pure=True)
    assert len(fast) == 2 * len(inputs)
    assert fast.keys() == pure.keys()
    assert [name for name in fast if fast[name] != pure[name]] == []


OTHER_VERSION = """
import hashlib, importlib.metadata, logging, sys
from pathlib import Path

logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
from reportgen.builders import RenderContext
from reportgen.load import parse_facts
from reportgen.plan import plan
import reportgen.docx_writer, reportgen.deck.writer  # the libraries imported before the versions change

if sys.argv[2] == "other":  # the next releases, as far as reportgen can tell
    real = importlib.metadata.version
    importlib.metadata.version = lambda name: "99.0.0" if name in ("python-docx", "python-pptx") else real(name)
    sys.version_info = (3, 99, 0, "final", 0)
brief = plan(parse_facts(Path(sys.argv[1]).read_bytes(), sys.argv[1]))
context = RenderContext(brief, {"chart_style": "native"}, lambda _: None)
digests = [hashlib.sha256(context.output_of(name)[0]).hexdigest() for name in ("docx", "pptx")]

from docx.opc.phys_pkg import _ZipPkgWriter as DocxZipWriter
from docx.oxml.styles import CT_Styles
from docx.oxml.xmlchemy import BaseOxmlElement as DocxElement
from docx.parts.document import DocumentPart
from pptx.opc.package import OpcPackage, _Relationships
from pptx.opc.serialized import _ZipPkgWriter as PptxZipWriter
from pptx.oxml.shapes.shared import BaseShapeElement as PptxShape
from pptx.oxml.xmlchemy import BaseOxmlElement as PptxElement
from pptx.shapes.shapetree import SlideShapes
from lxml import etree
from reportgen.fastpaths import pptx as fast_pptx
patched = [name for name, function, mark in (
    ("CT_Styles.default_for", CT_Styles.default_for, "in_xpath"),
    ("DocumentPart.get_style_id", DocumentPart.get_style_id, "remembered"),
    ("docx xpath", DocxElement.xpath, "compiled_once"),
    ("pptx xpath", PptxElement.xpath, "compiled_once"),
    ("docx successors", DocxElement.first_child_found_in, "one_pass"),
    ("pptx successors", PptxElement.first_child_found_in, "one_pass"),
    ("OpcPackage.next_partname", OpcPackage.next_partname, "counted"),
    ("_Relationships._get_matching", _Relationships._get_matching, "indexed"),
    ("_Relationships.xml", _Relationships.xml.fget, "kept"),
    ("docx stored", DocxZipWriter.__init__, "stores_when_asked"),
    ("pptx stored", PptxZipWriter.__dict__["_zipf"], "stores_when_asked"),
    ("pptx placeholders", PptxShape.ph.fget, "direct"),
    ("SlideShapes.clone_layout_placeholders", SlideShapes.clone_layout_placeholders, "copied"),
) if getattr(function, mark, False)]
empty = etree.Element("{http://schemas.openxmlformats.org/drawingml/2006/main}p")
patched += ["set_paragraph"] * fast_pptx.set_paragraph(empty, 0, False, False, 0, "x")
print(*digests, "|".join(patched) or "-", sep=chr(10))
"""


def test_the_fast_paths_switch_off_for_another_library_version(tmp_path):
    """With python-docx, python-pptx and Python reporting versions the fast paths were not verified
    against, no library class is patched, the writers take the libraries' public paths, one debug
    message per library says so, and the bytes are those of a build with the fast paths on."""
    from reportgen.fastpaths import docx, installed, pptx

    if installed("python-docx") not in docx.VERIFIED or installed("python-pptx") not in pptx.VERIFIED:
        pytest.skip("python-docx or python-pptx is not a verified version (make test-latest): no fast path to switch off")
    large = write_large_facts(tmp_path / "large.yaml", topics=12)
    for facts in (SEED, large):
        runs = {mode: subprocess.run([sys.executable, "-c", OTHER_VERSION, str(facts), mode], capture_output=True,
                                     text=True, cwd=ROOT, env={**os.environ, "REPORTGEN_PURE": ""})
                for mode in ("verified", "other")}
        for mode, done in runs.items():
            assert done.returncode == 0, done.stderr
        on, off = runs["verified"].stdout.splitlines(), runs["other"].stdout.splitlines()
        assert on[2].split("|") == ["CT_Styles.default_for", "DocumentPart.get_style_id", "docx xpath", "pptx xpath",
                                    "docx successors", "pptx successors", "OpcPackage.next_partname",
                                    "_Relationships._get_matching", "_Relationships.xml", "docx stored",
                                    "pptx stored", "pptx placeholders",
                                    "SlideShapes.clone_layout_placeholders", "set_paragraph"]
        assert off[2] == "-", off[2]
        assert on[:2] == off[:2], facts.name
        said = [line for line in runs["other"].stderr.splitlines() if line.startswith("reportgen.fastpaths")]
        assert sorted(said) == sorted([
            "reportgen.fastpaths: python-docx 99.0.0: its fast paths are off (verified on 1.2.0 only); "
            "using the library's public code",
            "reportgen.fastpaths: python-pptx 99.0.0: its fast paths are off (verified on 1.0.2 only); "
            "using the library's public code",
            "reportgen.fastpaths: python 3.99: its fast paths are off (verified on 3.11 only); "
            "using the library's public code"]), runs["other"].stderr
        assert not [line for line in runs["verified"].stderr.splitlines() if line.startswith("reportgen.fastpaths")]


def _fast_paths_on(*libraries):
    """Each fast-path module given (fastpaths.docx, fastpaths.pptx) applied; the test is skipped where the
    installed library is not a version its fast paths were verified on (make test-latest)."""
    from reportgen.fastpaths import installed

    for library in libraries:
        if installed(library.DISTRIBUTION) not in library.VERIFIED:
            pytest.skip(f"{library.DISTRIBUTION} is not a verified version: no fast path")
    for library in libraries:
        library.apply()


def test_successors_found_in_one_pass_are_the_elements_the_library_finds():
    """first_child_found_in in one pass over the children gives python-docx's and python-pptx's own answer,
    also where the children are out of schema order, repeated, or include a comment."""
    from docx.oxml.parser import parse_xml as docx_xml
    from pptx.oxml import parse_xml as pptx_xml

    from reportgen.fastpaths import docx, pptx

    _fast_paths_on(docx, pptx)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    cases = [(docx_xml, w, "w", ["b", "i", "u", "sz", "color"]), (pptx_xml, a, "a", ["ln", "solidFill", "latin", "ea"])]
    for parse, ns, prefix, tags in cases:
        orders = [tags, tags[::-1], tags[1:] + tags[:1], [tags[2], tags[0], tags[2], tags[1]], tags[:1], []]
        for order in orders:
            children = "<!-- a comment -->" + "".join(f"<{prefix}:{t} n='{i}'/>" for i, t in enumerate(order))
            element = parse(f"<{prefix}:rPr {ns}>{children}</{prefix}:rPr>")
            for asked in (tags, tags[::-1], tags[2:], tags[:2] + ["missing"], ["missing"] * 3):
                names = [f"{prefix}:{t}" for t in asked]
                # the library's own rule: the first child of the first tag name that any child has
                expected = next((c for c in (element.find(_clark(n)) for n in names) if c is not None), None)
                assert element.first_child_found_in(*names) is expected, (order, asked)


def _clark(name: str) -> str:
    prefix, local = name.split(":")
    return "{%s}%s" % ({"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                        "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}[prefix], local)


def test_the_libraries_store_entries_only_when_asked():
    """python-docx and python-pptx save deflated entries as always, and stored ones only inside
    entries_stored() (the builder's, whose package normalise_zip deflates next): another caller in the
    same process gets the libraries' own packages."""
    import io
    import zipfile

    from docx import Document
    from pptx import Presentation

    from reportgen.fastpaths import docx, entries_stored, pptx

    _fast_paths_on(docx, pptx)

    def methods(document) -> set[int]:
        out = io.BytesIO()
        document.save(out)
        return {info.compress_type for info in zipfile.ZipFile(out).infolist()}

    for make in (Document, Presentation):
        assert methods(make()) == {zipfile.ZIP_DEFLATED}
        with entries_stored():
            assert methods(make()) == {zipfile.ZIP_STORED}
        assert methods(make()) == {zipfile.ZIP_DEFLATED}


def test_a_placeholder_found_directly_is_the_one_the_xpath_finds():
    """A shape's p:ph found by walking to it is the element python-pptx's XPath gives, whatever comes
    first (a comment), however many p:nvPr there are, with or without a p:ph."""
    from lxml import etree
    from pptx.oxml import parse_xml

    from reportgen.fastpaths import pptx

    _fast_paths_on(pptx)
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    insides = ["<p:nvPr><p:ph type='title'/></p:nvPr>", "<p:nvPr/>", "<p:nvPr/><p:nvPr><p:ph idx='2'/></p:nvPr>",
               "<p:cNvPr/><p:nvPr><p:ph idx='3'/><p:ph idx='4'/></p:nvPr>", "<p:other><p:ph/></p:other>", ""]
    for inside in insides:
        for before in ("", "<!-- a comment -->", "<?pi x?>"):
            for rest in ("", "<p:spPr/>", "<p:nvSpPr><p:nvPr><p:ph idx='9'/></p:nvPr></p:nvSpPr>"):
                shape = parse_xml(f"<p:sp {p}>{before}<p:nvSpPr>{inside}</p:nvSpPr>{rest}</p:sp>")
                found = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces={"p": p.split('"')[1]})(shape)
                assert shape.ph is (found[0] if found else None), (before, inside, rest)
    empty = parse_xml(f"<p:sp {p}/>")
    assert empty.ph is None


def test_applying_the_fast_paths_again_patches_nothing_more():
    """The builders apply the fast paths before every brief: the second time changes no library class
    (a patch wrapped around itself once per brief would recurse deeper with every brief of a batch)."""
    import inspect

    import docx.opc.phys_pkg
    import docx.oxml.styles
    import docx.oxml.xmlchemy
    import docx.parts.document
    import pptx.opc.package
    import pptx.opc.serialized
    import pptx.oxml.presentation
    import pptx.oxml.shapes.shared
    import pptx.oxml.xmlchemy
    import pptx.parts.presentation
    import pptx.shapes.shapetree
    import pptx.slide

    from reportgen.fastpaths import docx as fast_docx
    from reportgen.fastpaths import pptx as fast_pptx

    _fast_paths_on(fast_docx, fast_pptx)
    modules = [docx.opc.phys_pkg, docx.oxml.styles, docx.oxml.xmlchemy, docx.parts.document, pptx.opc.package,
               pptx.opc.serialized, pptx.oxml.presentation, pptx.oxml.shapes.shared, pptx.oxml.xmlchemy,
               pptx.parts.presentation, pptx.shapes.shapetree, pptx.slide]

    def attributes() -> dict:
        return {(module.__name__, name, attribute): value for module in modules
                for name, cls in vars(module).items() if inspect.isclass(cls) and cls.__module__ == module.__name__
                for attribute, value in vars(cls).items()}

    once = attributes()
    fast_docx.apply()
    fast_pptx.apply()
    again = attributes()
    assert [key for key in once if again.get(key) is not once[key]] == []
