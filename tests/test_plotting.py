"""course_utils.plotting: the data each plot holds, and clear errors for bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plotting import (
    format_table,
    plot_confusion_matrix,
    plot_contour_trajectories,
    plot_curves,
    plot_function_and_derivative,
    plot_history,
    plot_roc_pr,
    show_feature_maps,
    show_filters,
    show_images,
    show_predictions,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_show_images_grid_titles_and_pixels():
    images = np.arange(3 * 4 * 4).reshape(3, 4, 4)
    fig = show_images(images, labels=[1, 2, 3], predictions=[1, 5, 3], ncols=2)
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["1", "pred 5 (true 2)", "3"]
    assert fig.axes[1].title.get_color() == "tab:red"
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), images[2])


def test_show_images_accepts_channel_last():
    fig = show_images(np.zeros((2, 5, 5, 1)))
    assert fig.axes[0].images[0].get_array().shape == (5, 5)


@pytest.mark.parametrize(
    "images, kwargs, message",
    [
        (np.zeros((28, 28)), {}, "images\\[None\\]"),
        (np.zeros((2, 5, 5, 2)), {}, "got shape"),
        (np.zeros((0, 5, 5)), {}, "empty"),
        (np.zeros((3, 5, 5)), {"labels": [1, 2]}, "labels has 2 entries but there are 3"),
        (np.zeros((2, 5, 5)), {"predictions": [1]}, "predictions has 1"),
        (np.zeros((2, 5, 5)), {"ncols": 0}, "ncols"),
    ],
)
def test_show_images_bad_input(images, kwargs, message):
    with pytest.raises(ValueError, match=message):
        show_images(images, **kwargs)


def test_plot_curves_data_and_labels():
    ax = plot_curves(
        [1, 10, 100],
        {"a": [0.1, 0.2, 0.3], "b": [0.3, 0.2, 0.1]},
        xlabel="n",
        ylabel="acc",
        title="t",
        logx=True,
    )
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_allclose(lines[1].get_ydata(), [0.3, 0.2, 0.1])
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "n" and ax.get_title() == "t"


@pytest.mark.parametrize(
    "x, curves, message",
    [
        ([1, 2, 3], {"a": [1, 2]}, "curve 'a' has 2 values but x has 3"),
        ([[1, 2]], {"a": [1, 2]}, "one-dimensional"),
        ([1, 2], {}, "curves is empty"),
    ],
)
def test_plot_curves_bad_input(x, curves, message):
    with pytest.raises(ValueError, match=message):
        plot_curves(x, curves, xlabel="x", ylabel="y")


def test_function_and_derivative_data():
    xs = np.linspace(-2, 2, 5)
    left, right = plot_function_and_derivative(xs, np.tanh(xs), 1 - np.tanh(xs) ** 2, name="tanh")
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(), np.tanh(xs))
    np.testing.assert_allclose(right.get_lines()[0].get_xdata(), xs)
    assert right.get_title() == "tanh'(x)"


@pytest.mark.parametrize(
    "x, values, derivative, message",
    [
        ([1, 2, 3], [1, 2], [1, 2, 3], "values has shape \\(2,\\) but x has shape \\(3,\\)"),
        ([1, 2, 3], [1, 2, 3], [1, 2], "derivative has shape"),
        ([[1, 2]], [1, 2], [1, 2], "one-dimensional"),
    ],
)
def test_function_and_derivative_bad_input(x, values, derivative, message):
    with pytest.raises(ValueError, match=message):
        plot_function_and_derivative(x, values, derivative, name="f")


def test_contour_trajectories_data():
    path = np.array([[1.0, 2.0], [0.5, 1.0], [0.0, 0.0]])
    ax = plot_contour_trajectories(
        lambda x, y: x**2 + 10 * y**2,
        {"GD": path, "Adam": path / 2},
        xlim=(-3, 3),
        ylim=(-3, 3),
        log_levels=True,
        title="bowl",
    )
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["GD", "Adam"]
    np.testing.assert_allclose(lines[1].get_xydata(), path / 2)
    assert ax.get_title() == "bowl" and ax.get_xlim() == (-3, 3)


@pytest.mark.parametrize(
    "function, trajectories, kwargs, message",
    [
        (lambda x, y: x + y, {"a": np.zeros((3, 3))}, {}, "shape \\(steps, 2\\)"),
        (lambda x, y: x + y, {}, {}, "trajectories is empty"),
        (lambda x, y: x + y, {"a": np.zeros((3, 2))}, {"xlim": (1, -1)}, "low < high"),
        (lambda x, y: 1.0, {"a": np.zeros((3, 2))}, {}, "vectorised"),
    ],
)
def test_contour_trajectories_bad_input(function, trajectories, kwargs, message):
    limits = {"xlim": (-1, 1), "ylim": (-1, 1)} | kwargs
    with pytest.raises(ValueError, match=message):
        plot_contour_trajectories(function, trajectories, **limits)


def test_plot_history_reads_a_history_dict():
    fig = plot_history({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7], "accuracy": [0.5, 0.8]})
    loss_ax, acc_ax = fig.axes
    np.testing.assert_allclose(loss_ax.get_lines()[1].get_ydata(), [1.0, 0.7])
    assert [line.get_label() for line in acc_ax.get_lines()] == ["training"]


def test_plot_history_bad_input():
    with pytest.raises(ValueError, match="not in the history"):
        plot_history({"loss": [1.0]}, metrics=["accuracy"])
    with pytest.raises(TypeError, match="History"):
        plot_history([1, 2, 3])


def test_show_predictions_colours_and_titles():
    probs = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    fig = show_predictions(np.zeros((2, 4, 4)), probs, [1, 2], ncols=2)
    ax_img_right, ax_bar_right = fig.axes[0], fig.axes[1]
    ax_img_wrong, ax_bar_wrong = fig.axes[2], fig.axes[3]
    assert ax_img_right.get_title() == "pred 1 (70%) true 1"
    assert ax_img_right.title.get_color() == "tab:blue"
    assert ax_img_wrong.title.get_color() == "tab:red"
    heights = [bar.get_height() for bar in ax_bar_right.patches]
    np.testing.assert_allclose(heights, probs[0])
    assert ax_bar_wrong.patches[0].get_facecolor()[:3] == pytest.approx(
        (0.839, 0.153, 0.157), abs=0.01
    )


@pytest.mark.parametrize(
    "probs, labels, message",
    [
        (np.array([[0.5, 0.6], [0.5, 0.5]]), [0, 1], "sum to 1"),
        (np.array([[2.0, -1.0], [0.5, 0.5]]), [0, 1], "non-negative"),
        (np.array([[0.5, 0.5]]), [0, 1], "2 images but 1 rows"),
        (np.array([0.5, 0.5]), [0, 1], "shape \\(n, classes\\)"),
        (np.array([[0.5, 0.5], [0.5, 0.5]]), [0], "labels has 1 entries"),
    ],
)
def test_show_predictions_bad_input(probs, labels, message):
    with pytest.raises(ValueError, match=message):
        show_predictions(np.zeros((2, 4, 4)), probs, labels)


def test_confusion_matrix_counts():
    ax = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 0, 2])
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "0", "0", "1", "1", "0", "0", "0", "1"]


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="same length"):
        plot_confusion_matrix([0, 1, 2], [0, 1])


def test_filters_and_feature_maps():
    kernel = np.random.default_rng(0).normal(size=(3, 3, 1, 6))
    fig = show_filters(kernel, ncols=3)
    np.testing.assert_allclose(fig.axes[4].images[0].get_array(), kernel[:, :, 0, 4])
    maps = np.random.default_rng(1).normal(size=(7, 7, 5))
    fig = show_feature_maps(maps)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), maps[:, :, 2])
    with pytest.raises(ValueError, match="in_channels"):
        show_filters(np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="maps\\[0\\]"):
        show_feature_maps(np.zeros((1, 7, 7, 5)))


def test_roc_pr_plot_data():
    y = np.array([0, 0, 1, 1, 0, 1])
    score = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    fig = plot_roc_pr(y, score, threshold=0.5)
    ax_roc, ax_pr = fig.axes
    from course_utils.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, score)
    np.testing.assert_allclose(ax_roc.get_lines()[0].get_xdata(), fpr)
    np.testing.assert_allclose(ax_roc.get_lines()[0].get_ydata(), tpr)
    dot = ax_roc.get_lines()[2]
    assert dot.get_label() == "threshold 0.50"
    np.testing.assert_allclose(dot.get_xydata(), [[0.0, 2 / 3]])
    assert ax_pr.get_title().startswith("Precision-recall (AP")


@pytest.mark.parametrize(
    "y, score, kwargs, message",
    [
        ([0, 1], [0.2, 1.2], {}, "probabilities"),
        ([0, 1, 1], [0.2, 0.5], {}, "same length"),
        ([0, 1], [0.2, 0.7], {"threshold": 2.0}, "threshold"),
    ],
)
def test_roc_pr_bad_input(y, score, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_roc_pr(y, score, **kwargs)


def test_format_table():
    text = format_table(
        {"a": {"accuracy": 0.91234, "epochs": 3}, "bb": {"accuracy": 0.5, "epochs": 10}}, digits=3
    )
    lines = text.splitlines()
    assert lines[0].split() == ["name", "accuracy", "epochs"]
    assert lines[1].split() == ["a", "0.912", "3"]
    with pytest.raises(ValueError, match="same columns"):
        format_table({"a": {"x": 1}, "b": {"y": 2}})
    with pytest.raises(ValueError, match="empty"):
        format_table({})


# --- issue 11: large requests, labels of other types, out-of-range labels ---------------------
def test_show_images_caps_a_huge_request_with_a_warning():
    images = np.zeros((60_000, 2, 2), dtype=np.uint8)
    with pytest.warns(UserWarning, match="first 100 of 60,000"):
        fig = show_images(images, np.zeros(60_000, dtype=int))
    assert len(fig.axes) == 100


def test_show_images_string_and_int_labels_agree():
    fig = show_images(np.zeros((2, 4, 4)), labels=["3", "4"], predictions=[3, 5])
    assert [ax.get_title() for ax in fig.axes] == ["3", "pred 5 (true 4)"]


def test_show_predictions_string_labels_colour_right():
    probs = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    fig = show_predictions(np.zeros((2, 4, 4)), probs, ["1", "0"], ncols=2)
    assert fig.axes[0].title.get_color() == "tab:blue"
    assert fig.axes[2].title.get_color() == "tab:blue"


@pytest.mark.parametrize(
    "labels, error, message",
    [
        ([-1, 0], ValueError, "labels run from 0 to 2"),
        ([3, 0], ValueError, "labels run from 0 to 2"),
        ([1.5, 0], ValueError, "not a class index"),
        (["cat", 0], TypeError, "class indices"),
    ],
)
def test_show_predictions_out_of_range_labels(labels, error, message):
    probs = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    with pytest.raises(error, match=message):
        show_predictions(np.zeros((2, 4, 4)), probs, labels)


def test_plot_history_maps_keras_2_names():
    fig = plot_history({"loss": [1.0], "accuracy": [0.5]}, metrics=["loss", "acc"])
    assert fig.axes[1].get_title() == "accuracy"
