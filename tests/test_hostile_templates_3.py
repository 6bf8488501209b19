"""Hostile templates, round 3 (issue 22, classes 1-7, 13 and the odd templates): each template is made in
the test from a shipped one (python-docx / python-pptx, then zipfile), and either refused with a template
error (exit 1, naming what and why) or built into a brief that carries nothing of what was planted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from reportgen.package import sanitise
from tests.conftest import FIXTURES, assert_unique_entries, run
from tests.test_hostile_templates import DOCX, PPTX, R, assert_refused, new_rels, part, remade, with_rels, with_types

FACTS = FIXTURES / "minimal.yaml"
CT = "application/vnd.openxmlformats-officedocument."
NS_P = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
NS_W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"


def build(tmp_path: Path, *templates: Path, formats: str = "docx,pptx"):
    flags = []
    for template in templates:
        flags += ["--docx-template" if template.suffix == ".docx" else "--pptx-template", template]
    return run("build", FACTS, "-o", tmp_path / "out", "--format", formats, *flags)


def built(tmp_path: Path, suffix: str) -> dict[str, bytes]:
    path = tmp_path / "out" / f"{FACTS.stem}.{suffix}"
    assert_unique_entries(path)
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def valid(validator: str, tmp_path: Path, suffix: str) -> None:
    """The built file is valid Open XML (the Open XML SDK's validator): what was removed left no hole."""
    import json
    import subprocess

    path = tmp_path / "out" / f"{FACTS.stem}.{suffix}"
    report = subprocess.run([validator, str(path)], capture_output=True, text=True, timeout=120)
    assert json.loads(report.stdout)["ok"], report.stdout[:2000]


def everything(parts: dict[str, bytes]) -> str:
    return b"\n".join(parts.values()).decode("utf-8", "replace")


def saved(document, path: Path) -> Path:
    document.save(path)
    return path


# --- 1. pictures that reach outside the template ---------------------------------------------------------

SVG_PICTURE = ('<p:pic><p:nvPicPr><p:cNvPr id="90" name="Logo"/><p:cNvPicPr/><p:nvPr userDrawn="1"/></p:nvPicPr>'
               '<p:blipFill><a:blip r:embed="rIdPng"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
               '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/>'
               '</a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>'
               '<a:off x="0" y="0"/><a:ext cx="6000000" cy="3000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
               '</a:prstGeom></p:spPr></p:pic>')
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8"
                    "ffff3f0005fe02fea7d3a5c30000000049454e44ae426082")


def svg_on_master(tmp_path: Path, svg: str, name: str = "svg.pptx") -> Path:
    """The shipped deck with an SVG picture (and its PNG stand-in) on the slide master: on every slide."""
    return remade(PPTX, tmp_path / name, {
        MASTER: part(PPTX, MASTER).replace("</p:spTree>", SVG_PICTURE + "</p:spTree>", 1).encode(),
        MASTER_RELS: with_rels(PPTX, MASTER_RELS,
                               f'<Relationship Id="rIdSvg" Type="{R}/image" Target="../media/logo.svg"/>',
                               f'<Relationship Id="rIdPng" Type="{R}/image" Target="../media/logo.png"/>'),
        "ppt/media/logo.svg": svg.encode(),
        "ppt/media/logo.png": PNG,
        "[Content_Types].xml": with_types(PPTX, '<Default Extension="svg" ContentType="image/svg+xml"/>',
                                          '<Default Extension="png" ContentType="image/png"/>'),
    })


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">'
       '{inside}</svg>')


@pytest.mark.parametrize("inside,said", [
    ('<image xlink:href="file:///etc/passwd" width="100" height="50"/>', "file:///etc/passwd"),
    ('<image href="http://evil.example/track.png" width="100" height="50"/>', "http://evil.example/track.png"),
    ('<rect width="10" height="10" style="fill: url(file:///etc/hostname)"/>', "url(file:///etc/hostname"),
    ('<style>@import "http://evil.example/s.css";</style>', "@import"),
    ('<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>', "data:image/svg+xml"),
], ids=["file-image", "http-image", "css-url", "css-import", "nested-svg"])
def test_an_svg_that_refers_outside_itself_is_refused(tmp_path, inside, said):
    template = svg_on_master(tmp_path, SVG.format(inside=inside))
    assert_refused(build(tmp_path, template), template, "ppt/media/logo.svg", said, "outside")
    assert not (tmp_path / "out" / f"{FACTS.stem}.pptx").exists()


def test_an_svg_under_a_picture_content_type_is_refused(tmp_path):
    """LibreOffice reads a picture by what it holds: an SVG named logo.png (image/png) is still an SVG."""
    template = svg_on_master(tmp_path, SVG.format(inside='<rect width="10" height="10"/>'))
    with zipfile.ZipFile(template) as z:
        svg = z.read("ppt/media/logo.svg")
    disguised = remade(template, tmp_path / "disguised.pptx", {"ppt/media/logo.png": SVG.format(
        inside='<image xlink:href="file:///etc/passwd" width="100" height="50"/>').encode(),
        "ppt/media/logo.svg": svg})
    assert_refused(build(tmp_path, disguised), disguised, "ppt/media/logo.png", "image/png", "holds markup")


def test_an_svg_keeps_its_own_references_and_loses_its_scripts(tmp_path):
    inside = ('<script>alert(1)</script><defs><linearGradient id="g"/></defs>'
              '<rect width="10" height="10" fill="url(#g)" onclick="alert(2)"/>'
              f'<image xlink:href="data:image/png;base64,AAAA" width="1" height="1"/>')
    template = svg_on_master(tmp_path, SVG.format(inside=inside))
    result = build(tmp_path, template)
    assert result.exit_code == 0, result.output
    assert "a script in the SVG picture ppt/media/logo.svg" in result.output
    svg = built(tmp_path, "pptx")["ppt/media/logo.svg"].decode()
    assert "script" not in svg and "onclick" not in svg and "alert" not in svg
    assert "url(#g)" in svg and "data:image/png;base64,AAAA" in svg


def test_a_vml_picture_linked_to_a_file_loses_the_link(tmp_path):
    header = (f'<w:hdr {NS_W} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
              '<w:p><w:r><w:pict><v:shape style="width:10pt;height:10pt"><v:imagedata src="file:///etc/passwd" '
              'o:href="file:///C:/secret.png"/></v:shape></w:pict></w:r></w:p></w:hdr>')
    template = _docx_with_header(tmp_path, header)
    clean, warnings = sanitise(template, "docx")
    with zipfile.ZipFile(io.BytesIO(clean)) as z:
        assert b"file:///" not in z.read("word/header9.xml")
    assert "file:///etc/passwd" in warnings[0]


# --- 2. macros and objects embedded in a template --------------------------------------------------------

OLE_FRAME = ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="91" name="Activate">'
             '<a:hlinkHover r:id="" action="ppaction://ole?verb=0"/></p:cNvPr><p:cNvGraphicFramePr/>'
             '<p:nvPr userDrawn="1"/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
             '<a:ext cx="12191695" cy="6858000"/></p:xfrm><a:graphic><a:graphicData '
             'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj name="Worksheet" '
             'r:id="rIdOle" progId="Excel.SheetMacroEnabled.12"><p:embed/></p:oleObj></a:graphicData></a:graphic>'
             '</p:graphicFrame>')


@pytest.mark.parametrize("target,content_type,rel,what", [
    ("../embeddings/book.xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", "package", "a macro-enabled file"),
    ("../embeddings/note.docm", "application/vnd.ms-word.document.macroEnabled.12", "package",
     "a macro-enabled file"),
    ("../embeddings/oleObject1.bin", CT + "oleObject", "oleObject", "an OLE object"),
    ("../embeddings/book.xlsx", CT + "spreadsheetml.sheet", "package", "an embedded file"),
], ids=["xlsm", "docm", "ole-bin", "plain-xlsx"])
def test_an_object_on_the_slide_master_is_dropped_and_named(tmp_path, validator, target, content_type, rel, what):
    name = "ppt/" + target[3:]
    payload = _tiny_workbook() if name.endswith(".xlsx") else b"PK\x03\x04 macro workbook"
    template = remade(PPTX, tmp_path / "ole.pptx", {
        MASTER: part(PPTX, MASTER).replace("</p:spTree>", OLE_FRAME + "</p:spTree>", 1).encode(),
        MASTER_RELS: with_rels(PPTX, MASTER_RELS, f'<Relationship Id="rIdOle" Type="{R}/{rel}" Target="{target}"/>'),
        name: payload,
        "[Content_Types].xml": with_types(PPTX, f'<Override PartName="/{name}" ContentType="{content_type}"/>'),
    })
    result = build(tmp_path, template)
    assert result.exit_code == 0, result.output
    assert f"{what} ({name})" in result.output, result.output
    deck = built(tmp_path, "pptx")
    valid(validator, tmp_path, "pptx")
    assert not [n for n in deck if "embeddings/" in n and "Microsoft_Excel" not in n], list(deck)
    text = everything(deck)
    assert "oleObj" not in text and "ppaction://ole" not in text and "macroEnabled" not in text


def test_a_macro_enabled_document_embedded_in_a_note_header_is_dropped_and_named(tmp_path):
    header = (f'<w:hdr {NS_W} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
              '<w:p><w:r><w:object><v:shape id="s1" style="width:10pt;height:10pt"/><o:OLEObject Type="Embed" '
              'ProgID="Word.DocumentMacroEnabled.12" ShapeID="s1" r:id="rIdDocm"/></w:object></w:r>'
              '<w:r><w:t>Header text</w:t></w:r></w:p></w:hdr>')
    template = _docx_with_header(tmp_path, header, {
        "word/embeddings/evil.docm": b"PK\x03\x04 macro document",
    }, [f'<Relationship Id="rIdDocm" Type="{R}/package" Target="embeddings/evil.docm"/>'],
        ['<Override PartName="/word/embeddings/evil.docm" '
         'ContentType="application/vnd.ms-word.document.macroEnabled.12"/>'])
    clean, warnings = sanitise(template, "docx")
    assert "a macro-enabled file (word/embeddings/evil.docm)" in warnings[0]
    with zipfile.ZipFile(io.BytesIO(clean)) as z:
        assert "word/embeddings/evil.docm" not in z.namelist()
        header = z.read("word/header9.xml").decode()
    assert "w:object" not in header and "OLEObject" not in header and "Header text" in header


# --- 3. template slides, custom shows and sections --------------------------------------------------------

def test_template_slides_in_a_custom_show_and_a_section_leave_no_trace(tmp_path, validator):
    prs = Presentation(str(PPTX))
    secret = prs.slides.add_slide(prs.slide_layouts[1])
    secret.shapes.title.text = "TEMPLATE SLIDE SECRET"
    secret.notes_slide.notes_text_frame.text = "template notes"
    path = saved(prs, tmp_path / "shows.pptx")
    presentation = part(path, "ppt/presentation.xml")
    rel_id = presentation.split('<p:sldId ')[1].split('r:id="')[1].split('"')[0]
    slide_id = presentation.split('<p:sldId id="')[1].split('"')[0]
    shows = (f'<p:custShowLst><p:custShow name="Secret" id="0"><p:sldLst><p:sld r:id="{rel_id}"/></p:sldLst>'
             '</p:custShow></p:custShowLst>')
    sections = ('<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst '
                'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="Old" '
                f'id="{{00000001-0000-4000-8000-000000000001}}"><p14:sldIdLst><p14:sldId id="{slide_id}"/>'
                '</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>')
    presentation = presentation.replace("<p:defaultTextStyle>", shows + "<p:defaultTextStyle>", 1)
    presentation = presentation.replace("</p:presentation>", sections + "</p:presentation>")
    template = remade(path, tmp_path / "shows2.pptx", {"ppt/presentation.xml": presentation.encode()})
    result = build(tmp_path, template)
    assert result.exit_code == 0, result.output
    deck = built(tmp_path, "pptx")  # one entry per name
    valid(validator, tmp_path, "pptx")
    text = everything(deck)
    assert "TEMPLATE SLIDE SECRET" not in text and "template notes" not in text
    assert "custShow" not in text and '"Old"' not in deck["ppt/presentation.xml"].decode()
    ids = Presentation(str(tmp_path / "out" / f"{FACTS.stem}.pptx")).slides._sldIdLst
    listed = {s.get("id") for s in ids}
    sections_ids = set(__import__("re").findall(r'p14:sldId id="(\d+)"', deck["ppt/presentation.xml"].decode()))
    assert sections_ids == listed


def test_a_template_slide_reached_only_from_the_master_is_dropped_so_new_slides_take_their_names(tmp_path, validator):
    """Why a new slide's name cannot collide: python-pptx names a new slide after the count of listed slides
    (slide1.xml ...), which would meet a template slide the master still reaches (a "jump to slide" action).
    The guard drops every template slide, and the relationships and actions that reach one, so slide1.xml
    is free: the deck has one entry per name, no word of the template slide, and no dangling action."""
    prs = Presentation(str(PPTX))
    hidden = prs.slides.add_slide(prs.slide_layouts[1])
    hidden.shapes.title.text = "JUMP TARGET SECRET"
    path = saved(prs, tmp_path / "jump0.pptx")
    rels = part(path, MASTER_RELS).replace("</Relationships>", f'<Relationship Id="rIdJump" Type="{R}/slide" '
                                                               'Target="../slides/slide1.xml"/></Relationships>')
    jump = ('<p:sp><p:nvSpPr><p:cNvPr id="99" name="Jump"><a:hlinkClick r:id="rIdJump" '
            'action="ppaction://hlinksldjump"/></p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
            '<a:xfrm><a:off x="0" y="0"/><a:ext cx="100000" cy="100000"/></a:xfrm><a:prstGeom prst="rect">'
            '<a:avLst/></a:prstGeom></p:spPr></p:sp>')
    master = part(path, MASTER).replace("</p:spTree>", jump + "</p:spTree>", 1)
    template = remade(path, tmp_path / "jump.pptx", {MASTER: master.encode(), MASTER_RELS: rels.encode()})
    result = build(tmp_path, template, formats="pptx")
    assert result.exit_code == 0, result.output
    deck = built(tmp_path, "pptx")  # one entry per name
    valid(validator, tmp_path, "pptx")
    assert "JUMP TARGET SECRET" not in everything(deck)
    assert b"rIdJump" not in deck[MASTER] and b"rIdJump" not in deck[MASTER_RELS]
    assert "ppt/slides/slide1.xml" in deck


def test_the_duplicate_entry_check_fails_on_a_deck_with_two_entries_of_one_name(tmp_path):
    twice = tmp_path / "twice.pptx"
    with zipfile.ZipFile(twice, "w") as z:
        z.writestr("ppt/slides/slide1.xml", "<a/>")
        with pytest.warns(UserWarning):
            z.writestr("ppt/slides/slide1.xml", "<b/>")
    with pytest.raises(AssertionError, match="ppt/slides/slide1.xml"):
        assert_unique_entries(twice)
    twice.unlink()  # the check after each test would fail on it too


# --- 4. styles that hide the marking or the note -----------------------------------------------------------

def _styled(tmp_path: Path, style: str, **settings) -> Path:
    document = Document(str(DOCX))
    font = document.styles[style].font
    for key, value in settings.items():
        setattr(font, key, value)
    return saved(document, tmp_path / f"{style.replace(' ', '-')}.docx")


@pytest.mark.parametrize("style,settings,said", [
    ("Marking", {"hidden": True}, "hidden"),
    ("Footer Text", {"hidden": True}, "hidden"),
    ("Normal", {"hidden": True}, "hidden"),
    ("Marking", {"size": 12700}, "1 pt"),
    ("Footer Text", {"color_rgb": "FFFFFF"}, "FFFFFF"),
    ("Heading 2", {"color_rgb": "FAFAFA"}, "contrast"),
], ids=["marking-hidden", "footer-hidden", "normal-hidden", "marking-1pt", "footer-white", "heading-faint"])
def test_a_style_that_hides_text_is_refused_naming_it(tmp_path, style, settings, said):
    from docx.shared import RGBColor

    if "color_rgb" in settings:
        document = Document(str(DOCX))
        document.styles[style].font.color.rgb = RGBColor.from_string(settings["color_rgb"])
        template = saved(document, tmp_path / "faint.docx")
    else:
        template = _styled(tmp_path, style, **settings)
    assert_refused(build(tmp_path, template, formats="docx"), template, "template error", f"'{style}'", said)


def test_a_black_page_background_is_dropped(tmp_path):
    document = part(DOCX, "word/document.xml").replace("<w:body>", '<w:background w:color="000000"/><w:body>', 1)
    template = remade(DOCX, tmp_path / "black.docx", {"word/document.xml": document.encode()})
    result = build(tmp_path, template, formats="docx")
    assert result.exit_code == 0, result.output
    note = built(tmp_path, "docx")
    assert b"w:background" not in note["word/document.xml"]
    assert b"displayBackgroundShape" not in note["word/settings.xml"]


def test_a_black_slide_background_is_made_white(tmp_path, validator, soffice):
    """A deck template whose slide master and a layout paint the slide black: the writers' dark text would
    be unreadable. The master's background becomes plain white and the layout's own is dropped."""
    import re
    import subprocess

    black = '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    master = re.sub(r"<p:bg>.*?</p:bg>", "", part(PPTX, MASTER), count=1, flags=re.S)
    master = master.replace("<p:cSld>", "<p:cSld>" + black, 1)
    layout_name = "ppt/slideLayouts/slideLayout2.xml"
    layout = re.sub(r"<p:bg>.*?</p:bg>", "", part(PPTX, layout_name), count=1, flags=re.S)
    layout = re.sub(r"(<p:cSld[^>]*>)", r"\1" + black, layout, count=1)
    template = remade(PPTX, tmp_path / "black.pptx", {MASTER: master.encode(), layout_name: layout.encode()})
    result = build(tmp_path, template, formats="pptx")
    assert result.exit_code == 0, result.output
    deck = built(tmp_path, "pptx")
    for name, xml in deck.items():
        if re.fullmatch(r"ppt/slide(Master|Layout)s/slide(Master|Layout)\d+\.xml", name):
            assert b'srgbClr val="000000"/></a:solidFill><a:effectLst/></p:bgPr>' not in xml, name
    assert b'<p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/>' in deck[MASTER]
    valid(validator, tmp_path, "pptx")
    pdf = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                          str(tmp_path / "out" / f"{FACTS.stem}.pptx")], capture_output=True, timeout=180)
    assert pdf.returncode == 0
    png = tmp_path / "pdf" / "slide"
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "2", "-l", "2", str(tmp_path / "pdf" / f"{FACTS.stem}.pdf"),
                    str(png)], check=True)
    from PIL import Image

    picture = Image.open(next((tmp_path / "pdf").glob("slide*.png"))).convert("L")
    width, height = picture.size
    assert picture.getpixel((width - 3, height // 2)) > 200  # the slide's right edge, where nothing is drawn


def test_the_marking_and_page_numbers_are_written_shown(tmp_path):
    result = build(tmp_path, formats="docx")
    assert result.exit_code == 0, result.output
    note = built(tmp_path, "docx")
    for name in [n for n in note if n.startswith(("word/header", "word/footer"))]:
        xml = note[name].decode()
        assert xml.count('<w:vanish w:val="0"/>') == xml.count("<w:r>"), name


# --- 5. header and footer content ------------------------------------------------------------------------

def _docx_with_header(tmp_path: Path, header: str, parts: dict | None = None, rels: list | None = None,
                      types: list | None = None, name: str = "header.docx") -> Path:
    document = part(DOCX, "word/document.xml").replace(
        "<w:pgSz ", '<w:headerReference w:type="default" r:id="rIdHdr"/>'
                    '<w:footerReference w:type="default" r:id="rIdFtr"/><w:pgSz ', 1)
    footer = header.replace("<w:hdr ", "<w:ftr ").replace("</w:hdr>", "</w:ftr>")
    doc_rels = "word/_rels/document.xml.rels"
    return remade(DOCX, tmp_path / name, {
        "word/document.xml": document.encode(),
        "word/header9.xml": header.encode(),
        "word/footer9.xml": footer.encode(),
        "word/_rels/header9.xml.rels": new_rels(*(rels or [])),
        "word/_rels/footer9.xml.rels": new_rels(*(rels or [])),
        doc_rels: with_rels(DOCX, doc_rels, f'<Relationship Id="rIdHdr" Type="{R}/header" Target="header9.xml"/>',
                            f'<Relationship Id="rIdFtr" Type="{R}/footer" Target="footer9.xml"/>'),
        **(parts or {}),
        "[Content_Types].xml": with_types(
            DOCX, f'<Override PartName="/word/header9.xml" ContentType="{CT}wordprocessingml.header+xml"/>',
            f'<Override PartName="/word/footer9.xml" ContentType="{CT}wordprocessingml.footer+xml"/>', *(types or [])),
    })


def test_header_and_footer_content_of_the_template_never_reaches_the_note(tmp_path, validator):
    header = (f'<w:hdr {NS_W}><w:sdt><w:sdtPr><w:alias w:val="Banner"/></w:sdtPr><w:sdtContent><w:p><w:r>'
              '<w:t>UNCLASSIFIED - PUBLIC RELEASE</w:t></w:r></w:p></w:sdtContent></w:sdt>'
              '<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>TABLE BANNER</w:t>'
              '</w:r></w:p></w:tc></w:tr></w:tbl>'
              '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDEAUTO '
              'cmd "/c calc" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe"><w:r><w:t>x</w:t></w:r></w:fldSimple>'
              '</w:p></w:hdr>')
    template = _docx_with_header(tmp_path, header)
    result = build(tmp_path, template, formats="docx")
    assert result.exit_code == 0, result.output
    note = built(tmp_path, "docx")
    valid(validator, tmp_path, "docx")
    furniture = everything({n: v for n, v in note.items() if n.startswith(("word/header", "word/footer"))})
    for planted in ("UNCLASSIFIED - PUBLIC RELEASE", "TABLE BANNER", "DDEAUTO", "w:sdt", "w:tbl", "Banner"):
        assert planted not in furniture, planted
    assert "OFFICIAL" in furniture
    assert "header9" not in everything(note) and "footer9" not in everything(note)


# --- 6. a mail merge and other external sources in settings ---------------------------------------------------

def test_a_mail_merge_naming_a_share_is_dropped(tmp_path, validator):
    settings = part(DOCX, "word/settings.xml").replace("<w:defaultTabStop", (
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/><w:dataType w:val="native"/>'
        '<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=\\\\evil-server\\share\\list.xlsx"/>'
        '<w:query w:val="SELECT * FROM `Sheet1$`"/><w:dataSource r:id="rIdMM"/><w:odso><w:udl w:val="Data '
        'Source=\\\\evil-server\\share\\list.xlsx"/><w:table w:val="Sheet1$"/></w:odso></w:mailMerge>'
        '<w:attachedSchema w:val="http://evil.example/schema"/><w:saveThroughXslt r:id="rIdX" />'
        '<w:updateFields w:val="true"/><w:defaultTabStop'), 1)
    template = remade(DOCX, tmp_path / "merge.docx", {
        "word/settings.xml": settings.encode(),
        "word/_rels/settings.xml.rels": new_rels(
            f'<Relationship Id="rIdMM" Type="{R}/mailMergeSource" Target="file:///\\\\evil-server\\share\\list.xlsx" '
            'TargetMode="External"/>',
            f'<Relationship Id="rIdX" Type="{R}/transform" Target="file:///\\\\evil-server\\share\\x.xslt" '
            'TargetMode="External"/>'),
    })
    result = build(tmp_path, template, formats="docx")
    assert result.exit_code == 0, result.output
    assert "a mail merge" in result.output
    settings = built(tmp_path, "docx")["word/settings.xml"].decode()
    valid(validator, tmp_path, "docx")
    for planted in ("mailMerge", "odso", "evil-server", "attachedSchema", "saveThroughXslt", "updateFields"):
        assert planted not in settings, planted


# --- 7. metadata, settings and parts the writers never use --------------------------------------------------------

def test_comments_alt_chunks_glossary_custom_xml_and_properties_are_not_carried(tmp_path, validator):
    document = Document(str(DOCX))
    core = document.core_properties
    core.content_status, core.identifier, core.version = "FINAL - APPROVED", "ID-SECRET-7", "v99"
    body = document.add_paragraph("template body text")
    document.add_comment(body.runs[0] if body.runs else body.add_run("x"), text="REVIEWER COMMENT", author="Rev")
    path = saved(document, tmp_path / "meta.docx")
    doc_xml = part(path, "word/document.xml").replace(
        "<w:sectPr", '<w:altChunk r:id="rIdAlt"/><w:sectPr', 1)
    settings = part(path, "word/settings.xml").replace("<w:defaultTabStop", (
        '<w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:trackRevisions/>'
        '<w:docVars><w:docVar w:name="Secret" w:val="DOCVAR SECRET"/></w:docVars><w:defaultTabStop'), 1)
    doc_rels = "word/_rels/document.xml.rels"
    glossary = (f'<w:glossaryDocument {NS_W}><w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>GLOSSARY SECRET'
                '</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>')
    template = remade(path, tmp_path / "meta2.docx", {
        "word/document.xml": doc_xml.encode(),
        "word/settings.xml": settings.encode(),
        "word/afchunk.docx": _tiny_document("ALT CHUNK SECRET"),
        "word/glossary/document.xml": glossary.encode(),
        "docProps/custom.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
                                'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                                '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
                                '<vt:lpwstr>CUSTOM PROPERTY SECRET</vt:lpwstr></property></Properties>').encode(),
        "_rels/.rels": with_rels(path, "_rels/.rels", f'<Relationship Id="rIdCust" Type="{R}/custom-properties" '
                                                      'Target="docProps/custom.xml"/>'),
        doc_rels: with_rels(path, doc_rels,
                            f'<Relationship Id="rIdAlt" Type="{R}/aFChunk" Target="afchunk.docx"/>',
                            f'<Relationship Id="rIdGl" Type="{R}/glossaryDocument" Target="glossary/document.xml"/>'),
        "[Content_Types].xml": with_types(
            path, f'<Override PartName="/word/afchunk.docx" ContentType="{CT}wordprocessingml.document.main+xml"/>',
            f'<Override PartName="/word/glossary/document.xml" ContentType="{CT}wordprocessingml.document.glossary+xml"/>',
            f'<Override PartName="/docProps/custom.xml" ContentType="{CT}custom-properties+xml"/>'),
    })
    result = build(tmp_path, template, formats="docx")
    assert result.exit_code == 0, result.output
    note = built(tmp_path, "docx")
    valid(validator, tmp_path, "docx")
    text = everything(note)
    for planted in ("REVIEWER COMMENT", "ALT CHUNK SECRET", "GLOSSARY SECRET", "CUSTOM PROPERTY SECRET",
                    "FINAL - APPROVED", "ID-SECRET-7", "v99", "DOCVAR SECRET", "documentProtection",
                    "trackRevisions", "altChunk", "customXml", "template body text"):
        assert planted not in text, planted
    assert not [n for n in note if "comments" in n or "glossary" in n or "custom" in n.casefold()], list(note)


def test_a_notes_masters_text_boxes_and_kiosk_settings_are_not_carried(tmp_path, validator):
    prs = Presentation(str(PPTX))
    notes_master = prs.notes_master  # python-pptx makes the default notes master in the template
    box = ('<p:sp %s><p:nvSpPr><p:cNvPr id="77" name="Box"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
           '<a:xfrm><a:off x="457200" y="457200"/><a:ext cx="2743200" cy="914400"/></a:xfrm><a:prstGeom prst="rect">'
           '<a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:t>NOTES MASTER SECRET</a:t></a:r>'
           '</a:p></p:txBody></p:sp>') % NS_P
    from lxml import etree
    notes_master.shapes._spTree.append(etree.fromstring(box))
    path = saved(prs, tmp_path / "notes.pptx")
    pres_props = part(path, "ppt/presProps.xml").replace(
        "</p:presentationPr>", '<p:showPr loop="1" showNarration="1"><p:kiosk restart="300000"/><p:sldAll/>'
                               '</p:showPr></p:presentationPr>')
    if "<p:extLst>" in pres_props:  # showPr comes before extLst
        head, tail = pres_props.split("<p:extLst>", 1)
        pres_props = head + "<p:extLst>" + tail
    template = remade(path, tmp_path / "notes2.pptx", {"ppt/presProps.xml": pres_props.encode()})
    result = build(tmp_path, template)
    assert result.exit_code == 0, result.output
    deck = built(tmp_path, "pptx")
    valid(validator, tmp_path, "pptx")
    text = everything(deck)
    assert "NOTES MASTER SECRET" not in text
    assert "kiosk" not in text and "showPr" not in deck["ppt/presProps.xml"].decode()


# --- 13. cycles ------------------------------------------------------------------------------------------------

def test_a_style_based_on_itself_through_another_is_refused(tmp_path):
    styles = part(DOCX, "word/styles.xml")
    styles = styles.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="Loop A"/>'
                            '<w:basedOn w:val="LoopB"/></w:style><w:style w:type="paragraph" w:styleId="LoopB">'
                            '<w:name w:val="Loop B"/><w:basedOn w:val="LoopA"/></w:style></w:styles>')
    template = remade(DOCX, tmp_path / "cycle.docx", {"word/styles.xml": styles.encode()})
    assert_refused(build(tmp_path, template, formats="docx"), template, "circle", "'LoopA'", "'LoopB'")


def test_a_numbering_style_that_leads_back_to_itself_is_refused(tmp_path):
    styles = part(DOCX, "word/styles.xml").replace("</w:styles>", (
        '<w:style w:type="numbering" w:styleId="LoopList"><w:name w:val="Loop List"/><w:pPr><w:numPr>'
        '<w:numId w:val="901"/></w:numPr></w:pPr></w:style></w:styles>'))
    numbering = part(DOCX, "word/numbering.xml")
    first_num = numbering.index("<w:num ")
    numbering = (numbering[:first_num] + '<w:abstractNum w:abstractNumId="900"><w:numStyleLink w:val="LoopList"/>'
                 '</w:abstractNum>' + numbering[first_num:]).replace(
        "</w:numbering>", '<w:num w:numId="901"><w:abstractNumId w:val="900"/></w:num></w:numbering>')
    template = remade(DOCX, tmp_path / "numbering.docx", {"word/styles.xml": styles.encode(),
                                                          "word/numbering.xml": numbering.encode()})
    assert_refused(build(tmp_path, template, formats="docx"), template, "numbering", "'LoopList'")


# --- lower: odd decks are template errors, not internal errors -------------------------------------------------------

def _deck(tmp_path: Path, name: str, change) -> Path:
    prs = Presentation(str(PPTX))
    change(prs)
    return saved(prs, tmp_path / name)


def _remove_title(prs) -> None:
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Slide")
    for shape in list(layout.placeholders):
        if shape.placeholder_format.type in (1, 3):  # TITLE, CENTER_TITLE
            shape._element.getparent().remove(shape._element)


def _notes_master_without_body(prs) -> None:
    master = prs.notes_master
    for shape in list(master.placeholders):
        if shape.placeholder_format.type == 2:  # BODY
            shape._element.getparent().remove(shape._element)


def _tiny_body(prs) -> None:
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Title and Content")
    for shape in layout.placeholders:
        if shape.placeholder_format.idx == 1:
            shape.left, shape.top, shape.width, shape.height = 0, 0, 1, 1


def _tiny_slide(prs) -> None:
    size = prs.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    size.set("cx", "1")
    size.set("cy", "1")  # python-pptx refuses to set it; a file can say it


@pytest.mark.parametrize("change,said", [
    (_remove_title, "'Title Slide' has no title placeholder"),
    (_notes_master_without_body, "notes master"),
    (_tiny_body, "'Title and Content'"),
    (_tiny_slide, "inches"),
], ids=["title-slide-without-title", "notes-master-without-body", "one-emu-body", "one-emu-slide"])
def test_odd_decks_are_template_errors(tmp_path, change, said):
    template = _deck(tmp_path, "odd.pptx", change)
    assert_refused(build(tmp_path, template, formats="pptx"), template, "template error", said)


# --- helpers ----------------------------------------------------------------------------------------------------

def _tiny_workbook() -> bytes:
    import xlsxwriter  # python-pptx's own dependency, which writes a chart's workbook

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        book.add_worksheet().write(0, 0, "WORKBOOK SECRET")
    return buffer.getvalue()


def _tiny_document(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- lower: the PDF's dates and ids, and the theme's font name ------------------------------------------------------

def test_pdf_post_processing_leaves_a_links_url_alone():
    from reportgen.builders.pdf import reproducible

    url = b"https://example.org/D:20240101120000Z/uuid:12345678-1234-1234-1234-123456789abc"
    pdf = (b"%PDF-1.6\n1 0 obj\n<</Type/Annot/Subtype/Link/A<</S/URI/URI(" + url + b")>>>>\nendobj\n"
           b"2 0 obj\n<</Producer(LibreOffice)/CreationDate(D:20251206050000Z')>>\nendobj\n"
           b"3 0 obj\n<</Type/Metadata/Subtype/XML>>stream\n<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
           b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><xmp:CreateDate>2025-12-06T05:00:00Z</xmp:CreateDate>"
           b"<xmpMM:DocumentID>uuid:00000000-1111-2222-3333-444444444444</xmpMM:DocumentID></x:xmpmeta>"
           b"<?xpacket end=\"w\"?>\nendstream\nendobj\n"
           b"trailer\n<</Size 4/Info 2 0 R\n/ID [ <0123456789ABCDEF0123456789ABCDEF>\n<0123456789ABCDEF0123456789ABCDEF> ]"
           b"\n/DocChecksum /F8A35111730D90871F69B0391F0A7BAC\n>>\n%%EOF\n")
    out = reproducible(pdf, "2025-01-10T00:00:00")
    assert len(out) == len(pdf)
    assert b"/URI(" + url + b")" in out  # a source's URL is the facts' text, never a date or id to replace
    assert b"/CreationDate(D:20250110000000Z')" in out
    assert b"<xmp:CreateDate>2025-01-10T00:00:00Z</xmp:CreateDate>" in out
    assert b"uuid:00000000-1111" not in out and b"<0123456789ABCDEF" not in out
    assert reproducible(pdf, "2025-01-10T00:00:00") == out


def test_the_theme_font_name_reaches_fc_match_as_a_name_never_an_option(monkeypatch):
    import subprocess as subprocess_module

    from reportgen.deck import fit

    calls = []

    def fake_run(args, **kwargs):
        calls.append(list(args))
        return subprocess_module.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(fit.subprocess, "run", fake_run)
    monkeypatch.setattr(fit.shutil, "which", lambda name: "/usr/bin/" + name)
    fit.font_path.cache_clear()
    try:
        fit.font_path("--version", False)
    finally:
        fit.font_path.cache_clear()
    (args,) = [call for call in calls if call[0] == "fc-match"]
    assert "--" in args and args.index("--") == len(args) - 2 and args[-1].startswith("--version:")
