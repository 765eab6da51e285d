"""Notebook 06's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb06
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 06 -------------------------------------------------
def _ce_naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.log(p[np.arange(len(labels)), labels]).mean())


def _ce_sum(logits, labels):
    return nb06.softmax_cross_entropy(logits, labels) * len(labels)


@pytest.mark.parametrize(
    "function, message",
    [
        (_ce_naive, "subtract each row's max"),
        (_ce_sum, "summed over the batch"),
        (lambda z, y: np.zeros(len(y)), "one number"),
    ],
)
def test_nb06_q1_wrong(function, message):
    result = nb06.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z, y: nb06.cross_entropy_gradient(z, y) * len(y), "divide by n"),
        (lambda z, y: -nb06.cross_entropy_gradient(z, y), "sign is flipped"),
        (lambda z, y: nb06.cross_entropy_gradient(z, y).sum(axis=0), "one entry per logit"),
    ],
)
def test_nb06_q2_wrong(function, message):
    result = nb06.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n: np.sqrt(1 / n), "LeCun"),
        (lambda n: 2 / n, "square root"),
        (lambda n: np.sqrt(2 / (n + 10)), "should be"),
    ],
)
def test_nb06_q3_wrong(function, message):
    result = nb06.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
