"""Notebook 02's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb02
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 02 -------------------------------------------------
def _grad_sum(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()


@pytest.mark.parametrize(
    "function, message",
    [
        (
            lambda X, y, w, b: (2 * X.T @ (y - X @ w - b) / len(y), 2 * np.mean(y - X @ w - b)),
            "wrong sign",
        ),
        (_grad_sum, "mean over examples"),
        (
            lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y)),
            "half the right size",
        ),
        (lambda X, y, w, b: (X @ w, 0.0), "shape of w"),
        (lambda X, y, w, b: X.T @ (X @ w + b - y), "return a pair"),
    ],
)
def test_nb02_q1_wrong(function, message):
    result = nb02.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [(lambda w, g, lr: w + lr * g, "climbs the loss"), (lambda w, g, lr: w - g, "learning rate")],
)
def test_nb02_q2_wrong(function, message):
    result = nb02.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [([-2.5, -5.0], "half the right size"), ([5.0, 10.0], "sign is wrong"), ([-5.0], "2 numbers")],
)
def test_nb02_q3_wrong(answer, message):
    result = nb02.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
