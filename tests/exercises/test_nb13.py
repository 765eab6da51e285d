"""Notebook 13's exercise checkers against typical wrong answers and other right answers."""

import numpy as np
import pytest

from course_utils.exercises import nb13
from course_utils.exercises.core import CORRECT, INCORRECT


def _ok(result):
    assert result.status == CORRECT, result.message


def _wrong(result, message):
    assert result.status == INCORRECT and message in result.message, result.message


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- q1: attention (the old notebook 11's q1, same behaviour) -------------------------------------
def _attention_unscaled(Q, K, V):
    return _softmax(Q @ K.T) @ V


def _attention_wrong_axis(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[-1])
    return (np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)) @ V


def _attention_tensorflow(Q, K, V):
    import tensorflow as tf

    scores = tf.matmul(Q, K, transpose_b=True) / tf.sqrt(tf.cast(K.shape[-1], tf.float64))
    return tf.matmul(tf.nn.softmax(scores, axis=-1), V)


@pytest.mark.parametrize(
    "function, message",
    [
        (_attention_unscaled, "sqrt(d_k)"),
        (_attention_wrong_axis, "over the keys"),
        (lambda Q, K, V: Q @ K.T, "one output row per query"),
    ],
)
def test_nb13_q1_wrong(function, message):
    _wrong(nb13.q1.evaluate(function), message)


def test_nb13_q1_right_in_tensorflow():
    _ok(nb13.q1.evaluate(_attention_tensorflow))


# --- q2: causal mask -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n: np.triu(np.ones((n, n), dtype=bool)), "transpose"),
        (lambda n: np.tril(np.ones((n, n)), k=-1), "keep the diagonal"),
        (lambda n: np.triu(np.ones((n, n)), k=1), "inverted"),
        (lambda n: np.where(np.tril(np.ones((n, n))) > 0, 0.0, -np.inf), "True/False"),
        (lambda n: np.ones((n, n + 1)), "shape"),
    ],
)
def test_nb13_q2_wrong(function, message):
    _wrong(nb13.q2.evaluate(function), message)


@pytest.mark.parametrize(
    "function",
    [
        lambda n: np.tril(np.ones((n, n))),  # 0/1 floats
        lambda n: [[j <= i for j in range(n)] for i in range(n)],  # nested lists
        lambda n: np.arange(n)[:, None] >= np.arange(n)[None, :],
    ],
)
def test_nb13_q2_right(function):
    _ok(nb13.q2.evaluate(function))


def test_nb13_q2_right_in_tensorflow():
    import tensorflow as tf

    _ok(nb13.q2.evaluate(lambda n: tf.linalg.band_part(tf.ones((n, n)), -1, 0)))


# --- q3: positional encoding ---------------------------------------------------------------------
def _halves(length, d):
    pe = nb13.positional_encoding(length, d)
    return np.concatenate([pe[:, 0::2], pe[:, 1::2]], axis=1)


def _per_column(length, d):
    p, j = np.arange(length)[:, None], np.arange(d)[None, :]
    a = p / 10_000 ** (j / d)
    return np.where(j % 2 == 0, np.sin(a), np.cos(a))


def _swapped(length, d):
    pe = nb13.positional_encoding(length, d)
    out = pe.copy()
    out[:, 0::2], out[:, 1::2] = pe[:, 1::2], pe[:, 0::2]
    return out


@pytest.mark.parametrize(
    "function, message",
    [
        (_halves, "interleaves"),
        (_per_column, "share one frequency"),
        (_swapped, "swapped"),
        (lambda length, d: nb13.positional_encoding(length, d).T, "one row per position"),
    ],
)
def test_nb13_q3_wrong(function, message):
    _wrong(nb13.q3.evaluate(function), message)


def _loop_version(length, d):
    rows = []
    for p in range(length):
        row = []
        for i in range(d // 2):
            angle = p / 10000 ** (2 * i / d)
            row += [np.sin(angle), np.cos(angle)]
        rows.append(row)
    return rows  # nested lists


def test_nb13_q3_right():
    _ok(nb13.q3.evaluate(_loop_version))


# --- q4: masked attention ------------------------------------------------------------------------
def _zeroed_after(Q, K, V, mask):
    return (_softmax(Q @ K.T / np.sqrt(K.shape[-1])) * mask) @ V


def _inverted(Q, K, V, mask):
    return nb13.masked_attention(Q, K, V, ~mask)


def _ignored(Q, K, V, mask):
    return _softmax(Q @ K.T / np.sqrt(K.shape[-1])) @ V


def _inf_version(Q, K, V, mask):
    scores = np.where(mask, Q @ K.T / np.sqrt(K.shape[-1]), -np.inf)
    return _softmax(scores) @ V


def _always_causal(Q, K, V, mask):
    return nb13.masked_attention(Q, K, V, np.tril(np.ones(mask.shape, dtype=bool)))


@pytest.mark.parametrize(
    "function, message",
    [
        (_zeroed_after, "after the softmax"),
        (_inverted, "inverted"),
        (_ignored, "ignored"),
        (_always_causal, "non-causal mask"),
    ],
)
def test_nb13_q4_wrong(function, message):
    _wrong(nb13.q4.evaluate(function), message)


def test_nb13_q4_right_with_minus_infinity():
    _ok(nb13.q4.evaluate(_inf_version))


# --- q5: predict the spread ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [(64, "variance"), (1.0, "after dividing"), (4, "close to 8"), ("eight", "give a number")],
)
def test_nb13_q5_wrong(answer, message):
    _wrong(nb13.q5.evaluate(answer), message)


@pytest.mark.parametrize("answer", [8, 8.0, "8", np.float32(7.9), np.sqrt(64)])
def test_nb13_q5_right(answer):
    _ok(nb13.q5.evaluate(answer))


# --- q6: MultiHeadAttention parameters -----------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (3 * (64 * 64 + 64), "output projection"),
        (4 * 64 * 64, "add the biases"),
        (4 * (64 * 16 + 16), "each of the 4 heads"),
        (10_000, "should be"),
    ],
)
def test_nb13_q6_wrong(answer, message):
    _wrong(nb13.q6.evaluate(answer), message)


@pytest.mark.parametrize("answer", [16_640, 16640.0, "16,640", "16640"])
def test_nb13_q6_right(answer):
    _ok(nb13.q6.evaluate(answer))


def test_nb13_q6_matches_keras():
    import keras

    layer = keras.layers.MultiHeadAttention(num_heads=4, key_dim=16)
    x = np.zeros((1, 3, 64), "float32")
    layer(x, x)
    _ok(nb13.q6.evaluate(layer.count_params()))


# --- issue 11: right answers written other ways; arrays never in a truth context ------------
def _tensor(value):
    import tensorflow as tf

    return tf.constant(value)


@pytest.mark.parametrize("answer", [8, np.float32(8.0), [8.0], "8", _tensor(8.0)])
def test_nb13_q5_other_right_forms(answer):
    _ok(nb13.q5.evaluate(answer))


@pytest.mark.parametrize(
    "answer", [16_640.0, np.int64(16_640), "16,640", np.array([16_640]), _tensor(16_640)]
)
def test_nb13_q6_other_right_forms(answer):
    _ok(nb13.q6.evaluate(answer))


@pytest.mark.parametrize("exercise", ["q5", "q6"])
def test_nb13_several_numbers_get_a_clear_message(exercise):
    result = getattr(nb13, exercise).evaluate(np.array([8.0, 16_640.0]))
    assert result.status == INCORRECT and "one number" in result.message, result.message


def test_nb13_q2_tensor_mask_passes():
    _ok(nb13.q2.evaluate(lambda n: _tensor(nb13.causal_mask(n))))
