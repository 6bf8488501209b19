"""The build's settings from a file, so a house's formats, templates and chart style are written once:
`reportgen.toml` (keys at its top level) or a `[tool.reportgen]` table in `pyproject.toml`, in the folder
reportgen runs in (reportgen.toml first). Options given on the command line override them: the command line
(cli._with_config) takes from the file only what click left at its default. Paths in the file are relative
to the file's folder.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILES = ("reportgen.toml", "pyproject.toml")


class ConfigError(Exception):
    """A config file reportgen cannot use; the message names the file and the key."""


@dataclass
class Config:
    path: Path | None = None  # the file the settings came from; None: no file
    settings: dict[str, Any] = field(default_factory=dict)  # by option name (out, formats, chart_style, ...)


def keys() -> dict[str, str]:
    """Every key a config file may hold -> what it takes (for messages and the help)."""
    from .builders import all_options

    known = {"out": "a folder", "format": "formats, as a list or comma-separated", "jobs": "a whole number >= 1"}
    for option in all_options():
        known[option.name] = "a file" if option.is_file else (" | ".join(option.choices) or "text")
    return known


def find(folder: Path) -> tuple[Path, dict] | None:
    """(file, its reportgen table) of the first config file in folder that has one, else None."""
    import tomllib

    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{path}: not readable as TOML: {e}") from None
        table = data.get("tool", {}).get("reportgen") if name == "pyproject.toml" else data
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.reportgen] must be a table")
        return path, table
    return None


def load(folder: Path = Path(".")) -> Config:
    """The settings of the config file in folder (an empty Config without one); ConfigError if it has a key
    reportgen does not know or a value of the wrong kind."""
    found = find(folder)
    if found is None:
        return Config()
    path, table = found
    known = keys()
    settings: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            close = difflib.get_close_matches(key.replace("-", "_"), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ConfigError(f"{path}: unknown key '{key}'{hint} (known keys: {', '.join(known)})")
        settings[key] = _value(path, key, value, known[key])
    return Config(path, settings)


def _value(path: Path, key: str, value: Any, takes: str) -> Any:
    def wrong() -> ConfigError:
        return ConfigError(f"{path}: {key} takes {takes}, got {value!r}")

    if key == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise wrong()
        return value
    if key == "format":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ",".join(value)
        if isinstance(value, str):
            return value
        raise wrong()
    if not isinstance(value, str) or not value.strip():
        raise wrong()
    if key == "out" or takes == "a file":
        return str(path.parent / value)  # (the file is in the current folder: a relative path stays relative)
    return value


def as_parameters(config: Config) -> dict[str, Any]:
    """The settings by the name of the command line's parameter they set (build, watch)."""
    names = {"out": "out_dir", "format": "formats"}
    return {names.get(k, k): v for k, v in config.settings.items()}
