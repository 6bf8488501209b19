"""Tagged PDFs of the note (<stem>.pdf) and the deck (<stem>-deck.pdf), converted by LibreOffice.

Each process converts with a LibreOffice user profile of its own (made once, removed at exit), so builds
running in parallel never share one. LibreOffice runs in a process group of its own (its launcher,
oosplash, starts soffice.bin, which outlives it): when a conversion ends, times out or is interrupted, the
whole group is killed, so no soffice.bin is left running. LibreOffice stamps the clock and a random document id into a PDF;
both are replaced by values derived from the document itself, so identical inputs give identical bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import signal
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
        from ..pool import stop_on_sigterm

        stop_on_sigterm()  # a SIGTERM to this build stops its conversions too

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
            done = run_soffice(command, CONVERT_SECONDS, env={**os.environ, "HOME": str(_user_profile())})
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


_GROUPS: set[int] = set()  # the process groups of the conversions running in this process


def run_soffice(command: list[str], timeout: float, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run LibreOffice in a new process group (a session of its own) and kill the whole group when it is
    done, fails, times out (TimeoutExpired is raised then) or this process is interrupted: oosplash exits
    or is killed, soffice.bin would otherwise go on running."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, start_new_session=True)
    _GROUPS.add(process.pid)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        _kill_group(process.pid)
        _GROUPS.discard(process.pid)
        if process.returncode is None:
            process.wait()
        for stream in (process.stdout, process.stderr):
            stream.close()
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # the group is gone (every member exited)
        pass


def stop_conversions() -> None:
    """Kill every LibreOffice conversion this process runs (on SIGTERM, before the process exits)."""
    for group in list(_GROUPS):
        _kill_group(group)


_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\()(D:\d{14}(?:[+-]\d\d'\d\d'|Z)?)")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_XMP_UUID = re.compile(rb"uuid:[0-9a-fA-F-]{36}")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_XMP_PACKET = re.compile(rb"<\?xpacket begin=.*?<\?xpacket end=[^>]*>|<x:xmpmeta\b.*?</x:xmpmeta>", re.S)
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")


def _regions(pdf: bytes) -> dict[str, list[tuple[int, int]]]:
    """Where LibreOffice's clock and random id are, and nowhere else (never a link's URL): the document
    information dictionary (dates), the XMP metadata packet (dates, uuids), the trailer (/ID, /DocChecksum)."""
    info = []
    for reference in _INFO_REF.finditer(pdf):
        header = re.search(rb"(?<![0-9])" + reference.group(1) + rb"\s+" + reference.group(2) + rb"\s+obj\b", pdf)
        if header:
            close = pdf.find(b"endobj", header.end())
            info.append((header.start(), close if close >= 0 else len(pdf)))
    trailer = pdf.rfind(b"trailer")
    return {"info": info, "xmp": [m.span() for m in _XMP_PACKET.finditer(pdf)],
            "trailer": [(trailer, len(pdf))] if trailer >= 0 else [(pdf.rfind(b"/ID"), len(pdf))]}


def _sub_within(pattern: re.Pattern, replace, pdf: bytes, spans: list[tuple[int, int]]) -> bytes:
    """pattern.sub(replace) inside the spans only (each replacement keeps its length: spans stay valid)."""
    for start, end in spans:
        if start < 0:
            continue
        pdf = pdf[:start] + pattern.sub(replace, pdf[start:end]) + pdf[end:]
    return pdf


def reproducible(pdf: bytes, moment: str) -> bytes:
    """The PDF with its dates set to `moment` (the brief's date) and its id derived from its content, in the
    information dictionary, the XMP packet and the trailer only.

    Every replacement keeps the byte length, so the cross-reference offsets stay right."""
    digits = re.sub(r"\D", "", moment)[:14].ljust(14, "0").encode()
    where = _regions(pdf)

    def date(match: re.Match) -> bytes:
        old = match.group(2)
        new = b"D:" + digits + (b"+00'00'" if old[16:] and old[16:] != b"Z" else old[16:])
        return match.group(1) + (new if len(new) == len(old) else old)

    def xmp_date(match: re.Match) -> bytes:
        old = match.group(2)
        iso = f"{digits[:4].decode()}-{digits[4:6].decode()}-{digits[6:8].decode()}T" \
              f"{digits[8:10].decode()}:{digits[10:12].decode()}:{digits[12:14].decode()}".encode()
        new = (iso + old[len(iso):]) if len(old) >= len(iso) else old
        return match.group(1) + new + match.group(3)

    pdf = _sub_within(_INFO_DATE, date, pdf, where["info"])
    pdf = _sub_within(_XMP_DATE, xmp_date, pdf, where["xmp"])
    checksum = where["info"] + where["trailer"]  # LibreOffice puts /DocChecksum in the trailer
    blank = _sub_within(_CHECKSUM, lambda m: m.group(1) + b"0" * len(m.group(2)), pdf, checksum)
    blank = _sub_within(_ID, lambda m: b" " * len(m.group()), blank, where["trailer"])
    blank = _sub_within(_XMP_UUID, lambda m: b"uuid:" + b"0" * (len(m.group()) - 5), blank, where["xmp"])
    digest = hashlib.sha256(blank).hexdigest().upper().encode()
    pdf = _sub_within(_CHECKSUM, lambda m: m.group(1) + digest[-len(m.group(2)):], pdf, checksum)

    def document_id(match: re.Match) -> bytes:
        a, b = match.group(1), match.group(2)
        return match.group().replace(a, digest[:len(a)]).replace(b, digest[:len(b)])

    pdf = _sub_within(_ID, document_id, pdf, where["trailer"])
    uuid = digest[:8] + b"-" + digest[8:12] + b"-" + digest[12:16] + b"-" + digest[16:20] + b"-" + digest[20:32]
    return _sub_within(_XMP_UUID, lambda m: b"uuid:" + uuid.lower(), pdf, where["xmp"])


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
