"""Exercises for notebook 03 · Activation functions.

Example:
    >>> import numpy as np
    >>> from course_utils.exercises import nb03 as ex
    >>> ex.q1.evaluate(lambda x: np.maximum(x, 0)).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close

_INPUTS = np.array([[-3.0, -0.5, 0.0, 0.25, 4.0], [2.0, -1.0, 1.5, -2.5, 0.1]])


# q1 -- ReLU ---------------------------------------------------------------------------------
def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)  # elementwise: negative values become 0


def _check_q1(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your ReLU output")
    if got.shape != _INPUTS.shape:
        raise Mistake(
            f"ReLU works elementwise and keeps the shape {_INPUTS.shape}; yours returned "
            f"{got.shape}. np.max(x, 0) reduces along axis 0; use np.maximum(x, 0)."
        )
    if np.allclose(got, np.abs(_INPUTS)):
        raise Mistake("you returned |x|; ReLU sets negative values to 0 instead of flipping them.")
    expect_close(got, reference(_INPUTS), "your ReLU output", inputs=_INPUTS)


q1 = Exercise(
    "ReLU",
    _check_q1,
    hint="np.maximum compares elementwise: np.maximum(x, 0).",
    solution=relu,
    answer_is_function=True,
)


# q2 -- the derivative of the sigmoid ----------------------------------------------------------
def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    s = 1.0 / (1.0 + np.exp(-x))  # sigmoid(x)
    return s * (1.0 - s)  # sigma'(x) = sigma(x) (1 - sigma(x))


def _check_q2(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your derivative")
    s = 1.0 / (1.0 + np.exp(-_INPUTS))
    if got.shape == _INPUTS.shape:
        if np.allclose(got, s):
            raise Mistake("that is the sigmoid itself, not its derivative.")
        if np.allclose(got, _INPUTS * (1 - _INPUTS)):
            raise Mistake("the formula s (1 - s) needs s = sigmoid(x), not x itself.")
        if np.allclose(got, s * (1 + s)):
            raise Mistake("check the sign: the derivative is s (1 - s), at most 0.25.")
    expect_close(got, reference(_INPUTS), "your derivative", inputs=_INPUTS)


q2 = Exercise(
    "Derivative of the sigmoid",
    _check_q2,
    hint="First compute s = 1 / (1 + exp(-x)); the derivative is s * (1 - s).",
    solution=sigmoid_derivative,
    answer_is_function=True,
)


# q3 -- numerically stable softmax -------------------------------------------------------------
def stable_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)  # each row's max becomes 0: exp cannot overflow
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)  # each row sums to 1


def _check_q3(learner: Any, reference: Any) -> None:
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = as_array(call_learner(learner, small.copy()), "your softmax")
    if got.shape != small.shape:
        raise Mistake(f"softmax keeps the shape {small.shape}; yours returned {got.shape}.")
    if not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "each row (one example's scores) should sum to 1. Sum over axis=-1 with "
            "keepdims=True, not over the whole array."
        )
    expect_close(got, reference(small), "your softmax", inputs=small)
    large = np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        got = as_array(call_learner(learner, large.copy()), "your softmax")
    if not np.all(np.isfinite(got[0])):
        raise Mistake(
            "for scores [1000, 1001, 1002] your softmax gives NaN or inf: exp(1000) overflows. "
            "Subtract each row's maximum before exponentiating."
        )
    if not np.all(np.isfinite(got)) or not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "with rows [1000, 1001, 1002] and [-5, 0, 5] a row breaks down: subtract each "
            "row's own maximum (z.max(axis=-1, keepdims=True)), not the maximum of the whole batch."
        )
    expect_close(got, reference(large), "your softmax", inputs=large)


q3 = Exercise(
    "Numerically stable softmax",
    _check_q3,
    hint="softmax(z) = softmax(z - c) for any constant c per row; choose c = the row's maximum.",
    solution=stable_softmax,
    answer_is_function=True,
)
