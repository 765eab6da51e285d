"""Notebook 03's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb03
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 03 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: np.max(x, 0), "np.maximum"),
        (np.abs, "|x|"),
        (lambda x: np.maximum(x, 1), "off at index"),
    ],
)
def test_nb03_q1_wrong(function, message):
    result = nb03.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize(
    "function, message",
    [
        (_sigmoid, "sigmoid itself"),
        (lambda x: x * (1 - x), "not x itself"),
        (lambda x: _sigmoid(x) * (1 + _sigmoid(x)), "check the sign"),
    ],
)
def test_nb03_q2_wrong(function, message):
    result = nb03.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "exp(1000) overflows"),
        (
            lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True),
            "own maximum",
        ),
        (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "each row"),
    ],
)
def test_nb03_q3_wrong(function, message):
    result = nb03.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
