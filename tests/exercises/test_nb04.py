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


# --- q3: Keras' own KL divergence is a right answer ---------------------------------------
def test_nb04_q3_keras_answer_passes():
    import keras

    result = nb04.q3.evaluate(lambda p, q: keras.losses.kl_divergence(p, q))
    assert result.passed, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda p, q: np.sum(p * np.log((p + 1e-3) / q)), "should be"),
        (
            lambda p, q: np.sum(np.where(p > 0, p * np.log(np.maximum(p, 1e-300) / q), 9.0)),
            "far too",
        ),
    ],
)
def test_nb04_q3_still_rejects_real_mistakes(function, message):
    result = nb04.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb04_q4_swapped_arguments_are_named():
    result = nb04.q4.evaluate(lambda c, z: nb04.cce_from_logits(z, c))
    assert result.status == INCORRECT and "logits first" in result.message, result.message


@pytest.mark.parametrize("answer", [[16.12], np.array([16.118])])
def test_nb04_q5_accepts_one_element_lists(answer):
    assert nb04.q5.evaluate(answer).passed


# --- q7: label-smoothed cross-entropy from logits --------------------------------------
def _smoothed(labels, logits, smoothing=0.1, *, target_kind="keras", stable=True):
    logits = np.asarray(logits, dtype=float)
    n, k = logits.shape
    onehot = np.eye(k)[labels]
    target = {
        "keras": onehot * (1 - smoothing) + smoothing / k,
        "K-1": onehot * (1 - smoothing) + (1 - onehot) * smoothing / (k - 1),
        "no reduction": onehot + smoothing / k,
        "plain": onehot,
    }[target_kind]
    if stable:
        m = logits.max(axis=1, keepdims=True)
        log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    else:
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        log_p = np.log(e / e.sum(axis=1, keepdims=True))  # log(softmax): -inf on underflow
    return -(target * log_p).sum(axis=1)


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda c, z, s=0.1: _smoothed(c, z, s, target_kind="K-1"), "K - 1 wrong classes"),
        (lambda c, z, s=0.1: _smoothed(c, z, s, target_kind="no reduction"), "1 + smoothing"),
        (lambda c, z, s=0.1: _smoothed(c, z, s, target_kind="plain"), "plain cross-entropy"),
        (lambda c, z, s=0.1: _smoothed(c, z, s, stable=False), "log(0) = -inf"),
        (lambda c, z, s=0.1: np.mean(_smoothed(c, z, s)), "not their mean"),
        (lambda c, z, s=0.1: _smoothed(z, c, s), "labels first"),
    ],
)
def test_nb04_q7_wrong(function, message):
    result = nb04.q7.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _smoothed_with_keras(labels, logits, smoothing=0.1):
    import keras

    loss = keras.losses.CategoricalCrossentropy(
        from_logits=True, label_smoothing=smoothing, reduction=None
    )
    return loss(np.eye(logits.shape[1])[labels], logits)


def _smoothed_as_two_terms(labels, logits, smoothing=0.1):
    # (1 - s) * CE + s * (log-sum-exp - mean of the logits): the same loss, rearranged
    from scipy.special import logsumexp

    lse = logsumexp(logits, axis=1)
    ce = lse - logits[np.arange(len(labels)), labels]
    return (1 - smoothing) * ce + smoothing * (lse - logits.mean(axis=1))


@pytest.mark.parametrize("function", [_smoothed_as_two_terms, nb04.label_smoothed_cce])
def test_nb04_q7_right_answers_written_other_ways(function):
    result = nb04.q7.evaluate(function)
    assert result.passed, result.message


def test_nb04_q7_refuses_the_library_shortcut():
    """A right result computed by the library is not the exercise: it asks for NumPy."""
    result = nb04.q7.evaluate(_smoothed_with_keras)
    assert not result.passed
    assert (
        "`CategoricalCrossentropy`" in result.message and "by hand is the lesson" in result.message
    )
