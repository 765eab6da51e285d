"""Your progress through the course: ``course_utils.progress()``.

Every ``qN.check(...)`` writes its outcome to a small local record (a JSON file), so that
``progress()`` can show which exercises of which notebooks you have passed. Nothing leaves
your machine.

* The record lives in your user data folder (``~/.local/share/dl-course/progress.json`` on
  Linux, ``~/Library/Application Support/dl-course`` on macOS, ``%APPDATA%\\dl-course`` on
  Windows), or wherever ``COURSE_PROGRESS_FILE`` points.
* ``reset_progress()`` forgets everything; ``COURSE_PROGRESS=off`` stops recording.

Example:
    >>> import course_utils
    >>> course_utils.progress(plot=False)  # doctest: +SKIP
    Exercises passed: 7 of 70
    nb   q1 q2 q3 q4 q5
    00   ✓  ✓  ✗  ·  ·
    ...
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PASSED, TRIED, UNTRIED = "✓", "✗", "·"
_OFF = {"off", "0", "false", "no"}


def record_file() -> Path:
    """Where the record is kept (``COURSE_PROGRESS_FILE`` overrides the default).

    Example:
        >>> record_file().name
        'progress.json'
    """
    override = os.environ.get("COURSE_PROGRESS_FILE")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "dl-course" / "progress.json"


def recording() -> bool:
    """Whether ``check()`` records outcomes (``COURSE_PROGRESS=off`` turns it off)."""
    return os.environ.get("COURSE_PROGRESS", "on").strip().lower() not in _OFF


def load_record() -> dict[str, dict[str, dict[str, Any]]]:
    """The record as ``{notebook: {exercise: {"passed": bool, "attempts": int}}}``.

    A missing file is an empty record; a damaged one is reported and treated as empty.
    """
    path = record_file()
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        exercises = data["exercises"]
        if not isinstance(exercises, dict):
            raise TypeError
        return exercises
    except (OSError, ValueError, KeyError, TypeError):
        print(f"(The progress record {path} could not be read; starting a new one.)")
        return {}


def _save(exercises: dict[str, dict[str, dict[str, Any]]]) -> None:
    path = record_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8"
    ) as file:
        json.dump({"version": 1, "exercises": exercises}, file, indent=1, sort_keys=True)
    os.replace(file.name, path)


def _locate(exercise: object) -> tuple[str, str] | None:
    """``("00", "q1")`` for an exercise object of a ``course_utils.exercises.nbNN`` module."""
    for name, module in list(sys.modules.items()):
        if name.startswith("course_utils.exercises.nb") and module is not None:
            for attribute, value in vars(module).items():
                if value is exercise:
                    return name.rsplit(".nb", 1)[1], attribute
    return None


def record(exercise: object, passed: bool) -> None:
    """Write one checked answer to the record. Never raises: progress is a convenience."""
    if not recording():
        return
    try:
        where = _locate(exercise)
        if where is None:
            return
        notebook, name = where
        exercises = load_record()
        entry = exercises.setdefault(notebook, {}).setdefault(
            name, {"passed": False, "attempts": 0}
        )
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["passed"] = bool(entry.get("passed")) or bool(passed)
        _save(exercises)
    except Exception:  # a read-only home folder must not break an exercise
        pass


def reset_progress() -> None:
    """Forget every recorded exercise."""
    path = record_file()
    if path.exists():
        path.unlink()
    print(f"Progress reset ({path} removed).")


@dataclass(frozen=True)
class Progress:
    """The table ``progress()`` shows: one row per notebook, one mark per exercise."""

    rows: dict[str, list[str]]  # notebook -> marks, in the order q1, q2, ...
    passed: int
    total: int

    def __str__(self) -> str:
        width = max((len(marks) for marks in self.rows.values()), default=0)
        lines = [f"Exercises passed: {self.passed} of {self.total}"]
        lines.append("nb  " + "".join(f" q{i:<2}" for i in range(1, width + 1)))
        for notebook, marks in self.rows.items():
            lines.append(f"{notebook}  " + "".join(f"  {m} " for m in marks))
        lines.append(f"{PASSED} passed   {TRIED} tried, not passed yet   {UNTRIED} not tried")
        return "\n".join(lines)


def _all_exercises() -> dict[str, list[str]]:
    import importlib
    import pkgutil

    import course_utils.exercises as package
    from course_utils.exercises.core import Exercise

    found = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("nb"):
            module = importlib.import_module(f"course_utils.exercises.{info.name}")
            names = [n for n, v in vars(module).items() if isinstance(v, Exercise)]
            found[info.name[2:]] = sorted(names, key=lambda n: int(n[1:]))
    return found


def progress(plot: bool = True) -> Progress:
    """Show which exercises you have passed: a table, and a small picture if ``plot``."""
    if not isinstance(plot, bool):
        raise TypeError(f"plot should be True or False, got {plot!r}.")
    exercises = load_record()
    rows = {}
    for notebook, names in _all_exercises().items():
        done = exercises.get(notebook, {})
        rows[notebook] = [
            PASSED if done.get(n, {}).get("passed") else TRIED if n in done else UNTRIED
            for n in names
        ]
    marks = [m for row in rows.values() for m in row]
    result = Progress(rows, marks.count(PASSED), len(marks))
    print(result)
    if not recording():
        print("Recording is off (COURSE_PROGRESS=off): checks are not being recorded.")
    if plot:
        _draw(result)
    return result


def _draw(result: Progress) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    width = max((len(m) for m in result.rows.values()), default=1)
    code = {UNTRIED: 0, TRIED: 1, PASSED: 2}
    grid = [[code[m] for m in row] + [-1] * (width - len(row)) for row in result.rows.values()]
    fig, ax = plt.subplots(figsize=(0.5 * width + 1.5, 0.32 * len(grid) + 1))
    colours = ListedColormap(["white", "#dddddd", "#ff7f0e", "#2ca02c"])
    ax.imshow(grid, cmap=colours, vmin=-1, vmax=2, aspect="auto")
    ax.set_xticks(range(width), [f"q{i}" for i in range(1, width + 1)])
    ax.set_yticks(range(len(grid)), list(result.rows))
    ax.set_xticks([x - 0.5 for x in range(1, width)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(grid))], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_title(
        f"Exercises passed: {result.passed} of {result.total} (green: passed, orange: tried)"
    )
    plt.show()
