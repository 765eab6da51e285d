"""Exercises for notebook 09 · Evaluation.

Example:
    >>> from course_utils.exercises import nb09 as ex
    >>> ex.q2.evaluate(ex.r2).passed
    True
    >>> ex.q6.evaluate((0.5, 0.01)).passed
    True
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    call_learner,
    expect_close,
)

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
        got = as_array(result, "your (precision, recall)")  # a tuple, list, array or tensor
        if got.shape != (2,):
            raise Mistake(
                f"return a pair: (precision, recall); yours has shape {got.shape} for class {k}."
            )
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
    if got.size == len(y_true) and got.size > 1:
        raise Mistake(
            f"your function returns {got.size} numbers, one per example; R² is one number for the "
            "whole data set: sum the squared errors over all examples (and the squared deviations "
            "from the mean) before dividing."
        )
    if got.size != 1:
        raise Mistake(
            f"R² is one number, but your function returned an array of shape {got.shape}."
        )
    got = got.reshape(())
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
        ("the cat and the dog and the bird".split(), "the cat and the dog".split()),
        ("on the mat the cat sat".split(), "the cat sat on the mat".split()),
    ]
    for candidate, ref in cases:
        got = as_array(call_learner(learner, list(candidate), list(ref)), "your precision")
        if got.size != 1:
            raise Mistake(
                f"return one number (the clipped precision), not an array of shape {got.shape}."
            )
        got = got.reshape(())
        want = reference(candidate, ref)
        unclipped = sum(word in ref for word in candidate) / len(candidate)
        if np.isclose(got, unclipped) and not np.isclose(got, want):
            raise Mistake(
                f"for {' '.join(candidate)!r} vs {' '.join(ref)!r} you did not clip: a word may be "
                "credited only as often as it occurs in the reference."
            )
        distinct = len(set(candidate) & set(ref)) / len(candidate)
        if np.isclose(got, distinct) and not np.isclose(got, want):
            raise Mistake(
                f"for {' '.join(candidate)!r} vs {' '.join(ref)!r} you counted each distinct word "
                "once (a set): a word repeated in both sentences counts as often as it appears in "
                "both (the minimum of its two counts)."
            )
        if np.isclose(got, want * len(candidate) / len(ref)) and not np.isclose(got, want):
            raise Mistake("divide by the number of words in the candidate, not in the reference.")
        expect_close(got, want, f"your precision for {' '.join(candidate)!r}")


q3 = Exercise(
    "BLEU's clipped unigram precision",
    _check_q3,
    hint="Count each candidate word, cap the count at its count in the reference, sum, divide by the candidate length.",
    solution=clipped_unigram_precision,
    answer_is_function=True,
)


# q4 -- a threshold for a required precision, chosen on validation -----------------------------------
def threshold_for_precision(y_true: np.ndarray, scores: np.ndarray, target: float) -> float:
    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    for t in np.unique(scores):  # candidate thresholds, smallest first
        predicted = scores >= t
        if predicted.sum() == 0:
            break
        precision = np.mean(y_true[predicted] == 1)
        if precision >= target:
            return float(t)  # the smallest threshold that is precise enough: the most recall
    return float("inf")  # no threshold reaches the target: predict nothing positive


def _q4_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(400) < 0.2).astype(int)
    scores = np.round(rng.normal(loc=1.5 * y, scale=1.0), 3)
    return y, scores


def _check_q4(learner: Any, reference: Any) -> None:
    for seed, target in [(0, 0.9), (1, 0.95), (2, 0.8)]:
        y, scores = _q4_data(seed)
        got = call_learner(learner, y.copy(), scores.copy(), target)
        got = as_array(got, "your threshold")
        if got.size != 1:
            raise Mistake(f"return one threshold (a number), not an array of shape {got.shape}.")
        got = float(got.reshape(()))
        want = reference(y, scores, target)
        predicted = scores >= got
        precision = np.mean(y[predicted] == 1) if predicted.any() else float("nan")
        recall = predicted[y == 1].mean()
        if predicted.any() and precision < target:
            raise Mistake(
                f"with your threshold {got:.3f} the precision is {precision:.3f}, below the target "
                f"{target} (predict positive when score >= threshold)."
            )
        if got > want and not np.isclose(got, want):
            best_recall = (scores >= want)[y == 1].mean()
            raise Mistake(
                f"your threshold {got:.3f} reaches the precision but gives recall {recall:.3f}; a "
                f"lower threshold ({want:.3f}) also reaches it with recall {best_recall:.3f}. "
                "Return the smallest threshold whose precision is high enough."
            )
        expect_close(got, want, f"your threshold for target precision {target}")


q4 = Exercise(
    "The smallest threshold with precision >= target",
    _check_q4,
    hint="Try every distinct score as a threshold, from the smallest up; compute the precision of "
    "`scores >= t`; return the first t whose precision reaches the target.",
    solution=threshold_for_precision,
    answer_is_function=True,
)


# q5 -- a bootstrap confidence interval for accuracy ------------------------------------------------
def bootstrap_interval(correct: np.ndarray, n_resamples: int = 2_000, seed: int = 0) -> tuple:
    correct = np.asarray(correct, dtype=float)  # 1 where the prediction was right
    rng = np.random.default_rng(seed)
    # resample the test set with replacement, many times; recompute accuracy each time
    indices = rng.integers(0, len(correct), size=(n_resamples, len(correct)))
    accuracies = correct[indices].mean(axis=1)
    low, high = np.percentile(accuracies, [2.5, 97.5])  # the middle 95%
    return float(low), float(high)


def _check_q5(learner: Any, reference: Any) -> str:
    rng = np.random.default_rng(5)
    for n, p in [(400, 0.9), (1_000, 0.75)]:
        correct = (rng.random(n) < p).astype(int)
        got = call_learner(learner, correct.copy())
        got = as_array(got, "your interval")
        if got.shape != (2,):
            raise Mistake(f"return two numbers (low, high); yours has shape {got.shape}.")
        low, high = got
        accuracy = correct.mean()
        if low > high:
            raise Mistake(f"your interval ({low:.4f}, {high:.4f}) is reversed: return (low, high).")
        width = high - low
        normal_width = 2 * 1.96 * np.sqrt(accuracy * (1 - accuracy) / n)
        if not low <= accuracy <= high:
            raise Mistake(
                f"your interval ({low:.4f}, {high:.4f}) does not contain the measured accuracy "
                f"{accuracy:.4f}."
            )
        if width < 0.5 * normal_width:
            raise Mistake(
                f"your interval is {width:.4f} wide, far narrower than the about {normal_width:.4f} "
                "expected for 95% with n = "
                f"{n}: resample n examples *with replacement* (rng.integers), and take the 2.5th and "
                "97.5th percentiles of the resampled accuracies (not of their standard error)."
            )
        if width > 1.6 * normal_width:
            raise Mistake(
                f"your interval is {width:.4f} wide, far wider than the about {normal_width:.4f} "
                f"expected for 95% with n = {n}: each resample should have as many examples as the "
                "test set, and the interval is the 2.5th to 97.5th percentile."
            )
    return "the width is close to 2 x 1.96 x sqrt(p (1 - p) / n), the normal approximation."


q5 = Exercise(
    "A bootstrap 95% interval for accuracy",
    _check_q5,
    hint="indices = rng.integers(0, n, size=(2000, n)); accuracies = correct[indices].mean(axis=1); "
    "np.percentile(accuracies, [2.5, 97.5]).",
    solution=bootstrap_interval,
    answer_is_function=True,
)


# q6 -- predict, then check: ROC AUC and average precision of random scores --------------------------
def random_scores_auc_ap() -> tuple[float, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    rng = np.random.default_rng(0)
    y = (rng.random(100_000) < 0.01).astype(int)  # 1% positives
    scores = rng.random(100_000)  # a classifier that knows nothing
    return float(roc_auc_score(y, scores)), float(average_precision_score(y, scores))


def _check_q6(answer: Any, expected: tuple[float, float]) -> str:
    if isinstance(answer, dict):
        raise Mistake("give a pair (auc, ap), e.g. (0.7, 0.2), not a dict.")
    values = as_array(answer, "your prediction")
    if values.shape != (2,):
        raise Mistake("give two numbers: (ROC AUC, average precision).")
    auc, ap = values
    want_auc, want_ap = expected
    if abs(auc - want_auc) > 0.05:
        raise Mistake(
            f"the ROC AUC of random scores is about {want_auc:.2f}, whatever the class balance: a "
            "random positive outranks a random negative half of the time. Your prediction was "
            f"{auc:.2f}."
        )
    if np.isclose(ap, 0.5, atol=0.05):
        raise Mistake(
            "average precision is not 0.5 for random scores: at every threshold the precision of a "
            "random classifier is the share of positives, here 1%."
        )
    if abs(ap - want_ap) > 0.01:
        raise Mistake(
            f"the average precision of random scores measured on 100,000 examples is {want_ap:.4f}, "
            f"the share of positives; your prediction was {ap:.4f}."
        )
    return (
        f"measured: ROC AUC {want_auc:.3f}, average precision {want_ap:.4f}. ROC hides the rarity "
        "of the positives; precision-recall shows it."
    )


q6 = Exercise(
    "Predict ROC AUC and AP of random scores with 1% positives",
    _check_q6,
    hint="ROC compares positives with negatives, whatever their numbers; precision among random "
    "picks is the share of positives.",
    solution=random_scores_auc_ap,
)
