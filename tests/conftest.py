"""Shared fixtures: fixture paths, a CLI runner, built seed outputs, and the external tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.facts import STATUSES

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


def built(facts: Path, out: Path) -> dict[str, Path]:
    """A facts file built into out: {'docx': path, 'pptx': path}."""
    result = run("build", facts, "-o", out)
    assert result.exit_code == 0, result.output
    return {fmt: out / f"{facts.stem}.{fmt}" for fmt in ("docx", "pptx")}


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory) -> dict[str, Path]:
    """The seed facts file built once: {'docx': path, 'pptx': path}."""
    return built(SEED, tmp_path_factory.mktemp("seed"))


def assert_unique_entries(path: Path) -> None:
    """A written .pptx or .docx has one zip entry per name (a second entry of one name is a damaged package:
    PowerPoint repairs it, and which of the two a reader gets depends on the program)."""
    with zipfile.ZipFile(path) as z:
        names = [info.filename for info in z.infolist()]
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"{path} has two zip entries named {', '.join(twice)}"


@pytest.fixture(autouse=True)
def _every_written_package_has_unique_entries(request):
    """After each test: every .pptx and .docx in its tmp_path has one zip entry per name."""
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if folder is not None:
        for path in [*folder.rglob("*.pptx"), *folder.rglob("*.docx")]:
            # a regular file (a test's FIFO is never opened) and a zip (a deliberately broken input is none)
            if path.is_file() and not path.is_symlink() and zipfile.is_zipfile(path):
                assert_unique_entries(path)


def pytest_sessionfinish(session, exitstatus):
    """Every deck and note the session's shared fixtures wrote (tmp_path_factory) has unique entries too;
    and no LibreOffice process this session started is still running."""
    left = soffice_processes_left()
    if left:
        session.exitstatus = 1
        print(f"\nLibreOffice processes left running by the tests: {left}")
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    try:
        base = factory.getbasetemp()
    except (OSError, ValueError):
        return
    for path in [*base.rglob("*.pptx"), *base.rglob("*.docx")]:
        if not path.is_file() or path.is_symlink():
            continue
        try:
            assert_unique_entries(path)
        except (AssertionError, zipfile.BadZipFile) as e:
            if isinstance(e, AssertionError):
                session.exitstatus = 1
                print(f"\n{e}")


# Every process this test session starts inherits this mark, so the LibreOffice processes it leaves (if any)
# can be told from other sessions' on a shared machine.
SESSION_MARK = f"REPORTGEN_TEST_SESSION={os.getpid()}-{uuid.uuid4().hex}"
os.environ["REPORTGEN_TEST_SESSION"] = SESSION_MARK.split("=", 1)[1]


def soffice_processes_left() -> list[int]:
    """The soffice.bin (and oosplash) processes started by this test session that are still running."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            if name not in ("soffice.bin", "oosplash"):
                continue
            if SESSION_MARK.encode() in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie has stopped; its parent reaps it
                    found.append(int(entry.name))
        except OSError:  # gone meanwhile, or another user's
            continue
    return found


def to_pdf(soffice: str, document: Path, out_dir: Path) -> Path:
    """Convert a document to PDF with LibreOffice (in a process group of its own, killed whole when it is
    done or times out: reportgen's own runner); the PDF's path."""
    from reportgen.builders.pdf import run_soffice

    profile = out_dir / "lo-profile"
    done = run_soffice([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(document)], timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
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
    for n in range(topics):
        lines += [
            f"  - id: topic-{n}",
            f"    title: {q(f'Topic {n} — Переговоры о сотрудничестве / सहयोग वार्ता number {n}')}",
            f"    headline: {q(f'Headline {n}: {long}.')}",
            f"    status: {STATUSES[n % len(STATUSES)]}",
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
