"""The grader on a synthetic class: right, blank, partly right, broken, looping, crashing,
off-line, another lesson's notebook, and files that are no notebooks."""

import csv
import os
import shutil

import nbformat
import pytest

from course_utils import grade
from course_utils.exercises import nb01

ANSWERS = grade.answer_expressions("01")
IMPORT = "from course_utils.exercises import nb01 as _ex"
WRONG = (
    "{name} = (lambda *args, **kwargs: -12345.0) if _ex.{q}.answer_is_function "
    "else 'certainly wrong'"
)


def right(q):
    return f"{ANSWERS[q]} = _ex.{q}.solution_answer()"


def wrong(q):
    return WRONG.format(name=ANSWERS[q], q=q)


def notebook(*cells, title="# 01 · Data"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell(title)] + [
        nbformat.v4.new_code_cell(c) for c in cells
    ]
    return nb


def save(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    qs = list(ANSWERS)
    first, rest = qs[0], qs[1:]
    save(root / "alice" / "01_data.ipynb", notebook(IMPORT, *[right(q) for q in qs]))
    blank = notebook("x = 1")
    blank.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Correct!\n")]
    save(root / "bob__01_data.ipynb", blank)
    save(
        root / "carol" / "01_data.ipynb",
        notebook(IMPORT, right(first), *[wrong(q) for q in rest]),
    )
    save(
        root / "dan" / "01_data.ipynb",
        notebook(IMPORT, "def broken(:\n    pass", *[right(q) for q in qs]),
    )
    save(
        root / "eve" / "01_data.ipynb",
        notebook(IMPORT, right(first), "while True:\n    pass", *[right(q) for q in rest]),
    )
    save(
        root / "frank" / "01_data.ipynb",
        notebook(IMPORT, right(first), "import os\nos._exit(1)", *[right(q) for q in rest]),
    )
    (root / "gina__01_data.ipynb").write_text("")
    save(root / "hal" / "01_data.ipynb", notebook(IMPORT, right(first), title="# 00 · Welcome"))
    (root / "ivan").mkdir()
    (root / "ivan" / "notes.txt").write_text("my answers are in my head")
    save(
        root / "judy" / "01_data.ipynb",
        notebook(
            IMPORT,
            right(first),
            "import socket\ntry:\n    socket.create_connection(('203.0.113.1', 80), timeout=2)\n"
            "    reached = True\nexcept OSError as exc:\n    reached = type(exc).__name__",
            "print(reached)\nassert reached == 'NetworkBlockedError', reached",
        ),
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    grades = grade.grade_folder(root, timeout_s=15, progress=False)
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
