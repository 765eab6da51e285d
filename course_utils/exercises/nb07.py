"""Exercises for notebook 07 · MLP on MNIST.

Example:
    >>> from course_utils.exercises import nb07 as ex
    >>> ex.q1.evaluate(ex.count_dense_parameters).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_equal


# q1 -- parameters of a stack of dense layers ------------------------------------------------------
def count_dense_parameters(layer_sizes: list[int]) -> int:
    total = 0
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += n_in * n_out + n_out  # weights plus one bias per unit
    return total


def _check_q1(learner: Any, reference: Any) -> None:
    for sizes in ([784, 128, 64, 10], [3, 2], [10, 5, 5, 1]):
        got = call_learner(learner, list(sizes))
        want = reference(sizes)
        weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
        if got == weights_only:
            raise Mistake(
                f"for {sizes} you counted {got}: the weights only. Add one bias per unit."
            )
        expect_equal(got, want, f"the parameter count for layer sizes {sizes}")


q1 = Exercise(
    "Parameters of a dense network",
    _check_q1,
    hint="Each consecutive pair (n_in, n_out) contributes n_in * n_out weights and n_out biases.",
    solution=count_dense_parameters,
    answer_is_function=True,
)


# q2 -- build a model of a given structure ----------------------------------------------------------
def build_model() -> Any:
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _describe_layer(layer: Any) -> tuple:
    kind = type(layer).__name__
    if kind == "Dense":
        return (kind, layer.units, getattr(layer.activation, "__name__", str(layer.activation)))
    if kind == "Dropout":
        return (kind, round(float(layer.rate), 4))
    return (kind,)


def _check_q2(learner: Any, reference: Any) -> None:
    import keras

    model = call_learner(learner)
    if not isinstance(model, keras.Model):
        raise Mistake(f"build_model() should return a Keras model, not {type(model).__name__}.")
    want = [_describe_layer(layer) for layer in reference().layers]
    got = [_describe_layer(layer) for layer in model.layers]
    if len(got) != len(want):
        raise Mistake(
            f"the model should have {len(want)} layers after the input, {want}; yours has {len(got)}: {got}."
        )
    for position, (g, w) in enumerate(zip(got, want), start=1):
        if g != w:
            raise Mistake(f"layer {position} should be {w}, but yours is {g}.")
    if tuple(model.input_shape) != (None, 784):
        raise Mistake(f"the input should have shape (None, 784), yours is {model.input_shape}.")


q2 = Exercise(
    "Build 784 -> Dense(256, relu) -> Dropout(0.3) -> Dense(10, softmax)",
    _check_q2,
    hint="keras.Sequential([keras.Input(shape=(784,)), Dense(...), Dropout(...), Dense(...)]).",
    solution=build_model,
    answer_is_function=True,
)


# q3 -- predicted labels from probabilities ----------------------------------------------------------
def predict_labels(probabilities: np.ndarray) -> np.ndarray:
    return np.argmax(probabilities, axis=1)  # the most probable class of each row


def _check_q3(learner: Any, reference: Any) -> None:
    probs = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.05, 0.05, 0.9], [0.3, 0.6, 0.1]])
    got = as_array(call_learner(learner, probs.copy()), "your labels")
    want = reference(probs)
    if got.shape == (3,) and np.array_equal(got, np.argmax(probs, axis=0)):
        raise Mistake(
            "you took the argmax down each column (axis=0); each row is one image, so use axis=1."
        )
    if got.shape == want.shape and np.allclose(got, probs.max(axis=1)):
        raise Mistake("you returned the largest probability; the label is its position: np.argmax.")
    if got.shape != want.shape:
        raise Mistake(
            f"return one label per image, shape {want.shape}; yours has shape {got.shape}."
        )
    if not np.array_equal(got, want):
        raise Mistake(f"expected labels {want.tolist()}, got {got.tolist()}.")


q3 = Exercise(
    "Predicted labels",
    _check_q3,
    hint="np.argmax(probabilities, axis=1).",
    solution=predict_labels,
    answer_is_function=True,
)
