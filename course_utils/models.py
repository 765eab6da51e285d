"""The two MNIST convnets that notebook 08 and the CNN benchmark share.

``fast_cnn`` is the course's CNN: two small convolution blocks with batch normalisation,
trained with Adam under a warm-up + cosine learning-rate schedule. ``keras_io_convnet``
is the keras-io "Simple MNIST convnet" recipe, the reference it is measured against.
Both take images shaped (28, 28, 1) scaled to [0, 1] and output 10 logits / probabilities.

Example:
    >>> model = fast_cnn()
    >>> model.count_params()
    18522
"""

from __future__ import annotations

import math

from course_utils.environment import _import_tensorflow_quietly

_import_tensorflow_quietly()  # TensorFlow's C++ start-up lines stay out of the output

import keras  # noqa: E402

L = keras.layers


def fast_cnn(dropout: float = 0.3) -> keras.Model:
    """Conv(16, 5x5) -> BN -> ReLU -> pool -> Conv(32, 5x5) -> BN -> ReLU -> pool -> dropout -> Dense(10).

    Returns logits (use a loss with ``from_logits=True``). The convolutions have no bias:
    the batch normalisation right after them has its own shift.

    Example:
        >>> fast_cnn().output_shape
        (None, 10)
    """
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise ValueError(f"dropout must be a rate in [0, 1), got {dropout!r}.")
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            L.Conv2D(16, 5, use_bias=False, name="conv1"),  # 28x28 -> 24x24x16
            L.BatchNormalization(name="bn1"),
            L.ReLU(name="relu1"),
            L.MaxPooling2D(name="pool1"),  # -> 12x12x16
            L.Conv2D(32, 5, use_bias=False, name="conv2"),  # -> 8x8x32
            L.BatchNormalization(name="bn2"),
            L.ReLU(name="relu2"),
            L.MaxPooling2D(name="pool2"),  # -> 4x4x32
            L.Flatten(name="flatten"),  # -> 512
            L.Dropout(dropout, name="dropout"),
            L.Dense(10, name="logits"),
        ],
        name="fast_cnn",
    )


def compile_fast_cnn(
    model: keras.Model,
    *,
    n_train: int,
    epochs: int = 4,
    batch_size: int = 128,
    peak_lr: float = 0.01,
) -> None:
    """Compile with Adam and a schedule: linear warm-up over the first 10% of steps to
    ``peak_lr``, then cosine decay to 0 at the last step. With a single training step
    there is nothing to warm up: that step uses ``peak_lr``.

    Example:
        >>> model = fast_cnn()
        >>> compile_fast_cnn(model, n_train=48_000)
        >>> float(model.optimizer.learning_rate) == 0.0  # warm-up starts at 0
        True
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"model must be a Keras model such as fast_cnn(), got {type(model).__name__}."
        )
    for name, value in (("n_train", n_train), ("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{name} must be a positive int, got {value!r}.")
    if (
        isinstance(peak_lr, bool)
        or not isinstance(peak_lr, (int, float))
        or not 0 < peak_lr < math.inf
    ):
        raise ValueError(f"peak_lr must be a positive number such as 0.01, got {peak_lr!r}.")
    total_steps = epochs * math.ceil(n_train / batch_size)
    if total_steps == 1:  # one step: no warm-up, the step uses peak_lr
        schedule = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=peak_lr, decay_steps=1
        )
    else:
        warmup_steps = max(1, total_steps // 10)
        schedule = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=0.0,
            decay_steps=total_steps - warmup_steps,
            warmup_target=peak_lr,
            warmup_steps=warmup_steps,
        )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )


def keras_io_convnet() -> keras.Model:
    """The keras-io "Simple MNIST convnet": Conv(32) -> pool -> Conv(64) -> pool ->
    dropout 0.5 -> Dense(10, softmax); trained there with Adam, batch 128, 15 epochs.

    Example:
        >>> keras_io_convnet().count_params()
        34826
    """
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            L.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            L.MaxPooling2D(pool_size=(2, 2)),
            L.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            L.MaxPooling2D(pool_size=(2, 2)),
            L.Flatten(),
            L.Dropout(0.5),
            L.Dense(10, activation="softmax"),
        ],
        name="keras_io_convnet",
    )
