"""Exercises for notebook 09 · Evaluation.

Example:
    >>> from course_utils.exercises import nb09 as ex
    >>> ex.q2.evaluate(ex.r2).passed
    True
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from course_utils.exercises.core import Exercise, Mistake, as_array, call_learner, expect_close

_CM = np.array([[50, 3, 2], [4, 40, 6], [1, 9, 35]])  # rows: true class, columns: predicted


# q1 -- precision and recall from a confusion matrix ---------------------------------------------------
def precision_recall_from_confusion(cm: np.ndarray, k: int) -> tuple[float, float]:
    true_positives = cm[k, k]
    precision = true_positives / cm[:, k].sum()  # column k: everything predicted as k
    recall = true_positives / cm[k, :].sum()  # row k: everything that truly is k
    return float(precision), float(recall)


def _check_q1(learner: Any, reference: Any) -> None:
    for k in (1, 2):
        result = call_learner(learner, _CM.copy(), k)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Mistake("return a pair: (precision, recall).")
        got = as_array(result, "your (precision, recall)")
        want = np.array(reference(_CM, k))
        if np.allclose(got, want[::-1]):
            raise Mistake(
                "precision and recall are swapped: rows are the true class, columns the prediction; "
                "precision divides by the column sum (predicted k), recall by the row sum (truly k)."
            )
        expect_close(got, want, f"your (precision, recall) for class {k}")


q1 = Exercise(
    "Precision and recall from a confusion matrix",
    _check_q1,
    hint="Rows are true classes, columns predictions. Precision = C[k, k] / column sum; recall = C[k, k] / row sum.",
    solution=precision_recall_from_confusion,
    answer_is_function=True,
)


# q2 -- the coefficient of determination -----------------------------------------------------------
def r2(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    sse = np.sum((y_true - y_pred) ** 2)  # what the model leaves unexplained
    sst = np.sum((y_true - y_true.mean()) ** 2)  # what predicting the mean leaves
    return float(1 - sse / sst)


def _check_q2(learner: Any, reference: Any) -> None:
    y_true = np.array([3.0, -0.5, 2.0, 7.0, 4.2])
    y_pred = np.array([2.5, 0.0, 2.1, 7.8, 3.9])
    got = as_array(call_learner(learner, y_true.copy(), y_pred.copy()), "your R²")
    want = reference(y_true, y_pred)
    sse, sst = np.sum((y_true - y_pred) ** 2), np.sum((y_true - y_true.mean()) ** 2)
    if np.isclose(got, sse / sst):
        raise Mistake("SSE / SST is the share left unexplained; R² is 1 minus that.")
    if np.isclose(got, 1 - np.mean((y_true - y_pred) ** 2)):
        raise Mistake(
            "1 - MSE is not R²: divide the squared errors by the spread of y_true around its mean."
        )
    expect_close(got, want, "your R²")


q2 = Exercise(
    "R² (coefficient of determination)",
    _check_q2,
    hint="R² = 1 - sum((y - y_hat)**2) / sum((y - mean(y))**2).",
    solution=r2,
    answer_is_function=True,
)


# q3 -- BLEU's clipped unigram precision ----------------------------------------------------------------
def clipped_unigram_precision(candidate: list[str], reference: list[str]) -> float:
    candidate_counts = Counter(candidate)
    reference_counts = Counter(reference)
    # a candidate word counts at most as often as it appears in the reference
    clipped = sum(min(count, reference_counts[word]) for word, count in candidate_counts.items())
    return clipped / len(candidate)


def _check_q3(learner: Any, reference: Any) -> None:
    cases = [
        ("the the the the".split(), "the cat sat".split()),
        ("a cat sat on the mat".split(), "the cat sat on the mat".split()),
    ]
    for candidate, ref in cases:
        got = as_array(call_learner(learner, list(candidate), list(ref)), "your precision")
        want = reference(candidate, ref)
        unclipped = sum(word in ref for word in candidate) / len(candidate)
        if np.isclose(got, unclipped) and not np.isclose(got, want):
            raise Mistake(
                f"for {' '.join(candidate)!r} vs {' '.join(ref)!r} you did not clip: a word may be "
                "credited only as often as it occurs in the reference."
            )
        expect_close(got, want, f"your precision for {' '.join(candidate)!r}")


q3 = Exercise(
    "BLEU's clipped unigram precision",
    _check_q3,
    hint="Count each candidate word, cap the count at its count in the reference, sum, divide by the candidate length.",
    solution=clipped_unigram_precision,
    answer_is_function=True,
)
