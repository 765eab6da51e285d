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
from functools import lru_cache
from math import lgamma
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
        if isinstance(result, dict):
            raise Mistake("return a pair: (precision, recall), e.g. `return p, r`, not a dict.")
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
    if np.isclose(got, 1 - np.var(y_true - y_pred) / np.var(y_true)) and not np.isclose(got, want):
        raise Mistake(
            "1 - var(y - y_hat) / var(y) ignores a constant bias: var() subtracts the mean error, "
            "so predictions all off by the same amount would look perfect. Use the squared "
            "errors themselves: 1 - sum((y - y_hat)**2) / sum((y - mean(y))**2)."
        )
    r = np.corrcoef(y_true, y_pred)[0, 1]
    if np.isclose(got, r**2) or np.isclose(got, r):
        raise Mistake(
            "the (squared) correlation of y and y_hat is the R² of the best line fitted through "
            "them, not the R² of these predictions: 1 - sum((y - y_hat)**2) / sum((y - mean(y))**2)."
        )
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


@lru_cache(maxsize=16)
def _binomial_cdf_table(n: int, p: float) -> np.ndarray:
    """P(X <= k) for k = 0..n, X ~ Binomial(n, p) (no SciPy needed)."""
    if p <= 0 or p >= 1:  # all mass on 0 or on n
        pmf = np.zeros(n + 1)
        pmf[0 if p <= 0 else n] = 1.0
    else:
        k = np.arange(n + 1)
        log_choose = np.array([lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1) for i in k])
        pmf = np.exp(log_choose + k * np.log(p) + (n - k) * np.log1p(-p))
    return np.minimum(np.cumsum(pmf), 1.0)


def _binomial_cdf(k: float, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), with k anywhere on the real line."""
    if k < 0:
        return 0.0
    return float(_binomial_cdf_table(n, p)[min(int(np.floor(k)), n)])


def _binomial_quantile(q: float, n: int, p: float) -> float:
    """The smallest k / n with P(X <= k) >= q: the exact bootstrap percentile of an accuracy."""
    return int(np.searchsorted(_binomial_cdf_table(n, p), q - 1e-12)) / n


def _q5_level_fits(value: float, n: int, p_hat: float, q: float, n_resamples: int) -> bool:
    """Whether ``value`` can be the q-quantile of bootstrap accuracies, up to resampling noise.

    The accuracy of a resample (n draws with replacement from 0/1 outcomes with mean p_hat) is
    Binomial(n, p_hat) / n, so the exact bootstrap quantile is known. An endpoint at (or
    interpolated between) atoms k / n fits level q when P(X < value) <= q <= P(X <= value),
    each side widened by a tolerance: 3.5 times the Monte-Carlo noise of a quantile read off
    n_resamples values, sqrt(q (1 - q) / n_resamples) in probability units.
    """
    tol = 3.5 * np.sqrt(q * (1 - q) / n_resamples)
    k = value * n
    k_low, k_high = np.floor(k + 1e-6), np.ceil(k - 1e-6)
    below = _binomial_cdf(k_high - 1, n, p_hat)  # P(X < value)
    at_or_below = _binomial_cdf(k_low, n, p_hat)  # P(X <= value)
    return below <= q + tol and at_or_below >= q - tol


def _q5_data(rng: np.random.Generator) -> list[tuple[np.ndarray, int]]:
    """Outcome vectors (1 = correct) and the n_resamples to ask for, incl. one near 100%."""
    near_perfect = np.ones(100, dtype=int)
    near_perfect[rng.integers(100)] = 0  # 99 of 100 right: the normal interval passes 1
    return [
        ((rng.random(1_000) < 0.9).astype(int), 2_000),
        ((rng.random(400) < 0.8).astype(int), 2_000),
        (near_perfect, 2_000),
    ]


def _check_q5(learner: Any, reference: Any) -> str:
    rng = variant_rng(5)
    for correct, n_resamples in _q5_data(rng):
        n, accuracy = len(correct), float(correct.mean())
        got = call_learner(learner, correct.copy(), n_resamples, 0)
        got = as_array(got, "your interval")
        if got.shape != (2,):
            raise Mistake(f"return two numbers (low, high); yours has shape {got.shape}.")
        low, high = (float(v) for v in got)
        if not (np.isfinite(low) and np.isfinite(high)):
            raise Mistake(f"your interval ({low}, {high}) is not two finite numbers.")
        if low > high:
            raise Mistake(f"your interval ({low:.4f}, {high:.4f}) is reversed: return (low, high).")
        se = np.sqrt(accuracy * (1 - accuracy) / n)
        normal = (accuracy - 1.96 * se, accuracy + 1.96 * se)
        if np.allclose((low, high), normal, rtol=0, atol=1e-6) or low < 0 or high > 1:
            raise Mistake(
                f"for {n} outcomes with accuracy {accuracy:.2f} your interval is ({low:.4f}, "
                f"{high:.4f}), the normal approximation p ± 1.96 sqrt(p(1-p)/n) (it can even pass 1). "
                "The exercise asks for the bootstrap: resample, recompute the accuracy, take percentiles."
            )
        if np.isclose(low, high, rtol=0, atol=1e-9):
            raise Mistake(
                f"your interval has zero width ({low:.4f}, {high:.4f}): every resample gave the same "
                "accuracy. Resampling *without* replacement (a permutation) keeps every example once; "
                "draw n indices *with* replacement (rng.integers(0, n, size=...) or "
                "rng.choice(..., replace=True))."
            )
        if not low <= accuracy <= high:
            raise Mistake(
                f"your interval ({low:.4f}, {high:.4f}) does not contain the measured accuracy "
                f"{accuracy:.4f}."
            )
        if _q5_level_fits(low, n, accuracy, 0.025, n_resamples) and _q5_level_fits(
            high, n, accuracy, 0.975, n_resamples
        ):
            continue
        want_low = _binomial_quantile(0.025, n, accuracy)
        want_high = _binomial_quantile(0.975, n, accuracy)
        ratio = (high - low) / max(want_high - want_low, 1e-12)
        wrong_axis = np.sqrt(n / n_resamples)
        if abs(wrong_axis - 1) > 0.2 and abs(ratio / wrong_axis - 1) < 0.15:
            raise Mistake(
                f"your interval ({low:.4f}, {high:.4f}) is {ratio:.2f} times as wide as the bootstrap "
                f"interval ({want_low:.4f}, {want_high:.4f}) for n = {n}, as if each accuracy "
                f"averaged {n_resamples} draws: the resampling axis is swapped. Draw indices of "
                "shape (n_resamples, n) and average over axis 1 (each resample has n examples)."
            )
        for level, (q_low, q_high) in [("90%", (0.05, 0.95)), ("99%", (0.005, 0.995))]:
            if (
                0.6 < ratio < 1.6
                and _q5_level_fits(low, n, accuracy, q_low, n_resamples)
                and _q5_level_fits(high, n, accuracy, q_high, n_resamples)
                and n >= 400
            ):
                also = (
                    " (or resamples with fewer than n examples, which widen it as much)"
                    if level == "99%"
                    else ""
                )
                raise Mistake(
                    f"your interval ({low:.4f}, {high:.4f}) for n = {n} is as wide as a {level} "
                    f"interval (the {100 * q_low:g}th to {100 * q_high:g}th percentiles){also}; a 95% "
                    "interval keeps the middle 95% of n-example resamples: the 2.5th and 97.5th "
                    "percentiles."
                )
        if ratio > 1.15:
            raise Mistake(
                f"your interval ({low:.4f}, {high:.4f}) is {ratio:.2f} times as wide as the bootstrap "
                f"interval ({want_low:.4f}, {want_high:.4f}) for n = {n}: each resample should have "
                "as many examples as the data (n), no fewer."
            )
        if ratio < 0.87:
            raise Mistake(
                f"your interval ({low:.4f}, {high:.4f}) is only {ratio:.2f} times as wide as the "
                f"bootstrap interval ({want_low:.4f}, {want_high:.4f}) for n = {n}: take the 2.5th "
                "and 97.5th percentiles of the resampled accuracies themselves (each resample n "
                "examples drawn with replacement), not a standard error."
            )
        raise Mistake(
            f"for {n} outcomes with accuracy {accuracy:.4f} and n_resamples = {n_resamples}, a "
            f"percentile bootstrap gives about ({want_low:.4f}, {want_high:.4f}); yours is "
            f"({low:.4f}, {high:.4f}), further off than resampling noise explains. Use the "
            "n_resamples argument, resample with replacement, and take the 2.5th and 97.5th "
            "percentiles."
        )
    return (
        "your percentiles match the exact bootstrap distribution (Binomial(n, p)/n) within "
        "resampling noise; near 100% accuracy the bootstrap stays below 1 where the normal "
        "approximation does not."
    )


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
    if abs(ap - want_ap) > 0.005:
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


# q7 -- McNemar's exact test: is one classifier better than another on the same examples? --------
def mcnemar_p_value(correct_a: np.ndarray, correct_b: np.ndarray) -> float:
    from math import comb

    right_a = np.asarray(correct_a).astype(bool)  # 1 / True where model A is right
    right_b = np.asarray(correct_b).astype(bool)
    b = int(np.sum(right_a & ~right_b))  # A right, B wrong
    c = int(np.sum(~right_a & right_b))  # A wrong, B right
    disagreements = b + c  # only these carry information
    if disagreements == 0:
        return 1.0  # the models never disagree: no evidence either way
    # two-sided: P(a split at least as lopsided) under Binomial(b + c, 1/2), doubled, capped at 1
    tail = sum(comb(disagreements, i) for i in range(min(b, c) + 1)) / 2**disagreements
    return min(1.0, 2 * tail)


def _q7_data(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Pairs of outcome vectors: a clear winner, a close call, b == c, and no disagreement."""
    pairs = []
    # shares of (both right, only A right, only B right, both wrong): a clear winner, a close
    # call, and a small sample
    for n, shares in [
        (300, [0.8, 0.09, 0.03, 0.08]),
        (200, [0.85, 0.05, 0.04, 0.06]),
        (60, [0.7, 0.1, 0.05, 0.15]),
    ]:
        kind = rng.choice(4, size=n, p=shares)
        right_a = np.isin(kind, (0, 1)).astype(int)
        right_b = np.isin(kind, (0, 2)).astype(int)
        pairs.append((right_a, right_b))
    tie_a = np.array([1, 0, 1, 0, 1, 1, 0, 0, 1, 1])  # b = c = 2: p must be capped at 1
    tie_b = np.array([0, 1, 0, 1, 1, 1, 0, 0, 1, 1])
    pairs.append((tie_a, tie_b))
    same = (rng.random(50) < 0.9).astype(int)
    pairs.append((same, same.copy()))  # b + c = 0
    return pairs


def _chi_square_p_values(b: int, c: int) -> list[float]:
    """McNemar's chi-square approximation, with and without the continuity correction."""
    from math import erfc, sqrt

    if b + c == 0:
        return []
    statistics = [(abs(b - c) - 1) ** 2 / (b + c), (b - c) ** 2 / (b + c)]
    return [erfc(sqrt(s / 2)) for s in statistics]  # P(chi-square with 1 dof > s)


def _check_q7(learner: Any, reference: Any) -> str:
    from math import comb

    rng = variant_rng(7)
    for right_a, right_b in _q7_data(rng):
        as_bool = bool(rng.random() < 0.5)  # the prompt allows 0/1 or True/False
        args = (right_a.astype(bool), right_b.astype(bool)) if as_bool else (right_a, right_b)
        got = as_array(call_learner(learner, args[0].copy(), args[1].copy()), "your p-value")
        if got.size != 1:
            raise Mistake(f"return one number (the p-value), not an array of shape {got.shape}.")
        got = float(got.reshape(()))
        want = reference(right_a, right_b)
        b = int(np.sum((right_a == 1) & (right_b == 0)))
        c = int(np.sum((right_a == 0) & (right_b == 1)))
        where = f"with b = {b} (A right, B wrong) and c = {c} (A wrong, B right)"
        if b + c == 0 and not np.isclose(got, 1.0):
            raise Mistake(
                f"when the two models never disagree (b = c = 0) there is no evidence of a "
                f"difference: return p = 1 (yours is {got})."
            )
        if not np.isfinite(got):
            raise Mistake(f"{where} your p-value is {got}; it should be a number in [0, 1].")
        if got > 1 + 1e-9:
            raise Mistake(
                f"{where} your p-value is {got:.4f}, above 1: a probability is capped at 1 "
                "(min(1, 2 x tail)); doubling the tail passes 1 when b and c are close."
            )
        if np.isclose(got, want, rtol=1e-6, atol=1e-9):
            continue
        if b + c > 0:
            tail = sum(comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c)
            if np.isclose(got, tail, rtol=1e-6, atol=1e-12):
                raise Mistake(
                    f"{where} your p-value {got:.4g} is one tail only; the question 'is either "
                    "model better?' is two-sided: double the tail (and cap at 1)."
                )
            if any(np.isclose(got, p, rtol=1e-6) for p in _chi_square_p_values(b, c)):
                raise Mistake(
                    f"{where} your p-value {got:.4g} is the chi-square approximation; the exercise "
                    f"asks for the exact binomial test, {want:.4g} here (the two differ most when "
                    "b + c is small)."
                )
            n = len(right_a)
            k = min(int(right_a.sum()), int(right_b.sum()))
            all_n = min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2**n)
            if np.isclose(got, all_n, rtol=1e-6, atol=1e-12):
                raise Mistake(
                    f"{where} you used all {n} examples; examples where both models are right (or "
                    "both wrong) say nothing about which is better: the binomial has b + c trials."
                )
        raise Mistake(
            f"{where} the exact two-sided p-value is {want:.4g}, but yours is {got:.4g}. Count b "
            "and c, sum C(b + c, i) / 2^(b + c) for i = 0..min(b, c), double, cap at 1."
        )
    return (
        "b and c alone decide the test: how often each model wins when they disagree. A higher "
        "accuracy with p above 0.05 may still be luck."
    )


q7 = Exercise(
    "McNemar's exact test for two classifiers",
    _check_q7,
    hint="b = sum(A right and B wrong), c = sum(A wrong and B right); if b + c == 0 return 1; "
    "tail = sum(math.comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c); "
    "return min(1, 2 * tail).",
    solution=mcnemar_p_value,
    answer_is_function=True,
)
