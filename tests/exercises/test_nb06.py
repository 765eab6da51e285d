"""Notebook 06's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb06
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 06 -------------------------------------------------
def _ce_naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.log(p[np.arange(len(labels)), labels]).mean())


def _ce_sum(logits, labels):
    return nb06.softmax_cross_entropy(logits, labels) * len(labels)


@pytest.mark.parametrize(
    "function, message",
    [
        (_ce_naive, "subtract each row's max"),
        (_ce_sum, "summed over the batch"),
        (lambda z, y: np.zeros(len(y)), "one number"),
    ],
)
def test_nb06_q1_wrong(function, message):
    result = nb06.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z, y: nb06.cross_entropy_gradient(z, y) * len(y), "divide by n"),
        (lambda z, y: -nb06.cross_entropy_gradient(z, y), "sign is flipped"),
        (lambda z, y: nb06.cross_entropy_gradient(z, y).sum(axis=0), "one entry per logit"),
    ],
)
def test_nb06_q2_wrong(function, message):
    result = nb06.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda n: np.sqrt(1 / n), "LeCun"),
        (lambda n: 2 / n, "square root"),
        (lambda n: np.sqrt(2 / (n + 10)), "should be"),
    ],
)
def test_nb06_q3_wrong(function, message):
    result = nb06.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q1 and q3: an array where one number is expected is a message, not a crash ----------
def test_nb06_q1_array_for_large_logits():
    def loss(logits, labels):
        if np.abs(logits).max() > 100:
            return np.zeros(len(labels))
        return nb06.softmax_cross_entropy(logits, labels)

    result = nb06.q1.evaluate(loss)
    assert result.status == INCORRECT and "one number" in result.message, result.message


@pytest.mark.parametrize(
    "function",
    [lambda n: np.full(3, np.sqrt(2 / n)), lambda n: [np.sqrt(2 / n), np.sqrt(2 / n)]],
)
def test_nb06_q3_array_is_a_message(function):
    result = nb06.q3.evaluate(function)
    assert result.status == INCORRECT and "return one number" in result.message, result.message


@pytest.mark.parametrize(
    "function",
    [
        lambda n: (2 / n) ** 0.5,
        lambda n: np.float32(np.sqrt(2 / n)),
        lambda n: np.array([np.sqrt(2 / n)])[0],
        lambda n: __import__("tensorflow").sqrt(2.0 / n),
        lambda n: np.sqrt(2 / n).reshape(()),
    ],
)
def test_nb06_q3_right_answers_written_other_ways(function):
    assert nb06.q3.evaluate(function).passed


# --- q4: the backward pass of a tanh layer ---------------------------------------------------
def _q4(transform):
    def function(X, W, b, dY):
        return transform(X, W, b, dY, *nb06.dense_tanh_backward(X, W, b, dY))

    return function


def _no_tanh(X, W, b, dY):
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)


def _wrong_derivative(X, W, b, dY):
    A = X @ W + b
    dA = dY * (1 - A**2)
    return dA @ W.T, X.T @ dA, dA.sum(axis=0)


@pytest.mark.parametrize(
    "function, message",
    [
        (_q4(lambda X, W, b, dY, dX, dW, db: (dX, dW.T, db)), "X.T @ dA, not dA.T @ X"),
        (_q4(lambda X, W, b, dY, dX, dW, db: (dW, dX, db)), "order (dX, dW, db)"),
        (_q4(lambda X, W, b, dY, dX, dW, db: (dX, dW, db * 0 + (dY * 0 + 1))), "one row per"),
        (_q4(lambda X, W, b, dY, dX, dW, db: (dX, dW, db / len(X))), "not a mean"),
        (_q4(lambda X, W, b, dY, dX, dW, db: (dX, dW)), "three arrays"),
        (_q4(lambda X, W, b, dY, dX, dW, db: (dX * 1.1, dW, db)), "gradient check fails for dX"),
        (_no_tanh, "skipped the tanh"),
        (_wrong_derivative, "not 1 - A**2"),
    ],
)
def test_nb06_q4_wrong(function, message):
    result = nb06.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _q4_tensorflow(X, W, b, dY):
    import tensorflow as tf

    X, W, b = (tf.Variable(v) for v in (X, W, b))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(dY * tf.tanh(X @ W + b))
    return tape.gradient(loss, [X, W, b])


@pytest.mark.parametrize(
    "function",
    [
        _q4_tensorflow,
        _q4(lambda X, W, b, dY, dX, dW, db: [dX.tolist(), dW.tolist(), db.tolist()]),
        _q4(lambda X, W, b, dY, dX, dW, db: {"dX": dX, "dW": dW, "db": db}),
    ],
)
def test_nb06_q4_right_answers_written_other_ways(function):
    result = nb06.q4.evaluate(function)
    assert result.passed and "gradient check" in result.message, result.message


# --- q5: squared error on softmax outputs --------------------------------------------------------
def _p(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _q5_unstable(z, y):
    p = np.exp(z) / np.exp(z).sum()
    return (np.diag(p) - np.outer(p, p)) @ (p - y)


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z, y: _p(z) - y, "gradient of cross-entropy"),
        (lambda z, y: _p(z) * (1 - _p(z)) * (_p(z) - y), "only the diagonal"),
        (lambda z, y: -nb06.softmax_mse_gradient(z, y), "sign is flipped"),
        (lambda z, y: nb06.softmax_mse_gradient(z, y)[:-1], "entries"),
        (_q5_unstable, "NaN or inf"),
    ],
)
def test_nb06_q5_wrong(function, message):
    result = nb06.q5.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _q5_no_jacobian(z, y):
    p = _p(z)
    g = p - y
    return p * g - p * (p @ g)


def _q5_tensorflow(z, y):
    import tensorflow as tf

    z = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(z)
        loss = 0.5 * tf.reduce_sum((tf.nn.softmax(z) - y) ** 2)
    return tape.gradient(loss, z)


@pytest.mark.parametrize(
    "function",
    [_q5_no_jacobian, _q5_tensorflow, lambda z, y: list(nb06.softmax_mse_gradient(z, y))],
)
def test_nb06_q5_right_answers_written_other_ways(function):
    assert nb06.q5.evaluate(function).passed


# --- q6: predict, then check --------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (0.5**10, "mean square (second moment)"),
        (0.5**4.5, "nine halvings"),
        (1.0, "keeps the scale of a linear"),
        (0.5, "one ReLU"),
        (0.2, "should be"),
        ("a lot", "should be a number"),
        (np.array([0.03, 0.03]), "one number"),
    ],
)
def test_nb06_q6_wrong(answer, message):
    result = nb06.q6.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer", [1 / 32, 0.03125, 0.031, "0.03125", np.float32(2**-5), 2**-5, np.array([0.0313])]
)
def test_nb06_q6_right_answers_written_other_ways(answer):
    assert nb06.q6.evaluate(answer).passed


def test_nb06_q6_matches_a_measurement():
    """The predicted RMS is what ten ReLU layers with Var(w) = 1/n actually give."""
    rng = np.random.default_rng(3)
    h = rng.normal(size=(2000, 256))
    for _ in range(10):
        h = np.maximum(h @ (rng.normal(size=(256, 256)) / np.sqrt(256)), 0)
    measured = float(np.sqrt(np.mean(h**2)))
    assert abs(measured / nb06.relu_rms_after_ten_layers() - 1) < 0.2, measured


def test_nb06_q4_accepts_a_float32_answer():
    def float32_backward(*args):
        return tuple(np.asarray(g, dtype=np.float32) for g in nb06.dense_tanh_backward(*args))

    assert nb06.q4.evaluate(float32_backward).passed


# --- q1 and q3: one number written as a one-element array, list or tensor is right -----------
@pytest.mark.parametrize(
    "wrap",
    [
        lambda x: np.array([x]),
        lambda x: [x],
        lambda x: np.array([[x]], dtype=np.float32),
        lambda x: __import__("tensorflow").constant([x]),
    ],
)
def test_nb06_q1_q3_accept_one_element_arrays(wrap):
    assert nb06.q1.evaluate(lambda z, y: wrap(nb06.softmax_cross_entropy(z, y))).passed
    assert nb06.q3.evaluate(lambda n: wrap(nb06.he_normal_std(n))).passed


def test_nb06_q1_one_element_sum_is_still_named():
    result = nb06.q1.evaluate(lambda z, y: [nb06.softmax_cross_entropy(z, y) * len(y)])
    assert result.status == INCORRECT and "summed over the batch" in result.message


@pytest.mark.parametrize("answer", ["1/32", "2**-5", " 1 / 32 "])
def test_nb06_q6_accepts_a_fraction_or_power(answer):
    assert nb06.q6.evaluate(answer).passed


def test_nb06_q6_text_that_is_not_a_number_asks_for_a_decimal():
    result = nb06.q6.evaluate("__import__('os')")
    assert result.status == INCORRECT and "a decimal" in result.message, result.message
