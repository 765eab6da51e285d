"""Plots the notebooks share. Each returns its matplotlib object so tests can read its data.

Example:
    >>> import numpy as np
    >>> fig = show_images(np.zeros((4, 28, 28)), labels=[0, 1, 2, 3], ncols=4)
    >>> len(fig.axes)
    4
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def _as_image_batch(images: Any) -> np.ndarray:
    array = np.asarray(images)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (3, 4) or (array.ndim == 4 and array.shape[-1] != 3):
        raise ValueError(
            "images must be a batch shaped (n, height, width), (n, height, width, 1) or "
            f"(n, height, width, 3); got shape {array.shape}. For one image use images[None]."
        )
    if array.shape[0] == 0:
        raise ValueError("images is empty: pass at least one image.")
    return array


#: The most images one call draws by default; each is a matplotlib axes, and thousands take
#: minutes to lay out. Pass ``max_images`` to draw more.
MAX_IMAGES = 100


def _cap(n: int, max_images: Any, what: str = "images") -> int:
    """How many of ``n`` items to draw: all, or ``max_images`` with a warning."""
    if not isinstance(max_images, (int, np.integer)) or isinstance(max_images, bool):
        raise TypeError(f"max_images must be a positive int, got {max_images!r}.")
    if max_images < 1:
        raise ValueError(f"max_images must be a positive int, got {max_images!r}.")
    if n > max_images:
        warnings.warn(
            f"showing the first {max_images} of {n:,} {what}: drawing them all would take "
            f"minutes. Pass a slice such as images[:{max_images}], or max_images={n} to draw "
            "them all.",
            UserWarning,
            stacklevel=3,
        )
        return int(max_images)
    return n


def _positive_int(value: Any, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def _floats(values: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be numbers (a list or array), got {type(values).__name__} "
            f"{str(values)[:60]}."
        ) from None


def _check_length(values: Any, n: int, name: str) -> list:
    if values is None:
        return [None] * n
    values = list(np.asarray(values).ravel()) if not isinstance(values, list) else values
    if len(values) != n:
        raise ValueError(
            f"{name} has {len(values)} entries but there are {n} images; pass one per image."
        )
    return values


def show_images(
    images: Any,
    labels: Sequence[Any] | None = None,
    *,
    predictions: Sequence[Any] | None = None,
    ncols: int = 10,
    title: str | None = None,
    size: float = 1.2,
    max_images: int = MAX_IMAGES,
) -> Figure:
    """Show a grid of images with their labels (and predictions, wrong ones in red).

    Args:
        images: batch shaped (n, h, w), (n, h, w, 1) or (n, h, w, 3).
        labels: one label per image, shown above it.
        predictions: one prediction per image; a title turns red where it differs
            from the label.
        ncols: images per row.
        title: figure title.
        size: inches per image.
        max_images: draw at most this many (the first ones), with a warning when
            more are passed: 60,000 panels would take minutes.

    Example:
        >>> fig = show_images(np.zeros((2, 8, 8)), labels=[3, 4], predictions=[3, 5])
        >>> [ax.get_title() for ax in fig.axes]
        ['3', 'pred 5 (true 4)']
    """
    batch = _as_image_batch(images)
    n = len(batch)
    labels = _check_length(labels, n, "labels")
    predictions = _check_length(predictions, n, "predictions")
    ncols = _positive_int(ncols, "ncols")
    if not isinstance(size, (int, float, np.number)) or not 0 < size < 50:
        raise ValueError(f"size must be inches per image, a number in (0, 50), got {size!r}.")
    n = _cap(n, max_images)
    batch, labels, predictions = batch[:n], labels[:n], predictions[:n]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + 0.3), squeeze=False
    )
    for ax in axes.ravel()[n:]:
        ax.remove()
    for ax, image, label, pred in zip(axes.ravel(), batch, labels, predictions):
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if pred is not None and label is not None and not _same_label(pred, label):
            ax.set_title(f"pred {pred} (true {label})", color="tab:red", fontsize=8)
        elif pred is not None:
            ax.set_title(f"{pred}", fontsize=9)
        elif label is not None:
            ax.set_title(f"{label}", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _same_label(a: Any, b: Any) -> bool:
    """Labels are equal also across types: 3, np.int64(3), 3.0 and "3" are one label."""
    try:
        return bool(a == b) or str(a).strip() == str(b).strip() or float(a) == float(b)
    except (TypeError, ValueError):
        return False


def plot_curves(
    x: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    *,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    logx: bool = False,
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Plot several named curves that share one x axis (accuracy vs data size, losses...).

    Example:
        >>> ax = plot_curves([1, 2], {"train": [0.5, 0.2]}, xlabel="epoch", ylabel="loss")
        >>> ax.get_lines()[0].get_label()
        'train'
    """
    xs = _floats(x, "x")
    if xs.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {xs.shape}.")
    if not isinstance(curves, Mapping):
        raise TypeError(
            f"curves must be a dict like {{'train': [...]}}, got {type(curves).__name__}."
        )
    if not curves:
        raise ValueError("curves is empty: pass a dict like {'train': [...], 'validation': [...]}.")
    if ax is None:
        _, ax = plt.subplots()
    for name, values in curves.items():
        ys = _floats(values, f"curve {name!r}")
        if ys.shape != xs.shape:
            raise ValueError(
                f"curve {name!r} has {ys.size} values but x has {xs.size}; they must match."
            )
        ax.plot(xs, ys, marker="o" if xs.size <= 12 else None, label=name)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_function_and_derivative(
    x: Sequence[float],
    values: Sequence[float],
    derivative: Sequence[float],
    *,
    name: str,
    axes: Sequence[Axes] | None = None,
) -> tuple[Axes, Axes]:
    """Plot a function (left) and its derivative (right) over the same inputs.

    Args:
        x: input values, one-dimensional.
        values: f(x), same length as x.
        derivative: f'(x), same length as x.
        name: the function's name, used in the titles.
        axes: two existing axes to draw on; new ones by default.

    Example:
        >>> xs = np.linspace(-3, 3, 7)
        >>> left, right = plot_function_and_derivative(xs, xs**2, 2 * xs, name="square")
        >>> left.get_title(), right.get_title()
        ('square(x)', "square'(x)")
    """
    xs = _floats(x, "x")
    if xs.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {xs.shape}.")
    series = {}
    for label, data in (("values", values), ("derivative", derivative)):
        ys = _floats(data, label)
        if ys.shape != xs.shape:
            raise ValueError(
                f"{label} has shape {ys.shape} but x has shape {xs.shape}; compute one per x."
            )
        series[label] = ys
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3))
    if len(axes) != 2:
        raise ValueError(f"axes must be two matplotlib axes, got {len(axes)}.")
    left, right = axes
    left.plot(xs, series["values"], color="tab:blue")
    left.set_title(f"{name}(x)")
    right.plot(xs, series["derivative"], color="tab:orange")
    right.set_title(f"{name}'(x)")
    for ax in (left, right):
        ax.axhline(0, color="black", linewidth=0.6)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_xlabel("x")
    return left, right


def plot_contour_trajectories(
    function: Any,
    trajectories: Mapping[str, Any],
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | Sequence[float] = 30,
    log_levels: bool = False,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the contour lines of f(x, y) and optimisation paths on top of them.

    Args:
        function: vectorised ``f(X, Y)`` returning an array shaped like ``X``.
        trajectories: ``{name: array of shape (steps, 2)}``, the points each
            optimiser visited, in order.
        xlim, ylim: the window to draw.
        levels: number of contour levels, or the levels themselves.
        log_levels: space the levels logarithmically (for functions like Rosenbrock
            whose values span many orders of magnitude).
        title: axes title.
        ax: existing axes; new ones by default.

    Example:
        >>> path = np.array([[2.0, 2.0], [1.0, 1.0], [0.0, 0.0]])
        >>> ax = plot_contour_trajectories(
        ...     lambda x, y: x**2 + y**2, {"GD": path}, xlim=(-3, 3), ylim=(-3, 3)
        ... )
        >>> ax.get_lines()[0].get_label()
        'GD'
    """
    if not isinstance(trajectories, Mapping):
        raise TypeError(
            "trajectories must be a dict {'name': array of (steps, 2) points}, got "
            f"{type(trajectories).__name__}."
        )
    if not trajectories:
        raise ValueError("trajectories is empty: pass {'name': array of (steps, 2) points}.")
    paths = {}
    for name, points in trajectories.items():
        array = _floats(points, f"trajectory {name!r}")
        if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
            raise ValueError(
                f"trajectory {name!r} must have shape (steps, 2), one (x, y) point per step; "
                f"got {array.shape}."
            )
        paths[name] = array
    for label, limits in (("xlim", xlim), ("ylim", ylim)):
        bounds = _floats(limits, label)
        if bounds.shape != (2,) or not np.all(np.isfinite(bounds)):
            raise ValueError(f"{label} must be two finite numbers (low, high), got {limits!r}.")
        low, high = bounds
        if not low < high:
            raise ValueError(f"{label} must be (low, high) with low < high, got {(low, high)}.")
    grid_x, grid_y = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    heights = np.asarray(function(grid_x, grid_y), dtype=float)
    if heights.shape != grid_x.shape:
        raise ValueError(
            f"function must be vectorised: f(X, Y) returned shape {heights.shape}, "
            f"expected {grid_x.shape}. Use NumPy operations, not math.* functions."
        )
    if log_levels and isinstance(levels, int):
        positive = heights[heights > 0]
        if positive.size == 0 or not np.isfinite(heights.max()):
            raise ValueError(
                "log_levels=True needs positive, finite function values in the window; "
                "use log_levels=False or pass the levels yourself."
            )
        levels = np.logspace(np.log10(positive.min()), np.log10(heights.max()), levels)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    ax.contour(grid_x, grid_y, heights, levels=levels, cmap="viridis", linewidths=0.7)
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1.2, label=name)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.grid(False)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_history(history: Any, metrics: Sequence[str] = ("loss", "accuracy")) -> Figure:
    """Plot training and validation curves from ``model.fit`` (a History or its dict).

    Example:
        >>> fig = plot_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7]}, metrics=["loss"])
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['training', 'validation']
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError("history must be what model.fit returns (a History) or its .history dict.")
    if isinstance(metrics, str):
        metrics = [metrics]
    if not metrics:
        raise ValueError("metrics is empty: pass names such as ['loss', 'accuracy'].")
    metrics = [_keras_name(m, logs) for m in metrics]
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(f"metric(s) {missing} not in the history; it has {sorted(logs)}.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.2), squeeze=False)
    for ax, metric in zip(axes.ravel(), metrics):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], marker=".", label="training")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], marker=".", label="validation")
        ax.set_xlabel("epoch")
        ax.set_title(metric)
        ax.legend()
    fig.tight_layout()
    return fig


#: Keras 2 / Keras 3 spellings of the same metric (Keras 3 logs say "accuracy").
METRIC_ALIASES = {
    "acc": "accuracy",
    "accuracy": "acc",
    "val_acc": "val_accuracy",
    "val_accuracy": "val_acc",
}


def _keras_name(metric: str, logs: Mapping) -> str:
    """``metric``, or its other Keras spelling when only that one is in ``logs``."""
    if metric not in logs and METRIC_ALIASES.get(metric) in logs:
        return METRIC_ALIASES[metric]
    return metric


def _check_probabilities(probabilities: Any, n: int | None = None) -> np.ndarray:
    probs = _floats(probabilities, "probabilities")
    if probs.ndim != 2:
        raise ValueError(f"probabilities must have shape (n, classes), got {probs.shape}.")
    if n is not None and len(probs) != n:
        raise ValueError(f"there are {n} images but {len(probs)} rows of probabilities.")
    if not np.all(np.isfinite(probs)):
        raise ValueError("probabilities contain NaN or infinity; did training diverge?")
    if np.any(probs < 0) or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError(
            "each row of probabilities must be non-negative and sum to 1; if these are "
            "logits, apply keras.activations.softmax (or use a softmax output layer) first."
        )
    return probs


def show_predictions(
    images: Any,
    probabilities: Any,
    labels: Sequence[int],
    *,
    ncols: int = 4,
    max_images: int = 32,
) -> Figure:
    """Each image beside a bar chart of its predicted probabilities.

    The predicted class's bar is blue when it is the true label and red when it is
    not; the true class's bar is outlined in black. ``labels`` are class indices
    0 .. classes - 1 (ints, whole floats or digit strings such as ``"3"``); at most
    ``max_images`` images are drawn (a warning says so).

    Example:
        >>> probs = np.array([[0.1, 0.9], [0.8, 0.2]])
        >>> fig = show_predictions(np.zeros((2, 4, 4)), probs, [1, 1], ncols=2)
        >>> [fig.axes[i].get_title() for i in (0, 2)]
        ['pred 1 (90%) true 1', 'pred 0 (80%) true 1']
    """
    batch = _as_image_batch(images)
    probs = _check_probabilities(probabilities, len(batch))
    labels = _class_indices(_check_length(labels, len(batch), "labels"), probs.shape[1])
    ncols = _positive_int(ncols, "ncols")
    n = _cap(len(batch), max_images)
    batch, probs, labels = batch[:n], probs[:n], labels[:n]
    ncols = min(ncols, len(batch))
    nrows = -(-len(batch) // ncols)
    fig, axes = plt.subplots(nrows, 2 * ncols, figsize=(3.2 * ncols, 1.6 * nrows), squeeze=False)
    for ax in axes.ravel()[2 * len(batch) :]:
        ax.remove()
    classes = np.arange(probs.shape[1])
    for i, (image, p, label) in enumerate(zip(batch, probs, labels)):
        ax_img, ax_bar = axes.ravel()[2 * i], axes.ravel()[2 * i + 1]
        predicted = int(np.argmax(p))
        colour = "tab:blue" if predicted == label else "tab:red"
        ax_img.imshow(image, cmap="gray" if image.ndim == 2 else None)
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        ax_img.grid(False)
        ax_img.set_title(
            f"pred {predicted} ({p[predicted]:.0%}) true {label}", color=colour, fontsize=8
        )
        bars = ax_bar.bar(classes, p, color="lightgray")
        bars[predicted].set_color(colour)
        bars[label].set_edgecolor("black")
        ax_bar.set_ylim(0, 1)
        ax_bar.set_xticks(classes)
        ax_bar.tick_params(labelsize=6)
        ax_bar.set_yticks([])
    fig.tight_layout()
    return fig


def _class_indices(labels: list, n_classes: int) -> list[int]:
    """Labels as class indices 0 .. n_classes - 1, or a clear error."""
    indices = []
    for label in labels:
        try:
            if isinstance(label, bool):
                raise TypeError
            value = float(str(label).strip()) if isinstance(label, str) else float(label)
        except (TypeError, ValueError):
            raise TypeError(
                f"labels must be class indices (whole numbers), got {label!r}; map class "
                "names to their index first."
            ) from None
        if not value.is_integer() or not 0 <= value < n_classes:
            raise ValueError(
                f"label {label!r} is not a class index: with {n_classes} columns of "
                f"probabilities, labels run from 0 to {n_classes - 1}."
            )
        indices.append(int(value))
    return indices


def plot_confusion_matrix(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    *,
    normalize: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Confusion matrix (rows: true class, columns: predicted) via scikit-learn.

    Example:
        >>> ax = plot_confusion_matrix([0, 1, 1], [0, 1, 0])
        >>> ax.get_xlabel()
        'Predicted label'
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    true = np.asarray(y_true)
    pred = np.asarray(y_pred)
    if true.shape != pred.shape or true.ndim != 1:
        raise ValueError(
            f"y_true and y_pred must be 1-D and the same length, got {true.shape} and {pred.shape}."
        )
    if true.size == 0:
        raise ValueError("y_true and y_pred are empty: pass at least one example.")
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(
            f"normalize must be None, 'true' (rows), 'pred' (columns) or 'all', got {normalize!r}."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    ConfusionMatrixDisplay.from_predictions(
        true,
        pred,
        normalize=normalize,
        ax=ax,
        colorbar=False,
        values_format=".2f" if normalize else "d",
    )
    ax.grid(False)
    return ax


def show_filters(kernel: Any, *, ncols: int = 8, title: str | None = None) -> Figure:
    """Show the first-layer filters of a ``Conv2D`` kernel shaped (h, w, in, out).

    Example:
        >>> fig = show_filters(np.zeros((3, 3, 1, 4)), ncols=4)
        >>> len(fig.axes)
        4
    """
    weights = _floats(kernel, "kernel")
    if weights.ndim != 4:
        raise ValueError(
            f"kernel must be a Conv2D kernel shaped (height, width, in_channels, filters), got {weights.shape}."
        )
    filters = np.moveaxis(weights[:, :, 0, :], -1, 0)  # first input channel: (filters, h, w)
    return show_images(
        filters, [f"filter {i}" for i in range(len(filters))], ncols=ncols, title=title
    )


def show_feature_maps(maps: Any, *, ncols: int = 8, title: str | None = None) -> Figure:
    """Show one image's feature maps, shaped (h, w, channels), one panel per channel.

    Example:
        >>> fig = show_feature_maps(np.zeros((5, 5, 3)))
        >>> len(fig.axes)
        3
    """
    array = _floats(maps, "maps")
    if array.ndim != 3:
        raise ValueError(
            f"maps must be one image's feature maps shaped (height, width, channels), got {array.shape}; "
            "for a batch pass maps[0]."
        )
    channels = np.moveaxis(array, -1, 0)
    return show_images(
        channels, [f"channel {i}" for i in range(len(channels))], ncols=ncols, title=title
    )


def plot_roc_pr(
    y_true: Sequence[int],
    y_score: Sequence[float],
    *,
    threshold: float | None = None,
    label: str = "model",
) -> Figure:
    """ROC curve (left) and precision-recall curve (right) for a binary task.

    Curves come from ``course_utils.metrics``; a ``threshold`` is marked on both with
    a dot. The titles give the areas (ROC AUC, average precision).

    Example:
        >>> fig = plot_roc_pr([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], threshold=0.5)
        >>> fig.axes[0].get_title()
        'ROC curve (AUC 0.750)'
    """
    from course_utils import metrics

    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float, np.number))
        or not 0.0 <= threshold <= 1.0
    ):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}.")
    fpr, tpr, _ = metrics.roc_curve(y_true, y_score)
    precision, recall, _ = metrics.precision_recall_curve(y_true, y_score)
    auc = metrics.roc_auc_score(y_true, y_score)
    ap = metrics.average_precision_score(y_true, y_score)
    fig, (ax_roc, ax_pr) = plt.subplots(1, 2, figsize=(9, 3.8))
    ax_roc.plot(fpr, tpr, label=label)
    ax_roc.plot([0, 1], [0, 1], linestyle="--", color="gray", label="chance")
    ax_roc.set_xlabel("false positive rate")
    ax_roc.set_ylabel("true positive rate (recall)")
    ax_roc.set_title(f"ROC curve (AUC {auc:.3f})")
    ax_pr.step(recall, precision, where="post", label=label)
    ax_pr.set_xlabel("recall")
    ax_pr.set_ylabel("precision")
    ax_pr.set_title(f"Precision-recall (AP {ap:.3f})")
    if threshold is not None:
        true = np.asarray(y_true)
        chosen = np.asarray(y_score) >= threshold
        tp = np.sum(chosen & (true == 1))
        point_fpr = np.sum(chosen & (true == 0)) / max(np.sum(true == 0), 1)
        point_recall = tp / max(np.sum(true == 1), 1)
        point_precision = tp / chosen.sum() if chosen.sum() else 1.0
        ax_roc.plot(
            [point_fpr], [point_recall], "o", color="tab:red", label=f"threshold {threshold:.2f}"
        )
        ax_pr.plot(
            [point_recall],
            [point_precision],
            "o",
            color="tab:red",
            label=f"threshold {threshold:.2f}",
        )
    for ax in (ax_roc, ax_pr):
        ax.legend(loc="lower right" if ax is ax_roc else "lower left")
    fig.tight_layout()
    return fig


def format_table(rows: Mapping[str, Mapping[str, Any]], *, digits: int = 4) -> str:
    """A plain-text comparison table: one row per name, one column per key.

    Example:
        >>> print(format_table({"small": {"acc": 0.9, "s": 1.5}, "big": {"acc": 0.95, "s": 4.0}}))
        name    acc      s
        small   0.9000   1.5000
        big     0.9500   4.0000
    """
    if not isinstance(rows, Mapping) or not all(isinstance(r, Mapping) for r in rows.values()):
        raise TypeError(
            "rows must be a dict of dicts: {'name': {'column': value, ...}, ...}; got "
            f"{type(rows).__name__}."
        )
    if not rows:
        raise ValueError("rows is empty: pass {'name': {'column': value, ...}, ...}.")
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 0:
        raise ValueError(f"digits must be a non-negative int, got {digits!r}.")
    columns = list(next(iter(rows.values())).keys())
    for name, row in rows.items():
        if list(row.keys()) != columns:
            raise ValueError(
                f"row {name!r} has columns {list(row.keys())}, expected {columns}; give every row the same columns."
            )

    def cell(value: Any) -> str:
        return f"{value:.{digits}f}" if isinstance(value, (float, np.floating)) else str(value)

    body = [[str(name), *(cell(row[c]) for c in columns)] for name, row in rows.items()]
    header = ["name", *columns]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [
        "   ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip()
        for line in [header, *body]
    ]
    return "\n".join(lines)
