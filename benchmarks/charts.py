"""Chart time and build time, cold and cached, for the seed and a 60-topic file.

    .venv/bin/python benchmarks/charts.py [--repeat N]

Each figure is the median of N runs, each in a fresh Python process (so matplotlib's
import is paid where it would be). "cold" starts from an empty chart cache, "cached"
from one the previous run filled. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SEED, write_large_facts  # noqa: E402

PROBE = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from reportgen.build import BUILDERS, BuildOptions, build_file
from reportgen.charts import render_many
from reportgen.load import load_facts
from reportgen.plan import plan
facts, out, mode, style = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
options = BuildOptions(out_dir=out, force=True, chart_style=style)
if mode == "charts":
    brief = plan(load_facts(facts))
    requests = [r for f in options.formats for r in BUILDERS[f].chart_requests(brief, options)]
    begin = time.perf_counter()
    drawn = render_many(requests)
    seconds = time.perf_counter() - begin
else:
    from reportgen.charts import cache_dir
    before = len(list(cache_dir().glob("*.png"))) if cache_dir().exists() else 0
    build_file(facts, options)
    seconds = time.perf_counter() - start
    drawn = len(list(cache_dir().glob("*.png"))) - before
print(json.dumps({"seconds": seconds, "drawn": drawn, "matplotlib": "matplotlib" in sys.modules}))
"""


def measure(facts: Path, mode: str, cached: bool, style: str, repeat: int) -> dict:
    """Median seconds of `repeat` runs; whether matplotlib was imported; charts drawn."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache)}
        for _ in range(repeat):
            if not cached:
                shutil.rmtree(cache, ignore_errors=True)
            elif not cache.exists():  # fill it once, unmeasured
                subprocess.run([sys.executable, "-c", PROBE, str(facts), tmp, "build", style],
                               env=env, check=True, cwd=ROOT, capture_output=True)
            out = subprocess.run([sys.executable, "-c", PROBE, str(facts), tmp, mode, style], env=env,
                                 check=True, capture_output=True, text=True, cwd=ROOT).stdout
            runs.append(json.loads(out))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "matplotlib": runs[-1]["matplotlib"],
            "drawn": runs[-1]["drawn"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {"seed": SEED, "60 topics": write_large_facts(Path(tmp) / "large.yaml", topics=60)}
        print(f"cores: {os.cpu_count()}; median of {args.repeat} runs; seconds\n")
        print("| file | deck charts | charts, cold | charts, cached | build, cold (charts drawn) "
              "| build, cached (matplotlib never imported) |")
        print("|---|---|---|---|---|---|")
        for name, facts in files.items():
            for style in ("native", "image"):
                cold = measure(facts, "charts", False, style, args.repeat)
                warm = measure(facts, "charts", True, style, args.repeat)
                build_cold = measure(facts, "build", False, style, args.repeat)
                build_warm = measure(facts, "build", True, style, args.repeat)
                assert build_cold["drawn"] and not build_warm["drawn"] and not build_warm["matplotlib"]
                print(f"| {name} | {style} | {cold['seconds']:.2f} ({cold['drawn']} drawn) | "
                      f"{warm['seconds']:.3f} ({warm['drawn']} drawn) | {build_cold['seconds']:.2f} | "
                      f"{build_warm['seconds']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
