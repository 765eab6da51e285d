"""Notebook 11's exercise checkers against typical wrong answers and alternative right forms."""

import numpy as np
import pytest
import tensorflow as tf

from course_utils.exercises import nb11
from course_utils.exercises.core import CORRECT, INCORRECT


def _check(exercise, answer, message):
    result = exercise.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q1: the SimpleRNN forward loop -------------------------------------------------------
def _rnn(x, W_x, W_h, b, step):
    h, states = np.zeros(W_h.shape[0]), []
    for x_t in x:
        h = step(x_t, h, W_x, W_h, b)
        states.append(h)
    return np.stack(states)


def _no_tanh(x, W_x, W_h, b):
    return _rnn(x, W_x, W_h, b, lambda x_t, h, W_x, W_h, b: x_t @ W_x + h @ W_h + b)


def _column_vectors(x, W_x, W_h, b):
    return _rnn(x, W_x, W_h, b, lambda x_t, h, W_x, W_h, b: np.tanh(x_t @ W_x + W_h @ h + b))


@pytest.mark.parametrize(
    "function, message",
    [
        (_no_tanh, "apply tanh"),
        (lambda x, W_x, W_h, b: np.tanh(x @ W_x + b), "ignore the previous state"),
        (_column_vectors, "W_h @ h"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b)[-1], "one state"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b).T, "one row per step"),
        (lambda x, W_x, W_h, b: nb11.simple_rnn_forward(x, W_x, W_h, b) + 0.01, "off at index"),
    ],
)
def test_nb11_q1_wrong(function, message):
    _check(nb11.q1, function, message)


def test_nb11_q1_tensorflow_and_list_answers_pass():
    def with_tf(x, W_x, W_h, b):
        h = tf.zeros((1, W_h.shape[0]), dtype=tf.float64)
        states = []
        for t in range(x.shape[0]):
            h = tf.tanh(x[t : t + 1] @ W_x + h @ W_h + b)
            states.append(h[0])
        return tf.stack(states)

    def as_list(x, W_x, W_h, b):
        return nb11.simple_rnn_forward(x, W_x, W_h, b).tolist()

    assert nb11.q1.evaluate(with_tf).status == CORRECT
    assert nb11.q1.evaluate(as_list).status == CORRECT


# --- q2: parameters of recurrent layers ---------------------------------------------------
def _blocks(count, extra_bias=0):
    def count_parameters(kind, units, features):
        block = units * (features + units) + units
        n = {"SimpleRNN": 1, "LSTM": 4, "GRU": count}[kind]
        return n * (block + extra_bias * units)

    return count_parameters


@pytest.mark.parametrize(
    "function, message",
    [
        (_blocks(3), "textbook count"),
        (_blocks(4), "counted 4 blocks"),
        (lambda kind, u, f: {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[kind] * (u * f + u), "W_h"),
        (lambda kind, u, f: u * (f + u) + u, "one block"),
        (lambda kind, u, f: 42, "should be"),
    ],
)
def test_nb11_q2_wrong(function, message):
    _check(nb11.q2, function, message)


def test_nb11_q2_matches_keras_and_accepts_floats():
    import keras

    for kind, units, features in [("SimpleRNN", 7, 3), ("LSTM", 9, 4), ("GRU", 5, 6)]:
        layer = getattr(keras.layers, kind)(units)
        layer.build((None, 10, features))
        assert nb11.recurrent_parameters(kind, units, features) == layer.count_params()
    as_float = lambda kind, u, f: float(nb11.recurrent_parameters(kind, u, f))  # noqa: E731
    assert nb11.q2.evaluate(as_float).status == CORRECT
    as_numpy = lambda kind, u, f: np.int64(nb11.recurrent_parameters(kind, u, f))  # noqa: E731
    assert nb11.q2.evaluate(as_numpy).status == CORRECT


# --- q3: LSTM(64) on 28 features ----------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (23_808 // 4, "that is one gate"),
        (4 * 64 * 92, "add the biases"),
        (4 * (64 * 28 + 64), "recurrent weights"),
        (18_000, "should be"),
        ("many", "give a number"),
    ],
)
def test_nb11_q3_wrong(answer, message):
    _check(nb11.q3, answer, message)


@pytest.mark.parametrize(
    "answer", [23_808, 23_808.0, np.int64(23_808), "23,808", tf.constant(23_808)]
)
def test_nb11_q3_right_forms(answer):
    assert nb11.q3.evaluate(answer).status == CORRECT


# --- q4: gradient of the loss with respect to each input step ------------------------------
def _summed_loss(model, x, y):
    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(
            tf.keras.losses.sparse_categorical_crossentropy(y, model(x), from_logits=True)
        )
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1).mean(axis=0)


def _per_sequence(model, x, y):
    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean(
            tf.keras.losses.sparse_categorical_crossentropy(y, model(x), from_logits=True)
        )
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1)


@pytest.mark.parametrize(
    "function, message",
    [
        (_summed_loss, "summed the loss"),
        (_per_sequence, "average the per-step norms"),
        (lambda m, x, y: nb11.input_gradient_norms(m, x, y)[::-1], "reverse order"),
        (lambda m, x, y: np.ones(3), "one number per step"),
        (lambda m, x, y: 2 * nb11.input_gradient_norms(m, x, y), "off at index"),
    ],
)
def test_nb11_q4_wrong(function, message):
    _check(nb11.q4, function, message)


def test_nb11_q4_tensor_answer_passes():
    def as_tensor(model, x, y):
        return tf.constant(nb11.input_gradient_norms(model, x, y))

    result = nb11.q4.evaluate(as_tensor)
    assert result.status == CORRECT and "first step" in result.message, result.message


# --- q5: cell state left after 20 steps (predict, then check) -----------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (0.9, "every one of the 20 steps"),
        (0.9 * 20, "multiply"),
        (12.16, "percentage"),
        (0.5, "should be"),
        ("a lot", "give a number"),
    ],
)
def test_nb11_q5_wrong(answer, message):
    _check(nb11.q5, answer, message)


@pytest.mark.parametrize("answer", [0.12, 0.1216, np.float32(0.9) ** 20, tf.constant(0.1216)])
def test_nb11_q5_right_forms(answer):
    assert nb11.q5.evaluate(answer).status == CORRECT
