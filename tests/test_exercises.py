"""The exercise mechanism, and every checker against its solution and typical wrong answers."""

import importlib
import pkgutil

import numpy as np
import pytest

import course_utils.exercises as exercises_package
from course_utils.exercises import nb00, nb01
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


def test_every_notebook_module_has_three_exercises():
    modules = [
        i.name for i in pkgutil.iter_modules(exercises_package.__path__) if i.name.startswith("nb")
    ]
    assert modules, "no exercise modules found"
    for name in modules:
        module = importlib.import_module(f"course_utils.exercises.{name}")
        assert {"q1", "q2", "q3"} <= set(vars(module)), f"{name} needs q1, q2 and q3"


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


# --- typical wrong answers, notebook 00 -------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (784 * 128, "weights only"),
        (784 + 128, "multiply"),
        (100000, "plus biases"),
        ("100480", "plus biases"),
    ],
)
def test_nb00_q1_wrong(answer, message):
    result = nb00.q1.evaluate(answer)
    assert result.status == INCORRECT and message in result.message


@pytest.mark.parametrize(
    "neuron, message",
    [
        (lambda x, w, b: float(np.dot(w, x) + b), "forget the activation"),
        (lambda x, w, b: max(float(np.dot(w, x)), 0.0), "misses the bias"),
        (lambda x, w, b: np.maximum(w * x + b, 0), "returns one number"),
        (lambda x, w, b: max(float(np.dot(w, x)) - b, 0.0), "should be 0.5"),
    ],
)
def test_nb00_q2_wrong(neuron, message):
    result = nb00.q2.evaluate(neuron)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [
        ([(128, 784), (10, 128)], "transposed"),
        ([(784, 128)], "2 Dense layers"),
        ([(784, 128), (128, 11)], "expected"),
        (42, "list of (rows, columns)"),
    ],
)
def test_nb00_q3_wrong(answer, message):
    result = nb00.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- typical wrong answers, notebook 01 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: x / 255.0, "from 0 to 1"),
        (lambda x: x / 127.5, "from 0 to 2"),
        (lambda x: x * 2 - 1, "outside [-1, 1]"),
        (lambda x: (x / 127.5 - 1.0).ravel(), "keep the shape"),
    ],
)
def test_nb01_q1_wrong(function, message):
    result = nb01.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _leaky(train, other):
    train, other = train.astype(float), other.astype(float)
    return (train - train.mean()) / train.std(), (other - other.mean()) / other.std()


@pytest.mark.parametrize(
    "function, message",
    [
        (_leaky, "its own mean and std"),
        (lambda t, o: (t / 255.0, o / 255.0), "off at index"),
        (lambda t, o: (t - t.mean()) / t.std(), "return two arrays"),
    ],
)
def test_nb01_q2_wrong(function, message):
    result = nb01.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(656, "last, smaller batch"), (656.25, "whole number"), (1500, "should be 657")],
)
def test_nb01_q3_wrong(answer, message):
    result = nb01.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
