"""Classification and regression metrics written from scratch in NumPy.

They follow scikit-learn's signatures and results (the tests compare them on random and
edge-case inputs); notebook 09 explains each one. Inputs are checked: mismatched lengths,
empty arrays, non-integer labels and probabilities outside [0, 1] raise a clear error.

Example:
    >>> precision_score([1, 0, 1, 1], [1, 1, 1, 0])
    0.6666666666666666
    >>> f1_score([0, 1, 2, 2], [0, 2, 2, 2], average="macro")
    0.6
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

AVERAGES = ("binary", "micro", "macro", "weighted")


class UndefinedMetricWarning(UserWarning):
    """A metric is 0 / 0 for some class and was set to ``zero_division`` (as in scikit-learn)."""


# --- input checks ------------------------------------------------------------------------------
def _as_float_array(values: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be numbers (a list or array of floats), got {type(values).__name__} "
            f"{str(values)[:60]}."
        ) from None


def _labels_pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = np.asarray(y_true), np.asarray(y_pred)
    if true.ndim != 1 or pred.ndim != 1:
        raise ValueError(
            f"y_true and y_pred must be 1-D arrays of labels, got shapes {true.shape} and {pred.shape}; "
            "for probabilities, take argmax(axis=1) first."
        )
    if len(true) != len(pred):
        raise ValueError(
            f"y_true has {len(true)} labels but y_pred has {len(pred)}; they must match one to one."
        )
    if len(true) == 0:
        raise ValueError("y_true and y_pred are empty: a metric needs at least one example.")
    for name, array in (("y_true", true), ("y_pred", pred)):
        if array.dtype.kind == "f":
            if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
                raise TypeError(
                    f"{name} must hold class labels (integers), but it has non-integer values such as "
                    f"{array[array != np.round(array)][:3].tolist()}. For probabilities use argmax or a threshold."
                )
        elif array.dtype.kind not in "iub":
            raise TypeError(f"{name} must hold integer class labels, got dtype {array.dtype}.")
    return true.astype(np.int64), pred.astype(np.int64)


def _binary_scores(y_true: Any, y_score: Any) -> tuple[np.ndarray, np.ndarray]:
    true = np.asarray(y_true)
    score = _as_float_array(y_score, "y_score")
    if true.ndim != 1 or score.ndim != 1 or len(true) != len(score):
        raise ValueError(
            f"y_true and y_score must be 1-D and the same length, got shapes {true.shape} and {score.shape}."
        )
    if len(true) == 0:
        raise ValueError("y_true and y_score are empty: a curve needs at least one example.")
    if not np.all(np.isin(true, (0, 1))):
        raise ValueError(
            "y_true must be binary (0 or 1); for several classes, compare one class against the rest."
        )
    if np.any(np.isnan(score)) or score.min() < 0 or score.max() > 1:
        raise ValueError(
            "y_score must be probabilities in [0, 1]; got values from "
            f"{np.nanmin(score):.3g} to {np.nanmax(score):.3g}. Apply a sigmoid or softmax to raw scores first."
        )
    if true.min() == true.max():
        raise ValueError(
            "y_true contains only one class; ROC and precision-recall curves need both 0s and 1s."
        )
    return true.astype(np.int64), score


# --- classification ----------------------------------------------------------------------------------
def accuracy_score(y_true: Sequence[int], y_pred: Sequence[int]) -> float:
    """Fraction of predictions equal to the true label.

    Example:
        >>> accuracy_score([0, 1, 2, 2], [0, 2, 2, 2])
        0.75
    """
    true, pred = _labels_pair(y_true, y_pred)
    return float(np.mean(true == pred))


def confusion_matrix(
    y_true: Sequence[int], y_pred: Sequence[int], *, labels: Sequence[int] | None = None
) -> np.ndarray:
    """Counts C[i, j] of examples of true class labels[i] predicted as labels[j].

    Example:
        >>> confusion_matrix([0, 1, 1], [0, 1, 0]).tolist()
        [[1, 0], [1, 1]]
    """
    true, pred = _labels_pair(y_true, y_pred)
    if labels is None:
        classes = np.unique(np.concatenate([true, pred]))
    else:
        classes = _check_labels(labels, true)
    index = {label: i for i, label in enumerate(classes.tolist())}
    matrix = np.zeros((len(classes), len(classes)), dtype=np.int64)
    for t, p in zip(true.tolist(), pred.tolist()):
        if t in index and p in index:
            matrix[index[t], index[p]] += 1
    return matrix


def _check_labels(labels: Any, true: np.ndarray) -> np.ndarray:
    """``labels`` as scikit-learn accepts them: distinct integers, at least one in y_true."""
    classes = np.asarray(labels)
    if classes.ndim != 1 or classes.size == 0:
        raise ValueError(
            f"labels must be a non-empty list of class labels, e.g. [0, 1, 2]; got {labels!r}."
        )
    if classes.dtype.kind == "f" and np.all(np.isfinite(classes)):
        if np.all(classes == np.round(classes)):
            classes = classes.astype(np.int64)
    if classes.dtype.kind not in "iub":
        raise TypeError(
            f"labels must be integers like the labels in y_true, got {classes.tolist()[:5]} "
            f"(dtype {classes.dtype}); e.g. labels=[0, 1, 2], not ['0', '1', '2']."
        )
    if len(np.unique(classes)) != len(classes):
        raise ValueError(f"labels must be distinct, got {classes.tolist()}.")
    if not np.any(np.isin(classes, true)):
        raise ValueError(
            f"none of labels {classes.tolist()[:10]} occurs in y_true (which has "
            f"{np.unique(true).tolist()[:10]}); at least one label must be in y_true."
        )
    return classes.astype(np.int64)


def _per_class_counts(
    true: np.ndarray, pred: np.ndarray, classes: np.ndarray
) -> tuple[np.ndarray, ...]:
    tp = np.array([np.sum((pred == c) & (true == c)) for c in classes], dtype=float)
    predicted = np.array([np.sum(pred == c) for c in classes], dtype=float)
    actual = np.array([np.sum(true == c) for c in classes], dtype=float)
    return tp, predicted, actual


def _check_zero_division(zero_division: Any) -> float:
    """The value a 0 / 0 takes: 0.0, 1.0, NaN or "warn" (0.0 with a warning), as in scikit-learn."""
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if (
        isinstance(zero_division, (int, float, np.integer, np.floating))
        and not isinstance(zero_division, bool)
        and (math.isnan(zero_division) or zero_division in (0, 1))
    ):
        return float(zero_division)
    raise ValueError(
        f'zero_division must be "warn", 0.0, 1.0 or np.nan (the value a 0 / 0 takes), '
        f"got {zero_division!r}."
    )


def _divide(numerator: np.ndarray, denominator: np.ndarray, zero_division: float) -> np.ndarray:
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, zero_division, numerator / safe)


def _mean(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Average that skips NaN entries (zero_division=np.nan), as scikit-learn does."""
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    if weights is None:
        return float(values[keep].mean())
    total = weights[keep].sum()
    return float(values[keep] @ weights[keep] / total) if total else 0.0


def precision_recall_fscore(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    *,
    average: str | None = "binary",
    pos_label: int = 1,
    zero_division: float | str = 0.0,
    warn_for: Sequence[str] = ("precision", "recall", "f-score"),
) -> tuple[Any, Any, Any, Any]:
    """Precision, recall, F1 and support, per class (``average=None``) or averaged.

    ``binary`` scores the ``pos_label`` class only; ``micro`` pools all counts; ``macro``
    averages the per-class scores; ``weighted`` averages them weighted by support. A
    0 / 0 (a class never predicted, or absent) counts as ``zero_division``: 0.0, 1.0,
    ``np.nan`` (left out of the averages) or ``"warn"`` (0.0 and an
    ``UndefinedMetricWarning`` naming the metrics in ``warn_for``), as in scikit-learn.

    Example:
        >>> precision_recall_fscore([0, 1, 1, 1], [0, 1, 0, 0])[:3]
        (1.0, 0.3333333333333333, 0.5)
    """
    if not (average is None or isinstance(average, str)) or average not in (*AVERAGES, None):
        raise ValueError(f"average must be one of {AVERAGES} or None, got {average!r}.")
    zero_value = _check_zero_division(zero_division)
    true, pred = _labels_pair(y_true, y_pred)
    classes = np.unique(np.concatenate([true, pred]))
    if average == "binary":
        if len(classes) > 2 or (len(classes) == 2 and pos_label not in classes):
            raise ValueError(
                f"average='binary' needs two classes including pos_label={pos_label}, found {classes.tolist()}; "
                "use average='macro', 'micro' or 'weighted' for several classes."
            )
        classes = np.array([pos_label])
    tp, predicted, actual = _per_class_counts(true, pred, classes)
    if average == "micro":
        tp, predicted, actual = (
            tp.sum(keepdims=True),
            predicted.sum(keepdims=True),
            actual.sum(keepdims=True),
        )
    precision = _divide(tp, predicted, zero_value)
    recall = _divide(tp, actual, zero_value)
    f1 = _divide(2 * tp, predicted + actual, zero_value)
    if isinstance(zero_division, str):
        for metric, denominator, cause in (
            ("precision", predicted, "no predicted samples"),
            ("recall", actual, "no true samples"),
            ("f-score", predicted + actual, "no true nor predicted samples"),
        ):
            if metric in warn_for and np.any(denominator == 0):
                warnings.warn(
                    f"{metric.capitalize()} is ill-defined and being set to 0.0 due to {cause}. "
                    "Use the `zero_division` parameter to control this behavior.",
                    UndefinedMetricWarning,
                    stacklevel=3,
                )
    if average is None:
        return precision, recall, f1, actual.astype(np.int64)
    if average == "weighted":
        if not actual.sum():
            return 0.0, 0.0, 0.0, None
        return _mean(precision, actual), _mean(recall, actual), _mean(f1, actual), None
    return _mean(precision), _mean(recall), _mean(f1), None


def precision_score(y_true: Sequence[int], y_pred: Sequence[int], **kwargs: Any) -> Any:
    """Of the examples predicted positive, the fraction that are positive: TP / (TP + FP).

    Example:
        >>> precision_score([1, 0, 1], [1, 1, 1])
        0.6666666666666666
    """
    kwargs.setdefault("warn_for", ("precision",))
    return precision_recall_fscore(y_true, y_pred, **kwargs)[0]


def recall_score(y_true: Sequence[int], y_pred: Sequence[int], **kwargs: Any) -> Any:
    """Of the positive examples, the fraction found: TP / (TP + FN).

    Example:
        >>> recall_score([1, 0, 1], [1, 1, 0])
        0.5
    """
    kwargs.setdefault("warn_for", ("recall",))
    return precision_recall_fscore(y_true, y_pred, **kwargs)[1]


def f1_score(y_true: Sequence[int], y_pred: Sequence[int], **kwargs: Any) -> Any:
    """Harmonic mean of precision and recall: 2 TP / (2 TP + FP + FN).

    Example:
        >>> round(f1_score([1, 0, 1], [1, 1, 0]), 4)
        0.5
    """
    kwargs.setdefault("warn_for", ("f-score",))
    return precision_recall_fscore(y_true, y_pred, **kwargs)[2]


def classification_report(
    y_true: Sequence[int], y_pred: Sequence[int], *, digits: int = 2, output_dict: bool = False
) -> str | dict:
    """Per-class precision, recall, F1 and support, plus accuracy and macro / weighted averages.

    Example:
        >>> classification_report([0, 1, 1], [0, 1, 0], output_dict=True)["accuracy"]
        0.6666666666666666
    """
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 0:
        raise ValueError(f"digits must be a non-negative int, got {digits!r}.")
    true, pred = _labels_pair(y_true, y_pred)
    classes = np.unique(np.concatenate([true, pred]))
    p, r, f, s = precision_recall_fscore(true, pred, average=None)
    report: dict[str, Any] = {}
    for c, pc, rc, fc, sc in zip(classes.tolist(), p, r, f, s):
        report[str(c)] = {
            "precision": float(pc),
            "recall": float(rc),
            "f1-score": float(fc),
            "support": float(sc),
        }
    report["accuracy"] = accuracy_score(true, pred)
    for average in ("macro", "weighted"):
        pa, ra, fa, _ = precision_recall_fscore(true, pred, average=average)
        report[f"{average} avg"] = {
            "precision": pa,
            "recall": ra,
            "f1-score": fa,
            "support": float(len(true)),
        }
    if output_dict:
        return report
    width = max(len("weighted avg"), *(len(str(c)) for c in classes))
    lines = [f"{'':>{width}} {'precision':>9} {'recall':>9} {'f1-score':>9} {'support':>9}", ""]
    for key, row in report.items():
        if key == "accuracy":
            lines.append("")
            lines.append(f"{'accuracy':>{width}} {'':>9} {'':>9} {row:>9.{digits}f} {len(true):>9}")
            continue
        lines.append(
            f"{key:>{width}} {row['precision']:>9.{digits}f} {row['recall']:>9.{digits}f} "
            f"{row['f1-score']:>9.{digits}f} {int(row['support']):>9}"
        )
    return "\n".join(lines)


# --- curves --------------------------------------------------------------------------------------------
def _cumulative_counts(
    true: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(score, kind="mergesort")[::-1]
    score, true = score[order], true[order]
    last_of_each = np.r_[
        np.flatnonzero(np.diff(score)), len(score) - 1
    ]  # one point per distinct score
    tps = np.cumsum(true)[last_of_each].astype(float)
    fps = (last_of_each + 1) - tps
    return tps, fps, score[last_of_each]


def roc_curve(
    y_true: Sequence[int], y_score: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False and true positive rates at every threshold (scikit-learn with ``drop_intermediate=False``).

    The first threshold is ``inf`` (nothing predicted positive), then each distinct score
    in decreasing order.

    Example:
        >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> tpr.tolist()
        [0.0, 0.5, 0.5, 1.0, 1.0]
    """
    true, score = _binary_scores(y_true, y_score)
    tps, fps, thresholds = _cumulative_counts(true, score)
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return fpr, tpr, np.r_[np.inf, thresholds]


def roc_auc_score(y_true: Sequence[int], y_score: Sequence[float]) -> float:
    """Area under the ROC curve (trapezoidal rule): the probability that a random positive
    is scored above a random negative.

    Example:
        >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        0.75
    """
    fpr, tpr, _ = roc_curve(y_true, y_score)
    return float(np.trapezoid(tpr, fpr))


def precision_recall_curve(
    y_true: Sequence[int], y_score: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall at each threshold, as scikit-learn returns them: thresholds
    increasing, and a final point (precision 1, recall 0) with no threshold.

    Example:
        >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> p.round(3).tolist(), r.tolist()
        ([0.5, 0.667, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0])
    """
    true, score = _binary_scores(y_true, y_score)
    tps, fps, thresholds = _cumulative_counts(true, score)
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision_score(y_true: Sequence[int], y_score: Sequence[float]) -> float:
    """Area under the precision-recall curve as a step function: sum of (R_n - R_n-1) P_n.

    Example:
        >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
        0.8333
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score)
    return float(-np.sum(np.diff(recall) * precision[:-1]))


# --- regression ----------------------------------------------------------------------------------------
def _regression_pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _as_float_array(y_true, "y_true"), _as_float_array(y_pred, "y_pred")
    if true.shape != pred.shape or true.ndim != 1:
        raise ValueError(
            f"y_true and y_pred must be 1-D and the same length, got {true.shape} and {pred.shape}."
        )
    if len(true) == 0:
        raise ValueError("y_true and y_pred are empty: a metric needs at least one example.")
    for name, array in (("y_true", true), ("y_pred", pred)):
        if not np.all(np.isfinite(array)):
            raise ValueError(
                f"{name} contains NaN or infinity (as scikit-learn, these metrics refuse it); "
                "drop those examples or find where the model diverged."
            )
    return true, pred


def mean_squared_error(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean of squared errors.

    Example:
        >>> mean_squared_error([1, 2, 3], [1, 2, 5])
        1.3333333333333333
    """
    true, pred = _regression_pair(y_true, y_pred)
    return float(np.mean((pred - true) ** 2))


def root_mean_squared_error(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Square root of the MSE, in the target's units.

    Example:
        >>> root_mean_squared_error([0, 0], [3, 3])
        3.0
    """
    return float(np.sqrt(mean_squared_error(y_true, y_pred)))


def mean_absolute_error(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean of absolute errors.

    Example:
        >>> mean_absolute_error([1, 2, 3], [1, 2, 5])
        0.6666666666666666
    """
    true, pred = _regression_pair(y_true, y_pred)
    return float(np.mean(np.abs(pred - true)))


def r2_score(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Coefficient of determination: 1 - SSE / SST; 1 is perfect, 0 is "predict the mean".

    As in scikit-learn, one example gives NaN with an ``UndefinedMetricWarning`` (R² needs
    a spread of y_true), and a constant y_true gives 1.0 if predicted exactly, else 0.0.

    Example:
        >>> r2_score([1, 2, 3], [1, 2, 3])
        1.0
    """
    true, pred = _regression_pair(y_true, y_pred)
    if len(true) < 2:
        warnings.warn(
            "R^2 score is not well-defined with less than two samples.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return float("nan")
    sst = np.sum((true - true.mean()) ** 2)
    sse = np.sum((true - pred) ** 2)
    if sst == 0:
        return 1.0 if sse == 0 else 0.0
    return float(1 - sse / sst)
