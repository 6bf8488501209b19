"""The one guarded reader of Office templates: bounded, no DTDs, no macros, no external links.

A template is a zip of XML parts (Open Packaging Conventions). Before python-docx or python-pptx sees it,
`sanitise` reads it within fixed limits, keeps only the parts reachable from the package's relationships,
checks every XML part (well formed, no DTD that declares entities), and drops what must never reach a
reader: external relationships (a remote attached template, linked pictures, hyperlinks of the template's
own content) and VML links to files, attached templates, macro (VBA, ActiveX) parts, macro-enabled
embedded files, OLE objects and embedded files (a chart's workbook excepted), scripts in SVG pictures,
actions that run programs, a mail merge. What it dropped is said in one warning. It also keeps only what
the writers use, without a word: no template slide (nor the custom shows and sections that list them),
comments, glossary, custom XML, custom properties, footnotes, document variables, protection, revision
tracking, page background, kiosk show settings or text boxes of the notes master; the core properties
are reset, and the slide master's background is made plain white (a layout's own is dropped). A
macro-enabled main document, an encrypted or oversize file, a zip bomb, malformed XML, a picture that
is markup under another name, an SVG picture that refers to anything outside itself, a style
or numbering cycle, a style the note uses that hides or blurs text (hidden, under 6 pt, too little
contrast), or a slide size PowerPoint does not allow is an error (README: Security: templates)."""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .errors import TemplateError
from .note_styles import PARAGRAPH_STYLES, TABLE_STYLE

# Limits. Real templates are far below them (the shipped ones: 17 and 32 parts, under 1 MB inflated).
MAX_FILE_BYTES = 50 * 2**20          # the template file itself
MAX_PARTS = 2000                      # zip entries
MAX_PART_BYTES = 50 * 2**20           # one part, inflated (pictures, fonts)
MAX_XML_PART_BYTES = 16 * 2**20       # one XML part, inflated (parsed into a tree many times its size)
MAX_TOTAL_BYTES = 150 * 2**20         # every part read, inflated, nested packages included
MAX_RATIO = 100                       # inflated / compressed size, checked for parts over RATIO_FLOOR
RATIO_FLOOR = 2**20
SLIDE_SIDE_EMU = (914400, 51206400)   # a slide's side: 1 to 56 inches, as PowerPoint allows
MAX_NESTING = 1                       # packages inside a template (a chart's workbook): one level

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OOXML = "application/vnd.openxmlformats-officedocument."


@dataclass(frozen=True)
class Kind:
    """What a package of one kind must be: its name for messages, its main part's content types."""

    label: str
    main: str                       # the content type python-docx/pptx open
    also: tuple[str, ...]           # other accepted main types (templates, shows), opened as `main`
    macro: tuple[str, ...]          # macro-enabled main types: refused


KINDS = {
    "docx": Kind("a Word .docx", _OOXML + "wordprocessingml.document.main+xml",
                 (_OOXML + "wordprocessingml.template.main+xml",),
                 ("application/vnd.ms-word.document.macroEnabled.main+xml",
                  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")),
    "pptx": Kind("a PowerPoint .pptx", _OOXML + "presentationml.presentation.main+xml",
                 (_OOXML + "presentationml.template.main+xml", _OOXML + "presentationml.slideshow.main+xml"),
                 ("application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                  "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
                  "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
                  "application/vnd.ms-powerpoint.addin.macroEnabled.main+xml")),
    "xlsx": Kind("an Excel .xlsx", _OOXML + "spreadsheetml.sheet.main+xml",
                 (_OOXML + "spreadsheetml.template.main+xml",),
                 ("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                  "application/vnd.ms-excel.template.macroEnabled.main+xml",
                  "application/vnd.ms-excel.addin.macroEnabled.main+xml",
                  "application/vnd.ms-excel.sheet.binary.macroEnabled.main")),
}
# Packages embedded in a part (the workbook behind a chart): sanitised like a template, one level deep.
_NESTED = {_OOXML + "spreadsheetml.sheet": "xlsx", _OOXML + "wordprocessingml.document": "docx",
           _OOXML + "presentationml.presentation": "pptx"}
# Parts that carry code: dropped with their relationships, and named in the warning.
_MACRO_PARTS = {
    "application/vnd.ms-office.vbaproject": "a macro project",
    "application/vnd.ms-office.vbaprojectsignature": "a macro signature",
    "application/vnd.ms-office.vbaprojectsignatureagile": "a macro signature",
    "application/vnd.ms-office.vbaprojectsignaturev3": "a macro signature",
    "application/vnd.ms-word.vbadata+xml": "macro data",
    "application/vnd.ms-word.keymapcustomizations+xml": "macro key bindings",
    "application/vnd.ms-word.attachedtoolbars": "macro toolbars",
    "application/vnd.ms-excel.macrosheet+xml": "a macro sheet",
    "application/vnd.ms-excel.intlmacrosheet+xml": "a macro sheet",
    "application/vnd.ms-office.activex+xml": "an ActiveX control",
    "application/vnd.ms-office.activex": "an ActiveX control",
}
_ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
# Content types a template may carry (after macro parts are dropped); anything else is refused.
_KNOWN_PREFIXES = (_OOXML, "application/vnd.openxmlformats-package.", "application/vnd.ms-office.",
                   "application/vnd.ms-word.", "application/vnd.ms-powerpoint.", "application/vnd.ms-excel.",
                   "image/", "font/")
_KNOWN = {"application/xml", "text/xml", "application/x-fontdata", "application/x-font-ttf",
          "application/x-font-otf", "application/vnd.ms-package.obfuscated-opentype"}
# Embedded content the writers never need (a chart's workbook aside): dropped, and named in the warning.
_OLE = _OOXML + "oleobject"
_EMBEDDED_RELS = {"oleobject": "an OLE object", "package": "an embedded file"}
_CHART = _OOXML + "drawingml.chart+xml"
# Relationships to what the writers never use, by the last segment of their type: dropped without a word
# (their targets are unreachable then, so not kept). Template slides are dropped too (see `_follow`).
_UNUSED_RELS = {"comments", "commentsextended", "commentsids", "commentsextensible", "people", "commentauthors",
                "authors", "glossarydocument", "afchunk", "customxml", "custom-properties", "customdata",
                "webextension", "webextensiontaskpanes", "footnotes", "endnotes"}
_SLIDE_RELS = {"slide", "notesslide"}
# Elements that exist only to carry a dropped relationship: removed whole (a w:hyperlink keeps its text).
_LINK_ELEMENTS = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "attachedTemplate", "dataSource",
                  "headerSource", "control", "subDoc", "snd", "altChunk", "sldId", "sld", "custData", "externalData"}
# What holds an embedded object on a page or slide: removed whole with the object (and its picture).
_OBJECT_HOLDERS = {"graphicFrame", "object", "pict", "drawing", "pic"}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Slide actions that run something rather than go somewhere (ppaction://hlinkshowjump etc. stay).
_RUNNING_ACTIONS = ("ppaction://ole", "ppaction://macro", "ppaction://program")


_DROP_OBJECT = "\0object"  # _follow's answer for a part dropped together with what shows it


class _Refused(Exception):
    """A template that cannot be used; the message says why."""


def sanitise(path: str | Path, kind: str) -> tuple[bytes, list[str]]:
    """The template at path as clean package bytes, and the warnings (at most one) of what was dropped.
    TemplateError (naming the file) if it is not a usable template of this kind ('docx' or 'pptx')."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise TemplateError.single(str(path), f"cannot read the template: {e.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError.single(str(path), "the template is not a regular file")
    data, warnings = _cached(str(path), info.st_mtime_ns, info.st_size, info.st_ino, kind)
    return data, list(warnings)


def open_clean(path: str | Path, kind: str) -> io.BytesIO:
    """The sanitised template as a file object python-docx / python-pptx open (warnings: `sanitise`)."""
    return io.BytesIO(sanitise(path, kind)[0])


@lru_cache(maxsize=8)
def _cached(path: str, mtime: int, size: int, inode: int, kind: str) -> tuple[bytes, tuple[str, ...]]:
    if size > MAX_FILE_BYTES:
        raise TemplateError.single(path, f"the template is {size / 2**20:.0f} MB; at most "
                                      f"{MAX_FILE_BYTES // 2**20} MB is accepted")
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise TemplateError.single(path, f"cannot read the template: {e.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise TemplateError.single(path, f"the template is larger than {MAX_FILE_BYTES // 2**20} MB")
    if hashlib.sha256(raw).hexdigest() in guarded_digests().get(kind, ()):
        return raw, ()  # bytes this guard already gave (a house template): it would give them again
    try:
        reader = _Reader(KINDS[kind])
        clean = reader.package(raw, KINDS[kind], depth=0)
        _trial_open(kind, clean)
    except _Refused as e:
        raise TemplateError.single(path, f"not usable as a template: {e}") from None
    dropped = reader.dropped_summary()
    warnings = (f"{path}: dropped from the template: {dropped}",) if dropped else ()
    warnings += tuple(f"{path}: {note}" for note in reader.notes)
    return clean, warnings


GUARDED = Path(__file__).parent / "templates" / "guarded.sha256"


@lru_cache(maxsize=1)
def guarded_digests() -> dict[str, frozenset[str]]:
    """The SHA-256 digests of packages this guard has given, by kind: the house templates, which
    scripts/make_templates.py saves as the guard gives them and lists in templates/guarded.sha256
    ("<digest>  <kind>" a line). The guard returns such bytes unchanged (a test checks each listed
    template is so), so a template with one of these digests is used as it is, without being read again."""
    found: dict[str, set[str]] = {}
    try:
        lines = GUARDED.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    for line in lines:
        digest, _, kind = line.partition("  ")
        if re.fullmatch("[0-9a-f]{64}", digest) and kind in KINDS:
            found.setdefault(kind, set()).add(digest)
    return {kind: frozenset(digests) for kind, digests in found.items()}


def _trial_open(kind: str, data: bytes) -> None:
    """Open the clean package as the writers will and read what they read (styles, sections; layouts,
    masters and placeholders): python-docx and python-pptx read XML lazily, so a well-formed but damaged
    template (a style type or a size that is no value) would otherwise fail in the middle of a build."""
    try:
        if kind == "docx":
            from docx import Document

            document = Document(io.BytesIO(data))
            _ = [(style.name, style.type) for style in document.styles]
            _ = [(section.page_width, section.page_height, section.left_margin, section.right_margin,
                  section.top_margin, section.bottom_margin, section.header_distance, section.footer_distance)
                 for section in document.sections]
        elif kind == "pptx":
            from pptx import Presentation

            presentation = Presentation(io.BytesIO(data))
            _ = (presentation.slide_width, presentation.slide_height)
            for master in presentation.slide_masters:
                for layout in [master, *master.slide_layouts]:
                    _ = [(shape.name, shape.left, shape.top, shape.width, shape.height)
                         for shape in layout.shapes]
                    _ = [placeholder.placeholder_format.type for placeholder in layout.placeholders]
    except Exception as e:  # any failure of the libraries on this file: the template is damaged, not reportgen
        raise _Refused(f"it is damaged: {'python-docx' if kind == 'docx' else 'python-pptx'} cannot read it "
                       f"({type(e).__name__}: {e})") from None


def quoted(text: str, limit: int = 80) -> str:
    """A value from a file, quoted for a message: control characters escaped, long text cut."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


class _Reader:
    """Reads one template (and the packages nested in it) within the limits, noting what it drops."""

    def __init__(self, kind: Kind):
        self.kind = kind
        self.total = 0
        self.macros: list[str] = []
        self.external: list[str] = []
        self.attached: list[str] = []
        self.dtds: list[str] = []
        self.objects: list[tuple[str, str]] = []     # (what, part): embedded files, OLE objects
        self.others: list[str] = []                  # scripts, running actions, a mail merge
        self.notes: list[str] = []  # what was filled in (a page size the template lacks), one warning each

    def dropped_summary(self) -> str:
        items = [f"{what} ({name})" for what, name in self.macros + self.objects]
        items += [f"an attached template {quoted(t)}" for t in dict.fromkeys(self.attached)]
        external = list(dict.fromkeys(self.external))
        if external:
            shown = ", ".join(quoted(t) for t in external[:3])
            more = f" and {len(external) - 3} more" if len(external) > 3 else ""
            items.append(f"{len(external)} external link{'s' if len(external) > 1 else ''} "
                         f"({shown}{more})")
        if self.dtds:
            items.append(f"the DTD of {', '.join(self.dtds)}")
        items += list(dict.fromkeys(self.others))
        return "; ".join(items)

    # -- the zip -------------------------------------------------------------------------------------

    def package(self, raw: bytes, kind: Kind, depth: int, where: str = "") -> bytes:
        """Clean bytes of one package; where is its path inside its parent ("" or "ppt/embeddings/x.xlsx/")."""
        if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise _Refused(f"{_subject(where)}is an encrypted (password-protected) or old binary Office file; "
                           f"save it as {kind.label} without a password")
        _check_entry_count(raw, where)
        try:
            zf = zipfile.ZipFile(io.BytesIO(raw))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
                UnicodeDecodeError) as e:
            raise _Refused(f"{_subject(where)}is not {kind.label} file (not a readable zip package: {e})") from None
        with zf:
            return _Package(self, zf, kind, depth, where).clean()

    def read(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
        name = where + info.filename
        if info.flag_bits & 0x1:
            raise _Refused(f"part {name} is encrypted; save the template without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(f"part {name} uses an unsupported compression method ({info.compress_type}); "
                           "save the template again from Word or PowerPoint")
        if info.file_size > limit:
            raise _Refused(f"part {name} is {_size(info.file_size)} inflated; at most {_size(limit)} is accepted")
        try:
            with zf.open(info) as f:
                data = f.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
                ValueError) as e:
            raise _Refused(f"part {name} cannot be read (the file is damaged: {e})") from None
        if len(data) > limit:
            raise _Refused(f"part {name} inflates to more than {_size(limit)}")
        if len(data) > RATIO_FLOOR and len(data) > MAX_RATIO * max(info.compress_size, 1):
            raise _Refused(f"part {name} inflates from {_size(info.compress_size)} to {_size(len(data))} "
                           f"(over {MAX_RATIO}:1, a zip bomb?)")
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            raise _Refused(f"the template inflates to more than {_size(MAX_TOTAL_BYTES)}")
        return data


def _check_entry_count(raw: bytes, where: str) -> None:
    """Refuse a zip listing too many entries before zipfile builds a record of each."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end >= 0 and end + 22 <= len(raw):
        entries = struct.unpack("<H", raw[end + 10: end + 12])[0]
        if entries != 0xFFFF and entries > MAX_PARTS:
            raise _Refused(f"{_subject(where)}has {entries:,} parts; at most {MAX_PARTS:,} are accepted")


def _subject(where: str) -> str:
    """How a message names the package: the template itself, or a package embedded in it."""
    return f"the embedded {where.rstrip('/')} " if where else "it "


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.0f} KB" if n >= 2**10 else f"{n} bytes"


class _Package:
    """One zip package being cleaned: its content types, the parts reachable from its relationships."""

    def __init__(self, reader: _Reader, zf: zipfile.ZipFile, kind: Kind, depth: int, where: str):
        self.reader, self.zf, self.kind, self.depth, self.where = reader, zf, kind, depth, where
        infos = [i for i in zf.infolist() if not i.filename.endswith("/")]
        if len(infos) > MAX_PARTS:
            raise _Refused(f"{_subject(where)}has {len(infos):,} parts; at most {MAX_PARTS:,} are accepted")
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = info.filename.lstrip("/").casefold()
            if key in self.infos:
                raise _Refused(f"{_subject(where)}lists the part {info.filename} twice")
            self.infos[key] = info
        self.out: dict[str, bytes] = {}        # part name (as in the zip) -> clean bytes

    def clean(self) -> bytes:
        types_info = self.infos.get("[content_types].xml")
        if types_info is None:
            raise _Refused(f"{_subject(self.where)}is not {self.kind.label} file (no [Content_Types].xml)")
        types_tree = self._xml(types_info)
        self.defaults = {e.get("Extension", "").casefold(): e.get("ContentType", "")
                         for e in types_tree.iter(f"{{{_CT_NS}}}Default")}
        self.overrides = {e.get("PartName", "").lstrip("/").casefold(): e
                          for e in types_tree.iter(f"{{{_CT_NS}}}Override")}
        self._walk()
        if self.depth == 0:
            main_info = self.infos[self.main.casefold()]
            root = etree.fromstring(self.out[main_info.filename])
            filled = _default_page(self.kind, root)
            if filled:
                self.out[main_info.filename] = _serialise(etree.ElementTree(root))
                self.reader.notes.append(f"{main_info.filename} has no {filled} (as pandoc's reference.docx); "
                                         "the default template's is used (A4, margins 2-2.2 cm)")
            _check_main_part(self.kind, main_info.filename, root)
            if self.kind is KINDS["docx"]:
                self._check_styles()
        main_override = self.overrides.get(self.main.casefold())
        if main_override is not None and main_override.get("ContentType") != self.kind.main:
            main_override.set("ContentType", self.kind.main)  # a .dotx/.potx opens as a document
        for key, override in list(self.overrides.items()):
            if key not in {k.casefold() for k in self.out}:
                override.getparent().remove(override)
        self.out[types_info.filename] = _serialise(types_tree)
        return self._zip()

    def _check_styles(self) -> None:
        """The note's styles and lists (see `_check_note_styles`), read from the kept parts."""
        def kept(suffix: str) -> tuple[str, etree._Element] | tuple[str, None]:
            for name, data in self.out.items():
                if self.content_type(name.lstrip("/")).casefold() == _OOXML + suffix:
                    return name, etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            return "", None

        name, styles = kept("wordprocessingml.styles+xml")
        if styles is not None:
            _check_note_styles(styles, kept("wordprocessingml.numbering+xml")[1], kept("theme+xml")[1], name)

    def content_type(self, name: str) -> str:
        override = self.overrides.get(name.casefold())
        if override is not None:
            return override.get("ContentType", "")
        return self.defaults.get(posixpath.splitext(name)[1].lstrip(".").casefold(), "")

    def _walk(self) -> None:
        """Keep the parts reachable from the package relationships, dropping what must not pass."""
        self.main = ""
        pending = [""]                          # "" is the package itself
        seen = {""}
        while pending:
            source = pending.pop()
            rels_name = _rels_name(source)
            rels_info = self.infos.get(rels_name.casefold())
            if rels_info is None:
                if source:
                    self._keep(source, {}, set())
                continue
            rels = self._xml(rels_info)
            dropped_ids: dict[str, bool] = {}   # id -> whether what refers to it goes whole (an object)
            for rel in list(rels.getroot()):
                target = self._follow(source, rel)
                if target is None or target is _DROP_OBJECT:
                    dropped_ids[rel.get("Id", "")] = target is _DROP_OBJECT
                    rel.getparent().remove(rel)
                    continue
                if not source and rel.get("Type") == _OFFICE_DOCUMENT:
                    self.main = target
                if target.casefold() not in seen:
                    seen.add(target.casefold())
                    pending.append(target)
            if source:
                self._keep(source, dropped_ids, {rel.get("Id", "") for rel in rels.getroot()})
            self.out[rels_info.filename] = _serialise(rels)
        if not self.main:
            raise _Refused(f"{_subject(self.where)}is not {self.kind.label} file (no main document part)")

    def _follow(self, source: str, rel: etree._Element) -> str | None:
        """The part a relationship leads to, or None when the relationship is dropped."""
        target, kind = rel.get("Target", ""), rel.get("Type", "")
        if kind == _ATTACHED_TEMPLATE:
            self.reader.attached.append(target)
            return None
        if rel.get("TargetMode", "Internal") == "External":
            self.reader.external.append(target)
            linked_object = kind.rsplit("/", 1)[-1].casefold() in _EMBEDDED_RELS  # a linked OLE object
            return _DROP_OBJECT if linked_object else None
        last = kind.rsplit("/", 1)[-1].casefold()
        if self.depth == 0 and (last in _UNUSED_RELS or (self.kind is KINDS["pptx"] and last in _SLIDE_RELS)):
            return None  # what the writers never use (template slides: every list naming them goes too)
        base = posixpath.dirname(source)
        name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        info = self.infos.get(name.casefold()) or self.infos.get(unquote(name).casefold())
        if info is None or name.startswith("../"):
            referrer = f"part {self.where}{source} " if source else _subject(self.where)
            raise _Refused(f"{referrer}refers to the part {quoted(target)}, which is not in the file")
        name = info.filename.lstrip("/")
        content_type = self.content_type(name)
        lowered = content_type.casefold()
        if not source and kind == _OFFICE_DOCUMENT:
            if content_type in self.kind.macro:
                raise _Refused(f"{_subject(self.where)}is a macro-enabled file (its main part is {content_type}); "
                               f"save it as {self.kind.label} without macros")
            if content_type != self.kind.main and content_type not in self.kind.also:
                raise _Refused(f"{_subject(self.where)}is not {self.kind.label} file (its main part is "
                               f"{content_type or 'of no content type'})")
        if lowered in _MACRO_PARTS:
            self.reader.macros.append((_MACRO_PARTS[lowered], self.where + name))
            return _DROP_OBJECT
        if "macroenabled" in lowered:  # an embedded .xlsm, .docm, .pptm: never opened, never copied
            self.reader.macros.append(("a macro-enabled file", self.where + name))
            return _DROP_OBJECT
        if not content_type:
            raise _Refused(f"part {self.where}{name} has no content type")
        if not (lowered in _KNOWN or lowered.startswith(_KNOWN_PREFIXES)):
            raise _Refused(f"part {self.where}{name} has a content type a template may not carry: "
                           f"{quoted(content_type)}")
        from_chart = bool(source) and self.content_type(source).casefold() == _CHART
        if lowered in _NESTED:
            self._nested(info, _NESTED[lowered])  # read and checked even when dropped: a bomb is refused
            if from_chart:
                return name  # a chart's workbook, kept as clean bytes: its insides are not parts of this one
            self.out.pop(info.filename, None)
        if lowered == _OLE or last in _EMBEDDED_RELS or lowered in _NESTED:
            what = "an OLE object" if lowered == _OLE or last == "oleobject" else "an embedded file"
            self.reader.objects.append((what, self.where + name))
            return _DROP_OBJECT
        return name

    def _nested(self, info: zipfile.ZipInfo, kind: str) -> None:
        name = info.filename.lstrip("/")
        if self.depth >= MAX_NESTING:
            raise _Refused(f"part {self.where}{name} is a package nested too deeply")
        raw = self.reader.read(self.zf, info, MAX_PART_BYTES, self.where)
        self.out[info.filename] = self.reader.package(raw, KINDS[kind], self.depth + 1, f"{self.where}{name}/")

    def _keep(self, name: str, dropped_ids: dict[str, bool], kept_ids: set[str]) -> None:
        """Keep a part: XML parts checked (and their references to dropped relationships removed)."""
        info = self.infos[name.casefold()]
        if info.filename in self.out:
            return
        content_type = self.content_type(name)
        if not _is_xml(content_type):
            data = self.reader.read(self.zf, info, MAX_PART_BYTES, self.where)
            if content_type.casefold().startswith("image/") and _looks_like_markup(data):
                raise _Refused(f"part {self.where}{info.filename} is said to be {quoted(content_type)} but holds "
                               "markup or compressed data (an SVG picture under another name?); a renderer would "
                               "read it as what it holds; save the picture again as a PNG or JPEG")
            self.out[info.filename] = data
            return
        raw = self.reader.read(self.zf, info, MAX_XML_PART_BYTES, self.where)
        tree, changed = self._parse(raw, info.filename)
        if dropped_ids and _drop_references(tree.getroot(), dropped_ids):
            changed = True
        if _clean_part(self, content_type.casefold(), tree, self.where + info.filename):
            changed = True
        missing = _references(tree.getroot()) - kept_ids
        if missing:
            raise _Refused(f"part {self.where}{info.filename} refers to the relationship "
                           f"{quoted(sorted(missing)[0])}, which it does not have")
        self.out[info.filename] = _serialise(tree) if changed else raw

    def _xml(self, info: zipfile.ZipInfo) -> etree._ElementTree:
        raw = self.reader.read(self.zf, info, MAX_XML_PART_BYTES, self.where)
        tree, changed = self._parse(raw, info.filename)
        return tree

    def _parse(self, raw: bytes, name: str) -> tuple[etree._ElementTree, bool]:
        """The part's XML tree, and whether its DTD was stripped; _Refused if malformed or with entities."""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            tree = etree.parse(io.BytesIO(raw), parser)
        except etree.XMLSyntaxError as e:
            raise _Refused(f"part {self.where}{name} is not well-formed XML ({e.msg})") from None
        dtd = tree.docinfo.internalDTD
        declares = dtd is not None and any(True for _ in dtd.iterentities())
        if declares or any(True for _ in tree.iter(etree.Entity)):
            raise _Refused(f"part {self.where}{name} declares XML entities in a DTD (<!DOCTYPE ... <!ENTITY>), "
                           "which Office never writes; save the template again from Word or PowerPoint")
        if tree.docinfo.doctype:
            self.reader.dtds.append(self.where + name)
            return etree.ElementTree(tree.getroot()), True
        return tree, False

    def _zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.zf.infolist():
                if info.filename in self.out:
                    entry = zipfile.ZipInfo(info.filename.lstrip("/"), date_time=(1980, 1, 1, 0, 0, 0))
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(entry, self.out[info.filename])
        return buffer.getvalue()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


# The default note template's page (templates/briefing.docx): A4, in twentieths of a point.
_DEFAULT_PAGE = {"pgSz": {"w": "11906", "h": "16838"},
                 "pgMar": {"top": "1247", "right": "1134", "bottom": "1134", "left": "1134", "header": "624",
                           "footer": "624", "gutter": "0"}}


def _default_page(kind: Kind, root: etree._Element) -> str:
    """A Word body's last section without a page size or margins at all (pandoc's reference.docx has neither)
    gets the default template's: what was filled in ("page size (w:pgSz)"), or "" when nothing was. A size
    or margin that is there but unusable is left for _check_main_part to refuse."""
    if kind is not KINDS["docx"]:
        return ""
    body = root.find(f"{_W}body")
    section = body[-1] if body is not None and len(body) else None
    if section is None or section.tag != f"{_W}sectPr":
        if body is None:
            return ""
        section = etree.SubElement(body, f"{_W}sectPr")
    filled = []
    for tag, values in _DEFAULT_PAGE.items():
        if section.find(f"{_W}{tag}") is None:
            # pgSz and pgMar come after the header/footer references and footnote/endnote settings
            after = [c for c in section if etree.QName(c).localname in
                     ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz")]
            element = etree.Element(f"{_W}{tag}", {f"{_W}{k}": v for k, v in values.items()})
            section.insert(section.index(after[-1]) + 1 if after else 0, element)
            filled.append({"pgSz": "page size (w:pgSz)", "pgMar": "margins (w:pgMar)"}[tag])
    return " or ".join(filled)


def _check_main_part(kind: Kind, name: str, root: etree._Element) -> None:
    """What the writers take from the main part is there: a Word body ending in a section with a page
    size and margins; a presentation's slide size and at least one slide master."""
    if kind is KINDS["docx"]:
        body = root.find(f"{_W}body")
        section = body[-1] if body is not None and len(body) else None
        if section is None or section.tag != f"{_W}sectPr":
            raise _Refused(f"{name} has no body ending in a section (w:sectPr); save the template again from Word")
        size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
        width = _twips(size, "w")
        sides = [_twips(margins, side, signed=True) for side in ("left", "right", "top", "bottom")]
        if width is None or _twips(size, "h") is None or None in sides or width <= sides[0] + sides[1]:
            raise _Refused(f"{name}: the page size or margins are missing or leave no room for text (w:pgSz, "
                           "w:pgMar); set them in Word's Layout > Margins and save the template again")
    elif kind is KINDS["pptx"]:
        size = root.find(f"{_P}sldSz")
        masters = root.find(f"{_P}sldMasterIdLst")
        if _twips(size, "cx") is None or _twips(size, "cy") is None or masters is None or not len(masters):
            raise _Refused(f"{name} has no slide size (p:sldSz) or no slide master; save the template again "
                           "from PowerPoint")
        low, high = SLIDE_SIDE_EMU
        if not all(low <= _twips(size, side) <= high for side in ("cx", "cy")):
            raise _Refused(f"{name}: the slide is {_twips(size, 'cx') / 914400:.6g} x {_twips(size, 'cy') / 914400:.6g}"
                           f" inches; PowerPoint's slides are {low // 914400} to {high // 914400} inches a side "
                           "(Design > Slide Size)")


def _twips(element: etree._Element | None, attribute: str, signed: bool = False) -> int | None:
    """A whole-number size attribute of a Word or PowerPoint element (w:w, cx, ...): positive, or any
    integer when signed (Word's top and bottom margins may be negative, any margin zero); else None."""
    if element is None:
        return None
    value = element.get(f"{_W}{attribute}", element.get(attribute))
    if value is None or not re.fullmatch(r"-?[0-9]{1,10}", value):
        return None
    number = int(value)
    return number if (signed or number > 0) else None


# --- what each kind of part may keep ------------------------------------------------------------------

_SVG = "image/svg+xml"
_VML_NS = "urn:schemas-microsoft-com:vml"
_VML_NAMESPACES = {_VML_NS, "urn:schemas-microsoft-com:office:office", "urn:schemas-microsoft-com:office:word"}
_SETTINGS = _OOXML + "wordprocessingml.settings+xml"
_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
# Settings that reach outside the document, lock or track it, or carry its author's variables.
_SETTINGS_DROPPED = {"mailMerge", "attachedSchema", "saveThroughXslt", "useXSLTWhenSaving", "saveXmlDataOnly",
                     "linkStyles", "updateFields", "documentProtection", "writeProtection", "trackRevisions",
                     "docVars", "displayBackgroundShape", "revisionView"}
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_SHAPES = {"sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart"}
# A reference an SVG picture may hold: to itself (#id) or a raster picture inside it (data:image/png...).
_INSIDE = re.compile(r"\s*(#|data:image/(png|jpe?g|gif|bmp|webp)[;,])", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import", re.IGNORECASE)


WHITE_BACKGROUND = (f'<p:bg xmlns:p="{_P[1:-1]}" xmlns:a="{_A_NS}"><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/>'
                     '</a:solidFill><a:effectLst/></p:bgPr></p:bg>')


def _clean_part(package: _Package, content_type: str, tree: etree._ElementTree, name: str) -> bool:
    """Remove from one XML part what it may not keep (see the module's docstring); _Refused if it is unsafe
    as a whole. Whether the tree changed."""
    root = tree.getroot()
    changed = _drop_running_actions(package.reader, root)
    if content_type == _SVG:
        return _clean_svg(package.reader, root, name) or changed
    if content_type.endswith("vmldrawing") or _VML_NS in (root.nsmap or {}).values() or \
            any(_VML_NS in (e.nsmap or {}).values() for e in root.iter("{*}pict", "{*}object")):
        changed = _clean_vml(package.reader, root) or changed
    if package.depth:
        return changed
    local = etree.QName(root).localname
    removed: list[etree._Element] = []
    if content_type == _CORE:  # reset: the writers set what a brief's properties say
        removed = list(root)
    elif content_type == _SETTINGS:
        for element in root:
            if isinstance(element.tag, str) and etree.QName(element).localname in _SETTINGS_DROPPED:
                if etree.QName(element).localname == "mailMerge":
                    package.reader.others.append("a mail merge and its data source")
                removed.append(element)
        removed += root.findall(f"{_W}footnotePr/{_W}footnote") + root.findall(f"{_W}endnotePr/{_W}endnote")
    elif local == "document" and root.tag == f"{_W}document":
        removed = root.findall(f"{_W}background")
    elif local == "presentation" and root.tag == f"{_P}presentation":
        removed = root.findall(f"{_P}custShowLst") + root.findall(f"{_P}modifyVerifier") + [
            ext for ext in root.findall(f"{_P}extLst/{_P}ext") if ext.get("uri") == _SECTIONS_EXT]
    elif local == "presentationPr":
        removed = root.findall(f"{_P}showPr")
    elif local in ("sldMaster", "sldLayout") and root.tag == f"{_P}{local}":
        # The writers set every text's colour for a white slide, and the contrast checks read them so: a
        # master's background is made plain white and a layout's own is dropped (it shows the master's).
        c_sld = root.find(f"{_P}cSld")
        removed = [] if c_sld is None else c_sld.findall(f"{_P}bg")
        if c_sld is not None and local == "sldMaster":
            white = etree.fromstring(WHITE_BACKGROUND)
            if len(removed) == 1 and etree.tostring(removed[0], method="c14n") == etree.tostring(white, method="c14n"):
                removed = []  # plain white already (the house template's)
            else:
                c_sld.insert(0, white)
                changed = True
    elif local == "notesMaster":
        tree_ = root.find(f"{_P}cSld/{_P}spTree")
        shapes = [] if tree_ is None else [e for e in tree_ if isinstance(e.tag, str)
                                             and etree.QName(e).localname in _SHAPES]
        removed = [e for e in shapes if e.find(f"./*/{_P}nvPr/{_P}ph") is None]
        if not any(ph.get("type") == "body" for ph in root.iterfind(f".//{_P}nvPr/{_P}ph")):
            raise _Refused(f"its notes master ({name}) has no body placeholder for the speaker notes; "
                           "restore it in PowerPoint's View > Notes Master > Placeholders")
    for element in removed:
        element.getparent().remove(element)
    return changed or bool(removed)


def _looks_like_markup(data: bytes) -> bool:
    """A picture part whose bytes are XML or SVG text (or gzip, as .svgz is): LibreOffice reads a picture by
    its content, whatever its content type says, so such a part is checked as what it is."""
    head = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\0")
    return head.startswith((b"<", b"\x1f\x8b")) or b"<svg" in data[:4096].lower()


def _drop_running_actions(reader: _Reader, root: etree._Element) -> bool:
    """Slide actions (click or mouse-over) that activate an object, run a macro or start a program."""
    found = [e for e in root.iter(f"{{{_A_NS}}}hlinkClick", f"{{{_A_NS}}}hlinkHover", f"{{{_A_NS}}}hlinkMouseOver")
             if (e.get("action") or "").casefold().startswith(_RUNNING_ACTIONS)]
    for element in found:
        reader.others.append(f"an action that runs something ({quoted(element.get('action', ''))})")
        element.getparent().remove(element)
    return bool(found)


def _clean_svg(reader: _Reader, root: etree._Element, name: str) -> bool:
    """An SVG picture without scripts, event handlers or processing instructions; _Refused if it refers to
    anything but itself or a picture inside it (a file:// or http:// image, a stylesheet, a font)."""
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction) and element.getparent() is not None:
                element.getparent().remove(element)
                changed = True
            continue
        local = etree.QName(element).localname
        if local in ("script", "foreignObject", "handler", "listener"):
            if element.getparent() is not None:
                element.getparent().remove(element)
            reader.others.append(f"a script in the SVG picture {name}")
            changed = True
            continue
        for attribute in list(element.attrib):
            attr = etree.QName(attribute).localname
            if attr.casefold().startswith("on"):
                del element.attrib[attribute]
                reader.others.append(f"a script in the SVG picture {name}")
                changed = True
            elif attr.casefold() in ("href", "src") and element.get(attribute).strip() and \
                    not _INSIDE.match(element.get(attribute)):
                raise _Refused(f"the SVG picture {name} refers to {quoted(element.get(attribute))}, outside "
                               "itself; a template's SVG may refer only to itself (#...) or to a picture "
                               "inside it (data:image/png...)")
        texts = [element.text or ""] + [value for value in element.attrib.values()]
        for text in texts:
            for match in _CSS_URL.finditer(text):
                target = match.group(1)
                if target is None or (target.strip() and not _INSIDE.match(target)):
                    raise _Refused(f"the SVG picture {name} refers to {quoted(match.group())}, outside itself; "
                                   "a template's SVG may refer only to itself (#...) or to a picture inside it")
    return changed


def _clean_vml(reader: _Reader, root: etree._Element) -> bool:
    """VML shapes (a VML drawing part, or w:pict / w:object in a Word part) without links to files (o:href,
    src): they are external links by another name."""
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace not in _VML_NAMESPACES:
            continue
        for attribute in list(element.attrib):
            value = element.get(attribute)
            if etree.QName(attribute).localname.casefold() in ("href", "src") and value.strip() and \
                    not value.strip().startswith("#"):
                reader.external.append(value)
                del element.attrib[attribute]
                changed = True
    return changed


# --- the note's styles: no cycle, nothing hidden ---------------------------------------------------------

MIN_TEXT_PT = 6          # a style the writers use may not set text smaller
MIN_CONTRAST = 3.0       # WCAG's least contrast for large text, against the page (white) or the style's fill
_THEME_COLOURS = {"background1": "lt1", "text1": "dk1", "background2": "lt2", "text2": "dk2", "light1": "lt1",
                  "dark1": "dk1", "light2": "lt2", "dark2": "dk2", "hyperlink": "hlink",
                  "followedHyperlink": "folHlink", **{f"accent{n}": f"accent{n}" for n in range(1, 7)}}


def _check_note_styles(styles: etree._Element, numbering: etree._Element | None,
                       theme: etree._Element | None, name: str) -> None:
    """No basedOn or numbering cycle (LibreOffice loops for ever on one), and every style the writers use
    shows its text: not hidden, at least MIN_TEXT_PT, of enough contrast."""
    from docx.styles import BabelFish  # Word's names of its own styles, as python-docx shows them

    by_id = {s.get(f"{_W}styleId"): s for s in styles.iterfind(f"{_W}style")}
    for style_id, style in by_id.items():
        seen, current = [style_id], style
        while current is not None:
            based = current.find(f"{_W}basedOn")
            parent_id = None if based is None else based.get(f"{_W}val")
            if parent_id is None:
                break
            if parent_id in seen:
                names = " -> ".join(quoted(i or "", 40) for i in [*seen[seen.index(parent_id):], parent_id])
                raise _Refused(f"{name}: the styles are based on each other in a circle ({names}); "
                               "set 'Style based on' of one of them to another style in Word")
            seen.append(parent_id)
            current = by_id.get(parent_id)
    if numbering is not None:
        _check_numbering(numbering, by_id, name)
    colours = _theme_colours(theme)
    defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    by_name = {(s.find(f"{_W}name").get(f"{_W}val", "") if s.find(f"{_W}name") is not None else "").casefold(): s
               for s in by_id.values()}  # Word's own styles are named in lower case ("heading 2")
    default_paragraph = next((s for s in by_id.values() if s.get(f"{_W}type") == "paragraph"
                              and s.get(f"{_W}default") in ("1", "true", "on")), None)
    used = [by_name.get(n.casefold()) for n in ("Normal", *PARAGRAPH_STYLES, TABLE_STYLE)] + [default_paragraph]
    for style in dict.fromkeys(s for s in used if s is not None):
        chain, current = [], style
        while current is not None and current not in chain:
            chain.append(current)
            based = current.find(f"{_W}basedOn")
            current = by_id.get(based.get(f"{_W}val")) if based is not None else None
        properties = [el for s in chain for el in (s.find(f"{_W}rPr"), s.find(f"{_W}pPr/{_W}rPr")) if el is not None]
        if defaults is not None:
            properties.append(defaults)
        style_name = quoted(BabelFish.internal2ui(style.find(f"{_W}name").get(f"{_W}val", ""))
                            if style.find(f"{_W}name") is not None else style.get(f"{_W}styleId", ""), 60)

        def first(tag: str) -> etree._Element | None:
            return next((el.find(f"{_W}{tag}") for el in properties if el.find(f"{_W}{tag}") is not None), None)

        for tag, said in (("vanish", "hidden"), ("specVanish", "hidden"), ("webHidden", "hidden")):
            found = first(tag)
            if found is not None and found.get(f"{_W}val", "true").casefold() not in ("0", "false", "off"):
                raise _Refused(f"{name}: the style {style_name} makes its text {said} (w:{tag}), so the brief "
                               "would not show it; clear 'Hidden' in the style's font settings")
        size = first("sz")
        if size is not None and re.fullmatch(r"[0-9]{1,5}", size.get(f"{_W}val", "")) and \
                int(size.get(f"{_W}val")) < 2 * MIN_TEXT_PT:
            raise _Refused(f"{name}: the style {style_name} sets text at {int(size.get(f'{_W}val')) / 2:g} pt; "
                           f"at least {MIN_TEXT_PT} pt is needed to read it")
        scale = first("w")
        if scale is not None and re.fullmatch(r"[0-9]{1,3}", scale.get(f"{_W}val", "")) and \
                int(scale.get(f"{_W}val")) < 50:
            raise _Refused(f"{name}: the style {style_name} scales its text to {scale.get(f'{_W}val')}% of its "
                           "width; at least 50% is needed to read it")
        colour = _colour(first("color"), colours)
        shading = next((el for s in chain for el in (s.find(f"{_W}pPr/{_W}shd"), s.find(f"{_W}rPr/{_W}shd"))
                        if el is not None), None)
        ground = _colour(shading, colours, "fill") or "FFFFFF"
        if colour is not None and _contrast(colour, ground) < MIN_CONTRAST:
            raise _Refused(f"{name}: the style {style_name} sets text of colour {colour} on {ground} (contrast "
                           f"{_contrast(colour, ground):.1f}:1); at least {MIN_CONTRAST:g}:1 is needed to read it")


def _check_numbering(numbering: etree._Element, styles: dict, name: str) -> None:
    """No list linked to a numbering style that leads back to it (w:numStyleLink -> style -> w:num ->
    w:abstractNum -> w:numStyleLink ...)."""
    abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.iterfind(f"{_W}abstractNum")}
    nums = {n.get(f"{_W}numId"): n.find(f"{_W}abstractNumId") for n in numbering.iterfind(f"{_W}num")}
    for start in abstract:
        seen, current = [start], abstract[start]
        while current is not None:
            link = current.find(f"{_W}numStyleLink")
            style = styles.get(link.get(f"{_W}val")) if link is not None else None
            num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId") if style is not None else None
            target = nums.get(num_id.get(f"{_W}val")) if num_id is not None else None
            next_id = target.get(f"{_W}val") if target is not None else None
            if next_id is None:
                break
            if next_id in seen:
                raise _Refused(f"{name}: a list's numbering leads back to itself through the numbering style "
                               f"{quoted(link.get(f'{_W}val', ''), 40)}; define that list again in Word")
            seen.append(next_id)
            current = abstract.get(next_id)


def _theme_colours(theme: etree._Element | None) -> dict[str, str]:
    colours = {}
    scheme = theme.find(f".//{{{_A_NS}}}clrScheme") if theme is not None else None
    for slot in (scheme if scheme is not None else []):
        if not isinstance(slot.tag, str):
            continue
        value = slot.find(f"{{{_A_NS}}}srgbClr")
        system = slot.find(f"{{{_A_NS}}}sysClr")
        found = value.get("val") if value is not None else system.get("lastClr") if system is not None else None
        if found:
            colours[etree.QName(slot).localname] = found
    return colours


def _colour(element: etree._Element | None, theme: dict[str, str], attribute: str = "val") -> str | None:
    """The RGB hex of a w:color (or a w:shd's fill): its theme colour if it names one, else its value;
    None for auto or none."""
    if element is None:
        return None
    themed = element.get(f"{_W}themeColor" if attribute == "val" else f"{_W}themeFill")
    if themed and _THEME_COLOURS.get(themed) in theme:
        return theme[_THEME_COLOURS[themed]].upper()
    value = element.get(f"{_W}{attribute}", "")
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def _contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two RGB hex colours."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rels_name(source: str) -> str:
    folder, base = posixpath.split(source)
    return posixpath.join(folder, "_rels", base + ".rels")


def _is_xml(content_type: str) -> bool:
    lowered = content_type.casefold()
    return lowered.endswith("+xml") or lowered in ("application/xml", "text/xml") or lowered.endswith(
        "vmldrawing")


def _drop_references(root: etree._Element, ids: dict[str, bool]) -> bool:
    """Remove what refers to a dropped relationship: an object with what shows it (its frame, picture and
    fallback), link-only elements whole, other references' attributes."""
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute in [a for a in element.attrib if a.startswith(f"{{{_R_NS}}}")]:
            if element.get(attribute) not in ids:
                continue
            changed = True
            local = etree.QName(element).localname
            parent = element.getparent()
            holder = _holder(element) if ids[element.get(attribute)] else None
            if holder is not None and holder.getparent() is not None:
                holder.getparent().remove(holder)
            elif local == "hyperlink" and parent is not None:
                index = parent.index(element)
                for child in reversed(list(element)):
                    parent.insert(index, child)
                parent.remove(element)
            elif local in _LINK_ELEMENTS and parent is not None:
                parent.remove(element)
            else:
                del element.attrib[attribute]
            break
    return changed


def _holder(element: etree._Element) -> etree._Element | None:
    """The outermost frame, picture or object around element (within its paragraph or shape tree), or the
    markup-compatibility choice holding it; None if it stands alone."""
    found = None
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        local = etree.QName(ancestor).localname
        if local in ("spTree", "grpSp", "r", "p", "body", "hdr", "ftr", "cSld", "txbxContent"):
            break
        if local in _OBJECT_HOLDERS:
            found = ancestor
        elif local == "AlternateContent" and etree.QName(ancestor).namespace == _MC_NS:
            found = ancestor
            break
    return found if found is not None else (element if etree.QName(element).localname in _OBJECT_HOLDERS
                                            else None)


def _references(root: etree._Element) -> set[str]:
    """The relationship ids an XML part refers to (every attribute in the relationships namespace)."""
    prefix = f"{{{_R_NS}}}"
    return {value for element in root.iter() if isinstance(element.tag, str)
            for name, value in element.attrib.items() if name.startswith(prefix) and value}


def _serialise(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree.getroot(), xml_declaration=True, encoding="UTF-8", standalone=True)
