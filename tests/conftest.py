"""Shared fixtures: fixture paths, a CLI runner, built seed outputs, and the external tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "data" / "india-russia-summit-2025.yaml"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory) -> Path:
    """A chart cache of the test session's own, so tests neither read nor fill the user's."""
    folder = tmp_path_factory.mktemp("chart-cache")
    os.environ["REPORTGEN_CACHE_DIR"] = str(folder)
    return folder


def run(*args: str):
    """Run the CLI in-process; returns the click Result."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


def assert_every_fact_in(text: str, facts) -> None:
    """Every topic title and headline, point, figure (label and its formatted quantity, or a point of its
    topic that states it: said once), consideration, next step, line to take, if-raised line, likely ask and
    reply, and (1.2) each kind's issue, recommendations, options and objectives is in text (white space
    folded, so a no-break space between a number and its unit counts); an amount of money the author wrote
    with an ISO code is looked for as the formatter writes it ("USD 5 billion" as "US$5 billion")."""
    from reportgen.formatting import formatter
    from reportgen.plan import states

    text = " ".join(text.split())
    fmt = formatter(facts.brief.language)
    quantity, shown = fmt.quantity, fmt.money_in_text

    def has(sentence: str) -> None:
        expected = " ".join(shown(sentence).split())
        assert expected in text, expected

    for topic in facts.topics:
        assert " ".join(topic.title.split()) in text
        has(topic.headline)
        for point in topic.points:
            has(point.text)
        for figure in topic.figures:
            written = " ".join(quantity(figure.value, figure.unit, figure.qualifier).split())
            stated = any(states(shown(point.text), figure, fmt) for point in topic.points)
            assert stated or (figure.label in text and written in text), (figure.label, written)
        for entry in (*topic.considerations, *topic.lines_to_take, *topic.if_raised):
            has(entry)
        for step in topic.next_steps:
            has(step.text)
        for ask in topic.likely_asks:
            has(ask.ask)
            has(ask.response)
    if facts.decision:
        has(facts.decision.issue.rstrip("."))
        for entry in facts.decision.recommendations:
            has(entry)
        for option in facts.decision.options:
            has(option.title)
    if facts.meeting:
        for entry in facts.meeting.objectives:
            has(entry)


def require_tool(path: str | None, name: str) -> str:
    """The tool's path; a failure in CI when it is missing, a skip elsewhere."""
    if path and Path(path).exists():
        return path
    message = f"{name} is not installed"
    if IN_CI:
        pytest.fail(message + " (CI must install it: see .ci/run)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def soffice() -> str:
    return require_tool(shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice (soffice)")


@pytest.fixture(scope="session")
def validator() -> str:
    return require_tool(str(ROOT / ".tools" / "node_modules" / ".bin" / "ooxml-validator"),
                        "ooxml-validator (make test installs it with npm)")


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory) -> dict[str, Path]:
    """The seed facts file built once: {'docx': path, 'pptx': path}."""
    out = tmp_path_factory.mktemp("seed")
    result = run("build", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    return {fmt: out / f"{SEED.stem}.{fmt}" for fmt in ("docx", "pptx")}


def to_pdf(soffice: str, document: Path, out_dir: Path) -> Path:
    """Convert a document to PDF with LibreOffice; the PDF's path."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(document)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = out_dir / (document.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {document.name}"
    return pdf


def write_large_facts(path: Path, topics: int = 60, points: tuple[int, int] = (7, 3)) -> Path:
    """A facts file with many topics, long text and Cyrillic/Devanagari names; every third topic has
    points[0] points, the others points[1]."""
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - YAML accepts JSON strings
    long = ("The delegations reviewed the implementation of earlier commitments in considerable detail, "
            "including financing, logistics, standards and the sequencing of deliveries over several years")
    lines = [
        "reportgen: 1",
        "summit:",
        "  title: " + q("Саммит — शिखर सम्मेलन: a very long summit title that goes on to test how titles wrap"),
        "  date: 2025-03-01",
        "  place: Москва / नई दिल्ली",
        "  leaders:",
        "    - {name: Владимир Путин, role: President, country: Russia}",
        "    - {name: नरेन्द्र मोदी, role: Prime Minister, country: India}",
        "brief:",
        "  classification: OFFICIAL",
        "  purpose: Stress test.",
        "sources:",
        "  - {id: s1, title: Source one, url: 'https://example.org/1'}",
        "  - {id: s2, title: Источник два}",
        "topics:",
    ]
    statuses = ["agreed", "in-progress", "under-negotiation", "under-consideration", "concern"]
    for n in range(topics):
        lines += [
            f"  - id: topic-{n}",
            f"    title: {q(f'Topic {n} — Переговоры о сотрудничестве / सहयोग वार्ता number {n}')}",
            f"    headline: {q(f'Headline {n}: {long}.')}",
            f"    status: {statuses[n % 5]}",
            f"    summary: {q(f'Summary {n}. {long}.')}",
            "    points:",
        ]
        for p in range(points[0] if n % 3 == 0 else points[1]):
            lines += [f"      - text: {q(f'Point {n}.{p} — Андрей Белоусов met राजनाथ सिंह. {long}.')}",
                      f"        source: s{1 + p % 2}"]
        lines += [
            "    figures:",
            f"      - {{label: Volume {n}, value: {1000 + n * 37.5}, unit: USD million, source: s1}}",
            f"      - {{label: Units {n}, value: {n + 1}, unit: units, source: s2}}",
            f"    considerations: [{q(f'Consideration {n}: {long}.')}, {q(f'Second consideration {n}.')}]",
            f"    next_steps: [{q(f'Next step {n}: {long}.')}]",
        ]
        if n % 10 == 0:
            lines += ["    chart:", "      kind: line", f"      title: Trend {n}", "      unit: USD billion",
                      "      data: {2021: 1.5, 2022: 2.25, 2023: 3, 2024: 4.75}"]
    lines += ["timeline:"]
    for n, date in enumerate(["2024-05", "2023", "2025-02-28", "2024-11-03"]):
        lines += [f"  - {{date: '{date}', text: Event {n} with Путин, source: s1}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
