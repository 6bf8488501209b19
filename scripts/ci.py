"""What the GitHub workflow's steps do, as commands the Makefile calls (so a test runs them as CI does):

  ci.py validate DATA                 validate every facts file; ::error/::warning annotations at their lines
  ci.py baseline DATA OUT             give OUT a manifest to say "changes since" from when the cache had none:
                                      the published one ($BASELINE_MANIFEST, downloaded by the workflow), else
                                      each facts file's previous version in the git history
  ci.py build DATA OUT RESULTS [ARGS] build (--json --prune) into OUT, annotate, write the job summary
                                      ($GITHUB_STEP_SUMMARY) and the step's outputs ($GITHUB_OUTPUT); the
                                      results go to RESULTS for the publish step
  ci.py publish OUT RESULTS SITE      copy the documents of the briefs that built (or are unchanged) into SITE
                                      with an index; a brief whose facts file fails is withheld, never
                                      published with its stale documents

Exit codes: validate passes on reportgen's; build exits 0 when every brief was handled (failures are in
the summary and in the output `failed`, which the workflow fails on after publishing), 1 when nothing could
be built (a template), 3 on a bug.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from reportgen.build import text_hash  # the hash a build checks a recorded version against


def reportgen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotate(records: list[dict]) -> list[str]:
    """::error and ::warning lines for the problems of each record (file, line, col where known)."""
    lines = []
    for record in records:
        for error in record.get("errors", []):
            where = [f"file={_escape_property(str(error.get('file') or record.get('path') or ''))}"]
            if error.get("line"):
                where.append(f"line={error['line']}")
            if error.get("column"):
                where.append(f"col={error['column']}")
            field = f"{error['field']}: " if error.get("field") else ""
            lines.append(f"::error {','.join(where)}::{_escape_data(field + error['message'])}")
        for warning in record.get("warnings", []):
            lines.append(f"::warning file={_escape_property(str(record.get('path') or ''))}::{_escape_data(warning)}")
    return lines


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def _append(variable: str, text: str) -> None:
    """Append to the file a GitHub variable names ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT), if set."""
    path = os.environ.get(variable)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def validate(data: str) -> int:
    done = reportgen("validate", "--json", data)
    records = _records(done.stdout)
    for line in annotate(records):
        print(line)
    bad = [r for r in records if r["status"] != "valid"]
    print(f"{len(records) - len(bad)} valid, {len(bad)} failed")
    sys.stderr.write(done.stderr)
    return done.returncode


def baseline(data: str, out: str) -> int:
    """A manifest for OUT when it has none: the published one, else the git history's previous versions.
    Entries from the history record only the previous text: the build finds them stale and says what
    changed since."""
    manifest = Path(out) / "manifest.json"
    if manifest.exists():
        print(f"baseline: {manifest} (restored with out/)")
        return 0
    published = os.environ.get("BASELINE_MANIFEST")
    Path(out).mkdir(parents=True, exist_ok=True)
    if published and Path(published).is_file():
        shutil.copyfile(published, manifest)
        print(f"baseline: the published manifest ({published})")
        return 0
    entries = {}
    for facts in sorted(Path(data).iterdir()):
        if facts.suffix not in (".yaml", ".yml", ".json") or facts.name.endswith(".schema.json"):
            continue
        log = subprocess.run(["git", "log", "-2", "--format=%H", "--", facts.name], cwd=facts.parent,
                             capture_output=True, text=True)
        commits = log.stdout.split()
        if log.returncode or len(commits) < 2:
            continue
        previous = subprocess.run(["git", "show", f"{commits[1]}:./{facts.name}"], cwd=facts.parent,
                                  capture_output=True)
        if previous.returncode == 0:
            text = previous.stdout.decode("utf-8-sig", errors="replace")
            # with the hash a build checks a recorded version against before it trusts it
            entries[facts.stem] = {"facts": str(facts), "inputs": "", "outputs": {}, "facts_text": text,
                                   "facts_sha256": text_hash(text)}
    if entries:
        manifest.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"baseline: the git history ({len(entries)} facts file(s) with a previous version)")
    return 0


def build(data: str, out: str, results: str, *args: str) -> int:
    done = reportgen("build", "--json", "--prune", data, "-o", out, *args)
    records = _records(done.stdout)
    Path(results).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for line in annotate(records):
        print(line)
    sys.stderr.write(done.stderr)
    counts = {s: sum(r["status"] == s for r in records) for s in ("built", "unchanged", "failed", "pruned")}
    _append("GITHUB_STEP_SUMMARY", summary(records, counts))
    _append("GITHUB_OUTPUT", "".join(f"{k}={v}\n" for k, v in counts.items()) +
            f"publishable={'true' if counts['built'] + counts['unchanged'] else 'false'}\n")
    print(", ".join(f"{n} {s}" for s, n in counts.items()))
    if done.returncode == 3 or (done.returncode and not records):
        return done.returncode
    if any(r.get("path") is None for r in records):  # a template error: nothing could be built
        return 1
    return 0


def summary(records: list[dict], counts: dict[str, int]) -> str:
    """The job summary: counts, then a table of every brief."""
    rows = ["## Briefs", "", ", ".join(f"**{n}** {s}" for s, n in counts.items()), "",
            "| brief | status | documents | what changed |", "|---|---|---|---|"]
    for r in sorted(records, key=lambda r: (r["status"] != "failed", str(r.get("path")))):
        path = _cell(r.get("path") or "(every brief)")
        if r["status"] == "failed":
            first = r["errors"][0] if r["errors"] else {}
            where = f"line {first['line']}: " if first.get("line") else ""
            withheld = ", ".join(_cell(Path(o).name) for o in r.get("withheld", []))
            rows.append(f"| {path} | **failed**: withheld | {withheld or '-'} | {len(r['errors'])} error(s); "
                        f"{_cell(where + first.get('message', ''))} |")
        elif r["status"] == "pruned":
            rows.append(f"| {path} | pruned | {', '.join(_cell(Path(o).name) for o in r['outputs'])} | "
                        "facts file gone |")
        else:
            changed = r.get("changed_topics") or 0
            said = (f"{changed} topic{'s' if changed != 1 else ''} changed since the previous version"
                    if changed else "new or rebuilt" if r["status"] == "built" else "-")
            rows.append(f"| {path} | {r['status']} | {', '.join(_cell(Path(o).name) for o in r['outputs'])} | "
                        f"{said} |")
    return "\n".join(rows) + "\n\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def publish(out: str, results: str, site: str) -> int:
    """SITE: the documents of every brief that built or is unchanged, manifest.json (the next run's baseline),
    index.md (the release notes) and index.html (a page to bookmark); failed briefs listed, never shipped."""
    from reportgen.errors import FactsError
    from reportgen.load import parse_facts

    records = [json.loads(line) for line in Path(results).read_text(encoding="utf-8").splitlines() if line]
    site_dir = Path(site)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    manifest = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
    briefs, withheld = [], []
    for r in records:
        if r["status"] == "failed" and r.get("path"):
            withheld.append(r)
        elif r["status"] in ("built", "unchanged"):
            for output in r["outputs"]:
                shutil.copy2(output, site_dir / Path(output).name)
            entry = manifest.get(Path(r["path"]).stem, {})
            try:
                facts = parse_facts(entry.get("facts_text", "").encode(), r["path"])
                title, date = facts.summit.title, facts.as_of().isoformat()
            except FactsError:
                title, date = Path(r["path"]).stem, ""
            briefs.append((title, date, [Path(o).name for o in r["outputs"]]))
    published = {k: v for k, v in manifest.items()
                 if any(Path(r["path"]).stem == k for r in records if r["status"] in ("built", "unchanged"))}
    (site_dir / "manifest.json").write_text(json.dumps(published, indent=2, sort_keys=True) + "\n",
                                            encoding="utf-8")
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [f"Briefs regenerated {now}.", "", "| brief | as of | documents |", "|---|---|---|"]
    md += [f"| {_cell(t)} | {d} | {', '.join(files)} |" for t, d, files in sorted(briefs)]
    if withheld:
        md += ["", "Withheld (the facts file fails validation; its earlier documents are not published):", ""]
        md += [f"- {_cell(r['path'])}: {_cell(r['errors'][0]['message'] if r['errors'] else 'failed')}"
               for r in withheld]
    (site_dir / "index.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    rows = "".join(f"<tr><td>{html.escape(t)}</td><td>{d}</td><td>"
                   + " ".join(f'<a href="{html.escape(f)}">{html.escape(f)}</a>' for f in files) + "</td></tr>"
                   for t, d, files in sorted(briefs))
    held = "".join(f"<li>{html.escape(r['path'])}</li>" for r in withheld)
    (site_dir / "index.html").write_text(
        f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Briefs</title><h1>Briefs</h1>"
        f"<p>Regenerated {now}.</p><table><tr><th>Brief</th><th>As of</th><th>Documents</th></tr>{rows}</table>"
        + (f"<h2>Withheld</h2><p>The facts file fails validation; earlier documents are not published.</p>"
           f"<ul>{held}</ul>" if withheld else "") + "</html>\n", encoding="utf-8")
    if withheld:
        _append("GITHUB_STEP_SUMMARY", "### Withheld\n\n" + "".join(
            f"- {_cell(r['path'])}: not published (its facts file fails; earlier documents are stale)\n"
            for r in withheld) + "\n")
    print(f"published {len(briefs)} brief(s) to {site}; withheld {len(withheld)}")
    return 0


COMMANDS = {"validate": validate, "baseline": baseline, "build": build, "publish": publish}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
