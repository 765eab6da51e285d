"""Notebook 11's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb11
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 11 -------------------------------------------------
def _attention_unscaled(Q, K, V):
    s = Q @ K.T
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ V


def _attention_wrong_axis(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[-1])
    return (np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)) @ V


@pytest.mark.parametrize(
    "function, message",
    [
        (_attention_unscaled, "sqrt(d_k)"),
        (_attention_wrong_axis, "over the keys"),
        (lambda Q, K, V: Q @ K.T, "one output row per query"),
    ],
)
def test_nb11_q1_wrong(function, message):
    result = nb11.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, s, p: n * s if p == "same" else (n - k) // s + 1, "ordinary convolution"),
        (lambda n, k, s, p: n * s, "should be"),
    ],
)
def test_nb11_q2_wrong(function, message):
    result = nb11.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(23_808 // 4, "that is one gate"), (4 * 64 * 92, "add the biases"), (18_000, "should be")],
)
def test_nb11_q3_wrong(answer, message):
    result = nb11.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
