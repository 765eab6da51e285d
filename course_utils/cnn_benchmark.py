"""Benchmark: time to 99% test accuracy, keras-io's MNIST convnet against the course's CNN.

Both train in the same run, on the same machine and data (the course's 48,000-image
training split, images scaled to [0, 1]). After every epoch the test accuracy is measured;
evaluation time is not counted as training time. ``make bench`` runs this module and
writes ``bench-results/cnn.md``; it is a measurement, not a test, and takes several minutes
on a 2-core CPU (the keras-io recipe trains for 15 epochs).

It reports *test* accuracy, following the keras-io example and the MNIST speed-run
convention, so that its numbers can be compared with theirs. That is a benchmark of a
recipe fixed in advance, not a way to choose one: notebook 08 chooses the recipe on the
validation split and touches the test set once.

Example:
    >>> callback = TimeToAccuracy(x_test=None, y_test=None, target=0.99)
    >>> callback.reached_at is None
    True
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course_utils.environment import _import_tensorflow_quietly

_import_tensorflow_quietly()  # TensorFlow's C++ start-up lines stay out of the output

import keras  # noqa: E402


class TimeToAccuracy(keras.callbacks.Callback):
    """Record training seconds and test accuracy after each epoch; note when ``target`` is reached."""

    def __init__(
        self, x_test: np.ndarray | None, y_test: np.ndarray | None, target: float = 0.99
    ) -> None:
        super().__init__()
        if (
            isinstance(target, bool)
            or not isinstance(target, (int, float, np.integer, np.floating))
            or not 0 < target <= 1
        ):
            raise ValueError(
                f"target is an accuracy as a fraction in (0, 1], e.g. 0.99 for 99%; got {target!r}."
            )
        self.x_test, self.y_test, self.target = x_test, y_test, float(target)
        self.train_seconds = 0.0
        self.curve: list[tuple[float, float]] = []  # (training seconds, test accuracy)
        self.reached_at: float | None = None
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.train_seconds += time.perf_counter() - self._start
        accuracy = float(
            self.model.evaluate(self.x_test, self.y_test, batch_size=1_000, verbose=0)[1]
        )
        self.curve.append((self.train_seconds, accuracy))
        if self.reached_at is None and accuracy >= self.target:
            self.reached_at = self.train_seconds


@dataclass(frozen=True)
class BenchmarkResult:
    name: str
    epochs: int
    train_seconds: float
    time_to_target: float | None
    final_accuracy: float


def _run(
    name: str, model: keras.Model, epochs: int, batch_size: int, data: tuple, target: float
) -> BenchmarkResult:
    x_train, y_train, x_test, y_test = data
    callback = TimeToAccuracy(x_test, y_test, target)
    model.fit(
        x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[callback]
    )
    for seconds, accuracy in callback.curve:
        print(f"  {name}: {seconds:6.1f} s  test accuracy {accuracy:.4f}", flush=True)
    if not callback.curve:
        raise RuntimeError(f"{name} finished no epoch, so there is nothing to report.")
    return BenchmarkResult(
        name, epochs, callback.train_seconds, callback.reached_at, callback.curve[-1][1]
    )


def run_benchmark(
    target: float = 0.99, seed: int = 42, results: list[BenchmarkResult] | None = None
) -> list[BenchmarkResult]:
    """Train both models and return their results (several minutes on a laptop CPU).

    Each result is appended to ``results`` (a new list by default) as soon as it is
    measured, so a caller keeps the first model's numbers if the second one fails.
    """
    TimeToAccuracy(None, None, target)  # check the target before minutes of training
    from sklearn.model_selection import train_test_split

    from course_utils.data import load_mnist
    from course_utils.environment import setup
    from course_utils.models import compile_fast_cnn, fast_cnn, keras_io_convnet

    setup(seed)
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_tr, _, y_tr, _ = train_test_split(x_train, y_train, test_size=0.2, random_state=42)
    data = (
        x_tr[..., None].astype("float32") / 255.0,
        y_tr,
        x_test[..., None].astype("float32") / 255.0,
        y_test,
    )
    results = [] if results is None else results

    keras.utils.set_random_seed(seed)
    reference = keras_io_convnet()
    reference.compile(
        loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )
    results.append(_run("keras-io convnet", reference, 15, 128, data, target))

    keras.utils.set_random_seed(seed)
    course = fast_cnn()
    compile_fast_cnn(course, n_train=len(y_tr), epochs=4, batch_size=128)
    results.append(_run("course fast CNN", course, 4, 128, data, target))
    return results


def markdown_table(results: list[BenchmarkResult], target: float = 0.99) -> str:
    """The results as a markdown table, with the speed-up of the last row over the first.

    Example:
        >>> rows = [BenchmarkResult("a", 15, 300.0, 120.0, 0.992), BenchmarkResult("b", 4, 20.0, 15.0, 0.991)]
        >>> print(markdown_table(rows).splitlines()[-1])
        Time to 99%: b is 8.0x faster than a.
    """
    if not results:
        raise ValueError("no results to tabulate: the benchmark measured nothing.")
    lines = [
        "Test accuracy after every epoch (the keras-io / speed-run convention; the recipes "
        "were chosen on the validation split, never on these numbers).",
        "",
        f"| model | epochs | training time (s) | time to {target:.0%} test accuracy (s) | final test accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        reached = "not reached" if r.time_to_target is None else f"{r.time_to_target:.1f}"
        lines.append(
            f"| {r.name} | {r.epochs} | {r.train_seconds:.1f} | {reached} | {r.final_accuracy:.4f} |"
        )
    first, last = results[0], results[-1]
    if first.time_to_target and last.time_to_target:
        lines.append("")
        lines.append(
            f"Time to {target:.0%}: {last.name} is {first.time_to_target / last.time_to_target:.1f}x faster than {first.name}."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="also write the markdown table here")
    args = parser.parse_args(argv)
    from course_utils.bench import report

    results: list[BenchmarkResult] = []
    try:
        run_benchmark(results=results)
    except KeyboardInterrupt:
        failure = "interrupted"
    except Exception as exc:  # one clear line, and keep what was measured
        failure = (
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        )
    else:
        failure = None
    if results:
        report(markdown_table(results), args.output)
    if failure:
        kept = f"; the {len(results)} result(s) measured before are above" if results else ""
        print(f"cnn_benchmark: failed ({failure}){kept}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
