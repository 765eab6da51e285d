"""The exercise mechanism, and every checker against its own solution.

Each notebook's checkers are tested against typical wrong answers in tests/exercises/.
"""

import importlib
import pkgutil

import numpy as np
import pytest

import course_utils.exercises as exercises_package
from course_utils.exercises import nb00
from course_utils.exercises.core import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    Exercise,
    Mistake,
    expect_close,
    expect_equal,
)


def all_exercises():
    for info in pkgutil.iter_modules(exercises_package.__path__):
        if info.name.startswith("nb"):
            module = importlib.import_module(f"course_utils.exercises.{info.name}")
            for name, value in sorted(vars(module).items()):
                if isinstance(value, Exercise):
                    yield pytest.param(value, id=f"{info.name}.{name}")


EXERCISE_MODULES = sorted(
    i.name for i in pkgutil.iter_modules(exercises_package.__path__) if i.name.startswith("nb")
)


def test_exercise_modules_exist():
    assert EXERCISE_MODULES, "no exercise modules found"


@pytest.mark.parametrize("name", EXERCISE_MODULES)
def test_every_notebook_module_has_five_exercises(name):
    module = importlib.import_module(f"course_utils.exercises.{name}")
    names = {n for n, v in vars(module).items() if isinstance(v, Exercise)}
    assert {"q1", "q2", "q3", "q4", "q5"} <= names, f"{name} needs q1 ... q5 (has {sorted(names)})"


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_solution_passes_its_own_checker(exercise):
    result = exercise.evaluate(exercise.solution_answer())
    assert result.status == CORRECT, str(result)


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_placeholder_is_not_attempted(exercise):
    assert exercise.evaluate(...).status == NOT_ATTEMPTED
    if exercise.answer_is_function:

        def unfinished(*args):
            raise NotImplementedError

        assert exercise.evaluate(unfinished).status == NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", list(all_exercises()))
def test_solution_and_hint_print_text(exercise, capsys):
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ")
    assert "def " in out and "return" in out  # the reference code itself


@pytest.mark.parametrize("exercise", [e for e in all_exercises() if e.values[0].answer_is_function])
def test_learner_exception_becomes_a_message(exercise):
    def broken(*args):
        return 1 / 0

    result = exercise.evaluate(broken)
    assert result.status == INCORRECT
    assert "ZeroDivisionError" in result.message


def test_value_given_where_a_function_is_expected():
    result = nb00.q2.evaluate(3.0)
    assert result.status == INCORRECT and "pass your function itself" in result.message


def test_check_prints_and_returns_nothing(capsys):
    assert nb00.q1.check(100480) is None
    assert capsys.readouterr().out.startswith("Correct!")


def test_checker_crash_never_reaches_the_learner():
    def bad_checker(answer, expected):
        raise KeyError("oops")

    exercise = Exercise("demo", bad_checker, hint="h", solution=lambda: 1)
    result = exercise.evaluate(1)
    assert result.status == INCORRECT and "could not be checked" in result.message


def test_expect_helpers():
    with pytest.raises(Mistake, match="should have shape"):
        expect_close([1, 2, 3], [1, 2], "x")
    with pytest.raises(Mistake, match="off at index"):
        expect_close([1, 2, 3], [1, 2, 4], "x")
    with pytest.raises(Mistake, match="NaN"):
        expect_close([np.nan], [1.0], "x")
    with pytest.raises(Mistake, match="whole number"):
        expect_equal(2.5, 3, "n")
    expect_equal(3.0, 3, "n")
