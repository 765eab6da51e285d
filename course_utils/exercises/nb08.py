"""Exercises for notebook 08 · Convolutional networks.

Example:
    >>> from course_utils.exercises import nb08 as ex
    >>> ex.q3.evaluate(18_496).passed
    True
    >>> ex.q5.evaluate(22).passed
    True
"""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    as_number,
    call_learner,
    expect_close,
    expect_equal,
    variant_rng,
)


# q1 -- output size of a convolution ------------------------------------------------------------------
def conv_output_size(n: int, kernel: int, padding: int, stride: int) -> int:
    return (n + 2 * padding - kernel) // stride + 1


_Q1_CASES = [(28, 3, 0, 1), (28, 3, 1, 1), (28, 5, 2, 2), (7, 3, 0, 2), (32, 4, 1, 3), (9, 2, 0, 2)]

# typical wrong formulas, each recognised only when it explains *every* case
_Q1_MISTAKES = [
    (
        lambda n, k, p, s: math.ceil((n + 2 * p - k) / s) + 1,
        "you rounded up (ceil): that counts a last window that does not fit inside the padded "
        "input. Round down (floor division //) before adding 1.",
    ),
    (
        lambda n, k, p, s: (n + 2 * p - k) // s,
        "you are one short: the first window position counts too (+1 after the floor).",
    ),
    (
        lambda n, k, p, s: (n + p - k) // s + 1,
        "you padded one side only: the zeros go on both sides, n + 2 * padding.",
    ),
    (
        lambda n, k, p, s: (n - k) // s + 1,
        "your size ignores the padding: it adds 2 * padding to n.",
    ),
]


def _check_q1(learner: Any, reference: Any) -> None:
    answers = []
    for n, k, p, s in _Q1_CASES:
        got = as_number(
            call_learner(learner, n, k, p, s),
            f"the output size for n={n}, kernel={k}, padding={p}, stride={s}",
        )
        if isinstance(got, float):
            raise Mistake(
                f"for n={n}, kernel={k}, padding={p}, stride={s} you returned {got}, not a whole "
                "number: a kernel position is whole, so round down (floor division //) before adding 1."
            )
        answers.append(got)
    wants = [reference(*args) for args in _Q1_CASES]
    if answers == wants:
        return
    for formula, message in _Q1_MISTAKES:
        if answers == [formula(*args) for args in _Q1_CASES]:
            raise Mistake(message)
    for (n, k, p, s), got, want in zip(_Q1_CASES, answers, wants):
        expect_equal(got, want, f"the output size for n={n}, kernel={k}, padding={p}, stride={s}")


q1 = Exercise(
    "Convolution output size",
    _check_q1,
    hint="floor((n + 2 * padding - kernel) / stride) + 1.",
    solution=conv_output_size,
    answer_is_function=True,
)


# q2 -- 2x2 max pooling in NumPy -----------------------------------------------------------------------
def max_pool_2x2(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2  # drop an odd last row/column
    blocks = image[:h, :w].reshape(h // 2, 2, w // 2, 2)
    return blocks.max(axis=(1, 3))


def _check_q2(learner: Any, reference: Any) -> None:
    images = [np.arange(30, dtype=float).reshape(5, 6) % 7, np.arange(28.0).reshape(4, 7) % 5]
    for image in images:
        got = as_array(call_learner(learner, image.copy()), "your pooled image")
        want = reference(image)
        h, w = image.shape
        if got.shape == (h - 1, w - 1):
            raise Mistake(
                f"your output for a {h}x{w} image is {got.shape}: that is stride 1. Max pooling "
                "2x2 moves 2 pixels at a time."
            )
        if got.shape != want.shape:
            raise Mistake(
                f"a {h}x{w} image pools to {want.shape} (an odd last row or column is dropped); "
                f"yours is {got.shape}."
            )
        blocks = image[: h // 2 * 2, : w // 2 * 2].reshape(h // 2, 2, w // 2, 2)
        if np.allclose(got, blocks.mean(axis=(1, 3))) and not np.allclose(got, want):
            raise Mistake("that is average pooling; take the maximum of each 2x2 block.")
        if np.allclose(got, blocks.min(axis=(1, 3))) and not np.allclose(got, want):
            raise Mistake("that is min pooling; take the maximum of each 2x2 block.")
        expect_close(got, want, f"your pooled {h}x{w} image")


q2 = Exercise(
    "2x2 max pooling",
    _check_q2,
    hint="Reshape to (h/2, 2, w/2, 2) and take the max over axes 1 and 3.",
    solution=max_pool_2x2,
    answer_is_function=True,
)


# q3 -- parameters of a convolutional layer ---------------------------------------------------------------
def conv_layer_parameters() -> int:
    kernel_h, kernel_w, in_channels, filters = 3, 3, 32, 64
    return kernel_h * kernel_w * in_channels * filters + filters  # weights + one bias per filter


def _check_q3(answer: Any, expected: int) -> None:
    answer = as_number(answer, "the number of parameters")
    if answer == 3 * 3 * 64 + 64:
        raise Mistake("each filter spans all 32 input channels: 3 x 3 x 32 weights per filter.")
    if answer == 3 * 3 * 32 * 64:
        raise Mistake("that counts the weights; add one bias per filter.")
    expect_equal(answer, expected, "the number of parameters")


q3 = Exercise(
    "Parameters of Conv2D(64, 3x3) on 32 channels",
    _check_q3,
    hint="A filter is kernel_h x kernel_w x in_channels weights plus a bias; there are 64 filters.",
    solution=conv_layer_parameters,
)


# q4 -- convolution with stride and padding, by hand ------------------------------------------------
def conv2d_strided(image: np.ndarray, kernel: np.ndarray, stride: int, padding: int) -> np.ndarray:
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    padded = np.pad(image, padding)  # `padding` zeros on every side
    kh, kw = kernel.shape
    out_h = (padded.shape[0] - kh) // stride + 1
    out_w = (padded.shape[1] - kw) // stride + 1
    output = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = padded[i * stride : i * stride + kh, j * stride : j * stride + kw]
            output[i, j] = np.sum(window * kernel)  # cross-correlation: no flip
    return output


_Q4_CASES = [
    (np.arange(25.0).reshape(5, 5) % 4, np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]]), 2, 1),
    (np.arange(42.0).reshape(6, 7) % 5, np.array([[1.0, 2, 0], [0, -1, 3]]), 1, 0),
    (np.arange(49.0).reshape(7, 7) % 3, np.array([[0.0, 1, 2], [3, 4, 5], [6, 7, 8]]), 3, 2),
]


def _check_q4(learner: Any, reference: Any) -> None:
    for image, kernel, stride, padding in _Q4_CASES:
        where = f"image {image.shape}, kernel {kernel.shape}, stride={stride}, padding={padding}"
        got = as_array(
            call_learner(learner, image.copy(), kernel.copy(), stride, padding), "your output"
        )
        want = reference(image, kernel, stride, padding)
        if got.shape != want.shape:
            if got.shape == reference(image, kernel, 1, padding).shape and stride != 1:
                raise Mistake(
                    f"for {where} your output has shape {got.shape}, the shape for stride 1: "
                    "move the window `stride` pixels at a time (start row i * stride)."
                )
            if got.shape == reference(image, kernel, stride, 0).shape and padding:
                raise Mistake(
                    f"for {where} your output has shape {got.shape}, the shape without padding: "
                    "add `padding` zeros on every side first (np.pad(image, padding))."
                )
            raise Mistake(
                f"for {where} the output should have shape {want.shape} "
                f"(the formula floor((n + 2p - k) / s) + 1), but yours has shape {got.shape}."
            )
        if np.allclose(
            got, reference(image, kernel[::-1, ::-1], stride, padding)
        ) and not np.allclose(got, want):
            raise Mistake(
                "you flipped the kernel (mathematical convolution); Keras' Conv2D computes "
                "cross-correlation: multiply the window with the kernel as it is."
            )
        expect_close(got, want, f"your output for {where}")


q4 = Exercise(
    "Convolution with stride and padding",
    _check_q4,
    hint="np.pad(image, padding); output size (n + 2p - k) // s + 1 per side; window at "
    "row i * stride, column j * stride; np.sum(window * kernel).",
    solution=conv2d_strided,
    answer_is_function=True,
)


# q5 -- receptive field of a stack (predict, then check) ------------------------------------------------
Q5_STACK = [(3, 1), (2, 2), (3, 1), (3, 1), (2, 2), (3, 1)]  # (kernel, stride) per layer


def receptive_field() -> int:
    r, jump = 1, 1  # one input pixel; neighbouring input pixels are 1 apart
    for kernel, stride in Q5_STACK:
        r += (kernel - 1) * jump  # k - 1 more units of the layer below, each `jump` pixels apart
        jump *= stride
    return r


def _check_q5(answer: Any, expected: int) -> None:
    answer = as_number(answer, "your prediction")
    ignored_strides = 1 + sum(k - 1 for k, _ in Q5_STACK)
    if answer == ignored_strides:
        raise Mistake(
            f"{ignored_strides} adds k - 1 per layer but ignores the pooling strides: after a "
            "stride-2 pooling, neighbouring units are 2 input pixels apart, so each later 3x3 "
            "kernel adds 2 x 2 pixels, not 2 (and after two poolings, 2 x 4)."
        )
    if answer == sum(k for k, _ in Q5_STACK):
        raise Mistake(
            "adding the kernel sizes counts the overlaps twice and ignores the strides; use "
            "r_l = r_(l-1) + (k_l - 1) * j_(l-1) with the jump j doubled by each pooling."
        )
    expect_equal(answer, expected, "the receptive field of the last layer")
    return f"the receptive field is {expected} pixels; the measurement in the next cell agrees."


q5 = Exercise(
    "Receptive field of conv3-pool2-conv3-conv3-pool2-conv3",
    _check_q5,
    hint="Start with r = 1, j = 1. For each layer: r += (k - 1) * j, then j *= s. Pooling 2x2 has k = s = 2.",
    solution=receptive_field,
)


# q6 -- a CNN under a parameter budget ---------------------------------------------------------------
def small_cnn() -> keras.Model:
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 5, activation="relu"),  # 24x24x8, 208 parameters
            layers.MaxPooling2D(),  # 12x12x8
            layers.Conv2D(16, 5, activation="relu"),  # 8x8x16, 3,216 parameters
            layers.MaxPooling2D(),  # 4x4x16
            layers.Flatten(),  # 256 features
            layers.Dropout(0.2),
            layers.Dense(10),  # 2,570 parameters
        ]
    )


def _all_layers(model: Any) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        if hasattr(layer, "layers"):  # a nested model
            found.extend(_all_layers(layer))
        else:
            found.append(layer)
    return found


_NONLINEAR_NAMES = ("relu", "elu", "gelu", "silu", "swish", "sigmoid", "tanh", "softplus", "mish")


def _all_operations(model: Any) -> list:
    """Layers and functional operations (``keras.ops.relu(x)`` is an operation, not a layer)."""
    found = []
    for op in getattr(model, "operations", None) or getattr(model, "layers", []):
        if hasattr(op, "layers") and op is not model:  # a nested model
            found.extend(_all_operations(op))
        else:
            found.append(op)
    return found


def _has_nonlinearity(model: Any) -> bool:
    """Whether any layer before the output applies a non-linear activation (ReLU and the like)."""
    operations = _all_operations(model)
    for op in operations[:-1]:  # the output layer's own activation does not count
        activation = getattr(op, "activation", None)
        if callable(activation) and activation is not keras.activations.linear:
            name = getattr(activation, "__name__", type(activation).__name__).lower()
            if any(word in name for word in _NONLINEAR_NAMES):
                return True
        if any(word in type(op).__name__.lower() for word in _NONLINEAR_NAMES):
            return True  # ReLU(), LeakyReLU(), ELU(), keras.ops.relu ...
        if isinstance(op, keras.layers.Activation):
            name = getattr(op.activation, "__name__", "").lower()
            if any(word in name for word in _NONLINEAR_NAMES):
                return True
    return False


def _looks_like_probabilities(model: Any) -> bool:
    """Whether the outputs on random images are non-negative and sum to 1: a softmax at the end."""
    images = np.random.default_rng(6).uniform(0, 1, size=(4, 28, 28, 1)).astype("float32")
    scores = np.asarray(keras.ops.convert_to_numpy(model(images, training=False)), dtype=float)
    return bool(np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1.0, atol=1e-4))


def _last_conv_receptive_field(layers: list) -> int:
    r, jump, at_last_conv = 1, 1, 1
    for layer in layers:
        if isinstance(layer, keras.layers.Conv2D):
            k, s = layer.kernel_size[0], layer.strides[0]
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            k, s = layer.pool_size[0], layer.strides[0]
        else:
            continue
        r, jump = r + (k - 1) * jump, jump * s
        if isinstance(layer, keras.layers.Conv2D):
            at_last_conv = r
    return at_last_conv


def _check_q6(learner: Any, reference: Any) -> None:
    model = call_learner(learner)
    if not isinstance(model, keras.Model):
        raise Mistake(
            f"small_cnn() should return a Keras model, but it returned {type(model).__name__}."
        )
    try:
        output = model(np.zeros((2, 28, 28, 1), dtype="float32"), training=False)
    except Exception as exc:
        raise Mistake(
            "your model cannot take a batch of (28, 28, 1) images: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        ) from None
    shape = tuple(np.shape(output))
    if shape != (2, 10):
        raise Mistake(
            f"for 2 images your model outputs shape {shape}; it should be (2, 10): "
            "end with Dense(10) after a Flatten (or global pooling)."
        )
    if _looks_like_probabilities(model):
        raise Mistake(
            "your model ends in a softmax: its 10 outputs are probabilities that sum to 1. "
            "compile_fast_cnn (like the course CNN) expects logits, the raw scores, and applies "
            "the softmax inside the loss (from_logits=True); with a softmax at the end it would "
            "apply it twice. End with Dense(10) and no activation."
        )
    layers = _all_layers(model)
    convs = [layer for layer in layers if isinstance(layer, keras.layers.Conv2D)]
    if len(convs) < 2:
        raise Mistake(
            f"the model has {len(convs)} Conv2D layer(s); use at least two "
            "(keras.layers.Conv2D; separable or depthwise convolutions do not count here)."
        )
    n_params = model.count_params()
    if n_params > 10_000:
        dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
        biggest = max(layers, key=lambda layer: layer.count_params())
        raise Mistake(
            f"your model has {n_params:,} parameters, over the budget of 10,000; the largest "
            f"layer is '{biggest.name}' with {biggest.count_params():,}."
            + (
                " Pool more before Flatten so the Dense layer reads fewer features."
                if dense and biggest in dense
                else " Use fewer filters."
            )
        )
    rf = _last_conv_receptive_field(layers)
    if rf < 10:
        raise Mistake(
            f"the last convolution sees only {rf}x{rf} pixels of the digit; use larger kernels "
            "or pool between the convolutions so that it sees at least 10x10."
        )
    if not _has_nonlinearity(model):
        raise Mistake(
            "your model has no non-linear activation before the output: convolutions, "
            "Flatten and Dense are all linear, so without a ReLU the stack is close to a "
            "linear classifier. Give the convolutions activation='relu' (or add ReLU layers)."
        )
    return (
        f"{n_params:,} parameters, {len(convs)} convolutions, the last one sees {rf}x{rf} "
        "pixels. Now train it and look at its validation accuracy."
    )


q6 = Exercise(
    "A CNN under 10,000 parameters",
    _check_q6,
    hint='Two Conv2D(activation="relu") + MaxPooling2D blocks with 8 and 16 filters, then '
    "Flatten and Dense(10) with no softmax (logits): "
    "count conv parameters k*k*C*F + F and the Dense layer's (features*10 + 10).",
    solution=small_cnn,
    answer_is_function=True,
)


# q7 -- the gradient of a convolution with respect to its kernel ---------------------------------------
def conv_kernel_gradient(image, upstream, kernel_shape, stride):
    """dL/dK for Y = the 'valid' cross-correlation of `image` with K at `stride`, given dL/dY."""
    image, upstream = np.asarray(image, dtype=float), np.asarray(upstream, dtype=float)
    kh, kw = kernel_shape
    out_h, out_w = upstream.shape  # one upstream gradient per output position
    grad = np.zeros((kh, kw))
    for i in range(out_h):
        for j in range(out_w):
            window = image[i * stride : i * stride + kh, j * stride : j * stride + kw]
            grad += upstream[i, j] * window  # Y[i, j] used K through this window: add its share
    return grad


def _q7_case(rng: np.random.Generator, kernel_shape: tuple, stride: int) -> tuple:
    kh, kw = kernel_shape
    out_h, out_w = int(rng.integers(3, 6)), int(rng.integers(3, 6))
    h, w = (out_h - 1) * stride + kh, (out_w - 1) * stride + kw  # 'valid': the last window fits
    image = rng.normal(size=(h, w)).round(1)
    upstream = rng.normal(size=(out_h, out_w)).round(1)
    return image, upstream, kernel_shape, stride


def _q7_input_gradient(image, upstream, kernel, stride):
    """dL/dX, for the message when a learner returns the gradient with respect to the image."""
    grad = np.zeros(np.shape(image))
    kh, kw = kernel.shape
    for i in range(upstream.shape[0]):
        for j in range(upstream.shape[1]):
            grad[i * stride : i * stride + kh, j * stride : j * stride + kw] += (
                upstream[i, j] * kernel
            )
    return grad


def _check_q7(learner: Any, reference: Any) -> str:
    rng = variant_rng(8)
    cases = [
        _q7_case(rng, (3, 3), 1),
        _q7_case(rng, (2, 3), 2),
        _q7_case(rng, (3, 2), 3),
        _q7_case(rng, (3, 3), 2),
    ]
    for image, upstream, kernel_shape, stride in cases:
        where = (
            f"image {image.shape}, upstream {upstream.shape}, kernel_shape={kernel_shape}, "
            f"stride={stride}"
        )
        got = as_array(
            call_learner(learner, image.copy(), upstream.copy(), kernel_shape, stride),
            "your kernel gradient",
        )
        want = reference(image, upstream, kernel_shape, stride)
        if got.shape == image.shape and got.shape != want.shape:
            raise Mistake(
                f"for {where} your result has the image's shape {image.shape}: that is the "
                "shape of dL/dX, the gradient with respect to the input. The question asks for "
                f"dL/dK, one number per kernel weight: shape {kernel_shape}."
            )
        if got.shape != want.shape:
            raise Mistake(
                f"for {where} dL/dK should have the kernel's shape {kernel_shape}, one number per "
                f"weight, but yours has shape {got.shape}."
            )
        if np.allclose(got, want):
            continue
        if np.allclose(got, want[::-1, ::-1]):
            raise Mistake(
                f"for {where} your gradient is the right one turned by 180 degrees: you flipped "
                "it as in a mathematical convolution. The forward pass is a cross-correlation "
                "(no flip), so dK[a, b] = sum over i, j of X[i*s + a, j*s + b] * G[i, j]."
            )
        if np.allclose(got, want / upstream.size):
            raise Mistake(
                f"for {where} you averaged over the {upstream.size} output positions. The same "
                "kernel is used at every position (weight sharing), so the contributions of all "
                "positions add up: a sum, not a mean."
            )
        if stride > 1:
            unstrided = np.sum(
                [
                    upstream[i, j] * image[i : i + kernel_shape[0], j : j + kernel_shape[1]]
                    for i in range(upstream.shape[0])
                    for j in range(upstream.shape[1])
                ],
                axis=0,
            )
            if np.allclose(got, unstrided):
                raise Mistake(
                    f"for {where} your windows start one pixel apart, but with stride={stride} "
                    f"output position (i, j) read the window starting at row i*{stride}, column "
                    f"j*{stride}."
                )
        if np.allclose(got, reference(image, upstream[:-1, :-1], kernel_shape, stride)):
            raise Mistake(
                f"for {where} you left out the last row and column of output positions (an "
                f"off-by-one in the loops): there are {upstream.shape[0]} x {upstream.shape[1]} "
                "positions, as many as upstream has entries."
            )
        expect_close(got, want, f"your dL/dK for {where}")
    return (
        "your dL/dK matches the reference on 4 random cases (it also equals what "
        "tf.GradientTape computes for Conv2D's kernel)."
    )


q7 = Exercise(
    "Gradient of a convolution with respect to its kernel",
    _check_q7,
    hint="K[a, b] meets X[i*s + a, j*s + b] in output Y[i, j], so dL/dK[a, b] = sum over all "
    "output positions (i, j) of G[i, j] * X[i*s + a, j*s + b]: loop over (i, j) and add "
    "G[i, j] times the window of X that Y[i, j] read.",
    solution=conv_kernel_gradient,
    answer_is_function=True,
)
