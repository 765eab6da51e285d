"""Plots the notebooks share. Each returns its matplotlib object so tests can read its data.

Example:
    >>> import numpy as np
    >>> fig = show_images(np.zeros((4, 28, 28)), labels=[0, 1, 2, 3], ncols=4)
    >>> len(fig.axes)
    4
"""

from __future__ import annotations

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

    Example:
        >>> fig = show_images(np.zeros((2, 8, 8)), labels=[3, 4], predictions=[3, 5])
        >>> [ax.get_title() for ax in fig.axes]
        ['3', 'pred 5 (true 4)']
    """
    batch = _as_image_batch(images)
    n = len(batch)
    labels = _check_length(labels, n, "labels")
    predictions = _check_length(predictions, n, "predictions")
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}.")
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
        if pred is not None and label is not None and pred != label:
            ax.set_title(f"pred {pred} (true {label})", color="tab:red", fontsize=8)
        elif pred is not None:
            ax.set_title(f"{pred}", fontsize=9)
        elif label is not None:
            ax.set_title(f"{label}", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


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
    xs = np.asarray(x, dtype=float)
    if xs.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {xs.shape}.")
    if not curves:
        raise ValueError("curves is empty: pass a dict like {'train': [...], 'validation': [...]}.")
    if ax is None:
        _, ax = plt.subplots()
    for name, values in curves.items():
        ys = np.asarray(values, dtype=float)
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
    xs = np.asarray(x, dtype=float)
    if xs.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {xs.shape}.")
    series = {}
    for label, data in (("values", values), ("derivative", derivative)):
        ys = np.asarray(data, dtype=float)
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
    if not trajectories:
        raise ValueError("trajectories is empty: pass {'name': array of (steps, 2) points}.")
    paths = {}
    for name, points in trajectories.items():
        array = np.asarray(points, dtype=float)
        if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
            raise ValueError(
                f"trajectory {name!r} must have shape (steps, 2), one (x, y) point per step; "
                f"got {array.shape}."
            )
        paths[name] = array
    for label, (low, high) in (("xlim", xlim), ("ylim", ylim)):
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
