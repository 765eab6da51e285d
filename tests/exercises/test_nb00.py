"""Notebook 00's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb00
from course_utils.exercises.core import INCORRECT


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
