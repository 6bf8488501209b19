"""Time and peak memory of a build by number of topics (short topics: three points and one figure each).

    .venv/bin/python benchmarks/topics.py [--topics 250 500 1000 2000]

Each size is a cold build (empty output folder and chart cache) of one whole `reportgen build` process,
measured with `/usr/bin/time -v` (wall-clock seconds and maximum resident set size: that of the largest
process; on two cores or more the note is rendered in a forked process beside the deck, `--serial` builds
with `-j 1`, one process). Prints a Markdown table
for the README, with seconds per 1,000 topics to show whether the build grows linearly.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reportgen.facts import STATUSES

ROOT = Path(__file__).resolve().parent.parent


def short_topics(path: Path, topics: int) -> Path:
    """A facts file of `topics` short topics (three one-line points, one figure, one consideration and one
    next step each)."""
    lines = [
        "reportgen: 1",
        "summit:",
        "  title: Stress summit",
        "  date: 2025-03-01",
        "  place: Geneva",
        "  leaders:",
        "    - {name: Ana Lima, role: President, country: Brazil}",
        "brief:",
        "  classification: OFFICIAL",
        "  purpose: Stress test.",
        "sources:",
        "  - {id: s1, title: Source one, url: 'https://example.org/1'}",
        "topics:",
    ]
    for n in range(topics):
        lines += [f"  - id: topic-{n}",
                  f"    title: Topic number {n} on cooperation",
                  f"    headline: The sides agreed on step {n} of the plan for this topic.",
                  f"    status: {STATUSES[n % len(STATUSES)]}",
                  "    points:"]
        lines += [f"      - {{text: Point {p} of topic {n} says what was agreed and what remains open., source: s1}}"
                  for p in range(3)]
        lines += ["    figures:",
                  f"      - {{label: Volume {n}, value: {1000 + n}, unit: USD million, source: s1}}",
                  f"    considerations: [Consideration {n} about what follows.]",
                  f"    next_steps: [Next step {n} for the desk.]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(facts: Path, tmp: Path, jobs: list[str]) -> tuple[float, int]:
    """(wall-clock seconds, peak resident memory in MB) of one cold build."""
    out, cache = tmp / f"out-{facts.stem}", tmp / f"cache-{facts.stem}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache), "CI": "true"}
    run = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "reportgen.cli", "build", str(facts),
                          "-o", str(out), *jobs], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    return hours * 3600 + minutes * 60 + seconds, round(peak_kb / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--serial", action="store_true",
                        help="-j 1: the note and the deck rendered one after the other in one process")
    args = parser.parse_args()
    jobs = ["-j", "1"] if args.serial else []
    if not Path("/usr/bin/time").exists():
        raise SystemExit("/usr/bin/time is not installed: it measures the peak memory")
    print("| topics | seconds | s per 1,000 topics | peak memory |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for topics in args.topics:
            seconds, peak = measure(short_topics(tmp / f"topics-{topics}.yaml", topics), tmp, jobs)
            print(f"| {topics:,} | {seconds:.1f} | {seconds / topics * 1000:.1f} | {peak:,} MB |", flush=True)


if __name__ == "__main__":
    main()
