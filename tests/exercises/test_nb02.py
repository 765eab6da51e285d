"""Notebook 02's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb02
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 02 -------------------------------------------------
def _grad_sum(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()


@pytest.mark.parametrize(
    "function, message",
    [
        (
            lambda X, y, w, b: (2 * X.T @ (y - X @ w - b) / len(y), 2 * np.mean(y - X @ w - b)),
            "wrong sign",
        ),
        (_grad_sum, "mean over examples"),
        (
            lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y)),
            "half the right size",
        ),
        (lambda X, y, w, b: (X @ w, 0.0), "shape of w"),
        (lambda X, y, w, b: X.T @ (X @ w + b - y), "return a pair"),
    ],
)
def test_nb02_q1_wrong(function, message):
    result = nb02.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [(lambda w, g, lr: w + lr * g, "climbs the loss"), (lambda w, g, lr: w - g, "learning rate")],
)
def test_nb02_q2_wrong(function, message):
    result = nb02.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [([-2.5, -5.0], "half the right size"), ([5.0, 10.0], "sign is wrong"), ([-5.0], "2 numbers")],
)
def test_nb02_q3_wrong(answer, message):
    result = nb02.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- a bias in any reasonable form (q1, q6) -----------------------------------------------
def _grad_bias_as(kind):
    def function(X, y, w, b):
        grad_w, grad_b = nb02.mse_gradient(X, y, w, b)
        if kind == "array1":
            return grad_w, np.array([grad_b])
        if kind == "array0":
            return grad_w, np.array(grad_b)
        if kind == "list":
            return list(grad_w), [grad_b]
        import tensorflow as tf

        return tf.constant(grad_w), tf.constant(grad_b)

    return function


def test_nb02_q1_column_gradient_is_accepted():
    def column(X, y, w, b):
        grad_w, grad_b = nb02.mse_gradient(X, y, w, b)
        return grad_w.reshape(-1, 1), grad_b

    result = nb02.q1.evaluate(column)
    assert result.passed, result.message


@pytest.mark.parametrize("kind", ["array1", "array0", "list", "tensor"])
def test_nb02_q1_bias_gradient_in_any_form(kind):
    assert nb02.q1.evaluate(_grad_bias_as(kind)).passed


@pytest.mark.parametrize("answer", [[-5, -10], np.array([-5.0, -10.0]), (-5.0, -10.0)])
def test_nb02_q3_right_answers_written_other_ways(answer):
    assert nb02.q3.evaluate(answer).passed


def test_nb02_q3_tensor():
    import tensorflow as tf

    assert nb02.q3.evaluate(tf.constant([-5.0, -10.0])).passed


# --- q4: predict, then check --------------------------------------------------------------
@pytest.mark.parametrize("answer", [-0.512, "-0.512", np.float32(-0.512), np.array([-0.512])])
def test_nb02_q4_right_answers_written_other_ways(answer):
    assert nb02.q4.evaluate(answer).passed


@pytest.mark.parametrize(
    "answer, message",
    [
        (0.512, "wrong sign"),
        (0.001, "lambda = 2"),
        (0.64, "count the steps"),
        (0.3, "should be"),
        ("soon zero", "should be a number"),
    ],
)
def test_nb02_q4_wrong(answer, message):
    result = nb02.q4.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q5: critical learning rate -----------------------------------------------------------
def _design(X):
    return np.column_stack([X, np.ones(len(X))])


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda X: 2 / np.linalg.eigvalsh(2 * X.T @ X / len(X)).max(), "ignores the bias"),
        (lambda X: 2 * nb02.critical_learning_rate(X), "twice too large"),
        (lambda X: nb02.critical_learning_rate(X) / 2, "half the critical rate"),
        (
            lambda X: 2 / np.linalg.eigvalsh(2 * _design(X).T @ _design(X) / len(X)).min(),
            "largest eigenvalue",
        ),
        (lambda X: 0.1, "critical learning rate"),
    ],
)
def test_nb02_q5_wrong(function, message):
    result = nb02.q5.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _rate_with_tensorflow(X):
    import tensorflow as tf

    A = tf.constant(_design(X))
    return 2 / tf.reduce_max(tf.linalg.eigvalsh(2 * tf.transpose(A) @ A / len(X)))


@pytest.mark.parametrize(
    "function",
    [
        _rate_with_tensorflow,
        lambda X: 1 / np.linalg.eigvalsh(_design(X).T @ _design(X) / len(X)).max(),
        lambda X: np.array([nb02.critical_learning_rate(X)]),
        lambda X: len(X) / np.linalg.svd(_design(X), compute_uv=False).max() ** 2,
    ],
)
def test_nb02_q5_right_answers_written_other_ways(function):
    assert nb02.q5.evaluate(function).passed


# --- q6: a training loop ------------------------------------------------------------------
def _fit_as(kind):
    def function(*args):
        w, b = nb02.fit_linear_regression(*args)
        if kind == "list":
            return list(w), [b]
        if kind == "array0":
            return w, np.array(b)
        if kind == "column":
            return w.reshape(-1, 1), np.array([b])
        import tensorflow as tf

        return tf.constant(w), tf.constant([b])

    return function


@pytest.mark.parametrize("kind", ["list", "array0", "column", "tensor"])
def test_nb02_q6_right_answers_written_other_ways(kind):
    assert nb02.q6.evaluate(_fit_as(kind)).passed


def _no_bias_update(X, y, lr, batch_size, epochs, seed=0):
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            Xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            w = w - lr * 2 * Xb.T @ (Xb @ w - yb) / len(yb)
    return w, 0.0


def _wrong_sign(X, y, lr, batch_size, epochs, seed=0):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            Xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            r = Xb @ w + b - yb
            w, b = w + lr * 2 * Xb.T @ r / len(yb), b + lr * 2 * r.mean()
    return w, b


def _one_step(X, y, lr, batch_size, epochs, seed=0):
    r = -y[:batch_size]
    return -lr * 2 * X[:batch_size].T @ r / batch_size, -lr * 2 * r.mean()


@pytest.mark.parametrize(
    "function, message",
    [
        (_no_bias_update, "bias stayed 0"),
        (_wrong_sign, "sign of the update"),
        (_one_step, "there is no randomness"),
        (lambda *a: np.zeros(3), "return a pair"),
        (lambda *a: (np.zeros(3), 0), "still zero"),
    ],
)
def test_nb02_q6_wrong(function, message):
    with np.errstate(all="ignore"):
        result = nb02.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _loop(scale, shuffle=True, rng_kind="seed", divide_by_n=False):
    """A mini-batch loop with one typical mistake: the gradient times `scale(len(batch))`."""

    def fit(X, y, lr, batch_size, epochs, seed=0):
        rng = np.random.default_rng(seed) if rng_kind == "seed" else np.random.default_rng()
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(epochs):
            order = rng.permutation(len(y)) if shuffle else np.arange(len(y))
            for start in range(0, len(y), batch_size):
                batch = order[start : start + batch_size]
                r = X[batch] @ w + b - y[batch]
                size = len(y) if divide_by_n else len(batch)
                w = w - lr * scale(size) * X[batch].T @ r
                b = b - lr * scale(size) * r.sum()
        return w, b

    return fit


@pytest.mark.parametrize(
    "function, message",
    [
        (_loop(lambda m: 1 / m), "lacks the factor 2"),
        (_loop(lambda m: 2), "sum over the batch, not the mean"),
        (_loop(lambda m: 1), "sum over the batch without the factor 2"),
        (_loop(lambda m: 2 / m, shuffle=False), "same order every epoch"),
        (_loop(lambda m: 2 / m, rng_kind="global"), "same seed gave two different results"),
        (_loop(lambda m: 2 / m, divide_by_n=True), "not by n"),
    ],
)
def test_nb02_q6_gradient_and_shuffle_mistakes(function, message):
    with np.errstate(all="ignore"):
        result = nb02.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _fit_with_shuffle_in_place(X, y, lr, batch_size, epochs, seed=0):
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    index = np.arange(len(y))
    for _ in range(epochs):
        rng.shuffle(index)
        for Xb, yb in zip(
            np.array_split(X[index], range(batch_size, len(y), batch_size)),
            np.array_split(y[index], range(batch_size, len(y), batch_size)),
        ):
            r = Xb @ w + b - yb
            w -= lr * np.mean(2 * r[:, None] * Xb, axis=0)
            b -= lr * np.mean(2 * r)
    return w, b


def test_nb02_q6_right_answer_written_another_way():
    result = nb02.q6.evaluate(_fit_with_shuffle_in_place)
    assert result.passed, result.message


# --- q7: the gradient of the MSE with an L2 penalty -----------------------------------------
def _ridge(penalty_w, penalty_b=lambda lam, b: 0.0, data_scale=lambda n: 2 / n):
    def gradient(X, y, w, b, lam):
        r = X @ w + b - y
        grad_w = data_scale(len(y)) * X.T @ r + penalty_w(lam, w, len(y))
        grad_b = data_scale(len(y)) * r.sum() + penalty_b(lam, b)
        return grad_w, grad_b

    return gradient


@pytest.mark.parametrize(
    "function, message",
    [
        (_ridge(lambda lam, w, n: 0 * w), "plain MSE gradient"),
        (_ridge(lambda lam, w, n: lam * w), "half the right size"),
        (_ridge(lambda lam, w, n: -2 * lam * w), "wrong sign"),
        (_ridge(lambda lam, w, n: 2 * lam * w / n), "divided the penalty by n"),
        (_ridge(lambda lam, w, n: 2 * lam * w, lambda lam, b: 2 * lam * b), "penalises only"),
        (_ridge(lambda lam, w, n: 2 * lam * w, data_scale=lambda n: 1 / n), "MSE part is half"),
        (_ridge(lambda lam, w, n: 2 * lam * w, data_scale=lambda n: 2), "sum over examples"),
        (lambda X, y, w, b, lam: X.T @ (X @ w - y), "return a pair"),
    ],
)
def test_nb02_q7_wrong(function, message):
    result = nb02.q7.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _ridge_with_tape(X, y, w, b, lam):
    import tensorflow as tf

    w_var, b_var = tf.Variable(w), tf.Variable(b, dtype=tf.float64)
    with tf.GradientTape() as tape:
        r = tf.linalg.matvec(tf.constant(X), w_var) + b_var - y
        loss = tf.reduce_mean(r**2) + lam * tf.reduce_sum(w_var**2)
    return tape.gradient(loss, [w_var, b_var])


def _ridge_as_list(X, y, w, b, lam):
    grad_w, grad_b = nb02.ridge_gradient(X, y, w, b, lam)
    return grad_w.tolist(), np.array([grad_b])


@pytest.mark.parametrize("function", [_ridge_as_list])
def test_nb02_q7_right_answers_written_other_ways(function):
    result = nb02.q7.evaluate(function)
    assert result.passed, result.message


def test_nb02_q7_refuses_the_library_shortcut():
    """A right result computed by the library is not the exercise: it asks for NumPy."""
    result = nb02.q7.evaluate(_ridge_with_tape)
    assert not result.passed
    assert "`GradientTape`" in result.message and "by hand is the lesson" in result.message
