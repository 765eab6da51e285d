"""Grade a class's notebooks into a gradebook: ``python -m course_utils.grade SUBMISSIONS``.

Submissions are laid out either as ``SUBMISSIONS/<student>/NN_*.ipynb`` or as files
``SUBMISSIONS/<student>__NN_*.ipynb``. Each notebook runs top to bottom in a fresh kernel,
offline (the course's network guard is on), within a time limit. Then the grader checks the
learner's answers itself, in that kernel, with fresh copies of the course's checkers: the
answer to ``qN`` is whatever the course's own notebook passes to ``ex.qN.check(...)``
(a variable or function name), so deleting a ``check()`` call or editing its printed output
changes nothing.

Bad submissions never stop the run: a file that is not a notebook, a syntax error, a cell
that loops forever (interrupted at the time limit), a cell that kills the kernel (the
notebook is run again without it), a notebook of another lesson. Each gets a status, and
its answers are graded as far as the notebook got. Submissions are only read, never
written.

Writes ``gradebook.csv`` (one row per student and notebook: status, one column per
exercise with 1 or 0, the total) and one feedback file per student in ``feedback/``.

Example:
    >>> rows = grade_folder("class-submissions")  # doctest: +SKIP
    >>> rows[0].student, rows[0].status, rows[0].total  # doctest: +SKIP
    ('ada', 'graded', 5)
"""

from __future__ import annotations

import argparse
import ast
import copy
import csv
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

GRADED = "graded"
TIMED_OUT = "timed out"
KERNEL_DIED = "kernel died"
NOT_A_NOTEBOOK = "not a notebook"
WRONG_LESSON = "wrong lesson"
STATUSES = (GRADED, TIMED_OUT, KERNEL_DIED, NOT_A_NOTEBOOK, WRONG_LESSON)

DEFAULT_TIMEOUT_S = 300
COURSE_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
_IN_FOLDER = re.compile(r"^(?P<number>\d\d)_[^/]*\.ipynb$")
_FLAT = re.compile(r"^(?P<student>.+?)__(?P<rest>.+)$")
_TITLE = re.compile(r"^#\s*(\d\d)\s*·")


@dataclass(frozen=True)
class Submission:
    """One submitted file: whose it is and which lesson it claims to be (``None``: none)."""

    student: str
    path: Path
    number: str | None


@dataclass
class ExerciseGrade:
    """The grade of one exercise: passed or not, and the checker's message."""

    name: str
    passed: bool
    message: str


@dataclass
class NotebookGrade:
    """The grade of one submitted notebook."""

    student: str
    file: str
    number: str | None
    status: str
    exercises: list[ExerciseGrade] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(e.passed for e in self.exercises)


def find_submissions(folder: str | Path) -> list[Submission]:
    """Every submitted file under ``folder``, sorted by student and file name.

    Example:
        >>> import tempfile, pathlib
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> (root / "ada").mkdir(); (root / "ada" / "01_data.ipynb").write_text("{}")
        2
        >>> (root / "bo__02_linear.ipynb").write_text("{}")
        2
        >>> [(s.student, s.number) for s in find_submissions(root)]
        [('ada', '01'), ('bo', '02')]
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(
            f"{str(folder)!r} is not a folder: give the folder that holds the submissions, "
            "laid out as <student>/NN_*.ipynb or <student>__NN_*.ipynb."
        )
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            for path in sorted(entry.rglob("*")):
                hidden = any(p.startswith(".") for p in path.relative_to(entry).parts)
                if path.is_file() and not hidden:
                    match = _IN_FOLDER.match(path.name)
                    found.append(Submission(entry.name, path, match and match["number"]))
        elif entry.is_file():
            flat = _FLAT.match(entry.name)
            student = flat["student"] if flat else entry.stem
            match = _IN_FOLDER.match(flat["rest"]) if flat else None
            found.append(Submission(student, entry, match and match["number"]))
    return found


def answer_expressions(number: str, course_notebooks: Path = COURSE_NOTEBOOKS) -> dict[str, str]:
    """What the course's notebook ``number`` passes to each ``ex.qN.check(...)``.

    Example:
        >>> answer_expressions("00")["q1"]  # doctest: +SKIP
        'n_parameters'
    """
    paths = sorted(course_notebooks.glob(f"{number}_*.ipynb"))
    if not paths:
        raise ValueError(
            f"no course notebook {number}_*.ipynb in {course_notebooks}: the grader reads the "
            "course's own notebooks to know which name holds each answer."
        )
    answers: dict[str, str] = {}
    for cell in nbformat.read(paths[0], as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "check"
                and isinstance(node.func.value, ast.Attribute)
                and re.fullmatch(r"q\d+", node.func.value.attr)
                and node.args
            ):
                answers.setdefault(node.func.value.attr, ast.unparse(node.args[0]))
    return dict(sorted(answers.items(), key=lambda item: int(item[0][1:])))


_GRADE_CELL = """
def _course_grade(number, answers, marker):
    import importlib, json, sys
    for name in [m for m in sys.modules if m.startswith("course_utils.exercises")]:
        del sys.modules[name]  # fresh checkers, whatever the notebook did to the old ones
    module = importlib.import_module(f"course_utils.exercises.nb{number}")
    namespace = get_ipython().user_ns
    results = []
    for name, expression in answers.items():
        try:
            answer = eval(expression, namespace)
        except NameError:
            results.append((name, False, f"no answer: `{expression}` is not defined."))
            continue
        except BaseException as exc:
            results.append((name, False, f"`{expression}` raised {type(exc).__name__}: {exc}"))
            continue
        try:
            result = getattr(module, name).evaluate(answer)
            results.append((name, bool(result.passed), str(result)))
        except BaseException as exc:
            results.append((name, False, f"could not be checked ({type(exc).__name__})."))
    print(marker + json.dumps(results))
"""


def _kernel_env(variant: int | None) -> dict[str, str]:
    guard = Path(tempfile.mkdtemp(prefix="course-grade-guard-"))
    (guard / "sitecustomize.py").write_text(
        "from course_utils.offline import install\ninstall()\n", encoding="utf-8"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(guard), env.get("PYTHONPATH")) if p)
    env["KERAS_HOME"] = tempfile.mkdtemp(prefix="course-grade-keras-")
    env["COURSE_HEADLESS"] = "1"
    env["COURSE_PROGRESS"] = "off"  # grading must not touch anyone's progress record
    env["MPLBACKEND"] = "Agg"
    if variant is not None:
        env["COURSE_VARIANT"] = str(variant)
    else:
        env.pop("COURSE_VARIANT", None)
    return env


def _run(nb, skip: set[int], timeout_s: float, env: dict[str, str], grade_code: str):
    """Run the code cells (except ``skip``) and then the grading cell, in one fresh kernel.

    Returns ``(problem, bad_cell, grading_output, executed)`` where problem is None,
    TIMED_OUT or KERNEL_DIED, bad_cell is the index of the cell that caused it, and executed
    is the run's copy of the notebook, with its outputs.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = copy.deepcopy(nb)
    nb.cells.append(nbformat.v4.new_code_cell(grade_code))
    workdir = tempfile.mkdtemp(prefix="course-grade-run-")
    client = NotebookClient(
        nb,
        timeout=int(timeout_s),
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        record_timing=False,
        resources={"metadata": {"path": workdir}},
    )
    problem, bad_cell, output = None, None, ""
    deadline = time.monotonic() + timeout_s
    killed = threading.Event()

    def watchdog() -> None:  # a loop that ignores the interrupt: stop the kernel itself
        while not done.wait(1.0):
            if time.monotonic() > deadline + 20 and client.km is not None:
                killed.set()
                try:
                    client.km.shutdown_kernel(now=True)
                except Exception:
                    pass
                return

    done = threading.Event()
    with client.setup_kernel(env=env):
        thread = threading.Thread(target=watchdog, daemon=True)
        thread.start()
        try:
            for index, cell in enumerate(nb.cells[:-1]):
                if cell.cell_type != "code" or index in skip:
                    continue
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    problem, bad_cell = TIMED_OUT, index
                    break
                client.timeout = max(1, int(remaining))
                started = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    problem, bad_cell = TIMED_OUT, index
                    break
                except DeadKernelError:
                    problem, bad_cell = (TIMED_OUT if killed.is_set() else KERNEL_DIED), index
                    break
                # nbclient interrupts a cell at its time limit and goes on: stop here instead
                if time.monotonic() >= deadline or time.monotonic() - started >= client.timeout:
                    problem, bad_cell = TIMED_OUT, index
                    break
            if problem != KERNEL_DIED and not killed.is_set():
                client.timeout = 120
                deadline = time.monotonic() + 120
                try:
                    client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
                    output = "".join(
                        o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout"
                    )
                except (CellTimeoutError, DeadKernelError):
                    output = ""
        finally:
            done.set()
    del nb.cells[-1]
    return problem, bad_cell, output, nb


def _cell_errors(nb) -> list[str]:
    errors = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") != "KeyboardInterrupt":
                errors.append(f"cell {index + 1} raised {out.get('ename')}: {out.get('evalue')}")
    return errors


def grade_notebook(
    submission: Submission,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    variant: int | None = None,
    course_notebooks: Path = COURSE_NOTEBOOKS,
) -> NotebookGrade:
    """Run one submitted notebook and grade its answers; never raises for a bad submission."""
    grade = NotebookGrade(submission.student, submission.path.name, submission.number, GRADED)
    if submission.number is None:
        grade.status = NOT_A_NOTEBOOK
        grade.notes.append("not named NN_*.ipynb, so it is no notebook of the course.")
        return grade
    try:
        answers = answer_expressions(submission.number, course_notebooks)
    except ValueError as exc:
        grade.status = NOT_A_NOTEBOOK
        grade.notes.append(str(exc))
        return grade
    try:
        nb = nbformat.read(submission.path, as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as exc:
        grade.status = NOT_A_NOTEBOOK
        grade.notes.append(f"the file could not be read as a notebook ({type(exc).__name__}).")
        grade.exercises = [ExerciseGrade(q, False, "not graded: no notebook.") for q in answers]
        return grade
    for cell in nb.cells:  # the learner's own outputs are ignored
        if cell.get("cell_type") == "code":
            cell.outputs, cell.execution_count = [], None
    title = next((c.source for c in nb.cells if c.get("cell_type") == "markdown"), "")
    lesson = _TITLE.match(title.strip())
    if lesson and lesson.group(1) != submission.number:
        grade.status = WRONG_LESSON
        grade.notes.append(
            f"the file is named as notebook {submission.number} but holds notebook "
            f"{lesson.group(1)}; graded as notebook {submission.number}."
        )
    marker = f"__course_grade_{secrets.token_hex(8)}__"
    code = _GRADE_CELL + f"\n_course_grade({submission.number!r}, {answers!r}, {marker!r})\n"
    env = _kernel_env(variant)
    skip: set[int] = set()
    output = ""
    for _ in range(3):  # a cell that kills the kernel is left out of the next run
        problem, bad_cell, output, executed = _run(nb, skip, timeout_s, env, code)
        if problem is not None:
            if grade.status == GRADED:
                grade.status = problem
            what = "ran past the time limit" if problem == TIMED_OUT else "stopped the kernel"
            grade.notes.append(f"cell {bad_cell + 1} {what}.")
        if problem == KERNEL_DIED:
            skip.add(bad_cell)
            continue
        if problem == TIMED_OUT and marker not in output:
            # The interrupt took the kernel down with it: run again up to the slow cell only,
            # so the grade is the same whichever way the interrupt ended (answers before it).
            skip |= set(range(bad_cell, len(nb.cells)))
            continue
        break
    grade.notes += _cell_errors(executed)
    results = {}
    for line in output.splitlines():
        if line.startswith(marker):
            results = {name: (ok, msg) for name, ok, msg in json.loads(line[len(marker) :])}
    for name in answers:
        ok, message = results.get(name, (False, "not graded: the notebook did not get this far."))
        grade.exercises.append(ExerciseGrade(name, bool(ok), message))
    return grade


def grade_folder(
    folder: str | Path,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    variant: int | None = None,
    progress: bool = True,
    course_notebooks: Path = COURSE_NOTEBOOKS,
) -> list[NotebookGrade]:
    """Grade every submission under ``folder`` (see ``find_submissions``)."""
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be a positive number of seconds, got {timeout_s!r}.")
    submissions = find_submissions(folder)
    grades = []
    for index, submission in enumerate(submissions, 1):
        start = time.monotonic()
        grade = grade_notebook(
            submission, timeout_s=timeout_s, variant=variant, course_notebooks=course_notebooks
        )
        grades.append(grade)
        if progress:
            print(
                f"[{index}/{len(submissions)}] {grade.student}: {grade.file}: {grade.status}, "
                f"{grade.total}/{len(grade.exercises)} ({time.monotonic() - start:.0f} s)",
                flush=True,
            )
    return grades


def write_gradebook(grades: Sequence[NotebookGrade], path: str | Path) -> Path:
    """One row per student and notebook: status, 1/0 per exercise, total, out of, notes."""
    path = Path(path)
    width = max((len(g.exercises) for g in grades), default=0)
    names = [f"q{i}" for i in range(1, width + 1)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["student", "notebook", "file", "status", *names, "total", "out_of", "notes"]
        )
        for g in grades:
            marks = {e.name: int(e.passed) for e in g.exercises}
            writer.writerow(
                [g.student, g.number or "", g.file, g.status]
                + [marks.get(n, "") for n in names]
                + [g.total, len(g.exercises), " | ".join(g.notes)]
            )
    return path


def write_feedback(grades: Sequence[NotebookGrade], folder: str | Path) -> list[Path]:
    """One markdown file per student with every exercise's message."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for student in sorted({g.student for g in grades}):
        lines = [f"# Feedback for {student}", ""]
        for g in (g for g in grades if g.student == student):
            lines += [
                f"## {g.file}",
                "",
                f"Status: **{g.status}**. Score: {g.total}/{len(g.exercises)}.",
                "",
            ]
            lines += [
                f"- {e.name}: {'passed' if e.passed else 'not yet'}. {e.message}"
                for e in g.exercises
            ]
            if g.notes:
                lines += ["", "Notes:", *[f"- {note}" for note in g.notes]]
            lines.append("")
        target = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', student)}.md"
        target.write_text("\n".join(lines), encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.grade",
        description="Grade a folder of submitted course notebooks into a gradebook.",
    )
    parser.add_argument("submissions", help="<student>/NN_*.ipynb or <student>__NN_*.ipynb")
    parser.add_argument("--out", default="gradebook.csv", help="the gradebook (CSV) to write")
    parser.add_argument("--feedback", help="folder for feedback files (default: next to --out)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per notebook"
    )
    parser.add_argument("--variant", type=int, help="seed for other test inputs, where allowed")
    args = parser.parse_args(argv)
    try:
        grades = grade_folder(args.submissions, timeout_s=args.timeout, variant=args.variant)
    except ValueError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    if not grades:
        print(f"grade: no submissions found in {args.submissions}.", file=sys.stderr)
        return 2
    out = write_gradebook(grades, args.out)
    feedback = Path(args.feedback) if args.feedback else out.parent / "feedback"
    written = write_feedback(grades, feedback)
    print(
        f"{out}: {len(grades)} notebooks graded; feedback for {len(written)} students in {feedback}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
