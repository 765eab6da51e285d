"""Measure notebooks: wall time (kernel start included) and the kernel's peak memory.

``make bench`` runs ``python -m course_utils.bench notebooks --output bench-results/notebooks.md``
and the README quotes the table it writes. Numbers are measured, never estimated.

Example:
    >>> result = run_notebook("notebooks/01_data.ipynb")  # doctest: +SKIP
    >>> result.seconds, result.peak_mib  # doctest: +SKIP
    (13.2, 1210.5)
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

_MARK = "__course_bench_peak_rss__"
# Appended to the notebook in memory only: the kernel reports its own peak resident memory.
_PEAK_CELL = f"""
import resource as _resource, sys as _sys
_peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
print("{_MARK}", _peak / (1024 * 1024) if _sys.platform == "darwin" else _peak / 1024)
"""


@dataclass(frozen=True)
class NotebookRun:
    """One measured notebook run."""

    path: Path
    seconds: float
    peak_mib: float | None


def run_notebook(path: str | Path, timeout: int = 600) -> NotebookRun:
    """Execute a notebook top to bottom in a fresh kernel and measure it.

    The wall time runs from before the kernel starts to after the last cell. Peak
    memory is the kernel's maximum resident set size (``getrusage``), read by an
    extra cell appended in memory (the file on disk is not changed). Raises
    ``nbclient.exceptions.CellExecutionError`` if a cell fails.

    Example:
        >>> run_notebook("notebooks/01_data.ipynb").seconds  # doctest: +SKIP
        13.2
    """
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds per cell, got {timeout!r}.")
    path = Path(path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ValueError(f"expected the path of an existing .ipynb file, got {str(path)!r}.")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(_PEAK_CELL))
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak = None
    for output in notebook.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if _MARK in text:
            peak = float(text.split(_MARK, 1)[1].split()[0])
    return NotebookRun(path, seconds, peak)


def markdown_table(runs: list[NotebookRun]) -> str:
    """Format runs as the markdown table the README quotes.

    Example:
        >>> print(markdown_table([NotebookRun(Path("00_a.ipynb"), 12.34, 800.0)]))
        | notebook | wall time (s) | peak memory (MiB) |
        |---|---:|---:|
        | 00_a.ipynb | 12.3 | 800 |
        | **total** | **12.3** | |
    """
    lines = ["| notebook | wall time (s) | peak memory (MiB) |", "|---|---:|---:|"]
    for run in runs:
        peak = "n/a" if run.peak_mib is None else f"{run.peak_mib:.0f}"
        lines.append(f"| {run.path.name} | {run.seconds:.1f} | {peak} |")
    lines.append(f"| **total** | **{sum(r.seconds for r in runs):.1f}** | |")
    return "\n".join(lines)


def report(table: str, output: Path | None) -> None:
    """Print a results table and, if ``output`` is given, write it there (folders created).

    Example:
        >>> report("| a |", None)
        | a |
    """
    print(table)
    if output:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(table + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="notebooks, or folders of notebooks")
    parser.add_argument("--output", type=Path, help="also write the markdown table here")
    args = parser.parse_args(argv)
    notebooks = []
    for item in map(Path, args.paths):
        if item.is_dir():
            notebooks.extend(sorted(item.glob("[0-9][0-9]_*.ipynb")))
        elif item.suffix == ".ipynb" and item.is_file():
            notebooks.append(item)
        else:
            print(f"bench: {item} is neither a folder nor an .ipynb file.", file=sys.stderr)
            return 2
    if not notebooks:
        print(
            f"bench: no notebooks to run in {', '.join(args.paths)} (looked for NN_*.ipynb).",
            file=sys.stderr,
        )
        return 1
    runs, failures = [], []
    for notebook in notebooks:
        try:
            run = run_notebook(notebook)
        except KeyboardInterrupt:
            failures.append(f"{notebook.name} (interrupted)")
            break
        except Exception as exc:  # keep the measurements already taken
            first = str(exc).strip().splitlines()[-1:] or [""]
            failures.append(f"{notebook.name} ({type(exc).__name__}: {first[0][:120]})")
            print(f"   failed           {notebook}", flush=True)
            continue
        peak = "n/a" if run.peak_mib is None else f"{run.peak_mib:.0f} MiB"
        print(f"{run.seconds:7.1f} s  {peak:>9}  {notebook}", flush=True)
        runs.append(run)
    if runs:
        report(markdown_table(runs), args.output)
    if failures:
        print(
            f"bench: {len(failures)} of {len(notebooks)} notebook(s) failed, the table has the "
            f"others: {'; '.join(failures)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
