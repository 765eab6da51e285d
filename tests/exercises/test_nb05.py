"""Notebook 05's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb05
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 05 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda w, v, g, lr, m: (w + m * v - g, m * v - g), "scaled by the learning rate"),
        (lambda w, v, g, lr, m: (w + m * v + lr * g, m * v + lr * g), "against the gradient"),
        (lambda w, v, g, lr, m: (w + v, m * v - lr * g), "update the velocity first"),
        (lambda w, v, g, lr, m: w - lr * g, "return a pair"),
    ],
)
def test_nb05_q1_wrong(function, message):
    result = nb05.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _adam_no_correction(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_t_from_zero(w, m, v, g, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    return nb05.adam_step(w, m, v, g, t + 1, lr, b1, b2, eps)


@pytest.mark.parametrize(
    "function, message",
    [
        (_adam_no_correction, "bias correction"),
        (_adam_t_from_zero, "after step 1"),
        (lambda *args: args[0], "three arrays"),
    ],
)
def test_nb05_q2_wrong(function, message):
    result = nb05.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message", [(-38.0, "gradient step"), (18.0, "sign is wrong"), (3.0, "should be 2")]
)
def test_nb05_q3_wrong(answer, message):
    result = nb05.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
