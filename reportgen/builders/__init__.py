"""Output formats: one builder module per format, found in this package; the build loop knows none of them.

A builder module (after Sphinx's `sphinx/builders/text.py`) defines a `Builder` subclass and a module-level
`BUILDER` instance saying: its name (`--format NAME`), the suffixes of the files it writes (`<stem><suffix>`),
the command-line options it adds, the template files its output depends on, a quick check of those
templates before any facts file is built, and how its bytes are made from a Brief. Nothing else in
reportgen changes for a new format. Builder modules import their writers lazily: listing the builders (as
the command line does for an up-to-date check) must not import python-docx, python-pptx or matplotlib.
"""

from __future__ import annotations

import importlib
import os
import pickle
import pkgutil
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import FactsError, TemplateError
from ..output import MiB, read_bounded
from ..pool import fork_is_safe as _can_fork

if TYPE_CHECKING:
    from ..plan import Brief

Warn = Callable[[str], None]
TEMPLATE_LIMIT = 64 * MiB  # a template file larger than this is refused before it is opened


@dataclass(frozen=True)
class Option:
    """A command-line option a builder adds: `--docx-template FILE`, `--chart-style native|image`.

    `name` is its key in the build's settings; `choices` makes it a choice, `is_file` a path to an
    existing file whose bytes the outputs depend on (so it is hashed for freshness)."""

    name: str
    flag: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    is_file: bool = False


class RenderContext:
    """What a builder gets for one facts file: the brief, the build's settings, a way to warn, and the
    bytes of other formats (rendered once per file, so a PDF builder reuses the note a docx build made)."""

    def __init__(self, brief: Brief, settings: dict[str, Any], warn: Warn):
        self.brief = brief
        self.settings = settings
        self.warn = warn
        self._rendered: dict[str, list[bytes]] = {}

    def output_of(self, name: str) -> list[bytes]:
        """The files of format `name` for this brief, one per suffix, rendered on first use."""
        if name not in self._rendered:
            self._rendered[name] = builder(name).render(self)
        return self._rendered[name]

    def render_all(self, names: list[str], processes: int = 1) -> list[bytes]:
        """The files of every format in `names`, in that order. With `processes` > 1, formats that depend
        on no other (a note and a deck) are rendered at the same time in forked processes, each builder's
        bytes exactly as in this process; warnings are reported in the formats' order either way. A
        forked render that fails for any reason is done again here, so errors read as in a serial build."""
        if self.settings.get("chart_style") == "image":  # said once per brief, whichever format draws
            from ..charts import unshown_characters

            for message in unshown_characters(c.spec for c in self.brief.charts):
                self.warn(message)
        alone = [n for n in dict.fromkeys(names) if n not in self._rendered and not builder(n).after]
        if processes > 1 and len(alone) > 1 and _can_fork():
            self._render_forked(alone, processes)
        return [data for name in names for data in self.output_of(name)]

    def _render_forked(self, names: list[str], processes: int) -> None:
        from .. import charts

        forked = names[:processes - 1] if len(names) > processes else names[:-1]
        here = [name for name in names if name not in forked]
        warn, said = self.warn, {name: [] for name in names}
        # The first forked process also draws the pictures the formats rendered here will need (a deck's
        # timeline), so that matplotlib is imported and drawn with off this process's path.
        children = {name: _fork_render(self, name, said[name], here if n == 0 else [])
                    for n, name in enumerate(forked)}
        try:
            for name in here:  # (with this process's warnings kept, to report in the formats' order)
                self.warn = said[name].append
                self._rendered[name] = builder(name).render(self)
        finally:
            self.warn = warn
            charts.receive_pending()  # pictures sent but not needed: read, so that no sender waits
            results = {name: _collect(child) for name, child in children.items()}
        for name in names:
            if name in results and results[name] is not None:
                self._rendered[name], said[name] = results[name]
            for message in said[name]:
                warn(message)
            if name not in self._rendered:  # the forked render failed: again here, to fail as it does
                self._rendered[name] = builder(name).render(self)


def _fork_render(context: RenderContext, name: str, said: list[str], draw_for: list[str]) -> tuple[int, int]:
    """A forked process rendering format `name` of the context's brief; it sends back (bytes, warnings)
    pickled through a pipe. First it draws the pictures formats `draw_for` will need and sends them on
    a pipe of their own (charts.receive_from). (pid, read end of the pipe)."""
    from .. import charts

    read, write = os.pipe()
    if draw_for:
        pictures_read, pictures_write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        if draw_for:
            os.close(pictures_write)
            charts.receive_from(pictures_read)
        return pid, read
    code = 1  # the child: render, send, and leave without running the parent's exit handlers
    try:
        os.close(read)
        context.warn = said.append
        if draw_for:
            os.close(pictures_read)
            try:
                pictures = charts.draw_all([r for n in draw_for for r in builder(n).pictures(context)])
            except Exception:  # noqa: BLE001 - the other process draws what it needs itself
                pictures = {}
            with os.fdopen(pictures_write, "wb") as pipe:
                pipe.write(pickle.dumps(pictures, protocol=pickle.HIGHEST_PROTOCOL))
        payload = pickle.dumps((builder(name).render(context), said), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent renders this format again and reports what fails
        pass
    finally:
        os._exit(code)


def _collect(child: tuple[int, int]) -> tuple[list[bytes], list[str]] | None:
    """What a forked render sent, or None if it failed (the parent then renders that format itself)."""
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not payload:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a truncated payload: render again
        return None


class Builder:
    """One output format. Subclasses set the class attributes and implement `render`."""

    name: str = ""
    suffixes: tuple[str, ...] = ()  # each output is <facts stem><suffix>
    default: bool = False  # built when --format is not given
    options: tuple[Option, ...] = ()
    after: tuple[str, ...] = ()  # builders whose settings and templates this one's output depends on

    def templates(self, settings: dict[str, Any]) -> list[Path]:
        """The template files this format's output depends on (their bytes decide freshness)."""
        return [p for b in self.after for p in builder(b).templates(settings)]

    def check(self, settings: dict[str, Any]) -> None:
        """Before any facts file is built: raise TemplateError (or FactsError) if this format cannot be
        made at all. Quick and without the writers' libraries: the writers check the rest."""
        for name in self.after:
            builder(name).check(settings)

    def render(self, context: RenderContext) -> list[bytes]:
        """The bytes of each output, in the order of `suffixes`."""
        raise NotImplementedError

    def pictures(self, context: RenderContext) -> list:
        """The chart pictures (charts.Request) `render` will draw, so another process can draw them ahead
        while this one renders; none by default (a render draws what it needs itself either way)."""
        return []


class OfficeBuilder(Builder):
    """A format written by a Word or PowerPoint writer on a template: what the two have in common (the
    template option and its check, the guarded reader's warnings, template errors, reproducible zip bytes).
    Subclasses name their template and write their bytes in `write`."""

    template_option: str = ""  # the setting that names a user's template ("docx_template")
    default_template: Path
    main_part: str = ""  # the part a template of this kind must hold ("word/document.xml")
    kind: str = ""  # what the template is called in messages ("Word .docx")

    def templates(self, settings: dict[str, Any]) -> list[Path]:
        return [settings.get(self.template_option) or self.default_template]

    def check(self, settings: dict[str, Any]) -> None:
        check_zip_template(self.templates(settings)[0], self.main_part, self.kind)

    def render(self, context: RenderContext) -> list[bytes]:
        from ..fastpaths import entries_stored
        from ..output import normalise_zip
        from ..package import sanitise

        self.speed_ups()
        template = context.settings.get(self.template_option)
        package, warnings = sanitise(template or self.default_template, self.name)
        for warning in warnings:  # what the reader dropped
            context.warn(warning)
        try:
            with entries_stored():  # deflated once, by normalise_zip
                data = self.write(context, template)
        except FactsError as e:
            raise as_template_error(e, template) from None
        return [normalise_zip(data, zip_moment(context.brief), written_by_zipfile=True, template=package)]

    def speed_ups(self) -> None:
        """Byte-identical speed-ups of the writer's library, applied once per process."""

    def write(self, context: RenderContext, template: Path | None) -> bytes:
        """The document's bytes, from the writer, on template (None: the default)."""
        raise NotImplementedError


def check_zip_template(path: Path, main_part: str, kind: str) -> None:
    """A template is a readable regular file of bounded size, a zip holding `main_part`; else a
    TemplateError saying what it is not. (The writers open it fully, through their own guarded reader.)"""
    try:
        data = read_bounded(path, TEMPLATE_LIMIT, f"{kind} template")
    except OSError as e:
        raise TemplateError.single(str(path), e.strerror or str(e)) from None
    try:
        import io

        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise TemplateError.single(str(path), f"not a {kind} template (not a zip package: {e})") from None
    if main_part not in names:
        raise TemplateError.single(str(path), f"not a {kind} template (no {main_part} inside)")


def as_template_error(error: FactsError, template: Path | None) -> FactsError:
    """A writer's error about the template file, as a TemplateError (so it is reported as one)."""
    if template is not None and not isinstance(error, TemplateError) and \
            any(p.file == str(template) for p in error.problems):
        return TemplateError(error.problems)
    return error


def zip_moment(brief: Brief) -> str:
    """The moment a zip format's embedded files are dated with: the brief's own date, never the clock."""
    created = brief.properties.created
    return (created if "T" in created else f"{created}T00:00:00") + "Z"


@lru_cache(maxsize=None)
def all_builders() -> dict[str, Builder]:
    """Every builder in this package, by name, in module order (docx, pdf, pptx, ...)."""
    found: dict[str, Builder] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        instance = getattr(importlib.import_module(f"{__name__}.{module.name}"), "BUILDER", None)
        if isinstance(instance, Builder):
            found[instance.name] = instance
    return found


def builder(name: str) -> Builder:
    return all_builders()[name]


def default_formats() -> tuple[str, ...]:
    return tuple(name for name, b in all_builders().items() if b.default)


def all_options() -> list[Option]:
    """Every builder's options, once each (two builders may share one, e.g. --chart-style)."""
    seen: dict[str, Option] = {}
    for b in all_builders().values():
        for option in b.options:
            seen.setdefault(option.name, option)
    return list(seen.values())


def default_settings() -> dict[str, Any]:
    return {o.name: o.default for o in all_options()}
