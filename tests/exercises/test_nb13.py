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
        (lambda Q, K, V: _softmax(Q @ K.T / K.shape[-1]) @ V, "not by d_k"),
        (lambda Q, K, V: _softmax(Q @ K.T / np.sqrt(V.shape[-1])) @ V, "not of the values"),
        (lambda Q, K, V: _softmax(Q @ K.T / 2) @ V, "not 2"),
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
        (lambda Q, K, V, m: _softmax(Q @ K.T / np.sqrt(K.shape[-1]) * m) @ V, "multiplied"),
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


# --- q7: multi-head attention over a padded batch ----------------------------------------------
def test_nb13_q7_solution_equals_keras_with_a_padding_mask():
    import keras

    rng = np.random.default_rng(70)
    x = rng.normal(size=(3, 5, 6)).astype("float32")
    valid = np.arange(5)[None, :] < np.array([5, 3, 2])[:, None]
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    want = np.asarray(layer(x, x, attention_mask=valid[:, None, :]))  # (batch, queries, keys)
    weights = [np.asarray(w) for w in layer.weights]
    got = nb13.multi_head_attention(x, weights, valid)
    assert np.allclose(got, want, atol=1e-5), np.abs(got - want).max()


def _mha(**options):
    def forward(x, weights, valid):
        return nb13._mha_variant(x, [np.asarray(w) for w in weights], valid, **options)

    return forward


@pytest.mark.parametrize(
    "function, message",
    [
        (_mha(scale="none"), "forgot to divide"),
        (_mha(scale="d_k"), "not by d_k"),
        (_mha(scale="model"), "not the model width"),
        (_mha(axis=-2), "over the keys"),
        (_mha(mask="after"), "after the softmax"),
        (_mha(mask="none"), "mask is ignored"),
        (_mha(mask="inverted"), "inverted"),
        (_mha(biases=False), "biases"),
        (lambda x, w, v: nb13.multi_head_attention(x, w, v) - w[7], "output bias"),
        (lambda x, w, v: np.zeros((len(x), w[0].shape[1], x.shape[1], w[0].shape[2])), "heads"),
        (lambda x, w, v: nb13.multi_head_attention(x, w, v)[0], "shape"),
    ],
)
def test_nb13_q7_wrong(function, message):
    _wrong(nb13.q7.evaluate(function), message)


def _mha_tensorflow(x, weights, valid):
    import tensorflow as tf

    Wq, bq, Wk, bk, Wv, bv, Wo, bo = weights
    Q = tf.einsum("bsf,fhd->bhsd", x, Wq) + bq[:, None, :]
    K = tf.einsum("bsf,fhd->bhsd", x, Wk) + bk[:, None, :]
    V = tf.einsum("bsf,fhd->bhsd", x, Wv) + bv[:, None, :]
    scores = tf.matmul(Q, K, transpose_b=True) / np.sqrt(Wq.shape[-1])
    scores = tf.where(valid[:, None, None, :], scores, -np.inf)
    return tf.einsum("bhsd,hdf->bsf", tf.nn.softmax(scores, axis=-1) @ V, Wo) + bo


def _mha_loops_zero_padding(x, weights, valid):
    # one sequence and one head at a time; outputs at padding tokens set to 0
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = weights
    out = np.zeros_like(x)
    for b, (seq, ok) in enumerate(zip(x, valid)):
        heads = []
        for m in range(Wq.shape[1]):
            q, k, v = seq @ Wq[:, m] + bq[m], seq @ Wk[:, m] + bk[m], seq @ Wv[:, m] + bv[m]
            s = q @ k.T / np.sqrt(q.shape[-1])
            w = np.where(ok, np.exp(s - s.max(axis=1, keepdims=True)), 0.0)
            heads.append(w / w.sum(axis=1, keepdims=True) @ v)
        out[b] = np.concatenate(heads, axis=1) @ Wo.reshape(-1, x.shape[-1]) + bo
        out[b, ~ok] = 0.0
    return out


@pytest.mark.parametrize("function", [_mha_tensorflow, _mha_loops_zero_padding])
def test_nb13_q7_right_other_ways(function):
    _ok(nb13.q7.evaluate(function))


# --- q8: parameters of the encoder block --------------------------------------------------------
def test_nb13_q8_solution_equals_keras_count_params():
    import keras

    L = keras.layers
    for d, h, k, f in [(32, 4, 8, 64), (16, 2, 5, 40)]:
        inputs = keras.Input(shape=(7, d))
        normed = L.LayerNormalization()(inputs)
        x = inputs + L.MultiHeadAttention(h, k)(normed, normed)
        normed = L.LayerNormalization()(x)
        x = x + L.Dense(d)(L.Dense(f, activation="gelu")(normed))
        count = keras.Model(inputs, x).count_params()
        assert nb13.encoder_block_parameters(d, h, k, f) == count, (d, h, k, f, count)


def _block_variant(part):
    def count(d, h, k, f):
        w = h * k
        parts = {
            "attention": 3 * (d * w + w) + w * d + d,
            "norms": 4 * d,
            "ffn": d * f + f + f * d + d,
        }
        if part == "no norms":
            parts["norms"] = 0
        elif part == "one norm":
            parts["norms"] = 2 * d
        elif part == "no ffn bias":
            parts["ffn"] = 2 * d * f
        elif part == "d for heads":
            parts["attention"] = 4 * (d * d + d)
        elif part == "no W_O":
            parts["attention"] = 3 * (d * w + w)
        return sum(parts.values())

    return count


@pytest.mark.parametrize(
    "function, message",
    [
        (_block_variant("no norms"), "two layer normalisations"),
        (_block_variant("one norm"), "4 x d_model"),
        (_block_variant("no ffn bias"), "feed-forward"),
        (_block_variant("d for heads"), "need not equal d_model"),
        (_block_variant("no W_O"), "output projection"),
        (lambda d, h, k, f: 8544, "should be"),
    ],
)
def test_nb13_q8_wrong(function, message):
    _wrong(nb13.q8.evaluate(function), message)


@pytest.mark.parametrize(
    "function",
    [
        lambda d, h, k, f: float(4 * d * h * k + 3 * h * k + d + 4 * d + 2 * d * f + f + d),
        lambda d, h, k, f: np.int64(nb13.encoder_block_parameters(d, h, k, f)),
    ],
)
def test_nb13_q8_right_other_forms(function):
    _ok(nb13.q8.evaluate(function))
