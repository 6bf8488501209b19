"""A cold build of the seed before and after native Word charts, and what matplotlib costs.

    .venv/bin/python benchmarks/charts.py [--repeat N] [--before REV]

Each figure is the median of N runs of the whole CLI, each in a fresh Python process with the
chart cache turned off (REPORTGEN_CACHE_DIR empty), so every import and every chart is paid for,
as on a fresh CI runner. "before" is REV (default b1ec2e6: note charts as matplotlib pictures,
deck charts native), checked out with `git worktree` into a temporary folder and run with this
venv; "after" is this tree, with each chart style. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "india-russia-summit-2025.yaml"
BEFORE = "b1ec2e6"

PROBE = """
import json, sys, time
start = time.perf_counter()
from reportgen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps({"seconds": time.perf_counter() - start, "matplotlib": "matplotlib" in sys.modules}))
"""


def measure(tree: Path, style: str | None, repeat: int) -> dict:
    """Median seconds of `repeat` cold builds of the tree's own seed, run from `tree`; whether matplotlib
    was imported. (Each tree builds its own version of the seed: the facts format grew since.)"""
    facts = tree / SEED.relative_to(ROOT)
    runs = []
    env = {**os.environ, "REPORTGEN_CACHE_DIR": "", "PYTHONPATH": str(tree)}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            args = ["build", str(facts), "-o", out, "--force", "-j", "1"]
            if style:
                args += ["--chart-style", style]
            begin = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, cwd=tree, capture_output=True,
                                    text=True)
            wall = time.perf_counter() - begin
            if result.returncode:
                raise SystemExit(f"the build in {tree} failed:\n{result.stdout}{result.stderr}")
            runs.append({**json.loads(result.stdout.strip().splitlines()[-1]), "wall": wall})
    return {"seconds": statistics.median(r["seconds"] for r in runs), "matplotlib": runs[-1]["matplotlib"],
            "wall": statistics.median(r["wall"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", default=BEFORE, help="the revision to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.before], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            rows = [
                (f"before ({args.before})", "note: pictures; deck: native", measure(old, None, args.repeat)),
                ("after", "native (default): both files", measure(ROOT, None, args.repeat)),
                ("after", "image: both files", measure(ROOT, "image", args.repeat)),
            ]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False,
                           capture_output=True)
    print(f"cores: {os.cpu_count()}; seed, cold (no chart cache); median of {args.repeat} runs of the whole CLI\n")
    print("| build | charts | import + build, s | whole process, s | matplotlib imported |")
    print("|---|---|---|---|---|")
    for name, charts, figures in rows:
        print(f"| {name} | {charts} | {figures['seconds']:.2f} | {figures['wall']:.2f} | "
              f"{'yes' if figures['matplotlib'] else 'no'} |")


if __name__ == "__main__":
    main()
