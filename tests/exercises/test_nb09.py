"""Notebook 09's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb09
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 09 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda cm, k: nb09.precision_recall_from_confusion(cm, k)[::-1], "swapped"),
        (lambda cm, k: (cm[k, k] / cm.sum(), cm[k, k] / cm.sum()), "off at index"),
        (lambda cm, k: cm[k, k], "return a pair"),
        (lambda cm, k: {"precision": 0.5, "recall": 0.5}, "not a dict"),
    ],
)
def test_nb09_q1_wrong(function, message):
    result = nb09.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda y, p: np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2), "1 minus that"),
        (lambda y, p: 1 - np.mean((y - p) ** 2), "1 - MSE"),
        (lambda y, p: np.corrcoef(y, p)[0, 1], "correlation"),
        (lambda y, p: np.corrcoef(y, p)[0, 1] ** 2, "correlation"),
        (lambda y, p: 1 - np.var(y - p) / np.var(y), "constant bias"),
        (lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum(y**2), "should be"),
    ],
)
def test_nb09_q2_wrong(function, message):
    result = nb09.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (lambda c, r: sum(w in r for w in c) / len(c), "did not clip"),
        (
            lambda c, r: nb09.clipped_unigram_precision(c, r) * len(c) / len(r),
            "not in the reference",
        ),
    ],
)
def test_nb09_q3_wrong(function, message):
    result = nb09.q3.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb09_q2_per_element_r2_gets_a_clear_message():
    result = nb09.q2.evaluate(lambda y, p: 1 - (y - p) ** 2 / (y - y.mean()) ** 2)
    assert result.status == INCORRECT and "one per example" in result.message, result.message


def _r2_tensorflow(y, p):
    import tensorflow as tf

    y, p = tf.constant(y), tf.constant(p)
    return 1 - tf.reduce_sum((y - p) ** 2) / tf.reduce_sum((y - tf.reduce_mean(y)) ** 2)


@pytest.mark.parametrize(
    "function", [_r2_tensorflow, lambda y, p: [nb09.r2(y, p)], lambda y, p: np.array(nb09.r2(y, p))]
)
def test_nb09_q2_right_answers_written_other_ways(function):
    assert nb09.q2.evaluate(function).passed


def test_nb09_q3_set_of_words_is_rejected():
    """Counting each distinct word once ignores repeated words: it must not pass."""
    result = nb09.q3.evaluate(lambda c, r: len(set(c) & set(r)) / len(c))
    assert result.status == INCORRECT and "distinct word" in result.message, result.message


def test_nb09_q3_right_answer_with_a_loop():
    def loop(candidate, reference):
        remaining = list(reference)
        hits = 0
        for word in candidate:
            if word in remaining:
                remaining.remove(word)
                hits += 1
        return hits / len(candidate)

    assert nb09.q3.evaluate(loop).passed


# --- q4: threshold for a target precision ------------------------------------------------
def _too_high(y, s, target):
    return float(np.max(s))


def _first_above_target_recall(y, s, target):
    return float(np.quantile(s, 0.5))


@pytest.mark.parametrize(
    "function, message",
    [
        (_too_high, "lower threshold"),
        (_first_above_target_recall, "below the target"),
        (lambda y, s, t: [0.1, 0.2], "one threshold"),
    ],
)
def test_nb09_q4_wrong(function, message):
    result = nb09.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _threshold_with_sklearn(y, s, target):
    from sklearn.metrics import precision_recall_curve

    precision, _, thresholds = precision_recall_curve(y, s)
    ok = np.flatnonzero(precision[:-1] >= target)
    return float(thresholds[ok[0]]) if len(ok) else float("inf")


def test_nb09_q4_right_answer_with_sklearn():
    result = nb09.q4.evaluate(_threshold_with_sklearn)
    assert result.passed, result.message


# --- q5: bootstrap interval -----------------------------------------------------------------
def _standard_error_only(correct, n_resamples=2000, seed=0):
    correct = np.asarray(correct, dtype=float)
    se = correct.std() / np.sqrt(len(correct))
    return correct.mean() - 0.1 * se, correct.mean() + 0.1 * se


def _bootstrap(percentiles, size=None, replace=True, swap_axes=False):
    """A bootstrap with one typical mistake switched on."""

    def interval(correct, n_resamples=2000, seed=0):
        rng = np.random.default_rng(seed)
        correct = np.asarray(correct, dtype=float)
        n = len(correct)
        if swap_axes:  # n "resamples" of n_resamples draws each
            accuracies = correct[rng.integers(0, n, size=(n, n_resamples))].mean(axis=1)
        elif not replace:  # a permutation keeps every example exactly once
            accuracies = np.array([rng.permutation(correct).mean() for _ in range(n_resamples)])
        else:
            draws = rng.integers(0, n, size=(n_resamples, size or n))
            accuracies = correct[draws].mean(axis=1)
        return tuple(np.percentile(accuracies, percentiles))

    return interval


def _normal_approximation(correct, n_resamples=2000, seed=0):
    p = float(np.mean(correct))
    half = 1.96 * np.sqrt(p * (1 - p) / len(correct))
    return p - half, p + half


def _normal_approximation_z2(correct, n_resamples=2000, seed=0):
    p = float(np.mean(correct))
    half = 2.0 * np.sqrt(p * (1 - p) / len(correct))
    return p - half, p + half


@pytest.mark.parametrize(
    "function, message",
    [
        (_standard_error_only, "not a standard error"),
        (_bootstrap([2.5, 97.5], size=50), "no fewer"),
        (_bootstrap([5, 95]), "90%"),
        (_bootstrap([0.5, 99.5]), "99%"),
        (_bootstrap([2.5, 97.5], replace=False), "without* replacement"),
        (_bootstrap([2.5, 97.5], swap_axes=True), "axis is swapped"),
        (_normal_approximation, "normal approximation"),
        (_normal_approximation_z2, "normal approximation"),
        (lambda c, n_resamples=2000, seed=0: (0.99, 0.5), "reversed"),
        (lambda c, n_resamples=2000, seed=0: (0.0, 0.1), "does not contain"),
        (lambda c, n_resamples=2000, seed=0: 0.9, "two numbers"),
    ],
)
def test_nb09_q5_wrong(function, message):
    result = nb09.q5.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _bootstrap_with_a_loop(correct, n_resamples=2000, seed=0):
    rng = np.random.default_rng(seed + 1)
    correct = np.asarray(correct)
    accs = [np.mean(rng.choice(correct, size=len(correct))) for _ in range(n_resamples)]
    return [np.percentile(accs, 2.5), np.percentile(accs, 97.5)]


def _bootstrap_with_quantile_and_tensor(correct, n_resamples=2000, seed=0):
    import tensorflow as tf

    rng = np.random.default_rng(seed + 7)
    correct = np.asarray(correct, dtype=float)
    draws = rng.choice(correct, size=(n_resamples, len(correct)), replace=True)
    low, high = np.quantile(draws.mean(axis=1), [0.025, 0.975], method="inverted_cdf")
    return tf.constant([low, high])


@pytest.mark.parametrize(
    "function",
    [_bootstrap_with_a_loop, _bootstrap_with_quantile_and_tensor, _bootstrap([2.5, 97.5])],
)
def test_nb09_q5_right_answers_written_other_ways(function):
    result = nb09.q5.evaluate(function)
    assert result.passed, result.message


@pytest.mark.parametrize("seed", range(20))
def test_nb09_q5_correct_bootstraps_pass_whatever_their_seed(seed):
    """The tolerance is sized for resampling noise: a right answer never fails by bad luck."""
    result = nb09.q5.evaluate(
        lambda c, n_resamples=2000, s=0: nb09.bootstrap_interval(c, n_resamples, 1_000 + seed)
    )
    assert result.passed, result.message


def test_nb09_q5_binomial_helpers_match_scipy():
    from scipy.stats import binom

    for n, p in [(100, 0.99), (1_000, 0.9), (400, 0.8), (10, 1.0), (10, 0.0)]:
        for k in (-1, 0, 3, 5.5, 96, 97, 880, 900, n):
            assert np.isclose(nb09._binomial_cdf(k, n, p), binom.cdf(k, n, p), atol=1e-9)
        for q in (0.005, 0.025, 0.975):
            assert np.isclose(nb09._binomial_quantile(q, n, p), binom.ppf(q, n, p) / n)


# --- q6: predict, then check ------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        ((0.5, 0.5), "not 0.5"),
        ((0.01, 0.01), "whatever the class balance"),
        ((0.5, 0.1), "share of positives"),
        ((0.5, 0.02), "share of positives"),
        ({"auc": 0.5}, "not a dict"),
        (0.5, "two numbers"),
    ],
)
def test_nb09_q6_wrong(answer, message):
    result = nb09.q6.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [(0.5, 0.01), [0.5, 0.01], np.array([0.52, 0.012])])
def test_nb09_q6_right_answers_written_other_ways(answer):
    assert nb09.q6.evaluate(answer).passed


# --- issue 11: right answers written other ways; BLEU must clip repeated words ---------------
@pytest.mark.parametrize(
    "function",
    [
        lambda cm, k: np.array(nb09.precision_recall_from_confusion(cm, k)),
        lambda cm, k: list(nb09.precision_recall_from_confusion(cm, k)),
        lambda cm, k: _tensor(nb09.precision_recall_from_confusion(cm, k)),
    ],
)
def test_nb09_q1_other_right_forms(function):
    assert nb09.q1.evaluate(function).passed


def _tensor(value):
    import tensorflow as tf

    return tf.constant(value)


@pytest.mark.parametrize(
    "function",
    [
        lambda c, r: len(set(c) & set(r)) / len(c),  # each distinct word once
        lambda c, r: sum(w in set(r) for w in set(c)) / len(c),
        lambda c, r: len(set(c) & set(r)) / len(set(c)),
        lambda c, r: sum(w in r for w in c) / len(c),  # no clipping at all
    ],
)
def test_nb09_q3_answers_that_ignore_repeated_words_fail(function):
    assert nb09.q3.evaluate(function).status == INCORRECT


def test_nb09_q3_tensor_answer_passes():
    assert nb09.q3.evaluate(lambda c, r: _tensor(nb09.clipped_unigram_precision(c, r))).passed


# --- q7: McNemar's exact test ---------------------------------------------------------------
def _counts(a, b):
    a, b = np.asarray(a).astype(bool), np.asarray(b).astype(bool)
    return int(np.sum(a & ~b)), int(np.sum(~a & b))


def _one_sided(a, b):
    from math import comb

    b_, c = _counts(a, b)
    if b_ + c == 0:
        return 1.0
    return sum(comb(b_ + c, i) for i in range(min(b_, c) + 1)) / 2 ** (b_ + c)


def _not_capped(a, b):
    return 2 * _one_sided(a, b) if sum(_counts(a, b)) else 1.0


def _chi_square(a, b):
    from math import erfc, sqrt

    b_, c = _counts(a, b)
    return 1.0 if b_ + c == 0 else erfc(sqrt((abs(b_ - c) - 1) ** 2 / (b_ + c) / 2))


def _all_examples(a, b):
    from math import comb

    a, b = np.asarray(a).astype(int), np.asarray(b).astype(int)
    n, k = len(a), min(int(a.sum()), int(b.sum()))
    return min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2**n)


def _nan_without_disagreements(a, b):
    b_, c = _counts(a, b)
    return nb09.mcnemar_p_value(a, b) if b_ + c else float("nan")


@pytest.mark.parametrize(
    "function, message",
    [
        (_one_sided, "one tail only"),
        (_not_capped, "capped at 1"),
        (_chi_square, "chi-square approximation"),
        (_all_examples, "you used all"),
        (_nan_without_disagreements, "never disagree"),
        (lambda a, b: [0.1, 0.2], "one number"),
        (lambda a, b: 0.5, "exact two-sided p-value"),
    ],
)
def test_nb09_q7_wrong(function, message):
    result = nb09.q7.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _mcnemar_with_scipy(a, b):
    from scipy.stats import binomtest

    b_, c = _counts(a, b)
    return binomtest(b_, b_ + c, 0.5).pvalue if b_ + c else 1.0


def _mcnemar_with_a_loop_and_tensor(a, b):
    from math import comb

    b_ = c = 0
    for x, y in zip(list(a), list(b)):
        b_ += int(x and not y)
        c += int(y and not x)
    n = b_ + c
    p = 1.0 if n == 0 else min(1.0, 2 * sum(comb(n, i) / 2**n for i in range(min(b_, c) + 1)))
    return _tensor(p)


@pytest.mark.parametrize("function", [_mcnemar_with_scipy, _mcnemar_with_a_loop_and_tensor])
def test_nb09_q7_right_answers_written_other_ways(function):
    result = nb09.q7.evaluate(function)
    assert result.passed, result.message


def test_nb09_q7_worked_example_of_the_prompt():
    assert np.isclose(nb09.mcnemar_p_value([1] * 8 + [0] * 2, [0] * 8 + [1] * 2), 112 / 1024)
