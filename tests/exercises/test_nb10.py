"""Notebook 10's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb10
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 10 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda ks, s: s * sum(np.abs(k).sum() for k in ks), "L1 penalty"),
        (lambda ks, s: s * np.mean(np.concatenate([k.ravel() ** 2 for k in ks])), "took the mean"),
        (lambda ks, s: sum(np.sum(k**2) for k in ks), "multiply the sum of squares"),
        (lambda ks, s: [s * np.sum(k**2) for k in ks], "one number"),
    ],
)
def test_nb10_q1_wrong(function, message):
    result = nb10.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _model(*layers):
    import keras

    return keras.Sequential([keras.Input((784,)), *layers])


def test_nb10_q2_wrong():
    import keras

    D, Dr, L2 = keras.layers.Dense, keras.layers.Dropout, keras.regularizers.L2
    cases = [
        (
            lambda: _model(D(128, activation="relu"), Dr(0.5), D(10, activation="softmax")),
            "kernel_regularizer",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-2)), Dr(0.5), D(10)),
            "strength should be",
        ),
        (
            lambda: _model(
                D(128, activation="relu", kernel_regularizer=keras.regularizers.L1(1e-4)),
                Dr(0.5),
                D(10),
            ),
            "found L1",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-4)), Dr(0.2), D(10)),
            "dropout rate",
        ),
        (
            lambda: _model(D(128, activation="relu", kernel_regularizer=L2(1e-4)), D(10)),
            "expected layers",
        ),
        (
            lambda: _model(D(64, activation="relu", kernel_regularizer=L2(1e-4)), Dr(0.5), D(10)),
            "128 and 10 units",
        ),
    ]
    for function, message in cases:
        result = nb10.q2.evaluate(function)
        assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (
            lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x, 0.0),
            "scaled by 1 / (1 - rate)",
        ),
        (
            lambda x, rate, rng: np.where(rng.random(x.shape) >= 1 - rate, x / rate, 0.0),
            "25% of the units",
        ),
        (lambda x, rate, rng: x * (1 - rate), "25% of the units"),
    ],
)
def test_nb10_q3_wrong(function, message):
    result = nb10.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message
