"""Exercises for notebook 00 · Welcome and setup.

Example:
    >>> from course_utils.exercises import nb00 as ex
    >>> ex.q1.evaluate(784 * 128 + 128).passed
    True
    >>> ex.q1.evaluate("100,480").passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    call_learner,
    expect_close,
    variant_rng,
)


# q1 -- counting the parameters of a dense layer ------------------------------------------
def dense_layer_parameters() -> int:
    # 784 inputs x 128 units = 100,352 weights, plus one bias per unit (128)
    q1_answer = 784 * 128 + 128
    return q1_answer  # 100,480


def _as_number(answer: Any) -> float:
    """A count typed as int, float, numpy scalar, one-element array or text like '100,480'."""
    if isinstance(answer, bool):
        raise Mistake("give a number of parameters, not True or False.")
    if isinstance(answer, str):
        text = answer.replace(",", "").replace("_", "").replace(" ", "")
        try:
            return float(text)
        except ValueError:
            raise Mistake(f"give a number, e.g. 1234 (not {answer!r}).") from None
    if hasattr(answer, "numpy"):
        answer = answer.numpy()
    array = np.asarray(answer)
    if array.size != 1 or not np.issubdtype(array.dtype, np.number):
        raise Mistake(f"give one number (a count of parameters), not {answer!r}.")
    return float(array.reshape(()))


def _check_q1(answer: Any, expected: int) -> str:
    value = _as_number(answer)
    if value == 784 * 128:
        raise Mistake("784 x 128 counts the weights only; every unit also has one bias.")
    if value == 784 + 128:
        raise Mistake(
            "you added inputs and units; every input is connected to every unit, so multiply."
        )
    if value == 784 * 128 + 784:
        raise Mistake("there is one bias per unit (128), not one per input (784).")
    if value != expected:
        raise Mistake(
            f"your count is {value:,.0f}; count the weights (inputs x units) plus the biases "
            "(one per unit)."
        )
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
    except (TypeError, ValueError, OverflowError):
        raise Mistake(
            "give a list of (rows, columns) tuples, one per Dense layer, e.g. [(a, b), (c, d)]."
        ) from None
    if len(shapes) == 2 * len(expected) and [len(s) for s in shapes[1::2]] == [1, 1]:
        raise Mistake(
            "you listed the bias vectors too (model.weights holds kernel, bias, kernel, bias); "
            "give only the two kernels, the shapes with two numbers."
        )
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


# q4 -- forward pass of a two-layer network ----------------------------------------------------
def forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    hidden = np.maximum(X @ W1 + b1, 0.0)  # (batch, n_hidden): Dense + ReLU
    return hidden @ W2 + b2  # (batch, n_outputs): Dense, no activation


def _q4_cases() -> list[tuple[np.ndarray, ...]]:
    rng = variant_rng(400)
    cases = []
    for batch, n_in, n_hidden, n_out in [(4, 5, 3, 2), (1, 3, 6, 4), (7, 4, 4, 3)]:
        cases.append(
            (
                rng.normal(size=(batch, n_in)),
                rng.normal(size=(n_in, n_hidden)),
                rng.normal(size=n_hidden),
                rng.normal(size=(n_hidden, n_out)),
                rng.normal(size=n_out),
            )
        )
    return cases


def _check_q4(learner: Any, reference: Any) -> None:
    for X, W1, b1, W2, b2 in _q4_cases():
        args = [a.copy() for a in (X, W1, b1, W2, b2)]
        got = as_array(call_learner(learner, *args), "your scores")
        want = reference(X, W1, b1, W2, b2)
        where = f"X of shape {X.shape}, W1 {W1.shape}, W2 {W2.shape}"
        if got.shape != want.shape:
            raise Mistake(
                f"for {where} the scores should have shape {want.shape} (one row per example, "
                f"one column per output), but yours have shape {got.shape}. Multiply X @ W1, "
                "not W1 @ X."
            )
        if np.allclose(got, (X @ W1 + b1) @ W2 + b2) and not np.allclose(got, want):
            raise Mistake("the hidden layer needs its ReLU: np.maximum(X @ W1 + b1, 0).")
        if np.allclose(got, np.maximum(want, 0.0)) and not np.allclose(got, want):
            raise Mistake(
                "your scores are never negative: the output layer has no activation, "
                "apply ReLU to the hidden layer only."
            )
        if np.allclose(got, np.maximum(X @ W1, 0.0) @ W2 + b2):
            raise Mistake(
                "your hidden layer misses its bias: compute np.maximum(X @ W1 + b1, 0), "
                "adding b1 before the ReLU."
            )
        if np.allclose(got, np.maximum(X @ W1, 0.0) @ W2) or np.allclose(
            got, np.maximum(X @ W1 + b1, 0.0) @ W2
        ):
            raise Mistake("add each layer's bias: X @ W1 + b1, then hidden @ W2 + b2.")
        expect_close(got, want, f"your scores for {where}", rtol=1e-5, atol=1e-6)


q4 = Exercise(
    "Forward pass of a two-layer network",
    _check_q4,
    hint="hidden = relu(X @ W1 + b1) has shape (batch, hidden units); the scores are "
    "hidden @ W2 + b2, with no activation.",
    solution=forward,
    answer_is_function=True,
)


# q5 -- predict, then measure: a network with 16 hidden units -----------------------------------
# a reference run of notebook 00, section 4 (seed 42, 3,000 images); a learner's own run may differ
Q5_REFERENCE = {"128 hidden units": 0.9397, "logistic regression": 0.9227}
Q5_BAND = (0.90, 0.94)  # 16 hidden units on 3,000 images, 500 steps; measured 0.9207 (seed 42)


def measure_16_hidden_units() -> float:
    # In notebook 00, after section 4 (train_network, X_pool and y_pool defined there):
    #   q5_answer = train_network(X_pool[:3_000], y_pool[:3_000], hidden_units=16)
    # The same experiment, self-contained:
    import keras
    import tensorflow as tf

    from course_utils.data import load_mnist

    (x_train, y_train), _ = load_mnist()
    X = x_train.reshape(len(x_train), -1).astype("float32") / 255.0
    X_fit, y_fit, X_val, y_val = X[:3_000], y_train[:3_000], X[-3_000:], y_train[-3_000:]
    keras.utils.set_random_seed(42)
    stream = tf.data.Dataset.from_tensor_slices((X_fit, y_fit)).shuffle(3_000, seed=42)
    net = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(10),
        ]
    )
    net.compile(
        optimizer=keras.optimizers.Adam(2e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        steps_per_execution=50,
    )
    net.fit(stream.repeat().batch(128), steps_per_epoch=500, epochs=1, shuffle=False, verbose=0)
    q5_answer = net.evaluate(X_val, y_val, batch_size=3_000, verbose=0)[1]
    return q5_answer


def _check_q5(answer: Any, expected: float) -> str:
    value = _as_number(answer)
    if 1 < value <= 100:
        raise Mistake(f"give the accuracy as a fraction between 0 and 1 (e.g. 0.93), not {value}.")
    if not 0 <= value <= 1:
        raise Mistake(f"an accuracy lies between 0 and 1; got {value}.")
    low, high = Q5_BAND
    if value < 0.5:
        raise Mistake(
            f"{value:.4f} is far too low for an accuracy: did you pass the loss instead, or "
            "train on other data? Use train_network(X_pool[:3_000], y_pool[:3_000], "
            "hidden_units=16); it returns the validation accuracy."
        )
    if not low <= value <= high:
        raise Mistake(
            f"{value:.4f} is outside the range this experiment gives ({low} to {high}). Train "
            "with train_network(X_pool[:3_000], y_pool[:3_000], hidden_units=16) and pass the "
            "number it returns."
        )
    nn, lr = Q5_REFERENCE["128 hidden units"], Q5_REFERENCE["logistic regression"]
    if abs(value - nn) < abs(value - lr):
        lesson = (
            "closer to the 128-unit network: even a narrow hidden layer learns useful features."
        )
    else:
        lesson = (
            "about what logistic regression reaches. That is not a lack of capacity: 16 hidden "
            "units are more than the 10 scores logistic regression computes (a ReLU with a large "
            "bias passes a bounded score through unchanged), so the 16-unit network can do at "
            "least as well in principle. With 3,000 images, 500 steps and one seed, a gap of a "
            "few thousandths is training and chance: try seed=0, 1 and 2 to see how much it moves."
        )
    return (
        f"16 hidden units reach {value:.4f}; in a reference run (seed 42) on the same 3,000 "
        f"images, 128 units reached {nn:.4f} and logistic regression {lr:.4f} (compare with "
        f"your own results[...][2] from section 4). Yours is {lesson}"
    )


q5 = Exercise(
    "Predict, then measure: 16 hidden units",
    _check_q5,
    hint="Call train_network(X_pool[:3_000], y_pool[:3_000], hidden_units=16); it returns "
    "the validation accuracy.",
    solution=measure_16_hidden_units,
)
