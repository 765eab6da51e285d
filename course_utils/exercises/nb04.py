"""Exercises for notebook 04 · Loss functions.

Example:
    >>> import numpy as np
    >>> from course_utils.exercises import nb04 as ex
    >>> ex.q1.evaluate(ex.huber).passed
    True
    >>> ex.q5.evaluate(16.118).passed
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
    expect_close(got, want, "your KL divergence", rtol=1e-5)
    p0 = np.array([0.0, 0.5, 0.5])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, p0.copy(), q.copy()), "your KL divergence")
    if not np.isfinite(got):
        raise Mistake(
            "with p = [0, 0.5, 0.5] your result is NaN: 0 * log 0 counts as 0; skip terms where p = 0."
        )
    if abs(float(got) - reference(p0, q)) > 1e-3 and abs(float(got)) > 1.0:
        raise Mistake(
            "with p = [0, 0.5, 0.5] your result is far too large: a term with p_k = 0 adds 0, "
            "whatever q_k is; do not replace 0 * log(0 / q) by a large number."
        )
    # Keras' kl_divergence clips p to 1e-7, which adds about 1.5e-6 here: that counts as right
    expect_close(
        got, reference(p0, q), "your KL divergence when p has a zero", rtol=1e-5, atol=1e-5
    )


q3 = Exercise(
    "KL divergence",
    _check_q3,
    hint="KL(p || q) = sum over k of p_k log(p_k / q_k), leaving out the k where p_k = 0.",
    solution=kl_divergence,
    answer_is_function=True,
)


# q4 -- categorical cross-entropy from logits (log-sum-exp) -----------------------------------------
def cce_from_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels).astype(int)
    m = logits.max(axis=1, keepdims=True)  # subtract the max: every exponent is <= 0
    log_sum_exp = m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))
    return log_sum_exp - logits[np.arange(len(labels)), labels]  # log sum exp(z) - z_c


def _swapped_order(learner: Any, first: Any, second: Any, want: np.ndarray) -> bool:
    """Whether the learner's function gives the right losses with its two arguments swapped."""
    try:
        with np.errstate(all="ignore"):
            got = as_array(learner(second.copy(), first.copy()), "your losses")
        return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-5, atol=1e-6))
    except Exception:
        return False


def _check_q4(learner: Any, reference: Any) -> None:
    rng = variant_rng(4)
    z = rng.normal(scale=2.0, size=(6, 4))
    c = rng.integers(0, 4, size=6)
    try:
        got = as_array(call_learner(learner, z.copy(), c.copy()), "your losses")
    except Mistake:
        if _swapped_order(learner, z, c, reference(z, c)):
            raise Mistake(
                "your function takes (labels, logits); this exercise calls "
                "cce_from_logits(logits, labels), logits first."
            ) from None
        raise
    if got.shape == ():
        raise Mistake("return one loss per example (shape (n,)), not their mean.")
    if got.shape != (6,):
        raise Mistake(f"return one loss per example, shape (6,); yours has shape {got.shape}.")
    want = reference(z, c)
    if np.allclose(got, -want):
        raise Mistake("the sign is flipped: the loss is log-sum-exp minus the true logit, >= 0.")
    lse = np.log(np.sum(np.exp(z), axis=1))
    if np.allclose(got, lse - z[np.arange(6), (c + 1) % 4]) or np.allclose(got, lse - z[:, 0]):
        raise Mistake("subtract the logit of each example's own label, logits[i, labels[i]].")
    expect_close(got, want, "your losses", inputs=z)
    big = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 999.0], [5.0, 5.0, 5.0]])
    labels = np.array([2, 2, 1])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, big.copy(), labels.copy()), "your losses")
    if not np.all(np.isfinite(got)):
        raise Mistake(
            "for logits like 1000 your losses are inf or NaN: exp(1000) overflows. Subtract the "
            "row maximum m first: log sum exp(z) = m + log sum exp(z - m)."
        )
    expect_close(got, reference(big, labels), "your losses for logits of +-1000", inputs=big)


q4 = Exercise(
    "Categorical cross-entropy from logits",
    _check_q4,
    hint="m = max of each row; loss = m + log(sum(exp(z - m))) - z[i, label_i].",
    solution=cce_from_logits,
    answer_is_function=True,
)


# q5 -- predict, then check: Keras' loss for a probability of exactly 0 --------------------------
def clipped_loss_prediction() -> float:
    import keras

    # Keras clips probability arrays to [1e-7, 1 - 1e-7], so p = 0 becomes 1e-7
    return float(keras.losses.BinaryCrossentropy()(np.array([1.0]), np.array([0.0])))


def _check_q5(answer: Any, expected: float) -> None:
    if isinstance(answer, str):
        try:
            answer = float(answer.strip())
        except ValueError:
            raise Mistake(f"give a number, e.g. 12.5 or float('inf'), not {answer!r}.") from None
    got = as_array(answer, "your prediction")
    if got.size != 1:
        raise Mistake("give one number: the loss Keras returns.")
    got = got.reshape(())
    if not np.isfinite(got):
        raise Mistake(
            "-log(0) would be infinite, but Keras clips a probability array to "
            "[1e-7, 1 - 1e-7] before the log, so the loss is finite. How large is -log(1e-7)?"
        )
    if abs(float(got)) < 1e-9:
        raise Mistake("the model gives the true class probability 0: the loss is large, not 0.")
    if abs(float(got) - 15.942) < 0.01:
        raise Mistake(
            "15.94 is the clipped loss for p = 1 with label 0 (1 - 1e-7 rounds in float32); "
            "here p = 0 is raised to 1e-7 itself."
        )
    if abs(float(got) - 7.0) < 0.01:
        raise Mistake("use the natural logarithm: -ln(1e-7) = 7 ln 10.")
    expect_close(got, expected, "the loss Keras returns", rtol=0, atol=0.01)
    return "Keras clipped p = 0 to 1e-7, so the loss is -ln(1e-7) = 16.12: finite, but a cap."


q5 = Exercise(
    "Predict the loss for a probability of 0",
    _check_q5,
    hint="Keras clips probability arrays to [1e-7, 1 - 1e-7] before taking the log.",
    solution=clipped_loss_prediction,
)


# q6 -- the gradient of focal loss with respect to the logit, derived -----------------------------
def focal_gradient(z: np.ndarray, y: np.ndarray, gamma: float = 2.0) -> np.ndarray:
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    sign = 2 * y - 1  # +1 for label 1, -1 for label 0: p_t = sigmoid(sign * z)
    p_t = 1 / (1 + np.exp(-sign * z))
    # d FL / d p_t = gamma (1 - p_t)^(gamma - 1) log p_t - (1 - p_t)^gamma / p_t,
    # times d p_t / d z = sign p_t (1 - p_t):
    d_fl_d_zt = gamma * p_t * (1 - p_t) ** gamma * np.log(p_t) - (1 - p_t) ** (gamma + 1)
    return sign * d_fl_d_zt


def _check_q6(learner: Any, reference: Any) -> None:
    rng = variant_rng(6)
    z = rng.normal(scale=2.0, size=8)
    y = np.array([1, 0, 1, 0, 1, 1, 0, 0], dtype=float)
    for gamma in (0.0, 2.0, 0.5):
        got = as_array(call_learner(learner, z.copy(), y.copy(), gamma), "your gradient")
        if got.shape != z.shape:
            raise Mistake(f"return one gradient per example, shape {z.shape}; got {got.shape}.")
        want = reference(z, y, gamma)
        if np.allclose(got, -want) and not np.allclose(want, 0):
            raise Mistake(f"for gamma={gamma} the sign is flipped; for gamma = 0 it must be p - y.")
        p = 1 / (1 + np.exp(-z))
        if gamma > 0 and np.allclose(got, p - y):
            raise Mistake(
                f"for gamma={gamma} you returned p - y, the cross-entropy gradient; the factor "
                "(1 - p_t)^gamma depends on z too (product rule)."
            )
        if gamma > 0 and np.allclose(got, (1 - np.where(y == 1, p, 1 - p)) ** gamma * (p - y)):
            raise Mistake(
                f"for gamma={gamma} you scaled p - y by (1 - p_t)^gamma but left out the "
                "derivative of (1 - p_t)^gamma itself (product rule)."
            )
        expect_close(got, want, f"your gradient with gamma={gamma}", inputs=z, rtol=1e-4)


q6 = Exercise(
    "Gradient of focal loss with respect to the logit",
    _check_q6,
    hint="Write p_t = sigmoid(s z) with s = +1 for y = 1 and -1 for y = 0; differentiate "
    "-(1 - p_t)^gamma log p_t by the product rule, using d p_t / dz = s p_t (1 - p_t).",
    solution=focal_gradient,
    answer_is_function=True,
)


# q7 -- label-smoothed cross-entropy from logits, stably ------------------------------------------
def label_smoothed_cce(
    labels: np.ndarray, logits: np.ndarray, smoothing: float = 0.1
) -> np.ndarray:
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels).astype(int)
    n, k = logits.shape
    target = np.full((n, k), smoothing / k)  # every class gets smoothing / K ...
    target[np.arange(n), labels] += 1.0 - smoothing  # ... and the true class 1 - smoothing more
    m = logits.max(axis=1, keepdims=True)  # log-softmax with the max subtracted: never overflows
    log_probs = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.sum(target * log_probs, axis=1)  # one loss per example


def _q7_reference_variant(
    labels: np.ndarray, logits: np.ndarray, eps: float, kind: str
) -> np.ndarray:
    n, k = logits.shape
    onehot = np.eye(k)[labels]
    target = {
        "K-1": onehot * (1 - eps) + (1 - onehot) * eps / (k - 1),
        "no reduction": onehot + eps / k,
        "no spread": onehot * (1 - eps),
        "plain": onehot,
        "reversed": onehot * eps + (1 - eps) / k,
    }[kind]
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.sum(target * log_probs, axis=1)


def _check_q7(learner: Any, reference: Any) -> str:
    refuse_shortcut(
        learner,
        {
            "CategoricalCrossentropy": "Keras' cross-entropy loss",
            "categorical_crossentropy": "Keras' cross-entropy loss",
            "softmax_cross_entropy_with_logits": "TensorFlow's cross-entropy",
        },
        "the label-smoothed cross-entropy",
    )
    rng = variant_rng(7)
    n, k = 6, 5
    z = rng.normal(scale=3.0, size=(n, k))
    c = rng.integers(0, k, size=n)
    for eps in (0.1, float(np.round(rng.uniform(0.2, 0.4), 3)), 0.0):
        try:
            with np.errstate(all="ignore"):
                got = as_array(call_learner(learner, c.copy(), z.copy(), eps), "your losses")
        except Mistake:
            if _swapped_order(lambda a, b, e=eps: learner(a, b, e), c, z, reference(c, z, eps)):
                raise Mistake(
                    "your function takes (logits, labels); this exercise calls "
                    "label_smoothed_cce(labels, logits, smoothing), labels first, like Keras."
                ) from None
            raise
        if got.shape == ():
            raise Mistake("return one loss per example (shape (n,)), not their mean.")
        if got.shape != (n,):
            raise Mistake(
                f"return one loss per example, shape ({n},); yours has shape {got.shape}."
            )
        want = reference(c, z, eps)
        if eps > 0 and not np.allclose(got, want, rtol=1e-5, atol=1e-6):
            named = {
                "plain": f"with smoothing={eps} you returned the plain cross-entropy: mix the "
                "one-hot target with the uniform distribution first.",
                "K-1": "you spread the smoothing over the K - 1 wrong classes only; Keras' "
                "convention spreads it over all K classes: y = (1 - smoothing) onehot + smoothing / K.",
                "no reduction": "your smoothed target sums to 1 + smoothing: the true class keeps "
                "1 - smoothing of its weight, plus its share smoothing / K.",
                "no spread": "you scaled the one-hot target by 1 - smoothing but did not add "
                "smoothing / K to every class; the target must still sum to 1.",
                "reversed": "smoothing and 1 - smoothing are swapped: the true class gets "
                "1 - smoothing + smoothing / K.",
            }
            for kind, message in named.items():
                if np.allclose(got, _q7_reference_variant(c, z, eps, kind), rtol=1e-5, atol=1e-6):
                    raise Mistake(message)
        expect_close(got, want, f"your losses with smoothing={eps}", rtol=1e-5, atol=1e-6)
    big = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 999.0], [5.0, 5.0, 5.0]])
    labels = np.array([0, 2, 1])
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, labels.copy(), big.copy(), 0.1), "your losses")
    if np.any(np.isnan(got)) or np.any(np.isposinf(got)):
        raise Mistake(
            "for logits like +-1000 your losses are inf or NaN. Either exp(1000) overflows, or a "
            "probability underflows to 0 and log(0) = -inf: with smoothing every class has a "
            "weight in the target, so every log-probability counts. Use the log-softmax "
            "z - m - log(sum(exp(z - m))) with m the row maximum; never take log(softmax(z))."
        )
    expect_close(got, reference(labels, big, 0.1), "your losses for logits of +-1000", inputs=big)
    return (
        "your label-smoothed cross-entropy matches Keras' convention and stays finite for "
        "logits of +-1000. Its gradient with respect to the logits is softmax(z) - y_smooth: "
        "it vanishes when the model gives the true class 1 - smoothing + smoothing / K, "
        "not 1, so the logits stop growing."
    )


q7 = Exercise(
    "Label-smoothed cross-entropy from logits",
    _check_q7,
    hint="Build the target: smoothing / K everywhere, plus 1 - smoothing on the true class. "
    "Compute log-probabilities stably (subtract each row's maximum inside the log-sum-exp), "
    "then the loss of each row is -sum(target * log_probs).",
    solution=label_smoothed_cce,
    answer_is_function=True,
)
