"""course_utils.metrics against scikit-learn: random inputs, edge cases, and bad input."""

import numpy as np
import pytest
import sklearn.metrics as skm

from course_utils import metrics as cm

RNG = np.random.default_rng(0)


def random_labels(n, k, seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, size=n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, size=n))
    return y_true, y_pred


CASES = {
    "random 10 classes": random_labels(500, 10, 1),
    "random binary": random_labels(300, 2, 2),
    "a class never predicted": (np.array([0, 1, 2, 2, 1, 0]), np.array([0, 1, 1, 1, 1, 0])),
    "a class never true": (np.array([0, 0, 1, 1]), np.array([0, 2, 1, 1])),
    "single class": (np.array([1, 1, 1]), np.array([1, 1, 1])),
    "all wrong": (np.array([0, 1, 0, 1]), np.array([1, 0, 1, 0])),
    "one example": (np.array([3]), np.array([3])),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_accuracy_and_confusion_matrix(case):
    y_true, y_pred = CASES[case]
    assert cm.accuracy_score(y_true, y_pred) == pytest.approx(skm.accuracy_score(y_true, y_pred))
    np.testing.assert_array_equal(
        cm.confusion_matrix(y_true, y_pred), skm.confusion_matrix(y_true, y_pred)
    )


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
def test_precision_recall_f1_multiclass(case, average):
    y_true, y_pred = CASES[case]
    for ours, theirs in [
        (cm.precision_score, skm.precision_score),
        (cm.recall_score, skm.recall_score),
        (cm.f1_score, skm.f1_score),
    ]:
        np.testing.assert_allclose(
            ours(y_true, y_pred, average=average),
            theirs(y_true, y_pred, average=average, zero_division=0),
            err_msg=f"{ours.__name__} average={average}",
        )


@pytest.mark.parametrize("case", ["random binary", "all wrong"])
def test_binary_average(case):
    y_true, y_pred = CASES[case]
    for ours, theirs in [
        (cm.precision_score, skm.precision_score),
        (cm.recall_score, skm.recall_score),
        (cm.f1_score, skm.f1_score),
    ]:
        assert ours(y_true, y_pred) == pytest.approx(theirs(y_true, y_pred, zero_division=0))
        assert ours(y_true, y_pred, pos_label=0) == pytest.approx(
            theirs(y_true, y_pred, pos_label=0, zero_division=0)
        )


def test_binary_average_refuses_several_classes():
    with pytest.raises(ValueError, match="average='macro'"):
        cm.precision_score([0, 1, 2], [0, 1, 2])


def test_classification_report_matches():
    y_true, y_pred = CASES["random 10 classes"]
    ours = cm.classification_report(y_true, y_pred, output_dict=True)
    theirs = skm.classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        if key == "accuracy":
            assert ours[key] == pytest.approx(value)
        else:
            for column, number in value.items():
                assert ours[key][column] == pytest.approx(number), (key, column)
    text = cm.classification_report(y_true, y_pred)
    assert "macro avg" in text and "weighted avg" in text and "accuracy" in text


def random_scores(n, seed, ties=False):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    score = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1)
    return y, np.round(score, 1) if ties else score


@pytest.mark.parametrize("ties", [False, True], ids=["distinct scores", "tied scores"])
def test_curves_and_areas(ties):
    y, score = random_scores(400, 3, ties)
    for ours, theirs in zip(
        cm.roc_curve(y, score), skm.roc_curve(y, score, drop_intermediate=False)
    ):
        np.testing.assert_allclose(ours, theirs)
    for ours, theirs in zip(
        cm.precision_recall_curve(y, score), skm.precision_recall_curve(y, score)
    ):
        np.testing.assert_allclose(ours, theirs)
    assert cm.roc_auc_score(y, score) == pytest.approx(skm.roc_auc_score(y, score))
    assert cm.average_precision_score(y, score) == pytest.approx(
        skm.average_precision_score(y, score)
    )


def test_perfect_and_reversed_scores():
    y = np.array([0, 0, 1, 1])
    assert cm.roc_auc_score(y, [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert cm.roc_auc_score(y, [0.9, 0.8, 0.2, 0.1]) == 0.0


def test_regression_metrics():
    y_true = RNG.normal(size=100)
    y_pred = y_true + RNG.normal(scale=0.5, size=100)
    assert cm.mean_squared_error(y_true, y_pred) == pytest.approx(
        skm.mean_squared_error(y_true, y_pred)
    )
    assert cm.mean_absolute_error(y_true, y_pred) == pytest.approx(
        skm.mean_absolute_error(y_true, y_pred)
    )
    assert cm.root_mean_squared_error(y_true, y_pred) == pytest.approx(
        skm.root_mean_squared_error(y_true, y_pred)
    )
    assert cm.r2_score(y_true, y_pred) == pytest.approx(skm.r2_score(y_true, y_pred))
    assert cm.r2_score([2, 2, 2], [2, 2, 2]) == 1.0


@pytest.mark.parametrize(
    "function, args, error, message",
    [
        (cm.accuracy_score, ([0, 1, 2], [0, 1]), ValueError, "3 labels but y_pred has 2"),
        (cm.accuracy_score, ([], []), ValueError, "empty"),
        (cm.accuracy_score, ([0, 1], [0.5, 1.0]), TypeError, "non-integer values"),
        (cm.accuracy_score, (["a", "b"], ["a", "b"]), TypeError, "integer class labels"),
        (cm.accuracy_score, (np.zeros((2, 3)), [0, 1]), ValueError, "argmax"),
        (cm.f1_score, ([0, 1], [0, 1]), None, None),
        (cm.f1_score, ([0, 1], [0, 1], "bogus"), ValueError, "average must be"),
        (cm.roc_curve, ([0, 1, 1], [0.2, 1.5, 0.3]), ValueError, "probabilities in \\[0, 1\\]"),
        (cm.roc_curve, ([0, 1, 1], [0.2, -0.1, 0.3]), ValueError, "sigmoid"),
        (cm.roc_curve, ([0, 2, 1], [0.2, 0.1, 0.3]), ValueError, "binary"),
        (cm.roc_curve, ([1, 1, 1], [0.2, 0.1, 0.3]), ValueError, "only one class"),
        (cm.precision_recall_curve, ([0, 1], [0.2]), ValueError, "same length"),
        (cm.mean_squared_error, ([1.0, 2.0], [1.0]), ValueError, "same length"),
    ],
)
def test_bad_input(function, args, error, message):
    if error is None:
        function(*args)
        return
    if len(args) == 3:
        with pytest.raises(error, match=message):
            function(args[0], args[1], average=args[2])
        return
    with pytest.raises(error, match=message):
        function(*args)


# --- issue 11: edge cases scikit-learn defines, and inputs it refuses ------------------------
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
@pytest.mark.parametrize("zero_division", [0.0, 1.0, np.nan, "warn"])
def test_zero_division_matches_sklearn(case, average, zero_division):
    import warnings

    y_true, y_pred = CASES[case]
    for ours, theirs in [
        (cm.precision_score, skm.precision_score),
        (cm.recall_score, skm.recall_score),
        (cm.f1_score, skm.f1_score),
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = theirs(y_true, y_pred, average=average, zero_division=zero_division)
            got = ours(y_true, y_pred, average=average, zero_division=zero_division)
        np.testing.assert_allclose(got, expected, err_msg=f"{ours.__name__} {average}")


def test_zero_division_warn_warns_like_sklearn():
    with pytest.warns(cm.UndefinedMetricWarning, match="no predicted samples"):
        assert cm.precision_score([0, 0], [0, 0], zero_division="warn") == 0.0


@pytest.mark.parametrize("value", [5, -1, "nan", True, None])
def test_zero_division_refuses_other_values(value):
    with pytest.raises(ValueError, match="zero_division must be"):
        cm.precision_score([0, 1], [0, 1], zero_division=value)


@pytest.mark.parametrize(
    "labels, error, message",
    [
        (["0", "1", "2"], TypeError, "must be integers"),
        ([5, 6], ValueError, "at least one label must be in y_true"),
        ([], ValueError, "non-empty"),
        ([0, 0], ValueError, "distinct"),
    ],
)
def test_confusion_matrix_bad_labels(labels, error, message):
    with pytest.raises(error, match=message):
        cm.confusion_matrix([0, 1, 2], [0, 2, 2], labels=labels)


def test_confusion_matrix_labels_subset_and_order_match_sklearn():
    y_true, y_pred = [0, 1, 2, 2, 3], [0, 2, 2, 1, 3]
    for labels in ([2, 0], [3, 2, 1, 0], [0, 1, 2, 3, 7]):
        np.testing.assert_array_equal(
            cm.confusion_matrix(y_true, y_pred, labels=labels),
            skm.confusion_matrix(y_true, y_pred, labels=labels),
        )


def test_r2_of_one_sample_is_nan_with_a_warning_like_sklearn():
    with pytest.warns(cm.UndefinedMetricWarning, match="less than two samples"):
        assert np.isnan(cm.r2_score([3.0], [5.0]))
    with pytest.warns(Warning):
        assert np.isnan(skm.r2_score([3.0], [5.0]))


@pytest.mark.parametrize(
    "metric",
    [cm.mean_squared_error, cm.root_mean_squared_error, cm.mean_absolute_error, cm.r2_score],
)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_regression_metrics_refuse_nan_like_sklearn(metric, bad):
    with pytest.raises(ValueError, match="NaN or infinity"):
        metric([1.0, bad, 3.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="NaN or infinity"):
        metric([1.0, 2.0, 3.0], [bad, 2.0, 3.0])
