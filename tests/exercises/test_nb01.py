"""Notebook 01's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb01
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 01 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: x / 255.0, "from 0 to 1"),
        (lambda x: x / 127.5, "from 0 to 2"),
        (lambda x: x * 2 - 1, "outside [-1, 1]"),
        (lambda x: (x / 127.5 - 1.0).ravel(), "keep the shape"),
    ],
)
def test_nb01_q1_wrong(function, message):
    result = nb01.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _leaky(train, other):
    train, other = train.astype(float), other.astype(float)
    return (train - train.mean()) / train.std(), (other - other.mean()) / other.std()


@pytest.mark.parametrize(
    "function, message",
    [
        (_leaky, "its own mean and std"),
        (lambda t, o: (t / 255.0, o / 255.0), "off at index"),
        (lambda t, o: (t - t.mean()) / t.std(), "return two arrays"),
    ],
)
def test_nb01_q2_wrong(function, message):
    result = nb01.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(656, "last, smaller batch"), (656.25, "whole number"), (1500, "should be 657")],
)
def test_nb01_q3_wrong(answer, message):
    result = nb01.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message
