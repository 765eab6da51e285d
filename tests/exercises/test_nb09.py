"""Notebook 09's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb09
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 09 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda cm, k: nb09.precision_recall_from_confusion(cm, k)[::-1], "swapped"),
        (lambda cm, k: (cm[k, k] / cm.sum(), cm[k, k] / cm.sum()), "off at index"),
        (lambda cm, k: cm[k, k], "return a pair"),
    ],
)
def test_nb09_q1_wrong(function, message):
    result = nb09.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda y, p: np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2), "1 minus that"),
        (lambda y, p: 1 - np.mean((y - p) ** 2), "1 - MSE"),
        (lambda y, p: np.corrcoef(y, p)[0, 1], "should be"),
    ],
)
def test_nb09_q2_wrong(function, message):
    result = nb09.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda c, r: sum(w in r for w in c) / len(c), "did not clip"),
        (lambda c, r: nb09.clipped_unigram_precision(c, r) * len(c) / len(r), "should be"),
    ],
)
def test_nb09_q3_wrong(function, message):
    result = nb09.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
