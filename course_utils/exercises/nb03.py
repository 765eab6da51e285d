"""Exercises for notebook 03 · Activation functions.

Example:
    >>> import numpy as np
    >>> from course_utils.exercises import nb03 as ex
    >>> ex.q1.evaluate(lambda x: np.maximum(x, 0)).passed
    True
    >>> ex.q6.evaluate(0.25**10).passed
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
    variant_rng,
)

_INPUTS = np.array([[-3.0, -0.5, 0.0, 0.25, 4.0], [2.0, -1.0, 1.5, -2.5, 0.1]])


# q1 -- ReLU ---------------------------------------------------------------------------------
def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)  # elementwise: negative values become 0


def _check_q1(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your ReLU output")
    if got.shape != _INPUTS.shape:
        raise Mistake(
            f"ReLU works elementwise and keeps the shape {_INPUTS.shape}; yours returned "
            f"{got.shape}. np.max(x, 0) reduces along axis 0; use np.maximum(x, 0)."
        )
    if np.allclose(got, np.abs(_INPUTS)):
        raise Mistake("you returned |x|; ReLU sets negative values to 0 instead of flipping them.")
    expect_close(got, reference(_INPUTS), "your ReLU output", inputs=_INPUTS)


q1 = Exercise(
    "ReLU",
    _check_q1,
    hint="np.maximum compares elementwise: np.maximum(x, 0).",
    solution=relu,
    answer_is_function=True,
)


# q2 -- the derivative of the sigmoid ----------------------------------------------------------
def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    s = 1.0 / (1.0 + np.exp(-x))  # sigmoid(x)
    return s * (1.0 - s)  # sigma'(x) = sigma(x) (1 - sigma(x))


def _check_q2(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _INPUTS.copy()), "your derivative")
    s = 1.0 / (1.0 + np.exp(-_INPUTS))
    if got.shape == _INPUTS.shape:
        if np.allclose(got, s):
            raise Mistake("that is the sigmoid itself, not its derivative.")
        if np.allclose(got, _INPUTS * (1 - _INPUTS)):
            raise Mistake("the formula s (1 - s) needs s = sigmoid(x), not x itself.")
        if np.allclose(got, s * (1 + s)):
            raise Mistake("check the sign: the derivative is s (1 - s), at most 0.25.")
    expect_close(got, reference(_INPUTS), "your derivative", inputs=_INPUTS)


q2 = Exercise(
    "Derivative of the sigmoid",
    _check_q2,
    hint="First compute s = 1 / (1 + exp(-x)); the derivative is s * (1 - s).",
    solution=sigmoid_derivative,
    answer_is_function=True,
)


# q3 -- numerically stable softmax -------------------------------------------------------------
def stable_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)  # each row's max becomes 0: exp cannot overflow
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)  # each row sums to 1


def _check_q3(learner: Any, reference: Any) -> None:
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = as_array(call_learner(learner, small.copy()), "your softmax")
    if got.shape != small.shape:
        raise Mistake(f"softmax keeps the shape {small.shape}; yours returned {got.shape}.")
    if not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "each row (one example's scores) should sum to 1. Sum over axis=-1 with "
            "keepdims=True, not over the whole array."
        )
    expect_close(got, reference(small), "your softmax", inputs=small)
    large = np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        got = as_array(call_learner(learner, large.copy()), "your softmax")
    if not np.all(np.isfinite(got[0])):
        raise Mistake(
            "for scores [1000, 1001, 1002] your softmax gives NaN or inf: exp(1000) overflows. "
            "Subtract each row's maximum before exponentiating."
        )
    if not np.all(np.isfinite(got)) or not np.allclose(got.sum(axis=-1), 1.0):
        raise Mistake(
            "with rows [1000, 1001, 1002] and [-5, 0, 5] a row breaks down: subtract each "
            "row's own maximum (z.max(axis=-1, keepdims=True)), not the maximum of the whole batch."
        )
    expect_close(got, reference(large), "your softmax", inputs=large)


q3 = Exercise(
    "Numerically stable softmax",
    _check_q3,
    hint="softmax(z) = softmax(z - c) for any constant c per row; choose c = the row's maximum.",
    solution=stable_softmax,
    answer_is_function=True,
)


# q4 -- derivative of the tanh approximation of GELU -------------------------------------------
_GELU_C = np.sqrt(2.0 / np.pi)


def gelu_tanh_derivative(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    u = _GELU_C * (x + 0.044715 * x**3)
    t = np.tanh(u)
    du_dx = _GELU_C * (1 + 3 * 0.044715 * x**2)  # chain rule: the inside of the tanh
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * du_dx  # product rule on 0.5 x (1 + tanh u)


def _q4_inputs() -> np.ndarray:
    rng = variant_rng(4)
    return np.concatenate([[-4.0, -1.0, -0.3, 0.0, 0.5, 2.0, 5.0], rng.uniform(-5, 5, size=25)])


def _check_q4(learner: Any, reference: Any) -> str:
    from math import erf

    x = _q4_inputs()
    got = as_array(call_learner(learner, x.copy()), "your derivative")
    if got.shape != x.shape:
        raise Mistake(
            f"the derivative is elementwise: shape {x.shape} in, {x.shape} out; yours is {got.shape}."
        )
    u = _GELU_C * (x + 0.044715 * x**3)
    t = np.tanh(u)
    if np.allclose(got, 0.5 * x * (1 + t), atol=1e-6):
        raise Mistake("that is the function g(x) itself, not its derivative.")
    if np.allclose(got, 0.5 * (1 + t) + 0.5 * x * (1 - t**2), atol=1e-6):
        raise Mistake(
            "you forgot the chain rule inside the tanh: d tanh(u)/dx = (1 - tanh(u)**2) * du/dx, "
            "with du/dx = sqrt(2/pi) * (1 + 3 * 0.044715 * x**2)."
        )
    if np.allclose(got, 0.5 * x * (1 - t**2) * _GELU_C * (1 + 3 * 0.044715 * x**2), atol=1e-6):
        raise Mistake(
            "you differentiated only the tanh factor: by the product rule, the derivative of "
            "0.5 x (1 + tanh u) also has the term 0.5 (1 + tanh u)."
        )
    phi = np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
    exact = 0.5 * (1 + np.vectorize(erf)(x / np.sqrt(2))) + x * phi
    if np.allclose(got, exact, atol=1e-6):
        raise Mistake(
            "that is the derivative of the exact GELU, x Phi(x). This exercise asks for the "
            "derivative of the tanh approximation; the two differ by up to about 0.02."
        )
    expect_close(got, reference(x), "your derivative", rtol=1e-5, atol=1e-6)
    return "your derivative matches, so it would also match GradientTape on gelu(approximate=True)."


q4 = Exercise(
    "Derivative of the tanh approximation of GELU",
    _check_q4,
    hint="Let t = tanh(u), u = sqrt(2/pi) (x + 0.044715 x**3). Product rule: "
    "g' = 0.5 (1 + t) + 0.5 x (1 - t**2) du/dx, with du/dx = sqrt(2/pi) (1 + 3 * 0.044715 x**2).",
    solution=gelu_tanh_derivative,
    answer_is_function=True,
)


# q5 -- log-softmax with log-sum-exp -------------------------------------------------------------
def log_softmax(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)  # each row's maximum becomes 0
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))  # log-sum-exp


def _check_q5(learner: Any, reference: Any) -> str:
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, small.copy()), "your log-softmax")
    if got.shape != small.shape:
        raise Mistake(f"log-softmax keeps the shape {small.shape}; yours returned {got.shape}.")
    s = np.exp(small - small.max(axis=-1, keepdims=True))
    s = s / s.sum(axis=-1, keepdims=True)
    if np.allclose(got, s):
        raise Mistake("that is the softmax itself; take its logarithm (via log-sum-exp).")
    if np.allclose(got, small - np.log(np.exp(small).sum())):
        raise Mistake("sum over each row (axis=-1, keepdims=True), not over the whole batch.")
    expect_close(got, reference(small), "your log-softmax", inputs=small)
    large = np.array([[-1000.0, 0.0, 1000.0], [5.0, 3.0, -2.0], [1000.0, 1001.0, 1002.0]])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, large.copy()), "your log-softmax")
    if not np.all(np.isfinite(got[2])):
        raise Mistake(
            "for scores [1000, 1001, 1002] you get NaN or inf: exp(1000) overflows. Subtract "
            "each row's maximum before exponentiating."
        )
    if np.isneginf(got).any():
        raise Mistake(
            "for scores [-1000, 0, 1000] you get -inf: the softmax probability e^-2000 underflows "
            "to 0 and log(0) = -inf. Do not take the log of the softmax; use "
            "z - max - log(sum(exp(z - max)))."
        )
    if not np.all(np.isfinite(got)):
        raise Mistake("your log-softmax contains NaN or inf for scores [-1000, 0, 1000].")
    expect_close(got, reference(large), "your log-softmax", inputs=large)
    return "your log-softmax is exact and stays finite for scores of +-1000."


q5 = Exercise(
    "Log-softmax with the log-sum-exp trick",
    _check_q5,
    hint="m = z.max(axis=-1, keepdims=True); return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)).",
    solution=log_softmax,
    answer_is_function=True,
)


# q6 -- predict, then check: the best case for ten sigmoid factors ---------------------------------
def largest_sigmoid_factor_product() -> float:
    best_factor = 0.25  # sigma'(0) = sigma(0) (1 - sigma(0)) = 0.5 * 0.5, the maximum of sigma'
    return best_factor**10  # ten layers, ten factors


def _check_q6(answer: Any, expected: float) -> str:
    if isinstance(answer, str):
        try:
            answer = float(answer.strip())
        except ValueError:
            raise Mistake(f"give a number such as 1e-3, not {answer!r}.") from None
    got = as_array(answer, "your prediction")
    if got.size != 1:
        raise Mistake("give one number: the largest possible product of the ten factors.")
    got = float(got.reshape(()))
    if np.isclose(got, 2.5):
        raise Mistake("the factors multiply, they do not add: 0.25 ** 10, not 0.25 * 10.")
    if np.isclose(got, 0.5**10, rtol=1e-3):
        raise Mistake(
            "0.5 is sigma(0), the function's value; its derivative there is sigma(0)(1 - sigma(0)) = 0.25."
        )
    if np.isclose(got, 0.25):
        raise Mistake("that is one factor; there are ten layers, so ten factors multiply.")
    if np.isclose(got, 1.0):
        raise Mistake("a factor of 1 is ReLU's slope; the sigmoid's derivative is at most 0.25.")
    expect_close(got, expected, "the largest product", rtol=2e-2, atol=0)
    return (
        f"at best {expected:.2e}: even if every unit sat at a = 0, the gradient would shrink a "
        "million-fold through ten sigmoid layers. Compare the measured mean factors in section 3."
    )


q6 = Exercise(
    "Predict the largest product of ten sigmoid derivatives",
    _check_q6,
    hint="sigma'(a) = sigma(a)(1 - sigma(a)) is largest at a = 0. Raise that to the power 10.",
    solution=largest_sigmoid_factor_product,
)
