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


# --- issue 11: the command lines exit non-zero with one clear line and keep what they measured ---
def _notebook(path):
    nbformat.write(nbformat.v4.new_notebook(), path)
    return path


def test_bench_on_an_empty_folder_exits_non_zero(tmp_path, capsys):
    from course_utils.bench import main

    assert main([str(tmp_path)]) == 1
    assert "no notebooks to run" in capsys.readouterr().err


def test_bench_on_a_missing_path_exits_non_zero(tmp_path, capsys):
    from course_utils.bench import main

    assert main([str(tmp_path / "nope.ipynb")]) == 2
    assert "neither a folder nor an .ipynb" in capsys.readouterr().err


def test_bench_keeps_measurements_when_a_notebook_fails(tmp_path, capsys, monkeypatch):
    import course_utils.bench as bench

    _notebook(tmp_path / "00_good.ipynb")
    bad = _notebook(tmp_path / "01_bad.ipynb")

    def fake_run(path, timeout=600):
        if Path(path) == bad:
            raise RuntimeError("cell 3 failed\nZeroDivisionError: division by zero")
        return NotebookRun(Path(path), 1.5, 100.0)

    monkeypatch.setattr(bench, "run_notebook", fake_run)
    output = tmp_path / "out" / "table.md"
    assert bench.main([str(tmp_path), "--output", str(output)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "01_bad.ipynb" in err[0] and "ZeroDivisionError" in err[0]
    assert "| 00_good.ipynb | 1.5 | 100 |" in output.read_text()


def test_cnn_benchmark_target_is_a_fraction():
    from course_utils.cnn_benchmark import TimeToAccuracy

    for target in (99, 0, -0.5, "0.99", True):
        with pytest.raises(ValueError, match="fraction"):
            TimeToAccuracy(None, None, target=target)
    assert TimeToAccuracy(None, None, target=1).target == 1.0


def test_cnn_benchmark_keeps_results_when_a_step_fails(tmp_path, capsys, monkeypatch):
    import course_utils.cnn_benchmark as cnn

    def fake_run(target=0.99, seed=42, results=None):
        results.append(cnn.BenchmarkResult("keras-io convnet", 15, 300.0, 120.0, 0.992))
        raise MemoryError("out of memory")

    monkeypatch.setattr(cnn, "run_benchmark", fake_run)
    output = tmp_path / "cnn.md"
    assert cnn.main(["--output", str(output)]) == 1
    captured = capsys.readouterr()
    assert len(captured.err.strip().splitlines()) == 1 and "MemoryError" in captured.err
    assert "keras-io convnet" in output.read_text()


def test_cnn_benchmark_import_prints_no_tensorflow_start_up_lines():
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parent.parent)  # this checkout's course_utils
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", "import course_utils.cnn_benchmark"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == "", done.stderr
