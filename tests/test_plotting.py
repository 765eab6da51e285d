"""course_utils.plotting: the data each plot holds, and clear errors for bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plotting import (
    plot_contour_trajectories,
    plot_curves,
    plot_function_and_derivative,
    show_images,
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
