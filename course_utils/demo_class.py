"""A synthetic class of submissions for notebook 01, to try the grader on before a real lab.

``python -m course_utils.demo_class FOLDER`` writes ten learners' submissions into
``FOLDER`` (or ``make grade-demo`` writes them and grades them in one step). Each learner
shows one thing the grader must survive:

======  =====================================================================
alice   every answer right
bob     blank notebook whose saved output claims "Correct!" (the grader re-runs it)
carol   first answer right, the others wrong
dan     a cell with a syntax error, then every answer right
eve     first answer right, then a cell that loops forever, then right answers
frank   first answer right, then a cell that kills Python, then right answers
gina    an empty file named like a notebook
hal     notebook 01's first answer inside a notebook titled 00
ivan    a folder with no notebook in it
judy    first answer right, then a cell that tries to reach the internet
======  =====================================================================

The tests in ``tests/test_grade.py`` grade this class and check the gradebook cell by cell.

Example:
    >>> import tempfile
    >>> folder = write_demo_class(tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['alice', 'bob__01_data.ipynb', 'carol']
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

from course_utils import grade

IMPORT = "from course_utils.exercises import nb01 as _ex"
_WRONG = (
    "{name} = (lambda *args, **kwargs: -12345.0) if _ex.{q}.answer_is_function "
    "else 'certainly wrong'"
)
LESSON = "01"


def right_answer(q: str, answers: dict[str, str]) -> str:
    """A code line that stores the checker's own solution under the name ``q`` is graded on.

    Example:
        >>> right_answer("q1", {"q1": "counts"})
        'counts = _ex.q1.solution_answer()'
    """
    return f"{answers[q]} = _ex.{q}.solution_answer()"


def wrong_answer(q: str, answers: dict[str, str]) -> str:
    """A code line that stores an answer no checker accepts under the name ``q`` is graded on.

    Example:
        >>> wrong_answer("q1", {"q1": "counts"}).split(" = ")[0]
        'counts'
    """
    return _WRONG.format(name=answers[q], q=q)


def notebook(*cells: str, title: str = "# 01 · Data") -> nbformat.NotebookNode:
    """A notebook with a title cell, then one code cell per string.

    Example:
        >>> len(notebook("x = 1", "y = 2").cells)
        3
    """
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


def _save(path: Path, nb: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def write_demo_class(folder: str | Path) -> Path:
    """Write the ten synthetic submissions described above into ``folder``; return it.

    The folder may exist but must not already hold submissions (so a real class is never
    mixed with the synthetic one).

    Example:
        >>> import tempfile
        >>> len(list(write_demo_class(tempfile.mkdtemp()).iterdir()))
        10
    """
    if not isinstance(folder, (str, Path)):
        raise TypeError(
            f"folder must be a path (str or pathlib.Path), got {type(folder).__name__}."
        )
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise ValueError(f"{root} is a file; give a folder for the synthetic class.")
    if root.is_dir() and any(root.iterdir()):
        raise ValueError(
            f"{root} is not empty; give a new or empty folder so the synthetic class is not "
            "mixed with other submissions."
        )
    root.mkdir(parents=True, exist_ok=True)
    answers = grade.answer_expressions(LESSON)
    qs = list(answers)
    first, rest = qs[0], qs[1:]
    every_right = [right_answer(q, answers) for q in qs]
    after_first = [right_answer(q, answers) for q in rest]

    _save(root / "alice" / "01_data.ipynb", notebook(IMPORT, *every_right))
    blank = notebook("x = 1")
    blank.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Correct!\n")]
    _save(root / "bob__01_data.ipynb", blank)
    _save(
        root / "carol" / "01_data.ipynb",
        notebook(IMPORT, right_answer(first, answers), *[wrong_answer(q, answers) for q in rest]),
    )
    _save(root / "dan" / "01_data.ipynb", notebook(IMPORT, "def broken(:\n    pass", *every_right))
    _save(
        root / "eve" / "01_data.ipynb",
        notebook(IMPORT, right_answer(first, answers), "while True:\n    pass", *after_first),
    )
    _save(
        root / "frank" / "01_data.ipynb",
        notebook(IMPORT, right_answer(first, answers), "import os\nos._exit(1)", *after_first),
    )
    (root / "gina__01_data.ipynb").write_text("")
    _save(
        root / "hal" / "01_data.ipynb",
        notebook(IMPORT, right_answer(first, answers), title="# 00 · Welcome"),
    )
    (root / "ivan").mkdir()
    (root / "ivan" / "notes.txt").write_text("my answers are in my head")
    _save(
        root / "judy" / "01_data.ipynb",
        notebook(
            IMPORT,
            right_answer(first, answers),
            "import socket\ntry:\n    socket.create_connection(('203.0.113.1', 80), timeout=2)\n"
            "    reached = True\nexcept OSError as exc:\n    reached = type(exc).__name__",
            "print(reached)\nassert reached == 'NetworkBlockedError', reached",
        ),
    )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m course_utils.demo_class FOLDER``: write the synthetic class, exit 0."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("Usage: python -m course_utils.demo_class FOLDER", file=sys.stderr)
        return 2
    try:
        root = write_demo_class(args[0])
    except (TypeError, ValueError) as exc:
        print(f"demo_class: {exc}", file=sys.stderr)
        return 2
    print(f"{root}: 10 synthetic submissions of notebook {LESSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
