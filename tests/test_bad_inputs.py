"""Bad inputs to every public function of course_utils: each ends in a clear error.

A clear error is a ``ValueError`` / ``TypeError`` (or the package's own ``DataFileError``,
or ``FileNotFoundError`` for a missing file) whose message says what was expected. No
silent wrong result, no deep traceback from inside a library.

The cases are one table: to add one, add one line ``case(id, call, error, message)``,
where ``call`` is a function of no arguments and ``message`` a regular expression the
error's text must match.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import data, demo_class, environment, metrics, plotting, progress_record
from course_utils.exercises import core


def case(name, call, error, message):
    return pytest.param(call, error, message, id=name)


def _live_plot():
    from course_utils.live_plot import LivePlot

    return LivePlot


def _models():
    from course_utils import models

    return models


def _cnn():
    from course_utils import cnn_benchmark

    return cnn_benchmark


def _bench():
    from course_utils import bench

    return bench


IMAGES = np.zeros((2, 4, 4))
PROBS = np.array([[0.1, 0.9], [0.8, 0.2]])
MISSING = Path("/nonexistent/course/mnist.npz")

# fmt: off
CASES = [
    # --- data ------------------------------------------------------------------------------
    case("load_mnist missing path", lambda: data.load_mnist(MISSING), FileNotFoundError, "not found"),
    case("load_mnist folder", lambda: data.load_mnist(Path("/")), FileNotFoundError, "existing mnist"),
    case("sha256_of missing", lambda: data.sha256_of(MISSING), FileNotFoundError, "mnist.npz"),
    case("verify missing", lambda: data.verify_mnist_file(MISSING), FileNotFoundError, "mnist"),
    # --- environment ---------------------------------------------------------------------------
    case("setup seed -1", lambda: environment.setup(seed=-1), TypeError, "non-negative int"),
    case("setup seed str", lambda: environment.setup(seed="42"), TypeError, "non-negative int"),
    case("read_requirements missing", lambda: environment.read_requirements(MISSING), FileNotFoundError, "mnist"),
    # --- metrics: labels ---------------------------------------------------------------------
    case("accuracy lengths", lambda: metrics.accuracy_score([0, 1], [0]), ValueError, "must match"),
    case("accuracy empty", lambda: metrics.accuracy_score([], []), ValueError, "empty"),
    case("accuracy 2-D", lambda: metrics.accuracy_score(PROBS, PROBS), ValueError, "argmax"),
    case("accuracy floats", lambda: metrics.accuracy_score([0.5], [1]), TypeError, "integers"),
    case("accuracy strings", lambda: metrics.accuracy_score(["a"], ["a"]), TypeError, "integer class labels"),
    case("accuracy NaN", lambda: metrics.accuracy_score([np.nan], [1]), TypeError, "integers"),
    case("confusion labels str", lambda: metrics.confusion_matrix([0, 1, 2], [0, 2, 2], labels=["0", "1", "2"]), TypeError, "must be integers"),
    case("confusion labels absent", lambda: metrics.confusion_matrix([0, 1], [0, 1], labels=[5, 6]), ValueError, "must be in y_true"),
    case("confusion labels empty", lambda: metrics.confusion_matrix([0, 1], [0, 1], labels=[]), ValueError, "non-empty"),
    case("confusion labels 2-D", lambda: metrics.confusion_matrix([0, 1], [0, 1], labels=[[0, 1]]), ValueError, "non-empty list"),
    case("precision average", lambda: metrics.precision_score([0, 1], [0, 1], average="mean"), ValueError, "average must be"),
    case("precision average list", lambda: metrics.precision_score([0, 1], [0, 1], average=["macro"]), ValueError, "average must be"),
    case("precision zero_division 5", lambda: metrics.precision_score([0, 1], [0, 1], zero_division=5), ValueError, "zero_division must be"),
    case("precision zero_division str", lambda: metrics.precision_score([0, 1], [0, 1], zero_division="0"), ValueError, "zero_division must be"),
    case("precision binary 3 classes", lambda: metrics.precision_score([0, 1, 2], [0, 1, 2]), ValueError, "macro"),
    case("recall lengths", lambda: metrics.recall_score([0, 1], [0, 1, 1]), ValueError, "must match"),
    case("f1 strings", lambda: metrics.f1_score(["1"], ["1"]), TypeError, "integer class labels"),
    case("prfs zero_division", lambda: metrics.precision_recall_fscore([0, 1], [0, 1], zero_division=-1), ValueError, "zero_division"),
    case("report digits", lambda: metrics.classification_report([0, 1], [0, 1], digits=-2), ValueError, "digits"),
    case("report empty", lambda: metrics.classification_report([], []), ValueError, "empty"),
    # --- metrics: curves -----------------------------------------------------------------------
    case("roc one class", lambda: metrics.roc_curve([1, 1], [0.2, 0.9]), ValueError, "only one class"),
    case("roc scores > 1", lambda: metrics.roc_curve([0, 1], [0.2, 3.0]), ValueError, "probabilities"),
    case("roc NaN score", lambda: metrics.roc_auc_score([0, 1], [np.nan, 0.5]), ValueError, "probabilities"),
    case("roc text scores", lambda: metrics.roc_auc_score([0, 1], ["a", "b"]), TypeError, "numbers"),
    case("roc labels 2", lambda: metrics.roc_auc_score([0, 2], [0.1, 0.5]), ValueError, "binary"),
    case("pr lengths", lambda: metrics.precision_recall_curve([0, 1], [0.5]), ValueError, "same length"),
    case("ap empty", lambda: metrics.average_precision_score([], []), ValueError, "empty"),
    # --- metrics: regression --------------------------------------------------------------------
    case("mse NaN", lambda: metrics.mean_squared_error([1.0, np.nan], [1.0, 2.0]), ValueError, "NaN"),
    case("rmse inf", lambda: metrics.root_mean_squared_error([1.0, 2.0], [np.inf, 2.0]), ValueError, "infinity"),
    case("mae text", lambda: metrics.mean_absolute_error(["a"], [1.0]), TypeError, "numbers"),
    case("r2 NaN", lambda: metrics.r2_score([1.0, np.nan], [1.0, 2.0]), ValueError, "NaN"),
    case("r2 shapes", lambda: metrics.r2_score([1.0, 2.0], [1.0]), ValueError, "same length"),
    case("r2 empty", lambda: metrics.r2_score([], []), ValueError, "empty"),
    # --- plotting ------------------------------------------------------------------------------
    case("show_images one image", lambda: plotting.show_images(np.zeros((4, 4))), ValueError, r"images\[None\]"),
    case("show_images empty", lambda: plotting.show_images(np.zeros((0, 4, 4))), ValueError, "empty"),
    case("show_images labels", lambda: plotting.show_images(IMAGES, [1]), ValueError, "one per image"),
    case("show_images ncols", lambda: plotting.show_images(IMAGES, ncols=0), ValueError, "ncols"),
    case("show_images size", lambda: plotting.show_images(IMAGES, size=-1), ValueError, "size"),
    case("show_images max_images", lambda: plotting.show_images(IMAGES, max_images=0), ValueError, "max_images"),
    case("show_images max_images str", lambda: plotting.show_images(IMAGES, max_images="5"), TypeError, "max_images"),
    case("plot_curves empty", lambda: plotting.plot_curves([1], {}, xlabel="x", ylabel="y"), ValueError, "empty"),
    case("plot_curves list", lambda: plotting.plot_curves([1], [[1]], xlabel="x", ylabel="y"), TypeError, "dict"),
    case("plot_curves lengths", lambda: plotting.plot_curves([1, 2], {"a": [1]}, xlabel="x", ylabel="y"), ValueError, "must match"),
    case("plot_curves text", lambda: plotting.plot_curves([1], {"a": ["b"]}, xlabel="x", ylabel="y"), TypeError, "numbers"),
    case("derivative shape", lambda: plotting.plot_function_and_derivative([1, 2], [1, 2], [1], name="f"), ValueError, "one per x"),
    case("derivative x 2-D", lambda: plotting.plot_function_and_derivative([[1]], [1], [1], name="f"), ValueError, "one-dimensional"),
    case("contour empty", lambda: plotting.plot_contour_trajectories(np.add, {}, xlim=(0, 1), ylim=(0, 1)), ValueError, "empty"),
    case("contour path shape", lambda: plotting.plot_contour_trajectories(np.add, {"a": [1, 2, 3]}, xlim=(0, 1), ylim=(0, 1)), ValueError, r"\(steps, 2\)"),
    case("contour xlim order", lambda: plotting.plot_contour_trajectories(np.add, {"a": [[0, 0]]}, xlim=(1, 0), ylim=(0, 1)), ValueError, "low < high"),
    case("contour xlim text", lambda: plotting.plot_contour_trajectories(np.add, {"a": [[0, 0]]}, xlim="ab", ylim=(0, 1)), TypeError, "xlim"),
    case("contour not vectorised", lambda: plotting.plot_contour_trajectories(lambda x, y: 1.0, {"a": [[0, 0]]}, xlim=(0, 1), ylim=(0, 1)), ValueError, "vectorised"),
    case("contour log levels", lambda: plotting.plot_contour_trajectories(lambda x, y: -x - y - 1, {"a": [[0, 0]]}, xlim=(0, 1), ylim=(0, 1), log_levels=True), ValueError, "positive"),
    case("plot_history list", lambda: plotting.plot_history([1, 2]), TypeError, "History"),
    case("plot_history missing", lambda: plotting.plot_history({"loss": [1]}, metrics=["f1"]), ValueError, "not in the history"),
    case("plot_history empty metrics", lambda: plotting.plot_history({"loss": [1]}, metrics=[]), ValueError, "empty"),
    case("show_predictions label 2", lambda: plotting.show_predictions(IMAGES, PROBS, [2, 0]), ValueError, "0 to 1"),
    case("show_predictions label -1", lambda: plotting.show_predictions(IMAGES, PROBS, [-1, 0]), ValueError, "0 to 1"),
    case("show_predictions label text", lambda: plotting.show_predictions(IMAGES, PROBS, ["cat", 0]), TypeError, "class indices"),
    case("show_predictions logits", lambda: plotting.show_predictions(IMAGES, [[2.0, -1.0], [0.5, 0.5]], [0, 1]), ValueError, "softmax"),
    case("show_predictions NaN", lambda: plotting.show_predictions(IMAGES, [[np.nan, 1.0], [0.5, 0.5]], [0, 1]), ValueError, "NaN"),
    case("show_predictions ncols", lambda: plotting.show_predictions(IMAGES, PROBS, [0, 1], ncols=0), ValueError, "ncols"),
    case("confusion plot normalize", lambda: plotting.plot_confusion_matrix([0, 1], [0, 1], normalize="rows"), ValueError, "normalize"),
    case("confusion plot empty", lambda: plotting.plot_confusion_matrix([], []), ValueError, "empty"),
    case("confusion plot lengths", lambda: plotting.plot_confusion_matrix([0, 1], [0]), ValueError, "same length"),
    case("show_filters 3-D", lambda: plotting.show_filters(np.zeros((3, 3, 4))), ValueError, "Conv2D kernel"),
    case("show_feature_maps 4-D", lambda: plotting.show_feature_maps(np.zeros((1, 3, 3, 4))), ValueError, r"maps\[0\]"),
    case("roc_pr threshold", lambda: plotting.plot_roc_pr([0, 1], [0.2, 0.8], threshold=2), ValueError, r"\[0, 1\]"),
    case("roc_pr threshold text", lambda: plotting.plot_roc_pr([0, 1], [0.2, 0.8], threshold="0.5"), ValueError, "threshold"),
    case("format_table empty", lambda: plotting.format_table({}), ValueError, "empty"),
    case("format_table list", lambda: plotting.format_table([1, 2]), TypeError, "dict of dicts"),
    case("format_table columns", lambda: plotting.format_table({"a": {"x": 1}, "b": {"y": 2}}), ValueError, "same columns"),
    case("format_table digits", lambda: plotting.format_table({"a": {"x": 1.0}}, digits=-1), ValueError, "digits"),
    # --- live plot -------------------------------------------------------------------------------
    case("LivePlot str", lambda: _live_plot()("loss"), ValueError, "list of names"),
    case("LivePlot empty", lambda: _live_plot()([]), ValueError, "list of names"),
    case("LivePlot not names", lambda: _live_plot()([1, 2]), TypeError, "strings"),
    case("LivePlot twice", lambda: _live_plot()(["loss", "loss"]), ValueError, "twice"),
    case("LivePlot every", lambda: _live_plot()(["loss"], every=0), ValueError, "every"),
    case("LivePlot update unknown", lambda: _live_plot()(["loss"], live=False).update(1, acc=0.5), ValueError, "unknown metric"),
    case("LivePlot update text", lambda: _live_plot()(["loss"], live=False).update(1, loss="low"), TypeError, "number"),
    case("LivePlot update step", lambda: _live_plot()(["loss"], live=False).update("one", loss=1), TypeError, "step must be"),
    case("LivePlot update NaN", lambda: _live_plot()(["loss"], live=False).update(1, loss=np.nan), ValueError, "diverged"),
    # --- models ----------------------------------------------------------------------------------
    case("fast_cnn dropout", lambda: _models().fast_cnn(dropout=1.5), ValueError, "dropout"),
    case("compile n_train 0", lambda: _models().compile_fast_cnn(_models().fast_cnn(), n_train=0), ValueError, "n_train"),
    case("compile epochs float", lambda: _models().compile_fast_cnn(_models().fast_cnn(), n_train=10, epochs=1.5), ValueError, "epochs"),
    case("compile peak_lr", lambda: _models().compile_fast_cnn(_models().fast_cnn(), n_train=10, peak_lr=-1), ValueError, "peak_lr"),
    case("compile not a model", lambda: _models().compile_fast_cnn("cnn", n_train=10), TypeError, "Keras model"),
    # --- benchmarks ---------------------------------------------------------------------------------
    case("TimeToAccuracy 99", lambda: _cnn().TimeToAccuracy(None, None, target=99), ValueError, "fraction"),
    case("cnn markdown empty", lambda: _cnn().markdown_table([]), ValueError, "no results"),
    case("run_notebook not ipynb", lambda: _bench().run_notebook("README.md"), ValueError, ".ipynb"),
    case("run_notebook timeout", lambda: _bench().run_notebook("notebooks/00_x.ipynb", timeout=0), ValueError, "timeout"),
    # --- exercises API --------------------------------------------------------------------------------
    case("Exercise checker", lambda: core.Exercise("t", None, hint="h", solution=lambda: 1), TypeError, "functions"),
    case("variant_rng seed", lambda: core.variant_rng("a"), TypeError, "seed"),
    case("as_array None", lambda: core.as_array(None, "x"), core.Mistake, "return"),
    case("as_array text", lambda: core.as_array("abc", "the gradient"), core.Mistake, "numbers"),
    case("as_number list", lambda: core.as_number([1, 2], "the count"), core.Mistake, "one number"),
    case("as_number text", lambda: core.as_number("many", "the count"), core.Mistake, "give a number"),
    case("expect_shape", lambda: core.expect_shape([1, 2], (3,), "the output"), core.Mistake, r"shape \(3,\)"),
    case("expect_equal array", lambda: core.expect_equal(np.array([3, 3]), 3, "the count"), core.Mistake, "one number"),
    case("expect_equal text", lambda: core.expect_equal("3", 3, "the count"), core.Mistake, "without quotes"),
    # --- demo class ------------------------------------------------------------------------------------
    case("demo_class not a path", lambda: demo_class.write_demo_class(3), TypeError, "path"),
    case("demo_class a file", lambda: demo_class.write_demo_class("README.md"), ValueError, "is a file"),
    # --- progress -------------------------------------------------------------------------------------
    case("progress plot", lambda: progress_record.progress(plot="yes"), TypeError, "True or False"),
]
# fmt: on


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("call, error, message", CASES)
def test_bad_input_gives_a_clear_error(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    text = str(raised.value)
    assert len(text) >= 15, f"the message is too short to say what was expected: {text!r}"


def test_every_public_function_has_a_bad_input_case():
    """A new public function of these modules needs a line in CASES."""
    import inspect

    covered = " ".join(p.id for p in CASES).lower()
    aliases = {
        "load_mnist": "load_mnist",
        "find_mnist_file": None,  # no arguments; missing file: tests/test_data.py
        "candidate_dirs": None,  # no arguments
        "precision_recall_fscore": "prfs",
        "classification_report": "report",
        "precision_recall_curve": "pr ",
        "average_precision_score": "ap ",
        "roc_curve": "roc ",
        "roc_auc_score": "roc ",
        "root_mean_squared_error": "rmse",
        "mean_squared_error": "mse",
        "mean_absolute_error": "mae",
        "accuracy_score": "accuracy",
        "confusion_matrix": "confusion labels",
        "precision_score": "precision",
        "recall_score": "recall",
        "f1_score": "f1",
        "r2_score": "r2",
        "read_requirements": "read_requirements",
        "check_environment": None,  # reports problems instead: tests/test_environment.py
        "setup": "setup",
        "sha256_of": "sha256",
        "verify_mnist_file": "verify",
        "plot_function_and_derivative": "derivative",
        "plot_contour_trajectories": "contour",
        "plot_confusion_matrix": "confusion plot",
        "plot_roc_pr": "roc_pr",
    }
    modules = [data, environment, metrics, plotting]
    missing = []
    for module in modules:
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ != module.__name__:
                continue
            key = aliases.get(name, name)
            if key is not None and key.lower() not in covered:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"add bad-input cases for {missing}"


# --- the exercise API: nothing escapes check() ---------------------------------------------------
def _function_exercise():
    def solution(x):
        return x + 1

    def checker(learner, reference):
        core.expect_close(core.call_learner(learner, 2), reference(2), "f(2)")

    return core.Exercise("add one", checker, hint="h", solution=solution, answer_is_function=True)


def _value_exercise():
    def checker(answer, expected):
        core.expect_equal(answer, expected, "the count")

    return core.Exercise("count", checker, hint="h", solution=lambda: 3)


class _BadRepr:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


def _exits(x):
    import sys

    sys.exit("done")


def _returns_bad_repr(x):
    return _BadRepr()


class _BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")


def _raises_bad_str(x):
    raise _BadStr


@pytest.mark.parametrize(
    "make, answer, message",
    [
        (_function_exercise, _exits, "sys.exit"),
        (_function_exercise, _returns_bad_repr, "should be numbers"),
        (_function_exercise, _raises_bad_str, "cannot be shown"),
        (_function_exercise, lambda x: np.array([3.0, 3.0]), "shape"),
        (_value_exercise, _BadRepr(), "repr"),
        (_value_exercise, np.array([3, 3]), "one number"),
        (_value_exercise, "3", "without quotes"),
    ],
)
def test_check_never_lets_an_exception_escape(make, answer, message, capsys):
    exercise = make()
    exercise.check(answer)  # must not raise
    printed = capsys.readouterr().out
    assert printed.startswith("Not quite:") and message in printed, printed


def test_check_lets_keyboard_interrupt_stop():
    def interrupted(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _function_exercise().check(interrupted)


@pytest.mark.parametrize("answer", [3, 3.0, np.int64(3), np.float32(3.0), np.array(3), [3]])
def test_expect_equal_accepts_a_whole_number_written_any_way(answer):
    assert _value_exercise().evaluate(answer).passed


# --- models: a single training step ------------------------------------------------------------------
def test_compile_fast_cnn_with_a_single_training_step():
    models = _models()
    model = models.fast_cnn()
    models.compile_fast_cnn(model, n_train=100, epochs=1)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)  # no warm-up to do
    history = model.fit(
        np.zeros((100, 28, 28, 1), "float32"), np.zeros(100, int), epochs=1, verbose=0
    )
    assert np.isfinite(history.history["loss"][0])
