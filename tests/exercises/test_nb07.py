"""Notebook 07's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb07
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 07 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "weights only"),
        (lambda s: sum(s), "should be"),
        (lambda s: str(nb07.count_dense_parameters(s)), "whole number"),
    ],
)
def test_nb07_q1_wrong(function, message):
    result = nb07.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _model(*layers, shape=(784,)):
    import keras

    return keras.Sequential([keras.Input(shape=shape), *layers])


def test_nb07_q2_wrong():
    import keras

    D, Dr = keras.layers.Dense, keras.layers.Dropout
    cases = [
        (
            lambda: _model(D(256, activation="relu"), D(10, activation="softmax")),
            "should have 3 layers",
        ),
        (
            lambda: _model(D(256, activation="relu"), Dr(0.5), D(10, activation="softmax")),
            "layer 2 should be",
        ),
        (lambda: _model(D(256), Dr(0.3), D(10, activation="softmax")), "layer 1 should be"),
        (lambda: _model(D(256, activation="relu"), Dr(0.3), D(10)), "layer 3 should be"),
        (
            lambda: _model(
                D(256, activation="relu"), Dr(0.3), D(10, activation="softmax"), shape=(28, 28)
            ),
            "input",
        ),
        (lambda: "a model", "should return a Keras model"),
    ]
    for function, message in cases:
        result = nb07.q2.evaluate(function)
        assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p: np.argmax(p, axis=0), "axis=0"),
        (lambda p: p.max(axis=1), "largest probability"),
        (lambda p: np.argmin(p, axis=1), "expected labels"),
    ],
)
def test_nb07_q3_wrong(function, message):
    result = nb07.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
