"""A full build against a build with nothing changed (skipped), as CI runs them: the whole CLI process.

    .venv/bin/python benchmarks/incremental.py [--repeat N]

Builds a folder holding the seed and a 60-topic file. "full" is `reportgen build --force`
with the chart cache warm (the cost of writing the documents); "full, cold" empties the chart
cache first; "unchanged" is the same command without --force after a build, which only hashes
inputs and outputs. Median of N runs; prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SEED, write_large_facts  # noqa: E402


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen.cli", "build", *args], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, out, cache = Path(tmp) / "data", Path(tmp) / "out", Path(tmp) / "cache"
        data.mkdir()
        shutil.copy(SEED, data)
        write_large_facts(data / "large-60-topics.yaml", topics=60)
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache), "CI": "true"}
        build = [str(data), "-o", str(out)]
        cold, full, unchanged = [], [], []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed([*build, "--force"], env))
            full.append(timed([*build, "--force"], env))
            unchanged.append(timed(build, env))
        rows = {"full, cold chart cache": cold, "full, warm chart cache": full, "unchanged (skipped)": unchanged}
        print(f"cores: {os.cpu_count()}; seed + 60-topic file; median of {args.repeat} runs\n")
        print("| build | seconds | share of a full build |")
        print("|---|---|---|")
        base = statistics.median(full)
        for name, runs in rows.items():
            print(f"| {name} | {statistics.median(runs):.2f} | {statistics.median(runs) / base:.0%} |")


if __name__ == "__main__":
    main()
