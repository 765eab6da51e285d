"""course_utils.bench measures a notebook without changing it."""

from pathlib import Path

import nbformat
import pytest

from course_utils.bench import NotebookRun, markdown_table, run_notebook


def test_run_notebook_measures_time_and_peak_memory(tmp_path):
    path = tmp_path / "00_tiny.ipynb"
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import numpy as np\nblock = np.ones(50_000_000)")],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, path)
    before = path.read_text()
    run = run_notebook(path)
    assert run.seconds > 0
    assert run.peak_mib is not None and run.peak_mib > 380  # the 400 MB array was resident
    assert path.read_text() == before


def test_run_notebook_rejects_other_files(tmp_path):
    with pytest.raises(ValueError, match="existing .ipynb"):
        run_notebook(tmp_path / "missing.ipynb")


def test_markdown_table():
    table = markdown_table(
        [NotebookRun(Path("a.ipynb"), 1.0, 10.0), NotebookRun(Path("b.ipynb"), 2.0, None)]
    )
    assert "| a.ipynb | 1.0 | 10 |" in table and "| b.ipynb | 2.0 | n/a |" in table
    assert "**3.0**" in table
