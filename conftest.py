"""Settings for every pytest run of this repository: unit tests and notebooks.

* Offline: no connection may leave the machine, in this process or in the Jupyter
  kernels that nbval starts (they inherit PYTHONPATH and load tests/offline/sitecustomize.py).
  KERAS_HOME points to an empty folder, so a stray ``keras.datasets`` call cannot
  quietly use a cached download either.
* Private: exercise checks are recorded in a temporary progress file, never the user's.
* Headless: COURSE_HEADLESS=1 tells course_utils.live_plot that nobody watches the
  kernel, so training plots are drawn once instead of redrawn every epoch.
* Timing: after a notebook run, a table gives each notebook's wall time (kernel start
  included) against the 120 s budget of the course specification.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
OFFLINE_DIR = ROOT / "tests" / "offline"
NOTEBOOK_BUDGET_S = 120.0

sys.path.insert(0, str(OFFLINE_DIR))
import network_guard  # noqa: E402

network_guard.install()
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(OFFLINE_DIR), os.environ.get("PYTHONPATH", "")) if p
)
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras-home-empty-")
os.environ["COURSE_HEADLESS"] = "1"  # live training plots draw once, at the end
# Checks made by the tests and notebooks go to a throw-away progress record, not the user's.
os.environ["COURSE_PROGRESS_FILE"] = str(
    Path(tempfile.mkdtemp(prefix="course-progress-")) / "progress.json"
)

_notebook_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook wall time (budget 120 s each)")
    total = 0.0
    for path, seconds in sorted(_notebook_seconds.items()):
        total += seconds
        flag = "" if seconds <= NOTEBOOK_BUDGET_S else "   <-- OVER BUDGET"
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")
    terminalreporter.write_line(f"{total:7.1f} s  total")
