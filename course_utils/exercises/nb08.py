"""Exercises for notebook 08 · Convolutional networks.

Example:
    >>> from course_utils.exercises import nb08 as ex
    >>> ex.q3.evaluate(18_496).passed
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.core import (
    Exercise,
    Mistake,
    as_array,
    call_learner,
    expect_close,
    expect_equal,
)


# q1 -- output size of a convolution ------------------------------------------------------------------
def conv_output_size(n: int, kernel: int, padding: int, stride: int) -> int:
    return (n + 2 * padding - kernel) // stride + 1


def _check_q1(learner: Any, reference: Any) -> None:
    for args in [(28, 3, 0, 1), (28, 3, 1, 1), (28, 5, 2, 2), (7, 3, 0, 2), (32, 4, 1, 3)]:
        got = call_learner(learner, *args)
        want = reference(*args)
        n, k, p, s = args
        if p and got == (n + p - k) // s + 1 and got != want:
            raise Mistake(
                f"for padding={p} you padded one side only: the zeros go on both sides, n + 2 * padding."
            )
        if got == (n + 2 * p - k) // s:
            raise Mistake(
                f"for n={n}, kernel={k}, padding={p}, stride={s} you are one short: the first position counts too (+1)."
            )
        if got == (n - k) // s + 1 and p:
            raise Mistake(
                f"for padding={p} your size ignores the padding: it adds 2 * padding to n."
            )
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
    image = np.arange(30, dtype=float).reshape(5, 6) % 7
    got = as_array(call_learner(learner, image.copy()), "your pooled image")
    want = reference(image)
    if got.shape == (4, 5):
        raise Mistake(
            "your output is (4, 5): that is stride 1. Max pooling 2x2 moves 2 pixels at a time."
        )
    if got.shape != want.shape:
        raise Mistake(
            f"a 5x6 image pools to {want.shape} (the odd last row is dropped); yours is {got.shape}."
        )
    blocks = image[:4, :6].reshape(2, 2, 3, 2)
    if np.allclose(got, blocks.mean(axis=(1, 3))):
        raise Mistake("that is average pooling; take the maximum of each 2x2 block.")
    expect_close(got, want, "your pooled image")


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
