"""Set-up, the environment check and the agreement of the two requirement files."""

import random
import re
from pathlib import Path

import numpy as np
import pytest

from course_utils.environment import check_environment, read_requirements, setup

ROOT = Path(__file__).resolve().parent.parent


def test_requirements_are_exact_pins():
    pins = read_requirements(ROOT / "requirements.txt")
    assert pins["tensorflow"] == "2.21.0"
    assert pins["keras"].startswith("3.15.")
    assert "tensorflow-cpu" not in pins
    for name in ("numpy", "matplotlib", "scikit-learn", "jupyterlab", "nbval", "pytest", "ruff"):
        assert name in pins


def test_environment_yml_installs_the_same_set():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M), (
        "environment.yml must use Python 3.11"
    )
    yml_pins = dict(
        (name.lower(), version)
        for name, version in re.findall(r"^\s*-\s*([A-Za-z0-9._-]+)==(\S+)\s*$", text, re.M)
    )
    assert yml_pins == read_requirements(ROOT / "requirements.txt")


def test_loose_requirement_is_rejected(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("numpy>=2\n")
    with pytest.raises(ValueError, match="name==version"):
        read_requirements(path)


def test_this_environment_matches_the_pins():
    report = check_environment(verbose=False)
    assert report.ok, str(report)


def test_wrong_and_missing_packages_are_named_with_the_fix(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("numpy==0.0.1\nno-such-package-for-the-course==1.0\n")
    report = check_environment(path, verbose=False)
    text = str(report)
    assert not report.ok
    assert report.problems == ["numpy", "no-such-package-for-the-course"]
    assert "WRONG (course pins 0.0.1)" in text and "MISSING" in text
    assert 'python -m pip install "numpy==0.0.1" "no-such-package-for-the-course==1.0"' in text


def test_missing_data_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    report = check_environment(verbose=False)
    assert "data" in report.problems
    assert "COURSE_DATA_DIR" in str(report)


def test_setup_seeds_everything(capsys):
    import keras

    setup(seed=7)
    first = (random.random(), np.random.rand(), float(keras.random.uniform(()).numpy()))  # noqa: NPY002
    setup(seed=7, verbose=False)
    second = (random.random(), np.random.rand(), float(keras.random.uniform(()).numpy()))  # noqa: NPY002
    assert first == second
    banner = capsys.readouterr().out
    assert "TensorFlow 2.21.0" in banner and "seed 7" in banner


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_setup_rejects_bad_seeds(seed):
    with pytest.raises(TypeError, match="non-negative int"):
        setup(seed=seed)


def test_requirements_with_a_byte_order_mark_are_read(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_bytes("\ufeffnumpy==2.0.0\nkeras==3.0.0\n".encode())
    assert read_requirements(path) == {"numpy": "2.0.0", "keras": "3.0.0"}


def test_unreadable_data_file_is_reported_not_raised(monkeypatch):
    import course_utils.data as data

    def refuse(path, chunk_size=1 << 20):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(data, "sha256_of", refuse)
    report = check_environment(verbose=False)
    assert "data" in report.problems and "chmod" in str(report)


def test_unreadable_requirements_are_reported_not_raised(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    report = check_environment(path, verbose=False)
    assert "requirements.txt" in report.problems and "git checkout" in str(report)


def test_python_m_course_utils_prints_no_traceback(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "mnist.npz").write_bytes(b"damaged")
    root = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "COURSE_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "course_utils"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "corrupted" in done.stdout
