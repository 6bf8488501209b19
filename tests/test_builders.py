"""The builders: each format in one module; the build loop, manifest, --check and CLI know none of them."""

from __future__ import annotations

import textwrap

import pytest

import reportgen.builders as builders

from .conftest import FIXTURES, run

# A whole new format, as one module would add it (reportgen/builders/markdown.py): its name, suffix,
# option and template, and how its bytes are made from the Brief. Nothing else changes.
MARKDOWN_BUILDER = '''
"""A plain-text briefing note (.md): the bottom line and each topic's points."""

from __future__ import annotations

from . import Builder, Option, RenderContext


class MarkdownBuilder(Builder):
    name = "md"
    suffixes = (".md",)
    options = (Option("md_heading", "--md-heading", "The character that marks headings.", default="#"),)

    def render(self, context: RenderContext) -> list[bytes]:
        brief, mark = context.brief, context.settings["md_heading"]
        lines = [f"{mark} {brief.title}", "", brief.purpose, ""]
        lines += [f"- {item.full}" for item in brief.bottom_line]
        for topic in brief.topics:
            lines += ["", f"{mark}{mark} {topic.title}", "", f"*{topic.status.label}*: {topic.headline}", ""]
            lines += [f"- {item.full}" for item in topic.points]
        if not brief.sources:
            context.warn("no sources to list")
        return [("\\n".join(lines) + "\\n").encode("utf-8")]


BUILDER = MarkdownBuilder()
'''


@pytest.fixture
def markdown_format(tmp_path, monkeypatch):
    """The Markdown module above, dropped into the builders package's search path."""
    folder = tmp_path / "more-builders"
    folder.mkdir()
    (folder / "markdown.py").write_text(textwrap.dedent(MARKDOWN_BUILDER), encoding="utf-8")
    monkeypatch.setattr(builders, "__path__", [*builders.__path__, str(folder)])
    builders.all_builders.cache_clear()
    yield
    builders.all_builders.cache_clear()


def test_the_shipped_formats_are_found_in_the_package():
    found = builders.all_builders()
    assert set(found) >= {"docx", "pptx", "pdf"}
    assert builders.default_formats() == ("docx", "pptx")
    assert found["pdf"].suffixes == (".pdf", "-deck.pdf")
    assert {o.flag for o in builders.all_options()} >= {"--docx-template", "--pptx-template", "--chart-style"}


def test_a_new_format_is_one_module(markdown_format, tmp_path):
    out = tmp_path / "out"
    result = run("build", FIXTURES / "minimal.yaml", "-o", out, "--format", "md,docx")
    assert result.exit_code == 0, result.output
    text = (out / "minimal.md").read_text(encoding="utf-8")
    assert text.startswith("# Test Summit\n") and "## Trade" in text and "Tariffs fall by a tenth." in text
    assert (out / "minimal.docx").exists()
    # The manifest, freshness and --check cover the new format like the others.
    assert run("build", FIXTURES / "minimal.yaml", "-o", out, "--format", "md,docx", "--check").exit_code == 0
    (out / "minimal.md").write_text("edited by hand\n", encoding="utf-8")
    stale = run("build", FIXTURES / "minimal.yaml", "-o", out, "--format", "md,docx", "--check")
    assert stale.exit_code == 1 and "minimal.md" in stale.output


def test_a_builder_s_warnings_reach_the_user_and_the_manifest(tmp_path, monkeypatch):
    import json

    import reportgen.docx_writer

    real = reportgen.docx_writer.render_docx

    def warning(brief, template=None, warn=lambda _: None, **kwargs):
        warn("a figure could not be shown\nforged line")
        return real(brief, template, warn=warn, **kwargs)

    monkeypatch.setattr(reportgen.docx_writer, "render_docx", warning)
    result = run("build", FIXTURES / "minimal.yaml", "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "warning: a figure could not be shown\\nforged line" in result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["minimal"]["warnings"] == ["a figure could not be shown\nforged line"]


def test_zip_outputs_are_normalised_by_their_builders(tmp_path):
    import zipfile

    assert run("build", FIXTURES / "minimal.yaml", "-o", tmp_path).exit_code == 0
    for name in ("minimal.docx", "minimal.pptx"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
