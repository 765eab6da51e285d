"""Exercises for notebook 02 · Linear models, gradient descent and autodiff.

Example:
    >>> from course_utils.exercises import nb02 as ex
    >>> ex.q3.evaluate([-5.0, -10.0]).passed
    True
    >>> ex.q4.evaluate(-0.512).passed
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
    refuse_shortcut,
    variant_rng,
)


def _as_scalar(value: Any, what: str) -> float:
    """One number from a scalar, a 0-d or 1-element array, a list or a tensor."""
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise Mistake(f"{what} should be a number, not {value!r}.") from None
    array = as_array(value, what)
    if array.size != 1:
        raise Mistake(
            f"{what} should be one number (the bias is a single parameter), but it has "
            f"shape {array.shape}."
        )
    return float(array.reshape(()))


# q1 -- the gradient of the mean squared error -----------------------------------------------
def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    residual = X @ w + b - y  # prediction minus target, one per example
    grad_w = 2 * X.T @ residual / len(y)  # d/dw of mean(residual**2)
    grad_b = 2 * residual.mean()  # d/db of mean(residual**2)
    return grad_w, grad_b


def _gradient_case():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(8, 3))
    y = rng.normal(size=8)
    w = rng.normal(size=3)
    return X, y, w, 0.7


def _check_q1(learner: Any, reference: Any) -> None:
    X, y, w, b = _gradient_case()
    result = call_learner(learner, X.copy(), y.copy(), w.copy(), b)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake("return a pair: (gradient with respect to w, gradient with respect to b).")
    grad_w = as_array(result[0], "your gradient for w")
    grad_b = _as_scalar(result[1], "your gradient for b")
    want_w, want_b = reference(X, y, w, b)
    if grad_w.shape in ((3, 1), (1, 3)):  # a column or row vector holds the same numbers
        grad_w = grad_w.reshape(-1)
    if grad_w.shape != want_w.shape:
        raise Mistake(
            f"the gradient for w must have the shape of w, {want_w.shape}; yours is "
            f"{grad_w.shape}. Multiply by X.T (features x examples), not X."
        )
    if np.allclose(grad_w, -want_w) and np.isclose(grad_b, -want_b):
        raise Mistake(
            "your gradient has the wrong sign: use prediction - target, not target - prediction."
        )
    if np.allclose(grad_w, want_w * len(y)):
        raise Mistake(
            "your gradient is len(y) times too large: use the mean over examples, not the sum."
        )
    if np.allclose(grad_w, want_w / 2):
        raise Mistake("your gradient is half the right size: the derivative of r**2 is 2r.")
    expect_close(grad_w, want_w, "your gradient for w")
    expect_close(grad_b, want_b, "your gradient for b")


q1 = Exercise(
    "Gradient of the mean squared error",
    _check_q1,
    hint="With r = X @ w + b - y, the loss is mean(r**2); its gradient is 2 X^T r / n for w, 2 mean(r) for b.",
    solution=mse_gradient,
    answer_is_function=True,
)


# q2 -- one gradient-descent step --------------------------------------------------------------
def gd_step(w: np.ndarray, grad_w: np.ndarray, learning_rate: float) -> np.ndarray:
    return w - learning_rate * grad_w  # move against the gradient


def _check_q2(learner: Any, reference: Any) -> None:
    w = np.array([1.0, -2.0, 0.5])
    grad = np.array([0.4, -1.0, 2.0])
    got = as_array(call_learner(learner, w.copy(), grad.copy(), 0.1), "your new weights")
    want = reference(w, grad, 0.1)
    if np.allclose(got, w + 0.1 * grad):
        raise Mistake("you moved along the gradient, which climbs the loss. Subtract it.")
    if np.allclose(got, w - grad):
        raise Mistake("you forgot to multiply the gradient by the learning rate.")
    expect_close(got, want, "your new weights", inputs=w)


q2 = Exercise(
    "One gradient-descent step",
    _check_q2,
    hint="theta <- theta - learning_rate * gradient.",
    solution=gd_step,
    answer_is_function=True,
)


# q3 -- a gradient by hand -------------------------------------------------------------------
def gradient_by_hand() -> list[float]:
    x = np.array([1.0, 2.0])
    w = np.array([0.5, -1.0])
    y = 1.0
    residual = w @ x - y  # 0.5 - 2 - 1 = -2.5
    return (2 * residual * x).tolist()  # chain rule: d(r**2)/dr * dr/dw = 2 r x


def _check_q3(answer: Any, expected: list[float]) -> None:
    got = as_array(answer, "your gradient")
    if got.shape != (2,):
        raise Mistake(
            f"the gradient has one entry per weight, so 2 numbers; you gave shape {got.shape}."
        )
    want = np.array(expected)
    if np.allclose(got, want / 2):
        raise Mistake("half the right size: the derivative of r**2 is 2r, not r.")
    if np.allclose(got, -want):
        raise Mistake("the sign is wrong: r = w . x - y = -2.5 is negative here.")
    expect_close(got, want, "your gradient")


q3 = Exercise(
    "Gradient of (w . x - y)**2 by hand",
    _check_q3,
    hint="First r = w . x - y = 0.5*1 + (-1)*2 - 1. Then dL/dw = 2 r x.",
    solution=gradient_by_hand,
)


# q4 -- predict, then check: three steps on J = 2 theta**2 ------------------------------------------
def theta_after_three_steps() -> float:
    lam = 4.0  # J = 2 theta**2 has J'' = 4, the "lambda" of section 5
    factor = 1 - 0.45 * lam  # each step multiplies theta by 1 - alpha * lambda = -0.8
    return 1.0 * factor**3  # three steps from theta = 1


def _check_q4(answer: Any, expected: float) -> str:
    got = _as_scalar(answer, "your prediction")
    if np.isclose(got, 0.1**3) or np.isclose(got, 0.1):
        raise Mistake(
            "you used lambda = 2 (the curvature of theta**2). For J = 2 theta**2 the gradient "
            "is 4 theta, so lambda = 4 and the factor is 1 - 0.45 * 4."
        )
    if np.isclose(got, abs(expected)):
        raise Mistake(
            "right size, wrong sign: the factor 1 - 0.45 * 4 is negative, so theta flips sign "
            "every step and an odd number of flips leaves it negative."
        )
    if np.isclose(got, (1 - 0.45 * 4) ** 2) or np.isclose(got, (1 - 0.45 * 4) ** 4):
        raise Mistake(
            "count the steps again: three steps multiply theta by the factor three times."
        )
    expect_close(got, expected, "theta after three steps", rtol=1e-3, atol=1e-4)
    return (
        f"theta goes 1 -> -0.8 -> 0.64 -> {expected:.3f}: the learning rate is above 1/lambda, "
        "so each step jumps over the minimum (oscillating) but lands closer. Run it to see."
    )


q4 = Exercise(
    "Predict theta after three gradient steps",
    _check_q4,
    hint="The gradient of 2 theta**2 is 4 theta, so one step is theta - 0.45 * 4 theta = "
    "(1 - 1.8) theta. Apply that factor three times.",
    solution=theta_after_three_steps,
)


# q5 -- the critical learning rate ----------------------------------------------------------------
def critical_learning_rate(X: np.ndarray) -> float:
    X = np.asarray(X, dtype=float)
    A = np.column_stack([X, np.ones(len(X))])  # the bias is one more weight on a column of ones
    hessian = 2 * A.T @ A / len(X)  # second derivatives of mean((A theta - y)**2)
    return (
        2 / np.linalg.eigvalsh(hessian).max()
    )  # converge iff |1 - alpha lambda| < 1 for all lambda


def _q5_inputs() -> list[np.ndarray]:
    rng = variant_rng(5)
    X1 = rng.normal(loc=1.0, scale=[1.0, 3.0], size=(200, 2))  # uneven scales, non-zero mean
    X2 = rng.uniform(0, 2, size=(150, 3))
    return [X1, X2]


def _rate_from(X: np.ndarray, with_bias: bool, factor: float, which: str) -> float:
    A = np.column_stack([X, np.ones(len(X))]) if with_bias else X
    eig = np.linalg.eigvalsh(A.T @ A / len(X))
    lam = eig.max() if which == "max" else eig.min()
    return factor / lam


def _check_q5(learner: Any, reference: Any) -> str:
    for X in _q5_inputs():
        got = _as_scalar(call_learner(learner, X.copy()), "your critical learning rate")
        want = reference(X)
        if np.isclose(got, want, rtol=1e-4):
            continue
        if np.isclose(got, _rate_from(X, False, 1.0, "max"), rtol=1e-4) or np.isclose(
            got, _rate_from(X, False, 2.0, "max"), rtol=1e-4
        ):
            raise Mistake(
                "your rate ignores the bias: append a column of ones to X so that b is one "
                "more weight; with inputs whose mean is not zero this changes the curvature."
            )
        if np.isclose(got, 2 * want, rtol=1e-4):
            raise Mistake(
                "twice too large: the Hessian of mean(r**2) is 2 A^T A / n (the square brings "
                "a factor 2), and the critical rate is 2 / lambda_max of that."
            )
        if np.isclose(got, want / 2, rtol=1e-4):
            raise Mistake(
                "half the critical rate: 1 / lambda_max is the fastest rate, but the step only "
                "diverges when |1 - alpha lambda| > 1, i.e. above 2 / lambda_max."
            )
        if np.isclose(got, _rate_from(X, True, 1.0, "min"), rtol=1e-4):
            raise Mistake(
                "use the largest eigenvalue: the steepest direction is the first to diverge."
            )
        expect_close(got, want, f"the critical learning rate for X of shape {X.shape}", rtol=1e-4)
    return (
        "right: 2 / lambda_max of the Hessian 2 A^T A / n. Now verify it by running 20 steps "
        "at 0.95 and 1.05 times your rate on the notebook's data."
    )


q5 = Exercise(
    "Critical learning rate of linear regression",
    _check_q5,
    hint="Append a column of ones: A = np.column_stack([X, np.ones(len(X))]). The Hessian is "
    "2 A.T @ A / n; the rate is 2 / its largest eigenvalue (np.linalg.eigvalsh).",
    solution=critical_learning_rate,
    answer_is_function=True,
)


# q6 -- a mini-batch SGD training loop -----------------------------------------------------------
def fit_linear_regression(
    X: np.ndarray, y: np.ndarray, learning_rate: float, batch_size: int, epochs: int, seed: int = 0
) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        order = rng.permutation(len(y))  # shuffle every epoch
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            w = w - learning_rate * 2 * X[batch].T @ residual / len(batch)
            b = b - learning_rate * 2 * residual.mean()
    return w, b


def _q6_data() -> tuple[np.ndarray, np.ndarray]:
    rng = variant_rng(6)
    true_w = rng.uniform(-3, 3, size=3)
    X = rng.normal(size=(400, 3))
    y = X @ true_w + rng.uniform(-2, 2) + rng.normal(scale=0.05, size=400)
    return X, y


def _sgd(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    batch_size: int,
    epochs: int,
    seed: int,
    *,
    factor: float = 2.0,
    mean: bool = True,
    shuffle: bool = True,
) -> np.ndarray:
    """The reference loop and its typical variants: [w..., b] after training."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        order = rng.permutation(len(y)) if shuffle else np.arange(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            size = len(batch) if mean else 1
            w = w - learning_rate * factor * X[batch].T @ residual / size
            b = b - learning_rate * factor * residual.sum() / size
    return np.append(w, b)


def _q6_call(learner: Any, X: np.ndarray, y: np.ndarray, *args: Any) -> np.ndarray:
    result = call_learner(learner, X.copy(), y.copy(), *args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake("return a pair (w, b): the learned weights and the learned bias.")
    w = as_array(result[0], "your weights w").reshape(-1)
    b = _as_scalar(result[1], "your bias b")
    if w.shape != (X.shape[1],):
        raise Mistake(
            f"w should hold one weight per feature, shape ({X.shape[1]},); yours has {w.shape}."
        )
    return np.append(w, b)


def _check_q6(learner: Any, reference: Any) -> str:
    X, y = _q6_data()
    # 1. full batch, two epochs: no randomness, so the result is exact and every gradient
    #    mistake shows up as a known multiple of the learning rate
    Xs, ys = X[:12], y[:12]
    got = _q6_call(learner, Xs, ys, 0.05, 12, 2, 0)
    if not np.all(np.isfinite(got)):
        raise Mistake(
            "your weights are NaN or infinite after two full-batch steps at learning rate 0.05: "
            "check the sign of the update (w - learning_rate * gradient)."
        )
    if np.allclose(got, 0):
        raise Mistake("your weights are still zero: did the loop update w and b?")
    if got[-1] == 0:
        raise Mistake("your bias stayed 0: update b too, with gradient 2 * mean(residual).")
    variants = [
        ({}, None),
        (
            {"factor": 1.0},
            "your gradient lacks the factor 2: the derivative of r**2 is 2 r, so the gradient "
            "is 2 X.T @ r / len(batch) for w and 2 * mean(r) for b.",
        ),
        (
            {"mean": False},
            "your gradient is the sum over the batch, not the mean: divide by len(batch) "
            "(the loss is the *mean* squared error, so its gradient does not grow with the "
            "batch size).",
        ),
        (
            {"mean": False, "factor": 1.0},
            "your gradient is the sum over the batch without the factor 2: the gradient of "
            "mean(r**2) is 2 X.T @ r / len(batch) (and 2 * mean(r) for b).",
        ),
        (
            {"factor": -2.0},
            "your update climbs the loss: check the sign of the update (w - learning_rate * "
            "gradient, with residual = prediction - target).",
        ),
    ]
    for options, message in variants:
        if np.allclose(got, _sgd(Xs, ys, 0.05, 12, 2, 0, **options), rtol=1e-7, atol=1e-10):
            if message is None:
                break
            raise Mistake(message)
    else:
        want = _sgd(Xs, ys, 0.05, 12, 2, 0)
        if np.allclose(got[:-1], want[:-1], rtol=1e-7, atol=1e-10):
            raise Mistake(
                f"your w is right after two full-batch steps, but your b is {got[-1]:.6g} "
                f"instead of {want[-1]:.6g}: update b every step with 2 * mean(residual)."
            )
        raise Mistake(
            "with batch_size = n (12 examples), 2 epochs and learning rate 0.05 there is no "
            f"randomness, and a correct loop gives w, b = {np.round(want, 5).tolist()}; yours "
            f"gives {np.round(got, 5).tolist()}. Start from w = 0, b = 0, and check the "
            "gradient (2 X.T @ r / len(batch), 2 * mean(r)) and the update."
        )
    # 2. mini-batches on all 400 examples: shuffled, reproducible, and close to the optimum
    got = _q6_call(learner, X, y, 0.05, 8, 5, 0)
    if not np.all(np.isfinite(got)) or np.max(np.abs(got)) > 1e3:
        raise Mistake(
            "your weights blew up (NaN, infinite or huge) with batches of 8: check the "
            "gradient of each batch, 2 X[batch].T @ r / len(batch)."
        )
    if np.allclose(got, _sgd(X, y, 0.05, 8, 5, 0, shuffle=False), rtol=1e-7, atol=1e-10):
        raise Mistake(
            "your loop visits the examples in the same order every epoch: shuffle them each "
            "epoch, with order = rng.permutation(n) from rng = np.random.default_rng(seed)."
        )
    if not np.allclose(got, _q6_call(learner, X, y, 0.05, 8, 5, 0), rtol=1e-9, atol=1e-12):
        raise Mistake(
            "the same seed gave two different results: draw the shuffle from "
            "np.random.default_rng(seed), not from np.random.*, so a run can be repeated."
        )
    if np.allclose(got, _q6_call(learner, X, y, 0.05, 8, 5, 1), rtol=1e-9, atol=1e-12):
        raise Mistake(
            "seeds 0 and 1 gave exactly the same result: use the `seed` argument for the "
            "shuffle, rng = np.random.default_rng(seed)."
        )
    A = np.column_stack([X, np.ones(len(X))])
    exact = np.linalg.lstsq(A, y, rcond=None)[0]
    error = float(np.max(np.abs(got - exact)))
    if error > 0.05:
        raise Mistake(
            f"after 5 epochs (learning rate 0.05, batch 8) your parameters are {error:.3f} away "
            "from the closed-form solution; a correct loop gets within 0.05. Check that every "
            "batch of 8 makes one step (the last one too) and that you divide by len(batch), "
            "not by n."
        )
    return (
        f"after 5 epochs your w, b are within {error:.4f} of the closed-form least-squares "
        "solution (400 examples, batch 8, learning rate 0.05), and with one full batch your "
        "loop matches the reference exactly."
    )


q6 = Exercise(
    "Mini-batch SGD from scratch",
    _check_q6,
    hint="w, b = zeros, 0. For each epoch: order = rng.permutation(n); for each batch of "
    "indices: r = X[batch] @ w + b - y[batch]; w -= lr * 2 * X[batch].T @ r / len(batch); "
    "b -= lr * 2 * r.mean().",
    solution=fit_linear_regression,
    answer_is_function=True,
)


# q7 -- derive the gradient of a loss the notebook does not show: MSE + an L2 penalty ------------
def ridge_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, lam: float
) -> tuple[np.ndarray, float]:
    residual = X @ w + b - y
    grad_w = 2 * X.T @ residual / len(y) + 2 * lam * w  # d/dw of lam * sum(w**2) is 2 lam w
    grad_b = 2 * residual.mean()  # the bias is not penalised
    return grad_w, grad_b


def _q7_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float, float]]:
    rng = variant_rng(7)
    cases = []
    for n, d, lam in ((10, 3, 0.3), (25, 4, 1.5)):
        X = rng.normal(size=(n, d))
        y = rng.normal(size=n)
        w = rng.normal(size=d) + 0.5  # weights clearly away from 0, so the penalty shows
        cases.append((X, y, w, float(rng.uniform(0.5, 2.0)), lam))
    return cases


def _check_q7(learner: Any, reference: Any) -> str:
    refuse_shortcut(learner, {"GradientTape": "TensorFlow's tape"}, "the ridge gradient")
    for X, y, w, b, lam in _q7_cases():
        result = call_learner(learner, X.copy(), y.copy(), w.copy(), b, lam)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Mistake(
                "return a pair: (gradient with respect to w, gradient with respect to b)."
            )
        grad_w = as_array(result[0], "your gradient for w").reshape(-1)
        grad_b = _as_scalar(result[1], "your gradient for b")
        want_w, want_b = reference(X, y, w, b, lam)
        if grad_w.shape != want_w.shape:
            raise Mistake(
                f"the gradient for w must have the shape of w, {want_w.shape}; yours is "
                f"{grad_w.shape}."
            )
        data_w = want_w - 2 * lam * w  # the MSE part alone
        close_w = np.allclose(grad_w, want_w, rtol=1e-6, atol=1e-9)
        close_b = np.isclose(grad_b, want_b, rtol=1e-6, atol=1e-9)
        if close_w and np.isclose(grad_b, want_b + 2 * lam * b, rtol=1e-6):
            raise Mistake(
                "your gradient for b includes the penalty, but the loss penalises only the "
                "weights w: lam * sum(w**2) does not contain b, so its derivative with respect "
                "to b is 0."
            )
        if close_w and close_b:
            continue
        if np.allclose(grad_w, data_w, rtol=1e-6):
            raise Mistake(
                "your gradient for w is the plain MSE gradient: add the derivative of the "
                "penalty lam * sum(w**2) with respect to w."
            )
        if np.allclose(grad_w, data_w + lam * w, rtol=1e-6):
            raise Mistake(
                "your penalty term is lam * w, half the right size: the derivative of "
                "lam * w_j**2 with respect to w_j is 2 * lam * w_j."
            )
        if np.allclose(grad_w, data_w - 2 * lam * w, rtol=1e-6):
            raise Mistake(
                "your penalty term has the wrong sign: lam * sum(w**2) grows as w moves away "
                "from 0, so its gradient 2 * lam * w points away from 0 (and the step pulls "
                "the weights back)."
            )
        if np.allclose(grad_w, data_w + 2 * lam * w / len(y), rtol=1e-6) or np.allclose(
            grad_w, data_w + lam * w / len(y), rtol=1e-6
        ):
            raise Mistake(
                "you divided the penalty by n: only the squared errors are averaged over the "
                "examples; lam * sum(w**2) is added once, so its gradient is 2 * lam * w."
            )
        if np.allclose(grad_w, data_w / 2 + 2 * lam * w, rtol=1e-6):
            raise Mistake(
                "your penalty term is right, but the MSE part is half the right size: the "
                "derivative of r**2 is 2 r, so that part is 2 X.T @ r / n."
            )
        if np.allclose(grad_w, data_w * len(y) + 2 * lam * w, rtol=1e-6):
            raise Mistake(
                "your penalty term is right, but the MSE part is the sum over examples: "
                "divide 2 X.T @ r by n (the loss is a mean)."
            )
        expect_close(grad_w, want_w, f"your gradient for w (with lam = {lam})", rtol=1e-6)
        expect_close(grad_b, want_b, f"your gradient for b (with lam = {lam})", rtol=1e-6)
    return (
        "right: 2 X^T r / n + 2 lam w for w, and 2 mean(r) for b (the bias is not penalised). "
        "One step w - alpha * (...) shrinks every weight by 2 alpha lam w on top of the MSE "
        "step: that is why an L2 penalty is also called weight decay (notebook 10)."
    )


q7 = Exercise(
    "Gradient of the MSE with an L2 penalty",
    _check_q7,
    hint="Differentiate the two terms separately and add: the MSE part is the gradient of "
    "section 3; d/dw_j of lam * (w_1**2 + ... + w_d**2) is 2 lam w_j; neither term has a "
    "penalty on b. Verify with tf.GradientTape on tf.reduce_mean(r**2) + lam * "
    "tf.reduce_sum(w**2).",
    solution=ridge_gradient,
    answer_is_function=True,
)
