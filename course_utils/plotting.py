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
