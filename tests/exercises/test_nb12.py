"""Notebook 12's exercise checkers against typical wrong answers and other right answers."""

import numpy as np
import pytest

from course_utils.exercises import nb12
from course_utils.exercises.core import CORRECT, INCORRECT


def _ok(result):
    assert result.status == CORRECT, result.message


def _wrong(result, message):
    assert result.status == INCORRECT and message in result.message, result.message


# --- q1: transposed convolution by hand ---------------------------------------------------------
def _short_output(x, kernel, stride):  # the (n - 1) * s + k size
    n_h, n_w = x.shape
    k_h, k_w = kernel.shape
    out = np.zeros(((n_h - 1) * stride + k_h, (n_w - 1) * stride + k_w))
    for i in range(n_h):
        for j in range(n_w):
            out[i * stride : i * stride + k_h, j * stride : j * stride + k_w] += x[i, j] * kernel
    return out


def _flipped(x, kernel, stride):
    return nb12.conv_transpose_2d(x, kernel[::-1, ::-1], stride)


def _tensorflow_version(x, kernel, stride):
    import tensorflow as tf

    layer_out = tf.nn.conv2d_transpose(
        tf.constant(x[None, :, :, None], tf.float64),
        tf.constant(kernel[:, :, None, None], tf.float64),
        output_shape=[
            1,
            x.shape[0] * stride + max(kernel.shape[0] - stride, 0),
            x.shape[1] * stride + max(kernel.shape[1] - stride, 0),
            1,
        ],
        strides=stride,
        padding="VALID",
    )
    return layer_out[0, :, :, 0]  # a TensorFlow tensor


@pytest.mark.parametrize(
    "function, message",
    [
        (_short_output, "kernel is smaller than the"),
        (_flipped, "flipped the kernel"),
        (lambda x, k, s: np.zeros((2, 2)), "should have shape"),
    ],
)
def test_nb12_q1_wrong(function, message):
    _wrong(nb12.q1.evaluate(function), message)


def test_nb12_q1_right_in_tensorflow():
    _ok(nb12.q1.evaluate(_tensorflow_version))


# --- q2: output size ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n, k, s, p: n * s if p == "same" else (n - k) // s + 1, "ordinary convolution"),
        (lambda n, k, s, p: n * s if p == "same" else (n - 1) * s + k, "kernel is at least"),
        (lambda n, k, s, p: n * s, "should be"),
        (lambda n, k, s, p: "many", "whole number"),
    ],
)
def test_nb12_q2_wrong(function, message):
    _wrong(nb12.q2.evaluate(function), message)


@pytest.mark.parametrize(
    "function",
    [
        lambda n, k, s, p: float(n * s + max(k - s, 0)) if p == "valid" else float(n * s),
        lambda n, k, s, p: max((n - 1) * s + k, n * s) if p == "valid" else n * s,
        lambda n, k, s, p: str(n * s + max(k - s, 0)) if p == "valid" else str(n * s),
    ],
)
def test_nb12_q2_right(function):
    _ok(nb12.q2.evaluate(function))


# --- q3: predict, then check --------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        ([1, -1, 0, 2, -2, 0, 3, -3], "9 positions"),
        ([-1, 1, 0, -2, 2, 0, -3, 3, 0], "not flipped"),
        ([1, 1, 1, -3], "do not overlap"),
        ([1, -1, 0, 2, -2, 0, 3, -3, 1], "off at index"),
    ],
)
def test_nb12_q3_wrong(answer, message):
    _wrong(nb12.q3.evaluate(answer), message)


@pytest.mark.parametrize(
    "answer",
    [
        np.array([1, -1, 0, 2, -2, 0, 3, -3, 0]),
        [[1.0], [-1.0], [0.0], [2.0], [-2.0], [0.0], [3.0], [-3.0], [0.0]],
        (1, -1, 0, 2, -2, 0, 3, -3, 0),
    ],
)
def test_nb12_q3_right(answer):
    _ok(nb12.q3.evaluate(answer))


# --- q4: autoencoder design ---------------------------------------------------------------------
def _spatial_bottleneck(code_size):
    import keras

    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),  # 7x7x32
            layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid"),
        ]
    )


def _linear_output(code_size):
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(code_size),
            keras.layers.Dense(784),
        ]
    )


def _functional_conv(code_size):
    import keras

    layers = keras.layers
    inputs = keras.Input(shape=(28, 28, 1))
    h = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(inputs)
    h = layers.Flatten()(h)
    code = layers.Dense(code_size)(h)
    h = layers.Dense(14 * 14 * 8, activation="relu")(code)
    h = layers.Reshape((14, 14, 8))(h)
    outputs = layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(h)
    return keras.Model(inputs, outputs)


def _flat_input(code_size):
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(code_size),
            keras.layers.Dense(784, activation="sigmoid"),
        ]
    )


def _concatenated_bypass(code_size):  # the code is narrow, but the raw image skips it
    import keras

    inputs = keras.Input(shape=(784,))
    code = keras.layers.Dense(code_size)(keras.layers.Dense(64, activation="relu")(inputs))
    joined = keras.layers.Concatenate()([code, inputs])
    return keras.Model(inputs, keras.layers.Dense(784, activation="sigmoid")(joined))


def _residual_bypass(code_size):  # a skip connection adds the image back after the code
    import keras

    layers = keras.layers
    inputs = keras.Input(shape=(28, 28))
    flat = layers.Flatten()(inputs)
    decoded = layers.Dense(784)(layers.Dense(code_size)(flat))
    outputs = layers.Activation("sigmoid")(layers.Add()([decoded, flat]))
    return keras.Model(inputs, layers.Reshape((28, 28))(outputs))


@pytest.mark.parametrize(
    "function, message",
    [
        (_spatial_bottleneck, "still holds"),
        (_linear_output, "sigmoid"),
        (lambda code_size: 3, "return a Keras model"),
        (_concatenated_bypass, "bypasses the bottleneck"),
        (_residual_bypass, "bypasses the bottleneck"),
    ],
)
def test_nb12_q4_wrong(function, message):
    _wrong(nb12.q4.evaluate(function), message)


@pytest.mark.parametrize("function", [_functional_conv, _flat_input])
def test_nb12_q4_right(function):
    _ok(nb12.q4.evaluate(function))


# --- q5: PCA reconstruction ---------------------------------------------------------------------
def _uncentred(x_train, x, k):
    _, _, vt = np.linalg.svd(x_train, full_matrices=False)
    return (x @ vt[:k].T) @ vt[:k]


def _leaky(x_train, x, k):
    _, _, vt = np.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
    return ((x - x.mean(0)) @ vt[:k].T) @ vt[:k] + x.mean(0)


def _sklearn_version(x_train, x, k):
    from sklearn.decomposition import PCA

    pca = PCA(n_components=k).fit(x_train)
    return pca.inverse_transform(pca.transform(x))


def _eigh_version(x_train, x, k):
    mean = x_train.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov((x_train - mean).T))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    return (x - mean) @ top @ top.T + mean


def _eigh_smallest(x_train, x, k):  # eigh's first columns: the least variance
    mean = x_train.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov((x_train - mean).T))
    return (x - mean) @ vectors[:, :k] @ vectors[:, :k].T + mean


def _svd_of_uncentred(x_train, x, k):
    mean = x_train.mean(axis=0)
    _, _, vt = np.linalg.svd(x_train, full_matrices=False)
    return ((x - mean) @ vt[:k].T) @ vt[:k] + mean


@pytest.mark.parametrize(
    "function, message",
    [
        (_uncentred, "subtract the training mean"),
        (_leaky, "use the training mean"),
        (_eigh_smallest, "ascending order"),
        (_svd_of_uncentred, "uncentred training"),
    ],
)
def test_nb12_q5_wrong(function, message):
    _wrong(nb12.q5.evaluate(function), message)


@pytest.mark.parametrize("function", [_sklearn_version, _eigh_version])
def test_nb12_q5_right(function):
    _ok(nb12.q5.evaluate(function))


# --- q6: GAN losses -----------------------------------------------------------------------------
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _saturating(real, fake):
    d = -np.mean(np.log(_sigmoid(real))) - np.mean(np.log(1 - _sigmoid(fake)))
    return d, np.mean(np.log(1 - _sigmoid(fake)))


def _swapped(real, fake):
    d = -np.mean(np.log(1 - _sigmoid(real))) - np.mean(np.log(_sigmoid(fake)))
    return d, -np.mean(np.log(_sigmoid(fake)))


def _keras_version(real, fake):
    import keras

    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    d = bce(np.ones_like(real), real) + bce(np.zeros_like(fake), fake)
    return d, bce(np.ones_like(fake), fake)  # tensors


@pytest.mark.parametrize(
    "function, message",
    [
        (_saturating, "non-saturating"),
        (_swapped, "labels are swapped"),
        (lambda r, f: 1.0, "return two numbers"),
        (lambda r, f: (nb12.gan_losses(r, f)[0] / 2, nb12.gan_losses(r, f)[1]), "half the sum"),
        (
            lambda r, f: (nb12.gan_losses(r, f)[0], -np.mean(np.log(1 - _sigmoid(f)))),
            "label 0 on the fakes",
        ),
    ],
)
def test_nb12_q6_wrong(function, message):
    _wrong(nb12.q6.evaluate(function), message)


@pytest.mark.parametrize(
    "function",
    [
        _keras_version,
        lambda r, f: [
            -np.mean(np.log(_sigmoid(r))) - np.mean(np.log(1 - _sigmoid(f))),
            -np.mean(np.log(_sigmoid(f))),
        ],
    ],
)
def test_nb12_q6_right(function):
    _ok(nb12.q6.evaluate(function))


# --- issue 11: right answers written other ways; arrays never in a truth context ------------
def _tensor(value):
    import tensorflow as tf

    return tf.constant(value)


@pytest.mark.parametrize(
    "function",
    [
        lambda n, k, s, p: float(nb12.transposed_conv_output_size(n, k, s, p)),
        lambda n, k, s, p: np.array([nb12.transposed_conv_output_size(n, k, s, p)]),
        lambda n, k, s, p: _tensor(nb12.transposed_conv_output_size(n, k, s, p)),
    ],
)
def test_nb12_q2_other_right_forms(function):
    _ok(nb12.q2.evaluate(function))


def test_nb12_q2_array_answer_gets_a_clear_message():
    result = nb12.q2.evaluate(lambda n, k, s, p: np.array([n, s]))
    assert result.status == INCORRECT and "one number" in result.message, result.message


@pytest.mark.parametrize(
    "function",
    [
        lambda r, f: np.array(nb12.gan_losses(r, f)),
        lambda r, f: tuple(_tensor(v) for v in nb12.gan_losses(r, f)),
        lambda r, f: _tensor(nb12.gan_losses(r, f)),
    ],
)
def test_nb12_q6_other_right_forms(function):
    _ok(nb12.q6.evaluate(function))


def test_nb12_q4_functional_and_input_less_models():
    import keras

    def functional(code_size):
        inputs = keras.Input(shape=(28, 28))
        x = keras.layers.Flatten()(inputs)
        code = keras.layers.Dense(code_size)(keras.layers.Dense(64, activation="relu")(x))
        x = keras.layers.Dense(784, activation="sigmoid")(code)
        return keras.Model(inputs, keras.layers.Reshape((28, 28))(x))

    _ok(nb12.q4.evaluate(functional))
    result = nb12.q4.evaluate(lambda c: keras.Sequential(nb12.build_autoencoder(c).layers))
    assert "could not be checked" not in result.message, result.message


# --- q7: a VAE's reparameterised sample and KL term ---------------------------------------------
def _vae_variant(z_of, kl_of):
    def answer(mu, log_var, eps):
        return z_of(mu, log_var, eps), kl_of(mu, log_var)

    return answer


def _right_z(mu, log_var, eps):
    return mu + np.exp(0.5 * log_var) * eps


def _right_kl_terms(mu, log_var):
    return 0.5 * (mu**2 + np.exp(log_var) - 1 - log_var)


@pytest.mark.parametrize(
    "function, message",
    [
        (
            _vae_variant(
                lambda m, lv, e: m + np.exp(lv) * e, lambda m, lv: _right_kl_terms(m, lv).sum(1)
            ),
            "standard deviation",
        ),
        (_vae_variant(_right_z, lambda m, lv: 2 * _right_kl_terms(m, lv).sum(1)), "factor 1/2"),
        (_vae_variant(_right_z, lambda m, lv: -_right_kl_terms(m, lv).sum(1)), "never negative"),
        (_vae_variant(_right_z, lambda m, lv: _right_kl_terms(m, lv).mean(1)), "averaged"),
        (
            _vae_variant(_right_z, lambda m, lv: _right_kl_terms(m, lv).sum()),
            "one KL value per row",
        ),
        (_vae_variant(_right_z, _right_kl_terms), "sum the KL"),
        (
            _vae_variant(_right_z, lambda m, lv: (_right_kl_terms(m, lv) + 0.5).sum(1)),
            "dropped the -1",
        ),
        (lambda m, lv, e: _right_z(m, lv, e), "return a pair"),
    ],
)
def test_nb12_q7_wrong(function, message):
    _wrong(nb12.q7.evaluate(function), message)


def _vae_in_tensorflow(mu, log_var, eps):
    import tensorflow as tf

    mu, log_var, eps = (tf.constant(a, tf.float64) for a in (mu, log_var, eps))
    z = mu + tf.exp(log_var / 2) * eps
    kl = -0.5 * tf.reduce_sum(1 + log_var - tf.square(mu) - tf.exp(log_var), axis=-1, keepdims=True)
    return [z, kl]  # a list, and kl as a (batch, 1) column


def _vae_with_sqrt_and_log_sigma(mu, log_var, eps):
    sigma = np.sqrt(np.exp(log_var))
    kl = np.sum(np.log(1 / sigma) + (sigma**2 + mu**2) / 2 - 0.5, axis=1)
    return mu + sigma * eps, kl


@pytest.mark.parametrize(
    "function", [nb12.vae_sample_and_kl, _vae_in_tensorflow, _vae_with_sqrt_and_log_sigma]
)
def test_nb12_q7_right(function):
    _ok(nb12.q7.evaluate(function))


def test_nb12_q7_closed_form_matches_monte_carlo():
    rng = np.random.default_rng(0)
    mu, log_var = np.array([[0.7, -1.2]]), np.array([[0.4, -0.9]])
    eps = rng.normal(size=(200_000, 2))
    z, kl = nb12.vae_sample_and_kl(np.repeat(mu, len(eps), 0), np.repeat(log_var, len(eps), 0), eps)
    var = np.exp(log_var)
    log_q = -0.5 * ((z - mu) ** 2 / var + log_var)  # the log(2 pi) terms cancel
    log_p = -0.5 * z**2
    assert np.isclose(np.mean(np.sum(log_q - log_p, axis=1)), kl[0], rtol=0.02)
