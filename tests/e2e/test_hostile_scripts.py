"""Chart pictures (--chart-style image) of labels in other scripts (issue 22, lower: fonts): Chinese,
Japanese, Korean and emoji are drawn from fallback fonts, not as boxes; matplotlib's own warnings never
reach the terminal raw; a script no installed font has is one reportgen warning naming its characters."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
import zipfile

from ..conftest import FIXTURES, ROOT

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
LABELS = {"北京": 4, "東京": 6, "서울": 5, "😀 smile": 3, "กรุงเทพ": 2}


def test_cjk_and_emoji_labels_are_drawn_and_matplotlib_never_speaks_raw(tmp_path):
    data = "".join(f'        "{label}": {value}\n' for label, value in LABELS.items())
    chart = f"    chart:\n      title: Visitors by city\n      data:\n{data}"
    facts = tmp_path / "cities.yaml"
    facts.write_text(MINIMAL.replace("    figures:\n", chart + "    figures:\n"), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache"), "CI": "true"}
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(facts), "-o", str(out),
                             "--chart-style", "image"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "Glyph" not in said and "missing from font" not in said and "findfont" not in said, said
    # Thai has no fallback font here: one warning of reportgen's, naming only the Thai characters.
    unshown = [line for line in said.splitlines() if "no installed font draws" in line]
    assert len(unshown) == 1 and "U+0E01" in unshown[0], said
    named = unshown[0].split("no installed font draws", 1)[1]  # (the chart's title may hold any label)
    for label in ("北", "京", "東", "서", "울", "😀"):
        assert label not in named and f"U+{ord(label):04X}" not in named, said
    with zipfile.ZipFile(out / "cities.docx") as note:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in note.namelist())


def test_the_fallback_fonts_really_hold_the_glyphs_matplotlib_draws():
    from reportgen import charts
    from reportgen.chartspec import ChartSpec

    spec = ChartSpec("cjk", "bar", "x", tuple(label for label in LABELS if label != "กรุงเทพ"),
                     (1.0, 2.0, 3.0, 4.0), ("1", "2", "3", "4"), None, None, "x", "s")
    assert charts.missing_glyphs(spec) == ""
    with warnings.catch_warnings(record=True) as caught:  # as matplotlib draws, before reportgen keeps them
        warnings.simplefilter("always")
        charts._draw_figure(charts.Request(spec, 6.0, 3.0))
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
