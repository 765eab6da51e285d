"""Notebook 03's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb03
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 03 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: np.max(x, 0), "np.maximum"),
        (np.abs, "|x|"),
        (lambda x: np.maximum(x, 1), "off at index"),
    ],
)
def test_nb03_q1_wrong(function, message):
    result = nb03.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize(
    "function, message",
    [
        (_sigmoid, "sigmoid itself"),
        (lambda x: x * (1 - x), "not x itself"),
        (lambda x: _sigmoid(x) * (1 + _sigmoid(x)), "check the sign"),
    ],
)
def test_nb03_q2_wrong(function, message):
    result = nb03.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "exp(1000) overflows"),
        (
            lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True),
            "own maximum",
        ),
        (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "each row"),
    ],
)
def test_nb03_q3_wrong(function, message):
    result = nb03.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q4: derivative of the tanh approximation of GELU ----------------------------------------
_C = np.sqrt(2 / np.pi)


def _t(x):
    return np.tanh(_C * (x + 0.044715 * x**3))


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: 0.5 * x * (1 + _t(x)), "g(x) itself"),
        (lambda x: 0.5 * (1 + _t(x)) + 0.5 * x * (1 - _t(x) ** 2), "chain rule inside the tanh"),
        (
            lambda x: 0.5 * x * (1 - _t(x) ** 2) * _C * (1 + 3 * 0.044715 * x**2),
            "product rule",
        ),
        (
            lambda x: (
                0.5 * (1 + np.vectorize(__import__("math").erf)(x / np.sqrt(2)))
                + x * np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
            ),
            "exact GELU",
        ),
        (lambda x: np.ones(3), "elementwise"),
    ],
)
def test_nb03_q4_wrong(function, message):
    result = nb03.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _gelu_derivative_with_tape(x):
    import keras
    import tensorflow as tf

    t = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = keras.activations.gelu(t, approximate=True)
    return tape.gradient(y, t)


@pytest.mark.parametrize(
    "function",
    [_gelu_derivative_with_tape, lambda x: list(nb03.gelu_tanh_derivative(x))],
)
def test_nb03_q4_right_answers_written_other_ways(function):
    result = nb03.q4.evaluate(function)
    assert result.passed, result.message


# --- q5: log-softmax --------------------------------------------------------------------
def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda z: np.log(_softmax(z)), "log(0) = -inf"),
        (lambda z: z - np.log(np.exp(z).sum(axis=-1, keepdims=True)), "overflows"),
        (_softmax, "softmax itself"),
        (lambda z: z - np.log(np.exp(z).sum()), "each row"),
        (lambda z: z - z.max(axis=-1, keepdims=True), "off at index"),
    ],
)
def test_nb03_q5_wrong(function, message):
    result = nb03.q5.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _log_softmax_with_tensorflow(z):
    import tensorflow as tf

    return tf.nn.log_softmax(tf.constant(z, dtype=tf.float64), axis=-1)


def _log_softmax_scipy(z):
    from scipy.special import logsumexp

    return z - logsumexp(z, axis=-1, keepdims=True)


@pytest.mark.parametrize("function", [_log_softmax_with_tensorflow, _log_softmax_scipy])
def test_nb03_q5_right_answers_written_other_ways(function):
    result = nb03.q5.evaluate(function)
    assert result.passed, result.message


# --- q6: predict, then check ------------------------------------------------------------
@pytest.mark.parametrize("answer", [0.25**10, "9.54e-7", 9.5e-7, np.float32(0.25**10), [0.25**10]])
def test_nb03_q6_right_answers_written_other_ways(answer):
    assert nb03.q6.evaluate(answer).passed


@pytest.mark.parametrize(
    "answer, message",
    [
        (2.5, "multiply"),
        (0.5**10, "sigma(0)"),
        (0.25, "one factor"),
        (1, "ReLU's slope"),
        (1e-3, "should be"),
        ("tiny", "give a number"),
    ],
)
def test_nb03_q6_wrong(answer, message):
    result = nb03.q6.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q7: the backward pass of a deep stack, by hand -------------------------------------
def _sig(a):
    return 1 / (1 + np.exp(-a))


def _deltas(x, weights, biases, activation, grad_output, *, mistake=None):
    f = _sig if activation == "sigmoid" else (lambda a: np.maximum(a, 0))
    if activation == "sigmoid":
        f_prime = lambda a: _sig(a) * (1 - _sig(a))  # noqa: E731
    else:
        f_prime = lambda a: (a > 0) * 1.0  # noqa: E731
    pre, h = [], np.asarray(x)
    for W, b in zip(weights, biases):
        pre.append(h @ W + b)
        h = f(pre[-1])
    deltas, grad_h = [], grad_output
    for W, a in zip(weights[::-1], pre[::-1]):
        if mistake == "no f'":
            delta = grad_h
        elif mistake == "sigma of h" and activation == "sigmoid":
            delta = grad_h * _sig(f(a)) * (1 - _sig(f(a)))
        else:
            delta = grad_h * f_prime(a)
        deltas.append(delta)
        grad_h = delta @ (W if mistake == "no transpose" else W.T)
    return deltas if mistake == "reversed" else deltas[::-1]


@pytest.mark.parametrize(
    "mistake, message",
    [
        ("no f'", "factor f'(a_l)"),
        ("no transpose", "W_l transposed"),
        ("sigma of h", "instead of at a_l"),
        ("reversed", "backward order"),
    ],
)
def test_nb03_q7_wrong(mistake, message):
    result = nb03.q7.evaluate(lambda *args: _deltas(*args, mistake=mistake))
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb03_q7_other_wrong_answers():
    only_sigmoid = nb03.q7.evaluate(lambda x, w, b, act, g: _deltas(x, w, b, "sigmoid", g))
    assert only_sigmoid.status == INCORRECT and "other activation's stack" in only_sigmoid.message
    last_only = nb03.q7.evaluate(lambda *args: _deltas(*args)[-1:])
    assert last_only.status == INCORRECT and "return 3 arrays" in last_only.message
    nothing = nb03.q7.evaluate(lambda *args: None)
    assert nothing.status == INCORRECT and "return" in nothing.message


def _deltas_with_tape(x, weights, biases, activation, grad_output):
    import tensorflow as tf

    f = tf.sigmoid if activation == "sigmoid" else tf.nn.relu
    h, pre = tf.constant(x), []
    with tf.GradientTape() as tape:
        for W, b in zip(weights, biases):
            pre.append(h @ tf.constant(W) + b)
            tape.watch(pre[-1])  # constants are not recorded unless watched
            h = f(pre[-1])
        loss = tf.reduce_sum(h * grad_output)  # so that dL/dh_L = grad_output
    return tape.gradient(loss, pre)


@pytest.mark.parametrize(
    "function",
    [lambda *args: tuple(_deltas(*args)), nb03.backward_deltas],
)
def test_nb03_q7_right_answers_written_other_ways(function):
    result = nb03.q7.evaluate(function)
    assert result.passed, result.message
    assert "with sigmoid" in result.message


def test_nb03_q1_rejects_a_capped_relu():
    result = nb03.q1.evaluate(lambda x: np.clip(x, 0, 6))
    assert result.status == INCORRECT and "off at index" in result.message


@pytest.mark.parametrize("answer", [1e-6, 9e-7, "1e-6"])
def test_nb03_q6_accepts_a_rounded_prediction(answer):
    assert nb03.q6.evaluate(answer).passed


def test_nb03_q7_refuses_the_library_shortcut():
    """A right result computed by the library is not the exercise: it asks for NumPy."""
    result = nb03.q7.evaluate(_deltas_with_tape)
    assert not result.passed
    assert "`GradientTape`" in result.message and "by hand is the lesson" in result.message
