"""Exercises for notebook 10 · Regularisation, generalisation and tuning.

Example:
    >>> from course_utils.exercises import nb10 as ex
    >>> ex.q1.evaluate(ex.l2_penalty).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close


# q1 -- the L2 penalty ----------------------------------------------------------------------------------
def l2_penalty(kernels: list[np.ndarray], strength: float) -> float:
    # Keras' L2(strength) adds strength * sum(w**2) for every regularised kernel
    return float(strength * sum(np.sum(w**2) for w in kernels))


def _check_q1(learner: Any, reference: Any) -> None:
    kernels = [np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[3.0], [-1.0]])]
    got = as_array(call_learner(learner, [k.copy() for k in kernels], 0.01), "your penalty")
    if got.shape != ():
        raise Mistake(f"the penalty is one number added to the loss, not shape {got.shape}.")
    want = reference(kernels, 0.01)
    if np.isclose(got, 0.01 * sum(np.abs(k).sum() for k in kernels)):
        raise Mistake("that is the L1 penalty (absolute values); L2 squares the weights.")
    if np.isclose(got, 0.01 * np.mean(np.concatenate([k.ravel() ** 2 for k in kernels]))):
        raise Mistake("Keras' L2 sums the squared weights; you took the mean.")
    if np.isclose(got, sum(np.sum(k**2) for k in kernels)):
        raise Mistake("multiply the sum of squares by the strength (0.01 here).")
    expect_close(got, want, "your penalty")


q1 = Exercise(
    "L2 penalty",
    _check_q1,
    hint="strength * (sum of w**2 over all weights of all kernels).",
    solution=l2_penalty,
    answer_is_function=True,
)


# q2 -- a model with L2 and dropout --------------------------------------------------------------------
def regularised_model() -> Any:
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(
                128, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4)
            ),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _check_q2(learner: Any, reference: Any) -> None:
    import keras

    model = call_learner(learner)
    if not isinstance(model, keras.Model):
        raise Mistake(
            f"regularised_model() should return a Keras model, not {type(model).__name__}."
        )
    kinds = [type(layer).__name__ for layer in model.layers]
    if kinds != ["Dense", "Dropout", "Dense"]:
        raise Mistake(f"expected layers Dense, Dropout, Dense; yours are {', '.join(kinds)}.")
    hidden, dropout, output = model.layers
    if hidden.units != 128 or output.units != 10:
        raise Mistake(
            f"the Dense layers should have 128 and 10 units; yours have {hidden.units} and {output.units}."
        )
    regulariser = hidden.kernel_regularizer
    if not isinstance(regulariser, keras.regularizers.L2):
        found = "none" if regulariser is None else type(regulariser).__name__
        raise Mistake(
            f"the hidden layer needs kernel_regularizer=keras.regularizers.L2(1e-4); found {found}."
        )
    if not np.isclose(regulariser.l2, 1e-4):
        raise Mistake(f"the L2 strength should be 1e-4, yours is {regulariser.l2}.")
    if not np.isclose(dropout.rate, 0.5):
        raise Mistake(f"the dropout rate should be 0.5, yours is {dropout.rate}.")


q2 = Exercise(
    "Add L2 and dropout to a model",
    _check_q2,
    hint="Dense(128, activation='relu', kernel_regularizer=keras.regularizers.L2(1e-4)), then Dropout(0.5).",
    solution=regularised_model,
    answer_is_function=True,
)


# q3 -- inverted dropout ------------------------------------------------------------------------------
def dropout_forward(x: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    keep = rng.random(x.shape) >= rate  # each unit survives with probability 1 - rate
    return np.where(keep, x / (1.0 - rate), 0.0)  # scale survivors so the mean is unchanged


def _check_q3(learner: Any, reference: Any) -> None:
    x = np.full((200, 100), 2.0)
    got = as_array(call_learner(learner, x.copy(), 0.25, np.random.default_rng(0)), "your output")
    if got.shape != x.shape:
        raise Mistake(f"dropout keeps the shape {x.shape}; yours returned {got.shape}.")
    dropped = np.mean(got == 0)
    if abs(dropped - 0.25) > 0.03:
        raise Mistake(
            f"with rate 0.25 about 25% of the units should be zeroed; you zeroed {dropped:.0%}."
        )
    survivors = got[got != 0]
    if np.allclose(survivors, 2.0):
        raise Mistake(
            "the surviving units must be scaled by 1 / (1 - rate); otherwise the mean shrinks during training."
        )
    expect_close(survivors, np.full(survivors.shape, 2.0 / 0.75), "the surviving values")


q3 = Exercise(
    "Inverted dropout",
    _check_q3,
    hint="Keep each unit with probability 1 - rate (rng.random(x.shape) >= rate), divide the kept ones by 1 - rate.",
    solution=dropout_forward,
    answer_is_function=True,
)
