"""The local progress record that check() updates, and progress()'s table."""

import json

import pytest

from course_utils import progress_record as progress_module
from course_utils.exercises import nb01


@pytest.fixture
def record(tmp_path, monkeypatch):
    path = tmp_path / "data" / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    monkeypatch.delenv("COURSE_PROGRESS", raising=False)
    return path


def test_record_file_defaults_to_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_PROGRESS_FILE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if progress_module.sys.platform.startswith("linux"):
        assert progress_module.record_file() == tmp_path / "dl-course" / "progress.json"


def test_check_records_and_progress_shows_it(record, capsys):
    nb01.q3.check(12345)  # wrong
    nb01.q3.check(nb01.q3.solution_answer())  # right
    nb01.q3.check(12345)  # wrong again: passed stays passed
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["exercises"]["01"]["q3"] == {"passed": True, "attempts": 3}
    nb01.q1.check(lambda images: images)  # tried, not passed
    capsys.readouterr()
    result = progress_module.progress(plot=False)
    out = capsys.readouterr().out
    assert result.passed == 1 and result.total >= 15
    assert result.rows["01"][:3] == ["✗", "·", "✓"]
    assert f"Exercises passed: 1 of {result.total}" in out


def test_not_attempted_is_not_recorded(record):
    nb01.q3.check(...)
    assert not record.exists()


def test_reset_and_off(record, monkeypatch, capsys):
    nb01.q3.check(nb01.q3.solution_answer())
    progress_module.reset_progress()
    assert not record.exists()
    monkeypatch.setenv("COURSE_PROGRESS", "off")
    nb01.q3.check(nb01.q3.solution_answer())
    assert not record.exists()
    progress_module.progress(plot=False)
    assert "Recording is off" in capsys.readouterr().out


def test_damaged_record_is_reported_not_fatal(record, capsys):
    record.parent.mkdir(parents=True)
    record.write_text("{not json", encoding="utf-8")
    result = progress_module.progress(plot=False)
    assert result.passed == 0 and "could not be read" in capsys.readouterr().out
    nb01.q3.check(nb01.q3.solution_answer())  # and recording starts afresh
    assert json.loads(record.read_text(encoding="utf-8"))["exercises"]["01"]["q3"]["passed"]


def test_unwritable_record_never_breaks_check(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    nb01.q3.check(nb01.q3.solution_answer())
    assert capsys.readouterr().out.startswith("Correct!")


def test_picture(record):
    import matplotlib

    matplotlib.use("Agg")
    progress_module.progress(plot=True)
    with pytest.raises(TypeError, match="True or False"):
        progress_module.progress(plot="yes")


def test_solutions_can_be_turned_off_for_a_graded_lab(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SOLUTIONS", "off")
    nb01.q3.solution()
    nb01.q3.hint()
    out = capsys.readouterr().out
    assert "turned off" in out and "def " not in out and out.count("Hint:") == 1
    monkeypatch.setenv("COURSE_SOLUTIONS", "on")
    nb01.q3.solution()
    assert "def " in capsys.readouterr().out


def test_variant_changes_checker_inputs(monkeypatch):
    from course_utils.exercises.core import variant_rng

    shown = variant_rng(3).normal(size=4)
    monkeypatch.setenv("COURSE_VARIANT", "11")
    other = variant_rng(3).normal(size=4)
    assert not (shown == other).all()
    assert (variant_rng(3).normal(size=4) == other).all()  # the same variant repeats
    monkeypatch.setenv("COURSE_VARIANT", "eleven")
    with pytest.raises(ValueError, match="whole number"):
        variant_rng(3)
