"""Exercises for notebook 00 · Welcome and setup.

Example:
    >>> from course_utils.exercises import nb00 as ex
    >>> ex.q1.evaluate(784 * 128 + 128).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close


# q1 -- counting the parameters of a dense layer ------------------------------------------
def dense_layer_parameters() -> int:
    n_inputs, n_units = 784, 128
    weights = n_inputs * n_units  # one weight per (input, unit) pair
    biases = n_units  # one bias per unit
    return weights + biases


def _check_q1(answer: Any, expected: int) -> str:
    if answer == 784 * 128:
        raise Mistake("784 x 128 counts the weights only; every unit also has one bias.")
    if answer == 784 + 128:
        raise Mistake(
            "you added inputs and units; every input is connected to every unit, so multiply."
        )
    if not isinstance(answer, (int, np.integer)) or answer != expected:
        raise Mistake(f"count weights (inputs x units) plus biases (one per unit); got {answer!r}.")
    return f"{expected:,} parameters: 100,352 weights and 128 biases."


q1 = Exercise(
    "Parameters of Dense(128) on 784 inputs",
    _check_q1,
    hint="Each of the 128 units has one weight per input pixel, plus one bias.",
    solution=dense_layer_parameters,
)


# q2 -- one neuron in NumPy ----------------------------------------------------------------
def neuron(x: np.ndarray, w: np.ndarray, b: float) -> float:
    z = np.dot(w, x) + b  # weighted sum of the inputs, plus the bias
    return max(z, 0.0)  # ReLU activation


_NEURON_CASES = [
    (np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.25, 0.1]), 0.2),
    (np.array([0.0, 1.0]), np.array([2.0, 3.0]), -1.0),
    (np.array([1.0, 1.0, 1.0]), np.array([-1.0, -2.0, 0.5]), 0.3),  # negative weighted sum
]


def _check_q2(learner: Any, reference: Any) -> None:
    for x, w, b in _NEURON_CASES:
        got = as_array(call_learner(learner, x.copy(), w.copy(), b), "your neuron's output")
        want = reference(x, w, b)
        if got.shape not in ((), (1,)):
            raise Mistake(
                f"a single neuron returns one number, but yours returned shape {got.shape}; "
                "use np.dot(w, x) rather than w * x."
            )
        got = float(got.reshape(()))
        if np.isclose(got, np.dot(w, x) + b) and not np.isclose(got, want):
            raise Mistake(
                f"for x={x.tolist()}, w={w.tolist()}, b={b} the weighted sum is "
                f"{np.dot(w, x) + b:.3g} < 0, so ReLU should give 0. Did you forget the activation?"
            )
        if np.isclose(got, max(np.dot(w, x), 0.0)) and not np.isclose(got, want):
            raise Mistake(
                f"for x={x.tolist()}, w={w.tolist()}, b={b} your output misses the bias b."
            )
        expect_close(got, want, "your neuron's output", inputs=x)


q2 = Exercise(
    "One ReLU neuron",
    _check_q2,
    hint="Compute z = w . x + b with np.dot, then return max(z, 0).",
    solution=neuron,
    answer_is_function=True,
)


# q3 -- weight-matrix shapes of a small network --------------------------------------------
def kernel_shapes() -> list[tuple[int, int]]:
    layer_sizes = [784, 128, 10]  # input, hidden, output
    return [(n_in, n_out) for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


def _check_q3(answer: Any, expected: list[tuple[int, int]]) -> None:
    try:
        shapes = [tuple(int(n) for n in shape) for shape in answer]
    except (TypeError, ValueError):
        raise Mistake(
            "give a list of (rows, columns) tuples, one per Dense layer, e.g. [(a, b), (c, d)]."
        ) from None
    if len(shapes) != len(expected):
        raise Mistake(
            f"the network has {len(expected)} Dense layers (hidden and output), so give "
            f"{len(expected)} shapes; you gave {len(shapes)}."
        )
    if shapes == [shape[::-1] for shape in expected]:
        raise Mistake(
            "your shapes are transposed: Keras stores a Dense kernel as (inputs, units), "
            "so that a batch X of shape (n, inputs) is multiplied as X @ W."
        )
    if shapes != expected:
        raise Mistake(f"expected {expected}, got {shapes}.")


q3 = Exercise(
    "Kernel shapes of 784 -> 128 -> 10",
    _check_q3,
    hint="A Dense kernel maps its inputs to its units; its shape is (inputs, units).",
    solution=kernel_shapes,
)
