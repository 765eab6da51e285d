"""course_utils.live_plot: collects values, draws once headless, refuses bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.live_plot import LivePlot, LivePlotCallback, running_in_notebook


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_headless_during_tests():
    assert not running_in_notebook()
    assert LivePlot(["loss"]).live is False


def test_values_and_panels():
    plot = LivePlot(["loss", "val_loss", "accuracy"], live=False)
    for step, (loss, val, acc) in enumerate([(1.0, 1.1, 0.5), (0.5, 0.7, 0.8)], start=1):
        plot.update(step, loss=loss, val_loss=val, accuracy=acc)
    fig = plot.finish()
    assert plot.panels == ["loss", "accuracy"]
    loss_ax = fig.axes[0]
    assert [line.get_label() for line in loss_ax.get_lines()] == ["training", "validation"]
    np.testing.assert_allclose(loss_ax.get_lines()[1].get_ydata(), [1.1, 0.7])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"metrics": "loss"}, "list of names"),
        ({"metrics": []}, "list of names"),
        ({"metrics": ["loss"], "every": 0}, "every"),
    ],
)
def test_bad_construction(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LivePlot(**kwargs)


def test_bad_updates():
    plot = LivePlot(["loss"], live=False)
    with pytest.raises(ValueError, match="unknown metric"):
        plot.update(1, accuracy=0.5)
    with pytest.raises(ValueError, match="diverged"):
        plot.update(1, loss=float("nan"))


def test_callback_during_fit():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    callback = LivePlotCallback(["loss", "val_loss"])
    x = np.random.default_rng(0).normal(size=(32, 3))
    model.fit(x, x.sum(axis=1), validation_split=0.25, epochs=3, verbose=0, callbacks=[callback])
    assert callback.plot.steps["loss"] == [1.0, 2.0, 3.0]
    assert len(callback.plot.values["val_loss"]) == 3


def test_callback_maps_keras_2_names_under_keras_3():
    """Keras 3 logs say "accuracy"; a callback asked for "acc" must still get the values."""
    callback = LivePlotCallback(["loss", "acc", "val_acc"], live=False)
    callback.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.9, "val_accuracy": 0.8})
    assert callback.plot.values["acc"] == [0.9]
    assert callback.plot.values["val_acc"] == [0.8]


def test_callback_names_a_metric_the_logs_lack():
    callback = LivePlotCallback(["loss", "val_loss"], live=False)
    with pytest.raises(ValueError, match="validation_data"):
        callback.on_epoch_end(0, {"loss": 0.5})
    with pytest.raises(ValueError, match="not in the training logs"):
        LivePlotCallback(["f1"], live=False).on_epoch_end(0, {"loss": 0.5})
