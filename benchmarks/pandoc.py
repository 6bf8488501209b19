"""reportgen's speed as a ratio to pandoc writing the same briefs' .docx and .pptx, measured in one run.

    .venv/bin/python benchmarks/pandoc.py [--repeat N] [--batch 20]

pandoc is the yardstick: each brief is written out as the equivalent Markdown (title block, purpose, key
points, one section per topic with its headline, status, points, figures table, considerations and next
steps, then the timeline and sources), and "pandoc's build" of a brief is `pandoc brief.md -o brief.docx`
followed by `pandoc brief.md -o brief.pptx` (pandoc draws no charts; reportgen does). Every figure is the
median of N runs of whole processes, reportgen's and pandoc's interleaved so both see the same machine:

- cold seed build: `reportgen build seed.yaml` into an empty folder with an empty chart cache;
- unchanged rebuild: the same command again (outputs up to date: only hashes are read), against pandoc's
  build of the seed;
- 60-topic file: a cold build of tests/conftest.py's 60-topic file against pandoc's build of it (and, for
  information, the same with the chart cache warm, as a scheduled build has it: no matplotlib);
- 60 topics, 40 events: that file with about 400 points and 40 timeline events (dated by day, month or
  year), text in Latin, Cyrillic and Devanagari: its native timeline chart included;
- batch: 20 briefs (copies of the seed under different names) with `-j <cores>`, against pandoc's builds of
  the same 20 run <cores> at a time.

`make bench` first compiles reportgen's modules and its wording template, as `make build` does (pip
compiles the modules of a wheel it installs); the first line printed says whether they were.

Prints a Markdown table for the README, with the targets of issue 13.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SEED, write_large_facts  # noqa: E402

TARGETS = {"cold seed build": 4.0, "unchanged rebuild": 1.3, "60-topic file": 3.0,
           "60-topic file, charts cached": None, "60 topics, 400 points, 40 events": 3.0, "batch of 20": 1.0}


def write_timeline_facts(path: Path) -> Path:
    """The 60-topic file with about 400 points (seven on every topic) and 40 timeline events over ten years."""
    large = write_large_facts(path, topics=60)
    facts = yaml.safe_load(large.read_text(encoding="utf-8"))
    for n, topic in enumerate(facts["topics"]):
        while len(topic["points"]) < 7:
            i = len(topic["points"])
            topic["points"].append({"text": f"Point {n}.{i}: Андрей Белоусов and राजनाथ सिंह reviewed the "
                                            f"schedule of deliveries, item {i}.", "source": f"s{1 + i % 2}"})
    facts["timeline"] = []
    for i in range(40):
        year = 2015 + i // 4
        date = str(year) if i % 5 == 0 else f"{year}-{i % 12 + 1:02}" if i % 5 == 1 else f"{year}-{i % 12 + 1:02}-{i % 27 + 1:02}"
        facts["timeline"].append({"date": date, "text": f"Event {i}: talks with Путин and मोदी on item {i}",
                                  "source": "s1"})
    path.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def markdown(facts_path: Path) -> str:
    """The brief as pandoc Markdown: the same words a reader gets from reportgen, without charts."""
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    summit, brief = facts["summit"], facts["brief"]
    sources = {s["id"]: n for n, s in enumerate(facts["sources"], 1)}
    lines = ["---", f"title: {_q(summit['title'])}", "subtitle: " + _q(f"{summit['date']}, {summit['place']}"),
             f"author: {_q(brief.get('author', ''))}", "---", "", "# Purpose", "", str(brief["purpose"]).strip(), ""]
    lines += ["# Bottom line", ""] + [f"- {p}" for p in brief.get("key_points") or
                                      [t["headline"] for t in facts["topics"]]] + [""]
    for topic in facts["topics"]:
        lines += [f"# {topic['title']}", "", f"**{topic['status']}**: {str(topic['headline']).strip()}", ""]
        if topic.get("summary"):
            lines += [str(topic["summary"]).strip(), ""]
        lines += [f"- {str(p['text']).strip()} [{sources[p['source']]}]" for p in topic["points"]] + [""]
        if topic.get("figures"):
            lines += ["| Figure | Value |", "|---|---|"]
            lines += [f"| {f['label']} | {f['value']} {f.get('unit', '')} |" for f in topic["figures"]] + [""]
        for heading, entries in (("Implications", topic.get("considerations")), ("Next steps", topic.get("next_steps"))):
            if entries:
                lines += [f"**{heading}**", ""]
                lines += [f"- {e['text'] if isinstance(e, dict) else e}" for e in entries] + [""]
    if facts.get("timeline"):
        lines += ["# Timeline", "", "| Date | Event |", "|---|---|"]
        lines += [f"| {e['date']} | {str(e['text']).strip()} |" for e in facts["timeline"]] + [""]
    lines += ["# Sources", ""] + [f"{n}. {s['title']}" + (f" <{s['url']}>" if s.get("url") else "")
                                  for s, n in zip(facts["sources"], sources.values())]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + str(text).replace('"', '\\"') + '"'


def pandoc_program() -> str | None:
    """pandoc on PATH, else the one the pypandoc-binary wheel ships (`make bench` installs it)."""
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        return None


PANDOC = pandoc_program()


def timed(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def pandoc_build(md: Path, out: Path) -> float:
    """pandoc's build of one brief: its .docx, then its .pptx."""
    return (timed([PANDOC, str(md), "-o", str(out / f"{md.stem}.docx")])
            + timed([PANDOC, str(md), "-o", str(out / f"{md.stem}.pptx")]))


def pandoc_batch(mds: list[Path], out: Path, workers: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:  # each thread waits on a pandoc process: <cores> at a time
        list(pool.map(lambda md: pandoc_build(md, out), mds))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    if not PANDOC:
        raise SystemExit("pandoc is not installed (nor pypandoc-binary): there is nothing to compare with")
    cores = os.cpu_count() or 1
    reportgen = [sys.executable, "-m", "reportgen.cli", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seed = tmp / "seed" / SEED.name
        seed.parent.mkdir()
        shutil.copy(SEED, seed)
        large = write_large_facts(tmp / "large-60-topics.yaml", topics=60)
        events = write_timeline_facts(tmp / "large-40-events.yaml")
        batch = tmp / "batch"
        batch.mkdir()
        for n in range(args.batch):
            shutil.copy(SEED, batch / f"summit-{n:02}.yaml")
        md = tmp / "md"
        md.mkdir()
        for facts in (seed, large, events, *sorted(batch.iterdir())):
            (md / f"{facts.stem}.md").write_text(markdown(facts), encoding="utf-8")
        rows: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in TARGETS}

        def fresh(name: str) -> tuple[Path, dict]:
            out, cache = tmp / f"out-{name}", tmp / f"cache-{name}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            return out, {**os.environ, "REPORTGEN_CACHE_DIR": str(cache), "CI": "true"}

        pandoc_out = tmp / "pandoc-out"
        pandoc_out.mkdir()
        for _ in range(args.repeat):
            out, env = fresh("seed")
            rows["cold seed build"][0].append(timed([*reportgen, str(seed), "-o", str(out)], env))
            rows["cold seed build"][1].append(pandoc_build(md / f"{seed.stem}.md", pandoc_out))
            rows["unchanged rebuild"][0].append(timed([*reportgen, str(seed), "-o", str(out)], env))
            rows["unchanged rebuild"][1].append(pandoc_build(md / f"{seed.stem}.md", pandoc_out))
            out, env = fresh("large")
            rows["60-topic file"][0].append(timed([*reportgen, str(large), "-o", str(out)], env))
            rows["60-topic file"][1].append(pandoc_build(md / f"{large.stem}.md", pandoc_out))
            rows["60-topic file, charts cached"][0].append(timed([*reportgen, str(large), "-o", str(out), "--force"],
                                                                 env))
            rows["60-topic file, charts cached"][1].append(pandoc_build(md / f"{large.stem}.md", pandoc_out))
            out, env = fresh("events")
            rows["60 topics, 400 points, 40 events"][0].append(timed([*reportgen, str(events), "-o", str(out)], env))
            rows["60 topics, 400 points, 40 events"][1].append(pandoc_build(md / f"{events.stem}.md", pandoc_out))
            out, env = fresh("batch")
            rows["batch of 20"][0].append(timed([*reportgen, str(batch), "-o", str(out), "-j", str(cores)], env))
            rows["batch of 20"][1].append(pandoc_batch([md / f"summit-{n:02}.md" for n in range(args.batch)],
                                                       pandoc_out, cores))
    print(f"cores: {cores}; median of {args.repeat} runs; pandoc {_pandoc_version()}; "
          f"pandoc's build = its .docx then its .pptx; reportgen {_compiled()}\n")
    print("| what | reportgen, s | pandoc, s | ratio | target |")
    print("|---|---|---|---|---|")
    for name, (ours, theirs) in rows.items():
        a, b = statistics.median(ours), statistics.median(theirs)
        target = TARGETS[name]
        verdict = "-" if target is None else f"<= {target:g}x ({'met' if a / b <= target else 'MISSED'})"
        print(f"| {name} | {a:.2f} | {b:.2f} | {a / b:.2f}x | {verdict} |")


def _compiled() -> str:
    """Whether reportgen's modules and wording were compiled ahead (make build and make bench do it)."""
    import importlib.util

    from reportgen.text import compiled_path

    modules = all(Path(importlib.util.cache_from_source(str(p))).exists() for p in (ROOT / "reportgen").rglob("*.py"))
    wording = compiled_path().exists()
    return "compiled ahead" if modules and wording else "not compiled ahead (each run compiles its modules)"


def _pandoc_version() -> str:
    return subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout.split()[1]


if __name__ == "__main__":
    main()
