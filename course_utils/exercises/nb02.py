"""Exercises for notebook 02 · Linear models, gradient descent and autodiff.

Example:
    >>> from course_utils.exercises import nb02 as ex
    >>> ex.q3.evaluate([-5.0, -10.0]).passed
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
)


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
    grad_b = as_array(result[1], "your gradient for b")
    want_w, want_b = reference(X, y, w, b)
    if grad_w.shape != want_w.shape:
        raise Mistake(
            f"the gradient for w must have the shape of w, {want_w.shape}; yours is "
            f"{grad_w.shape}. Multiply by X.T (features x examples), not X."
        )
    if np.allclose(grad_w, -want_w) and np.allclose(grad_b, -want_b):
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
