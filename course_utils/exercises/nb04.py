"""Exercises for notebook 04 · Loss functions.

Example:
    >>> import numpy as np
    >>> from course_utils.exercises import nb04 as ex
    >>> ex.q1.evaluate(ex.huber).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close


# q1 -- Huber loss -----------------------------------------------------------------------------
def huber(y_true: np.ndarray, y_pred: np.ndarray, delta: float = 1.0) -> float:
    error = np.abs(y_pred - y_true)
    quadratic = 0.5 * error**2  # small errors: like MSE
    linear = delta * (error - 0.5 * delta)  # large errors: like MAE
    return float(np.mean(np.where(error <= delta, quadratic, linear)))


def _check_q1(learner: Any, reference: Any) -> None:
    y_true = np.array([0.0, 1.0, 2.0, 3.0, 10.0])
    y_pred = np.array([0.2, 1.5, 0.0, 3.1, 2.0])  # errors 0.2, 0.5, 2, 0.1, 8
    for delta in (1.0, 2.5):
        got = as_array(
            call_learner(learner, y_true.copy(), y_pred.copy(), delta), "your Huber loss"
        )
        if got.shape != ():
            raise Mistake(f"return one number (the mean over examples), not shape {got.shape}.")
        want = reference(y_true, y_pred, delta)
        error = np.abs(y_pred - y_true)
        no_half = np.mean(np.where(error <= delta, error**2, delta * (error - 0.5 * delta)))
        if np.isclose(got, no_half) and not np.isclose(got, want):
            raise Mistake(
                "the quadratic part is 0.5 * error**2; without the 0.5 the two parts do not join smoothly."
            )
        if np.isclose(got, want * len(y_true)):
            raise Mistake("you summed over examples; Keras' Huber loss takes the mean.")
        expect_close(got, want, f"your Huber loss with delta={delta}", rtol=1e-6)


q1 = Exercise(
    "Huber loss",
    _check_q1,
    hint="Per example: 0.5 e**2 if |e| <= delta, else delta (|e| - delta / 2). Then the mean.",
    solution=huber,
    answer_is_function=True,
)


# q2 -- binary cross-entropy from logits, stably ---------------------------------------------------
def bce_from_logits(y_true: np.ndarray, logits: np.ndarray) -> np.ndarray:
    # log(1 + exp(-|z|)) never overflows; max(z, 0) - z*y completes the formula
    return np.maximum(logits, 0) - logits * y_true + np.log1p(np.exp(-np.abs(logits)))


def _check_q2(learner: Any, reference: Any) -> None:
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    z = np.array([2.0, -1.0, 0.0, 3.0, -0.5])
    got = as_array(call_learner(learner, y.copy(), z.copy()), "your losses")
    if got.shape != y.shape:
        raise Mistake(f"return one loss per example, shape {y.shape}; yours has shape {got.shape}.")
    expect_close(got, reference(y, z), "your losses", inputs=z)
    y = np.array([1.0, 0.0, 0.0, 1.0])
    z = np.array([-800.0, 800.0, -800.0, 800.0])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, y.copy(), z.copy()), "your losses")
    if not np.all(np.isfinite(got)):
        raise Mistake(
            "for logits like 800 or -800 your loss is inf or NaN: exp(800) overflows, or "
            "sigmoid rounds to exactly 0 or 1 and log(0) = -inf. Use the form "
            "max(z, 0) - z*y + log(1 + exp(-|z|))."
        )
    expect_close(got, reference(y, z), "your losses for very large logits", inputs=z)


q2 = Exercise(
    "Binary cross-entropy from logits, stably",
    _check_q2,
    hint="-y log(sigmoid(z)) - (1-y) log(1 - sigmoid(z)) simplifies to max(z, 0) - z y + log(1 + exp(-|z|)).",
    solution=bce_from_logits,
    answer_is_function=True,
)


# q3 -- KL divergence -----------------------------------------------------------------------------
def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0  # terms with p = 0 contribute 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


def _check_q3(learner: Any, reference: Any) -> None:
    p = np.array([0.5, 0.3, 0.2])
    q = np.array([0.2, 0.5, 0.3])
    got = as_array(call_learner(learner, p.copy(), q.copy()), "your KL divergence")
    if got.shape != ():
        raise Mistake(f"KL divergence of two distributions is one number, not shape {got.shape}.")
    want = reference(p, q)
    if np.isclose(got, reference(q, p)) and not np.isclose(got, want):
        raise Mistake("you computed KL(q || p). KL is not symmetric: weight by p, log(p / q).")
    if np.isclose(got, -want):
        raise Mistake("the sign is flipped: KL(p || q) = sum p log(p / q) >= 0.")
    expect_close(got, want, "your KL divergence", rtol=1e-6)
    p0 = np.array([0.0, 0.5, 0.5])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, p0.copy(), q.copy()), "your KL divergence")
    if not np.isfinite(got):
        raise Mistake(
            "with p = [0, 0.5, 0.5] your result is NaN: 0 * log 0 counts as 0; skip terms where p = 0."
        )
    expect_close(got, reference(p0, q), "your KL divergence when p has a zero", rtol=1e-6)


q3 = Exercise(
    "KL divergence",
    _check_q3,
    hint="KL(p || q) = sum over k of p_k log(p_k / q_k), leaving out the k where p_k = 0.",
    solution=kl_divergence,
    answer_is_function=True,
)
