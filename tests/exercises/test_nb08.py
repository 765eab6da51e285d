"""Notebook 08's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb08
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 08 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, p, s: (n + 2 * p - k) // s, "one short"),
        (lambda n, k, p, s: (n - k) // s + 1, "ignores the padding"),
        (lambda n, k, p, s: (n + p - k) // s + 1, "both sides"),
        (lambda n, k, p, s: (n + 2 * p - k) // s + 2, "should be"),
    ],
)
def test_nb08_q1_wrong(function, message):
    result = nb08.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _avg_pool(image):
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    return image[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def _stride_one(image):
    return np.lib.stride_tricks.sliding_window_view(image, (2, 2)).max(axis=(2, 3))


@pytest.mark.parametrize(
    "function, message",
    [
        (_avg_pool, "average pooling"),
        (_stride_one, "stride 1"),
        (lambda x: x[::2, ::2], "a 5x6 image pools to"),
    ],
)
def test_nb08_q2_wrong(function, message):
    result = nb08.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [
        (3 * 3 * 64 + 64, "all 32 input channels"),
        (3 * 3 * 32 * 64, "add one bias"),
        (100, "should be"),
    ],
)
def test_nb08_q3_wrong(answer, message):
    result = nb08.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
