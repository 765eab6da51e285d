"""Exercises for notebook 06 · Softmax regression and backpropagation.

Example:
    >>> from course_utils.exercises import nb06 as ex
    >>> ex.q3.evaluate(ex.he_normal_std).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close

_LOGITS = np.array([[2.0, 1.0, -1.0], [0.5, 0.5, 3.0], [-2.0, 4.0, 0.0], [1.0, 0.0, 0.0]])
_LABELS = np.array([0, 2, 1, 2])


# q1 -- softmax cross-entropy from logits ------------------------------------------------------------
def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)  # stability: largest logit becomes 0
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax
    return float(-log_probs[np.arange(len(labels)), labels].mean())  # mean of -log p(true class)


def _check_q1(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _LOGITS.copy(), _LABELS.copy()), "your loss")
    if got.shape != ():
        raise Mistake(f"return one number, the mean over the batch; yours has shape {got.shape}.")
    want = reference(_LOGITS, _LABELS)
    if np.isclose(got, want * len(_LABELS)):
        raise Mistake("you summed over the batch; take the mean, as Keras does.")
    expect_close(got, want, "your loss", rtol=1e-6)
    big = _LOGITS * 500
    with np.errstate(all="ignore"):
        got = as_array(call_learner(learner, big.copy(), _LABELS.copy()), "your loss")
    if not np.isfinite(got):
        raise Mistake(
            "with logits in the hundreds your loss is inf or NaN: subtract each row's max first."
        )
    expect_close(got, reference(big, _LABELS), "your loss for large logits", rtol=1e-6)


q1 = Exercise(
    "Softmax cross-entropy from logits",
    _check_q1,
    hint="log softmax(z) = (z - max z) - log(sum(exp(z - max z))). Pick the true class's entry, negate, average.",
    solution=softmax_cross_entropy,
    answer_is_function=True,
)


# q2 -- its gradient with respect to the logits --------------------------------------------------------
def cross_entropy_gradient(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)  # y_hat
    one_hot = np.eye(logits.shape[1])[labels]  # y
    return (probs - one_hot) / len(labels)  # d(mean loss)/d logits = (y_hat - y) / n


def _check_q2(learner: Any, reference: Any) -> None:
    got = as_array(call_learner(learner, _LOGITS.copy(), _LABELS.copy()), "your gradient")
    want = reference(_LOGITS, _LABELS)
    if got.shape != want.shape:
        raise Mistake(
            f"the gradient has one entry per logit, shape {want.shape}; yours is {got.shape}."
        )
    if np.allclose(got, want * len(_LABELS)):
        raise Mistake(
            "that is the gradient of the summed loss; the loss is a mean, so divide by n."
        )
    if np.allclose(got, -want):
        raise Mistake("the sign is flipped: it is y_hat - y (probabilities minus one-hot labels).")
    expect_close(got, want, "your gradient")


q2 = Exercise(
    "Gradient of softmax cross-entropy with respect to the logits",
    _check_q2,
    hint="Softmax the logits, subtract the one-hot labels, divide by the batch size.",
    solution=cross_entropy_gradient,
    answer_is_function=True,
)


# q3 -- He initialisation --------------------------------------------------------------------------------
def he_normal_std(fan_in: int) -> float:
    return float(np.sqrt(2.0 / fan_in))  # keeps the variance of ReLU activations constant


def _check_q3(learner: Any, reference: Any) -> None:
    for fan_in in (784, 128, 9):
        got = as_array(call_learner(learner, fan_in), "your standard deviation")
        if np.isclose(got, np.sqrt(1.0 / fan_in)):
            raise Mistake(
                "sqrt(1 / fan_in) is LeCun's initialisation; ReLU zeroes half its inputs, so He doubles the variance."
            )
        if np.isclose(got, 2.0 / fan_in):
            raise Mistake("2 / fan_in is the variance; the standard deviation is its square root.")
        expect_close(got, reference(fan_in), f"your standard deviation for fan_in={fan_in}")


q3 = Exercise(
    "He initialisation",
    _check_q3,
    hint="He et al. choose Var(w) = 2 / fan_in for ReLU layers.",
    solution=he_normal_std,
    answer_is_function=True,
)
