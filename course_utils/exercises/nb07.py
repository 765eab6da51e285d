"""Exercises for notebook 07 · MLP on MNIST.

Example:
    >>> from course_utils.exercises import nb07 as ex
    >>> ex.q1.evaluate(ex.count_dense_parameters).passed
    True
    >>> ex.q4.evaluate("evaluate").passed
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
    expect_equal,
    variant_rng,
)


def _as_number(value: Any, what: str) -> Any:
    """A learner's scalar answer as a Python number (int, float, NumPy scalar, tensor, text)."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").replace("_", "").strip())
        except ValueError:
            raise Mistake(f"{what} should be a number, e.g. 1234, not {value!r}.") from None
    if hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise Mistake(f"{what} should be one number, but it has shape {value.shape}.")
        value = value.item()
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    return value


# q1 -- parameters of a stack of dense layers ------------------------------------------------------
def count_dense_parameters(layer_sizes: list[int]) -> int:
    total = 0
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += n_in * n_out + n_out  # weights plus one bias per unit
    return total


def _check_q1(learner: Any, reference: Any) -> None:
    for sizes in ([784, 128, 64, 10], [3, 2], [10, 5, 5, 1]):
        got = call_learner(learner, list(sizes))
        if isinstance(got, str):
            raise Mistake(
                f"for {sizes} you returned the text {got!r}; return a whole number (an int)."
            )
        got = _as_number(got, f"the parameter count for {sizes}")
        want = reference(sizes)
        weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
        if isinstance(got, (int, float)) and got == weights_only:
            raise Mistake(
                f"for {sizes} you counted {got}: the weights only. Add one bias per unit."
            )
        biases_of_input = want + sizes[0]
        if isinstance(got, (int, float)) and got == biases_of_input:
            raise Mistake(
                f"for {sizes} you counted {got}: the input layer has no biases, only the "
                "layers that compute something (every size after the first)."
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


def _computing_layers(model: Any) -> list:
    """The model's layers without its InputLayer (a functional model lists it, Sequential not)."""
    found = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        if hasattr(layer, "layers"):  # a nested model
            found.extend(_computing_layers(layer))
        else:
            found.append(layer)
    return found


def _layer_activation(layer: Any) -> str | None:
    """The activation a stand-alone activation layer applies, or None for any other layer."""
    kind = type(layer).__name__
    if kind == "Activation":
        return getattr(layer.activation, "__name__", str(layer.activation))
    if kind == "ReLU":  # a plain ReLU only: a cap, a slope or a threshold is another function
        plain = not (layer.max_value or layer.negative_slope or layer.threshold)
        return "relu" if plain else None
    if kind == "Softmax":
        return "softmax"
    return None


def _describe_model(model: Any) -> list[tuple]:
    """The model's layers as the checker compares them: Dense(256) followed by ReLU() or
    Activation("relu") is Dense(256, activation="relu"), and a Flatten of flat inputs does
    nothing (a wrong input shape is caught separately)."""
    described: list[tuple] = []
    for layer in _computing_layers(model):
        if type(layer).__name__ == "Flatten":
            continue
        activation = _layer_activation(layer)
        if activation is not None and described and described[-1][::2] == ("Dense", "linear"):
            described[-1] = ("Dense", described[-1][1], activation)
            continue
        described.append(_describe_layer(layer))
    return described


def _check_q2(learner: Any, reference: Any) -> None:
    import keras

    model = call_learner(learner)
    if not isinstance(model, keras.Model):
        raise Mistake(f"build_model() should return a Keras model, not {type(model).__name__}.")
    want = _describe_model(reference())
    got = _describe_model(model)
    if len(got) != len(want):
        raise Mistake(
            f"the model should have {len(want)} layers after the input, {want}; yours has {len(got)}: {got}."
        )
    for position, (g, w) in enumerate(zip(got, want), start=1):
        if g != w:
            raise Mistake(f"layer {position} should be {w}, but yours is {g}.")
    try:  # a model built with an Input knows its input shape; one without learns it on a call
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):
        input_shape = None
    if input_shape is not None and input_shape != (None, 784):
        raise Mistake(f"the input should have shape (None, 784), yours is {input_shape}.")
    try:
        output = model(np.zeros((2, 784), dtype="float32"), training=False)
    except Exception as exc:
        raise Mistake(
            "your model cannot take a batch of 784-value inputs: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        ) from None
    if tuple(np.shape(output)) != (2, 10):
        raise Mistake(
            f"for 2 inputs your model outputs shape {tuple(np.shape(output))}, not (2, 10)."
        )


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


# q4 -- predict, then check: training accuracy during fit vs evaluate --------------------------------
def dropout_prediction() -> str:
    # fit() averages the accuracy over the epoch's batches, with dropout switching off
    # units; evaluate() uses the final weights and no dropout, so it scores higher.
    return "evaluate"


_Q4_EVALUATE = ("evaluate", "b", "evaluate()", "model.evaluate", "improved.evaluate")
_Q4_FIT = ("fit", "a", "fit()", "history", "the log", "log", "model.fit")
_Q4_SAME = ("same", "equal", "c", "neither")


def _check_q4(answer: Any, expected: str) -> str:
    if not isinstance(answer, str):
        raise Mistake('answer with a word: "fit", "evaluate" or "same".')
    text = answer.strip().strip("'\"").lower()
    if text in _Q4_EVALUATE:
        return (
            "evaluate() is higher: it uses the final weights with every unit active, while "
            "fit() averaged over an epoch of dropped-out, still-changing networks. Run the next cell."
        )
    if text in _Q4_FIT:
        raise Mistake(
            "during fit() dropout switches off 20% of the hidden units and the weights are still "
            "changing; which of the two settings helps the model score?"
        )
    if text in _Q4_SAME:
        raise Mistake(
            "they are measured on the same images, but not in the same conditions: think of "
            "what dropout does in training and in inference."
        )
    raise Mistake(f'answer "fit", "evaluate" or "same", not {answer!r}.')


q4 = Exercise(
    "Predict: training accuracy from fit() or from evaluate()?",
    _check_q4,
    hint="Dropout is active in fit() and switched off in evaluate(); and fit()'s number is an "
    "average over the epoch while the weights were still improving.",
    solution=dropout_prediction,
)


# q5 -- the MLP's forward pass in NumPy --------------------------------------------------------------
def mlp_forward(images: np.ndarray, weights: list) -> np.ndarray:
    x = np.asarray(images, dtype=float).reshape(len(images), -1)  # Flatten: one row per image
    pairs = list(zip(weights[0::2], weights[1::2]))  # [(W1, b1), (W2, b2), ...]
    for i, (w, b) in enumerate(pairs):
        x = x @ w + b  # a Dense layer
        if i < len(pairs) - 1:
            x = np.maximum(x, 0.0)  # ReLU in the hidden layers
    x = x - x.max(axis=1, keepdims=True)  # stable softmax on the output layer
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def _q5_case() -> tuple[np.ndarray, list]:
    rng = variant_rng(7)
    images = rng.random((6, 3, 4))
    sizes = [12, 5, 4, 3]
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights += [rng.normal(0, 0.8, (n_in, n_out)), rng.normal(0, 0.5, n_out)]
    return images, weights


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _variant(images: np.ndarray, weights: list, *, relu=True, bias=True, out=True) -> np.ndarray:
    x = images.reshape(len(images), -1)
    n = len(weights) // 2
    for i in range(n):
        x = x @ weights[2 * i] + (weights[2 * i + 1] if bias else 0)
        if relu and (i < n - 1 or not out):
            x = np.maximum(x, 0)
    return x if not out else _softmax(x)


def _check_q5(learner: Any, reference: Any) -> None:
    images, weights = _q5_case()
    try:
        answer = call_learner(learner, images.copy(), [w.copy() for w in weights])
    except Mistake as mistake:
        raise Mistake(
            f"{mistake} The images have shape (6, 3, 4): Flatten each one first, "
            "images.reshape(len(images), -1), so that it can multiply W1 of shape (12, 5)."
        ) from None
    got = as_array(answer, "your probabilities")
    want = reference(images, weights)
    if got.shape != want.shape:
        raise Mistake(
            f"for 6 images of shape (3, 4) and a 12-5-4-3 network the output should have shape "
            f"{want.shape} (one row of 3 probabilities per image); yours has {got.shape}. "
            "Flatten each image first: images.reshape(len(images), -1)."
        )
    if np.allclose(got, _variant(images, weights, out=False)) or (
        got.shape == want.shape and not np.allclose(got.sum(axis=1), 1.0, atol=1e-4)
    ):
        raise Mistake(
            "your rows do not sum to 1: apply softmax to the last layer's outputs (the logits)."
        )
    if np.allclose(got, _variant(images, weights, relu=False)):
        raise Mistake("your hidden layers are linear: apply ReLU, np.maximum(x, 0), after each.")
    if np.allclose(got, _variant(images, weights, bias=False)):
        raise Mistake("you left out the biases: each layer computes x @ W + b.")
    relu_logits = _variant(images, weights, out=False)
    if np.allclose(got, _softmax(relu_logits)):
        raise Mistake(
            "you applied ReLU to the output layer as well; the last layer goes straight to softmax."
        )
    expect_close(got, want, "your probabilities", rtol=1e-5, atol=1e-7)


q5 = Exercise(
    "The MLP's forward pass in NumPy",
    _check_q5,
    hint="Flatten to (n, features); for each (W, b) pair: x = x @ W + b, ReLU except after the "
    "last; softmax of the last (subtract the row maximum before np.exp).",
    solution=mlp_forward,
    answer_is_function=True,
)


# q6 -- one training step with GradientTape ----------------------------------------------------------
def sgd_step(model: Any, images: Any, labels: Any, learning_rate: float) -> float:
    import tensorflow as tf

    with tf.GradientTape() as tape:
        probabilities = model(images, training=True)  # forward pass
        loss = tf.reduce_mean(  # mean cross-entropy of the batch
            tf.keras.losses.sparse_categorical_crossentropy(labels, probabilities)
        )
    gradients = tape.gradient(loss, model.trainable_variables)  # backward pass
    for variable, gradient in zip(model.trainable_variables, gradients):
        variable.assign_sub(learning_rate * gradient)  # update: w <- w - lr * dL/dw
    return float(loss)


def _q6_model(seed: int) -> Any:
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input(shape=(3, 4)),
            keras.layers.Flatten(),
            keras.layers.Dense(5, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )


def _check_q6(learner: Any, reference: Any) -> None:
    rng = variant_rng(6)
    images = rng.random((8, 3, 4)).astype("float32")
    labels = rng.integers(0, 3, 8)
    mine, theirs = _q6_model(3), _q6_model(3)
    before = [w.copy() for w in theirs.get_weights()]
    want_loss = reference(mine, images, labels, 0.5)
    got_loss = call_learner(learner, theirs, images.copy(), labels.copy(), 0.5)
    got_loss = _as_number(got_loss, "the loss your function returned")
    after = theirs.get_weights()
    if all(np.allclose(a, b) for a, b in zip(after, before)):
        raise Mistake(
            "the model's weights did not change: update each variable, "
            "e.g. variable.assign_sub(learning_rate * gradient)."
        )
    want = mine.get_weights()
    changed = [not np.allclose(a, b) for a, b in zip(after, before)]
    if not all(changed):
        raise Mistake(
            f"only {sum(changed)} of the {len(changed)} weight arrays changed: loop over "
            "all of model.trainable_variables."
        )
    steps_taken = [a - b for a, b in zip(after, before)]
    steps_wanted = [a - b for a, b in zip(want, before)]
    if all(np.allclose(g, -w, atol=1e-6) for g, w in zip(steps_taken, steps_wanted)):
        raise Mistake("your weights moved uphill: subtract learning_rate * gradient.")
    if all(np.allclose(g, 8 * w, rtol=1e-3, atol=1e-6) for g, w in zip(steps_taken, steps_wanted)):
        raise Mistake(
            "your step is 8 times too large: the loss of the batch is the mean over its 8 "
            "examples (tf.reduce_mean), not their sum."
        )
    for index, (g, w) in enumerate(zip(after, want)):
        expect_close(g, w, f"weight array {index} after the step", rtol=1e-4, atol=1e-6)
    if not isinstance(got_loss, (int, float)):
        raise Mistake("return the batch's loss as a number (float(loss)).")
    expect_close(got_loss, want_loss, "the loss you returned (before the update)", rtol=1e-4)


q6 = Exercise(
    "One training step with GradientTape",
    _check_q6,
    hint="with tf.GradientTape() as tape: forward pass (training=True) and the mean "
    "sparse categorical cross-entropy; tape.gradient(loss, model.trainable_variables); "
    "then variable.assign_sub(learning_rate * gradient) for each pair.",
    solution=sgd_step,
    answer_is_function=True,
)
