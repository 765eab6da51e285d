"""Notebook 04's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb04
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 04 -------------------------------------------------
def _huber_no_half(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.mean(np.where(e <= delta, e**2, delta * (e - 0.5 * delta)))


def _huber_sum(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.sum(np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta)))


@pytest.mark.parametrize(
    "function, message",
    [
        (_huber_no_half, "0.5 * error**2"),
        (_huber_sum, "summed over examples"),
        (lambda y, p, delta=1.0: 0.5 * (p - y) ** 2, "one number"),
        (lambda y, p, delta=1.0: np.mean(0.5 * (p - y) ** 2), "should be"),
    ],
)
def test_nb04_q1_wrong(function, message):
    result = nb04.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _naive_bce(y, z):
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


@pytest.mark.parametrize(
    "function, message",
    [(_naive_bce, "overflows"), (lambda y, z: np.mean(_naive_bce(y, z)), "one loss per example")],
)
def test_nb04_q2_wrong(function, message):
    result = nb04.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p, q: nb04.kl_divergence(q, p), "KL(q || p)"),
        (lambda p, q: -nb04.kl_divergence(p, q), "sign is flipped"),
        (lambda p, q: np.sum(p * np.log(p / q)), "0 * log 0"),
    ],
)
def test_nb04_q3_wrong(function, message):
    result = nb04.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
