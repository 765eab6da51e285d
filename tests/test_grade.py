"""The grader on the synthetic class of ``course_utils.demo_class``: right, blank, partly right,
broken, looping, crashing, off-line, another lesson's notebook, and files that are no notebooks."""

import csv
import os
import shutil

import nbformat
import pytest

from course_utils import demo_class, grade
from course_utils.exercises import nb01

ANSWERS = grade.answer_expressions("01")
IMPORT = demo_class.IMPORT
notebook = demo_class.notebook


def right(q):
    return demo_class.right_answer(q, ANSWERS)


def save(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = demo_class.write_demo_class(tmp_path_factory.mktemp("class"))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    grades = grade.grade_folder(root, timeout_s=30, progress=False)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert before == after, "submissions must never be modified"
    out = grade.write_gradebook(grades, root.parent / "out" / "gradebook.csv")
    grade.write_feedback(grades, root.parent / "out" / "feedback")
    rows = {r["student"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    return root, grades, rows


def marks(row):
    return [row[q] for q in ANSWERS]


def test_answers_are_named_in_the_course_notebook():
    assert set(ANSWERS) == {n for n, v in vars(nb01).items() if isinstance(v, type(nb01.q1))}


def test_gradebook_cell_by_cell(graded):
    _, _, rows = graded
    n = len(ANSWERS)
    expect = {
        "alice": ("graded", ["1"] * n),
        "bob": ("graded", ["0"] * n),
        "carol": ("graded", ["1"] + ["0"] * (n - 1)),
        "dan": ("graded", ["1"] * n),
        "eve": ("timed out", ["1"] + ["0"] * (n - 1)),
        "frank": ("kernel died", ["1"] * n),
        "gina": ("not a notebook", ["0"] * n),
        "hal": ("wrong lesson", ["1"] + ["0"] * (n - 1)),
        "ivan": ("not a notebook", [""] * n),
        "judy": ("graded", ["1"] + ["0"] * (n - 1)),
    }
    assert sorted(rows) == sorted(expect)
    for student, (status, expected_marks) in expect.items():
        row = rows[student]
        assert (row["status"], marks(row)) == (status, expected_marks), (student, row)
        assert row["total"] == str(expected_marks.count("1")), student


def test_notes_say_what_went_wrong(graded):
    _, _, rows = graded
    assert "SyntaxError" in rows["dan"]["notes"]
    assert "time limit" in rows["eve"]["notes"]
    assert "stopped the kernel" in rows["frank"]["notes"]
    assert "holds notebook 00" in rows["hal"]["notes"]
    assert "NetworkBlockedError" not in rows["judy"]["notes"]  # the guard answered, no error


def test_feedback_file_per_student(graded):
    root, grades, _ = graded
    feedback = root.parent / "out" / "feedback"
    files = sorted(p.name for p in feedback.glob("*.md"))
    assert files == sorted(f"{s}.md" for s in {g.student for g in grades})
    text = (feedback / "carol.md").read_text(encoding="utf-8")
    assert "Not quite" in text and "Correct!" in text


def test_two_runs_give_the_same_gradebook(graded, tmp_path):
    root, grades, _ = graded
    shutil.copytree(root / "carol", tmp_path / "carol")
    again = grade.grade_folder(tmp_path, timeout_s=15, progress=False)
    first = [g for g in grades if g.student == "carol"]
    assert [(g.status, g.total, [e.message for e in g.exercises]) for g in again] == [
        (g.status, g.total, [e.message for e in g.exercises]) for g in first
    ]


def test_command_line(tmp_path, capsys):
    assert grade.main([str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert grade.main([str(tmp_path)]) == 2
    assert "no submissions" in capsys.readouterr().err
    with pytest.raises(ValueError, match="positive"):
        grade.grade_folder(tmp_path, timeout_s=0)


def test_variant_reaches_the_kernel(tmp_path):
    save(
        tmp_path / "vera" / "01_w.ipynb",
        notebook(IMPORT, "import os\nassert os.environ['COURSE_VARIANT'] == '7'", right("q1")),
    )
    (result,) = grade.grade_folder(tmp_path, timeout_s=30, variant=7, progress=False)
    assert result.exercises[0].passed and not result.notes, result
    assert "COURSE_VARIANT" not in os.environ


def test_demo_class_refuses_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "ada__01_data.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="not empty"):
        demo_class.write_demo_class(tmp_path / "real")
    with pytest.raises(TypeError, match="path"):
        demo_class.write_demo_class(3)
    assert demo_class.main([str(tmp_path / "real")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert demo_class.main([str(tmp_path / "new")]) == 0
    assert len(list((tmp_path / "new").iterdir())) == 10
