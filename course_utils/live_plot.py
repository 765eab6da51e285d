"""A training plot that redraws while a model trains, in Jupyter, and draws once otherwise.

``LivePlot`` takes metric values as training goes (from a hand-written NumPy loop);
``LivePlotCallback`` feeds it from ``model.fit``. In a Jupyter notebook opened by a person
the figure is redrawn in place every ``every`` updates. Run headless (a script, or the
course's tests, which set ``COURSE_HEADLESS=1``) it is drawn once, at the end: redrawing
a figure nobody watches only costs time.

Example:
    >>> plot = LivePlot(["loss"], live=False)
    >>> plot.update(1, loss=0.9)
    >>> plot.update(2, loss=0.5)
    >>> fig = plot.finish()
    >>> fig.axes[0].get_lines()[0].get_ydata().tolist()
    [0.9, 0.5]
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from course_utils.environment import _import_tensorflow_quietly

_import_tensorflow_quietly()  # TensorFlow's C++ start-up lines stay out of the output

import keras  # noqa: E402


def running_in_notebook() -> bool:
    """True inside a Jupyter kernel that a person may be watching.

    Example:
        >>> running_in_notebook()
        False
    """
    if os.environ.get("COURSE_HEADLESS") == "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class LivePlot:
    """Collect metric values per step (or epoch) and plot them, live where useful.

    Args:
        metrics: names of the metrics to plot. Names that differ only by a ``val_``
            prefix share one panel (``loss`` and ``val_loss``).
        xlabel: label of the x axis.
        live: redraw during training; by default only in a watched notebook.
        every: redraw every this many updates (live mode only).
    """

    def __init__(
        self,
        metrics: Sequence[str],
        *,
        xlabel: str = "epoch",
        live: bool | None = None,
        every: int = 1,
    ) -> None:
        if isinstance(metrics, str) or not metrics:
            raise ValueError("metrics must be a list of names, e.g. ['loss', 'accuracy'].")
        metrics = list(metrics)
        if not all(isinstance(m, str) and m for m in metrics):
            raise TypeError(f"metrics must be names (strings), got {metrics!r}.")
        if len(set(metrics)) != len(metrics):
            raise ValueError(f"metrics has a name twice: {metrics!r}.")
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise ValueError(f"every must be a positive int, got {every!r}.")
        self.metrics = list(metrics)
        self.panels = list(dict.fromkeys(m.removeprefix("val_") for m in self.metrics))
        self.xlabel = xlabel
        self.live = running_in_notebook() if live is None else live
        self.every = every
        self.steps: dict[str, list[float]] = {m: [] for m in self.metrics}
        self.values: dict[str, list[float]] = {m: [] for m in self.metrics}
        self.updates = 0
        self._figure: Figure | None = None
        self._handle: Any = None

    def update(self, step: float, **values: float) -> None:
        """Record ``values`` (metric name -> number) at ``step``; redraw when live."""
        if (
            isinstance(step, bool)
            or not isinstance(step, (int, float))
            and not hasattr(step, "__float__")
        ):
            raise TypeError(f"step must be a number (an epoch or step count), got {step!r}.")
        unknown = set(values) - set(self.metrics)
        if unknown:
            raise ValueError(
                f"unknown metric(s) {sorted(unknown)}; this plot shows {self.metrics}."
            )
        for name, value in values.items():
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{name} must be a number, got {value!r} at step {step}.") from None
            if math.isnan(value):
                raise ValueError(f"{name} is NaN at step {step}: training has diverged.")
            self.steps[name].append(float(step))
            self.values[name].append(value)
        self.updates += 1
        if self.live and self.updates % self.every == 0:
            self._show()

    def _draw(self) -> Figure:
        if self._figure is None:
            self._figure, _ = plt.subplots(
                1, len(self.panels), figsize=(4.2 * len(self.panels), 3.2), squeeze=False
            )
            plt.close(self._figure)  # shown explicitly, never twice
        for ax, panel in zip(self._figure.axes, self.panels):
            ax.clear()
            for name in (panel, f"val_{panel}"):
                if name in self.values and self.values[name]:
                    label = "validation" if name.startswith("val_") else "training"
                    ax.plot(self.steps[name], self.values[name], marker=".", label=label)
            ax.set_title(panel)
            ax.set_xlabel(self.xlabel)
            ax.legend()
        self._figure.tight_layout()
        return self._figure

    def _show(self) -> None:
        from IPython.display import display

        figure = self._draw()
        if self._handle is None:
            self._handle = display(figure, display_id=True)
        else:
            self._handle.update(figure)

    def finish(self) -> Figure:
        """Draw the final state (once, when not live) and return the figure."""
        if self.live:
            self._show()
            return self._figure
        figure = self._draw()
        if running_in_ipython():
            from IPython.display import display

            display(figure)
        return figure


def running_in_ipython() -> bool:
    """True inside any IPython shell or kernel (where ``display`` shows figures)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


#: Keras 2 and Keras 3 spellings of the same metric.
_KERAS_ALIASES = {
    "acc": "accuracy",
    "accuracy": "acc",
    "val_acc": "val_accuracy",
    "val_accuracy": "val_acc",
}


class LivePlotCallback(keras.callbacks.Callback):
    """Feed a ``LivePlot`` from ``model.fit``: one point per epoch for each metric.

    Keras 3 logs ``accuracy`` where Keras 2 logged ``acc``: either name finds the other.
    A metric that is not in the logs at all (say ``val_loss`` without validation data)
    raises a ``ValueError`` after the first epoch, naming what the logs do contain.

    Example:
        >>> callback = LivePlotCallback(["loss", "val_loss"], live=False)
        >>> callback.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.6, "accuracy": 0.9})
        >>> callback.plot.values["val_loss"]
        [0.6]
    """

    def __init__(self, metrics: Sequence[str], *, live: bool | None = None) -> None:
        super().__init__()
        self.plot = LivePlot(metrics, xlabel="epoch", live=live)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        values, missing = {}, []
        for metric in self.plot.metrics:
            for name in (metric, _KERAS_ALIASES.get(metric)):
                if name in logs:
                    values[metric] = logs[name]
                    break
            else:
                missing.append(metric)
        if missing and not self.plot.updates:
            hint = (
                " Pass validation_data (or validation_split) to fit for the val_ metrics."
                if any(m.startswith("val_") for m in missing)
                else ""
            )
            raise ValueError(
                f"LivePlotCallback: metric(s) {missing} are not in the training logs, which "
                f"have {sorted(logs)}; name the metrics as the logs do.{hint}"
            )
        self.plot.update(epoch + 1, **values)

    def on_train_end(self, logs: dict | None = None) -> None:
        self.plot.finish()
