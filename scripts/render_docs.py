"""Render the pictures the README shows: every page of the note, and chosen slides of the deck.

Needs LibreOffice (soffice) and poppler (pdftoppm). Run via `make docs`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
STEM = "india-russia-summit-2025"
SEED = ROOT / "data" / f"{STEM}.yaml"
FRENCH = ROOT / "data" / f"{STEM}-fr.yaml"  # the seed in French: its first page and a topic slide
# The other two kinds of brief: their note's first page and the slides that make each kind.
KINDS = {"decision": (ROOT / "examples" / "india-russia-decision.yaml", (2, 3)),
         "meeting": (ROOT / "examples" / "india-russia-meeting.yaml", (2, 3, 4))}
# A readout with a timeline (the seed has too few events for one): its timeline slide.
TIMELINE = ROOT / "tests" / "fixtures" / "charts" / "nato-readout.yaml"


def build(facts: Path, out: Path) -> None:
    """reportgen's build of one facts file into out, as a reader's would be."""
    subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(facts), "-o", str(out)], check=True,
                   capture_output=True, cwd=ROOT)


def slide_numbers(pptx: Path) -> dict[str, int]:
    """The slides to show, found by what they hold: title, bottom line, at a glance, a topic with key numbers, sources."""
    titles = [(n, slide.shapes.title.text if slide.shapes.title else "")
              for n, slide in enumerate(Presentation(str(pptx)).slides, start=1)]
    first = lambda test: next(n for n, title in titles if test(n, title))  # noqa: E731
    return {
        "slide-title": 1,
        "slide-topic": first(lambda n, t: any(s.name == "Panel" for s in _slide(pptx, n).shapes)),
        "slide-bottom-line": 2,
        "slide-glance": 3,
        "slide-annex": first(lambda n, t: t == "Sources and caveats"),
    }


def topic_slide(pptx: Path, shape_name: str) -> int:
    """The first slide with a shape of this name (in the deck's language): a topic's panel."""
    slides = Presentation(str(pptx)).slides
    return next(n for n, slide in enumerate(slides, start=1) if any(s.name == shape_name for s in slide.shapes))


def _slide(pptx: Path, number: int):
    return Presentation(str(pptx)).slides[number - 1]


def render(pdf: Path, page: int, name: str) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(DOCS / name)], check=True)
    print(f"docs/{name}.png")


def pdf_of(document: Path, tmp: str, name: str) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", tmp, str(document)], check=True, capture_output=True)
    return Path(shutil.copy(Path(tmp) / f"{document.stem}.pdf", Path(tmp) / f"{name}.pdf"))


def kinds(tmp: str) -> None:
    """Page 1 of the submission's and the meeting brief's note, and the deck's slides that make each kind."""
    out = Path(tmp) / "kinds"
    for kind, (facts, slides) in KINDS.items():
        build(facts, out)
        render(pdf_of(out / f"{facts.stem}.docx", tmp, f"{kind}-note"), 1, f"{kind}-page-1")
        deck = pdf_of(out / f"{facts.stem}.pptx", tmp, f"{kind}-deck")
        for number in slides:
            render(deck, number, f"{kind}-slide-{number}")


def timeline(tmp: str) -> None:
    """The timeline slide of a readout with five events: docs/slide-timeline.png."""
    out = Path(tmp) / "timeline"
    build(TIMELINE, out)
    deck = out / f"{TIMELINE.stem}.pptx"
    number = next(n for n, slide in enumerate(Presentation(str(deck)).slides, start=1)
                  if any(s.has_chart and s.chart.chart_type == XL_CHART_TYPE.XY_SCATTER for s in slide.shapes))
    render(pdf_of(deck, tmp, "timeline-deck"), number, "slide-timeline")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.glob("note-page-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        # Built afresh into an empty folder: out/ may hold an earlier version, and then the note says
        # what changed since, which is not what a first reader of the README sees.
        out = Path(tmp) / "out"
        build(SEED, out)
        pdfs = {}
        for fmt in ("docx", "pptx"):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(out / f"{STEM}.{fmt}")],
                           check=True, capture_output=True)
            pdfs[fmt] = shutil.copy(Path(tmp) / f"{STEM}.pdf", Path(tmp) / f"{fmt}.pdf")
        info = subprocess.run(["pdfinfo", str(pdfs["docx"])], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        for page in range(1, pages + 1):
            render(pdfs["docx"], page, f"note-page-{page}")
        for name, number in slide_numbers(out / f"{STEM}.pptx").items():
            render(pdfs["pptx"], number, name)
        kinds(tmp)
        timeline(tmp)
        render_french(out, Path(tmp))


def render_french(out: Path, tmp: Path) -> None:
    """The French example's first page and first topic slide with a panel: docs/fr-*.png."""
    from reportgen.text import Wording

    build(FRENCH, out)
    pdfs = {}
    for fmt in ("docx", "pptx"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp), str(out / f"{FRENCH.stem}.{fmt}")],
                       check=True, capture_output=True)
        pdfs[fmt] = shutil.copy(tmp / f"{FRENCH.stem}.pdf", tmp / f"fr-{fmt}.pdf")
    render(pdfs["docx"], 1, "fr-note-page-1")
    panel = Wording("fr-FR").say("shape_name", "panel")
    render(pdfs["pptx"], topic_slide(out / f"{FRENCH.stem}.pptx", panel), "fr-slide-topic")


if __name__ == "__main__":
    main()
