"""Tagged PDFs of the note (<stem>.pdf) and the deck (<stem>-deck.pdf), converted by LibreOffice.

Each process converts with a LibreOffice user profile of its own (made once, removed at exit), so builds
running in parallel never share one. LibreOffice stamps the clock and a random document id into a PDF;
both are replaced by values derived from the document itself, so identical inputs give identical bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import FactsError
from . import Builder, RenderContext

# LibreOffice's filter options as JSON (7.4+): tagged PDF, for Writer and for Impress, made to PDF/UA's
# rules as far as LibreOffice goes (it then also identifies the PDF as PDF/UA-1 in its XMP metadata).
TAGGED = '{"UseTaggedPDF":{"type":"boolean","value":"true"},"PDFUACompliance":{"type":"boolean","value":"true"}}'
FILTERS = {".docx": f"pdf:writer_pdf_Export:{TAGGED}", ".pptx": f"pdf:impress_pdf_Export:{TAGGED}"}
CONVERT_SECONDS = 300
PROGRAMS = ("soffice", "libreoffice")


class PdfBuilder(Builder):
    name = "pdf"
    suffixes = (".pdf", "-deck.pdf")
    after = ("docx", "pptx")  # made from the note and the deck, with their templates and options

    def check(self, settings: dict[str, Any]) -> None:
        super().check(settings)
        soffice()

    def render(self, context: RenderContext) -> list[bytes]:
        note = context.output_of("docx")[0]
        deck = context.output_of("pptx")[0]
        moment = context.brief.properties.created
        language = context.brief.language
        return [accessible(to_pdf(note, ".docx", moment), language, chart_alt_texts(note, ".docx"), moment),
                accessible(to_pdf(deck, ".pptx", moment), language, chart_alt_texts(deck, ".pptx"), moment)]


def soffice() -> str:
    """The LibreOffice program; FactsError naming it when it is not installed."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise FactsError.single("--format pdf", "PDF needs LibreOffice, and no 'soffice' (or 'libreoffice') program "
                            "is on PATH; install LibreOffice (e.g. apt-get install libreoffice-writer-nogui "
                            "libreoffice-impress-nogui) or leave pdf out of --format")


_profile: Path | None = None


def _user_profile() -> Path:
    """This process's own LibreOffice profile folder."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="reportgen-lo-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def to_pdf(document: bytes, suffix: str, moment: str) -> bytes:
    """A tagged PDF of an Office document's bytes, with reproducible dates and id."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(document)
        command = [program, f"-env:UserInstallation={_user_profile().as_uri()}", "--headless", "--norestore",
                   "--convert-to", FILTERS[suffix], "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS,
                                  stdin=subprocess.DEVNULL, env={**os.environ, "HOME": str(_user_profile())})
        except subprocess.TimeoutExpired:
            raise FactsError.single(program, f"LibreOffice took more than {CONVERT_SECONDS} s to convert the "
                                    f"{suffix} to PDF") from None
        pdf = source.with_suffix(".pdf")
        if not pdf.exists():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-500:]
            raise FactsError.single(program, f"LibreOffice wrote no PDF for the {suffix} (exit {done.returncode}"
                                    + (f": {said})" if said else ")"))
        data = pdf.read_bytes()
        if b"/StructTreeRoot" not in data:  # LibreOffice before 7.4 ignores the JSON filter options
            raise FactsError.single(program, f"LibreOffice made an untagged PDF of the {suffix}; tagged PDF "
                                    "needs LibreOffice 7.4 or later")
        return reproducible(data, moment)


_DATE = re.compile(rb"D:\d{14}(?:[+-]\d\d'\d\d'|Z)?")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_XMP_UUID = re.compile(rb"uuid:[0-9a-fA-F-]{36}")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def reproducible(pdf: bytes, moment: str) -> bytes:
    """The PDF with its dates set to `moment` (the brief's date) and its id derived from its content.

    Every replacement keeps the byte length, so the cross-reference offsets stay right."""
    digits = re.sub(r"\D", "", moment)[:14].ljust(14, "0").encode()

    def date(match: re.Match) -> bytes:
        old = match.group()
        new = b"D:" + digits + (b"+00'00'" if old[16:] and old[16:] != b"Z" else old[16:])
        return new if len(new) == len(old) else old

    def xmp_date(match: re.Match) -> bytes:
        old = match.group(2)
        iso = f"{digits[:4].decode()}-{digits[4:6].decode()}-{digits[6:8].decode()}T" \
              f"{digits[8:10].decode()}:{digits[10:12].decode()}:{digits[12:14].decode()}".encode()
        new = (iso + old[len(iso):]) if len(old) >= len(iso) else old
        return match.group(1) + new + match.group(3)

    pdf = _DATE.sub(date, pdf)
    pdf = _XMP_DATE.sub(xmp_date, pdf)
    digest = hashlib.sha256(_CHECKSUM.sub(b"", _ID.sub(b"", _XMP_UUID.sub(b"", pdf)))).hexdigest().upper().encode()
    pdf = _CHECKSUM.sub(lambda m: m.group(1) + digest[-len(m.group(2)):], pdf)

    def document_id(match: re.Match) -> bytes:
        a, b = match.group(1), match.group(2)
        return match.group().replace(a, digest[:len(a)]).replace(b, digest[:len(b)])

    pdf = _ID.sub(document_id, pdf)
    uuid = digest[:8] + b"-" + digest[8:12] + b"-" + digest[12:16] + b"-" + digest[16:20] + b"-" + digest[20:32]
    return _XMP_UUID.sub(b"uuid:" + uuid.lower(), pdf)


# --- accessibility: what LibreOffice's tagged PDF leaves out ----------------------------------------
# LibreOffice 7.4 tags a native chart as a /Figure without its description, and declares the deck's
# language as the program's, not the presentation's. Both are put right in the tagged PDF with pikepdf.

_GRAPHIC_FRAME_ALT = re.compile(rb'<(?:wp:docPr|p:cNvPr)\b[^>]*?\bdescr="([^"]*)"')


def chart_alt_texts(document: bytes, suffix: str) -> list[str]:
    """The alt text of every chart in an Office document, in reading order (the document's, or slide by
    slide)."""
    import io
    import zipfile
    from html import unescape

    with zipfile.ZipFile(io.BytesIO(document)) as z:
        if suffix == ".docx":
            parts = ["word/document.xml"]
        else:
            slides = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
            parts = sorted(slides, key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
        texts = []
        for part in parts:
            xml = z.read(part)
            for frame in re.finditer(rb"<(?:w:drawing|p:graphicFrame)\b.*?</(?:w:drawing|p:graphicFrame)>", xml, re.S):
                if b"drawingml/2006/chart" in frame.group() and (alt := _GRAPHIC_FRAME_ALT.search(frame.group())):
                    texts.append(unescape(alt.group(1).decode("utf-8")))
    return texts


def accessible(pdf: bytes, language: str, chart_alts: list[str], moment: str) -> bytes:
    """The tagged PDF with /Lang set to the brief's language, and each /Figure that has no /Alt given the
    next chart's alt text (LibreOffice leaves figures with alt text of their own, pictures, as they are)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.Root.Lang = pikepdf.String(language)
        for page in doc.pages:
            _untagged_drawings_as_artifacts(doc, page)
        texts = iter(chart_alts)
        for figure in _figures(doc.Root.get("/StructTreeRoot")):
            if "/Alt" not in figure and "/ActualText" not in figure:
                text = next(texts, None)
                if text is None:
                    break
                figure.Alt = pikepdf.String(text)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return reproducible(out.getvalue(), moment)


def _untagged_drawings_as_artifacts(doc, page) -> None:
    """Each drawing painted outside any marked content (LibreOffice paints a slide's decorative shapes, such
    as the title rule, as a form outside the structure) marked as an artifact, which is what it already is
    to a screen reader: neither tagged nor read. An end of marked content that ends none is dropped."""
    import pikepdf

    operations = pikepdf.parse_content_stream(page)
    depth, changed, out = 0, False, []
    for operands, operator in operations:
        name = str(operator)
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            if depth == 0:  # closes nothing (LibreOffice writes a few): dropped, it would end ours
                changed = True
                continue
            depth -= 1
        if name == "Do" and depth == 0:
            out += [([pikepdf.Name.Artifact], pikepdf.Operator("BMC")), (operands, operator),
                    ([], pikepdf.Operator("EMC"))]
            changed = True
        else:
            out.append((operands, operator))
    if changed:
        page.Contents = pikepdf.Stream(doc, pikepdf.unparse_content_stream(out))


def _figures(element) -> list:
    """The /Figure structure elements under element, in the structure tree's (reading) order."""
    import pikepdf

    found, stack = [], [element] if element is not None else []
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.get("/S") == "/Figure":
            found.append(node)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(reversed(list(kids)))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return found


BUILDER = PdfBuilder()
