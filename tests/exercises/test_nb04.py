"""Notebook 04's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb04
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 04 -------------------------------------------------
def _huber_no_half(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.mean(np.where(e <= delta, e**2, delta * (e - 0.5 * delta)))


def _huber_sum(y, p, delta=1.0):
    e = np.abs(p - y)
    return np.sum(np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta)))


@pytest.mark.parametrize(
    "function, message",
    [
        (_huber_no_half, "0.5 * error**2"),
        (_huber_sum, "summed over examples"),
        (lambda y, p, delta=1.0: 0.5 * (p - y) ** 2, "one number"),
        (lambda y, p, delta=1.0: np.mean(0.5 * (p - y) ** 2), "should be"),
    ],
)
def test_nb04_q1_wrong(function, message):
    result = nb04.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _naive_bce(y, z):
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


@pytest.mark.parametrize(
    "function, message",
    [(_naive_bce, "overflows"), (lambda y, z: np.mean(_naive_bce(y, z)), "one loss per example")],
)
def test_nb04_q2_wrong(function, message):
    result = nb04.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p, q: nb04.kl_divergence(q, p), "KL(q || p)"),
        (lambda p, q: -nb04.kl_divergence(p, q), "sign is flipped"),
        (lambda p, q: np.sum(p * np.log(p / q)), "0 * log 0"),
    ],
)
def test_nb04_q3_wrong(function, message):
    result = nb04.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _cce_naive(z, c):
    z = np.asarray(z, dtype=float)
    return np.log(np.sum(np.exp(z), axis=1)) - z[np.arange(len(c)), np.asarray(c)]


@pytest.mark.parametrize(
    "function, message",
    [
        (_cce_naive, "overflows"),
        (lambda z, c: np.mean(nb04.cce_from_logits(z, c)), "one loss per example"),
        (lambda z, c: -nb04.cce_from_logits(z, c), "sign is flipped"),
        (lambda z, c: _cce_naive(z, np.zeros(len(c), dtype=int)), "own label"),
    ],
)
def test_nb04_q4_wrong(function, message):
    result = nb04.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb04_q4_tensorflow_answer_passes():
    import tensorflow as tf

    def tf_answer(z, c):
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=c, logits=z)

    assert nb04.q4.evaluate(tf_answer).passed


@pytest.mark.parametrize(
    "answer, message",
    [
        (float("inf"), "clips"),
        (0, "not 0"),
        (15.9424, "1 - 1e-7"),
        (7.0, "natural logarithm"),
        (10.0, "should be"),
    ],
)
def test_nb04_q5_wrong(answer, message):
    result = nb04.q5.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [16.118, np.float32(16.1181), "16.12", 16.12])
def test_nb04_q5_right_forms(answer):
    assert nb04.q5.evaluate(answer).passed


def _focal_no_product_rule(z, y, gamma=2.0):
    p = 1 / (1 + np.exp(-z))
    p_t = np.where(y == 1, p, 1 - p)
    return (1 - p_t) ** gamma * (p - y)


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z, y, gamma=2.0: 1 / (1 + np.exp(-z)) - y, "cross-entropy gradient"),
        (lambda z, y, gamma=2.0: -nb04.focal_gradient(z, y, gamma), "sign is flipped"),
        (_focal_no_product_rule, "product rule"),
    ],
)
def test_nb04_q6_wrong(function, message):
    result = nb04.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb04_q6_tape_answer_passes():
    import tensorflow as tf

    def tape_answer(z, y, gamma=2.0):
        z = tf.constant(z)
        with tf.GradientTape() as tape:
            tape.watch(z)
            p = tf.sigmoid(z)
            p_t = y * p + (1 - y) * (1 - p)
            loss = -((1 - p_t) ** gamma) * tf.math.log(p_t)
        return tape.gradient(loss, z)

    assert nb04.q6.evaluate(tape_answer).passed


def test_nb04_q1_tensorflow_answer_passes():
    import keras

    def keras_huber(y_true, y_pred, delta=1.0):
        return keras.losses.Huber(delta=delta)(y_true[:, None], y_pred[:, None])

    assert nb04.q1.evaluate(keras_huber).passed
