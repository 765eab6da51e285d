"""Exercises for notebook 01 · Data.

Example:
    >>> from course_utils.exercises import nb01 as ex
    >>> ex.q3.evaluate(657).passed
    True
"""

from __future__ import annotations

import math
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


# q1 -- scale pixels to [-1, 1] ------------------------------------------------------------
def scale_to_symmetric(images: np.ndarray) -> np.ndarray:
    images = images.astype("float32")  # uint8 arithmetic would wrap around
    return images / 127.5 - 1.0  # 0 -> -1, 255 -> +1


def _check_q1(learner: Any, reference: Any) -> None:
    images = np.array([[0, 64, 127], [128, 200, 255]], dtype=np.uint8)
    got = as_array(call_learner(learner, images.copy()), "your scaled images")
    want = reference(images)
    if got.shape != want.shape:
        raise Mistake(f"scaling must keep the shape {want.shape}; yours returned {got.shape}.")
    if np.allclose(got, images / 255.0, atol=1e-4):
        raise Mistake(
            "your values run from 0 to 1: that is the [0, 1] scaling. Shift and stretch it to [-1, 1]."
        )
    if np.allclose(got, images / 127.5, atol=1e-4):
        raise Mistake("your values run from 0 to 2; subtract 1 after dividing by 127.5.")
    if got.min() < -1.0001 or got.max() > 1.0001:
        raise Mistake(
            f"your values run from {got.min():.3g} to {got.max():.3g}, outside [-1, 1]. "
            "Did uint8 arithmetic wrap around? Convert to float first."
        )
    expect_close(got, want, "your scaled images", atol=1e-4, inputs=images)


q1 = Exercise(
    "Scale to [-1, 1]",
    _check_q1,
    hint="0 should map to -1 and 255 to +1: divide by 255 / 2 = 127.5, then subtract 1.",
    solution=scale_to_symmetric,
    answer_is_function=True,
)


# q2 -- standardise without leakage ---------------------------------------------------------
def standardize(train: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    train = train.astype("float32")
    other = other.astype("float32")
    mean, std = train.mean(), train.std()  # statistics of the training split only
    return (train - mean) / std, (other - mean) / std


def _check_q2(learner: Any, reference: Any) -> None:
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, size=(50, 4, 4)).astype(np.uint8)
    other = rng.integers(40, 256, size=(20, 4, 4)).astype(np.uint8)  # a different distribution
    result = call_learner(learner, train.copy(), other.copy())
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake("return two arrays: (standardised train, standardised other).")
    got_train = as_array(result[0], "your standardised training split")
    got_other = as_array(result[1], "your standardised second split")
    want_train, want_other = reference(train, other)
    expect_close(got_train, want_train, "your standardised training split", rtol=1e-4, atol=1e-4)
    own = (other.astype("float32") - other.mean()) / other.std()
    if np.allclose(got_other, own, atol=1e-4):
        raise Mistake(
            "you standardised the second split with its own mean and std. That leaks "
            "information from data the model must not see; use the training statistics."
        )
    expect_close(got_other, want_other, "your standardised second split", rtol=1e-4, atol=1e-4)


q2 = Exercise(
    "Standardise with training statistics",
    _check_q2,
    hint="Compute mean = train.mean() and std = train.std() once; apply (x - mean) / std to both.",
    solution=standardize,
    answer_is_function=True,
)


# q3 -- steps per epoch ----------------------------------------------------------------------
def steps_per_epoch() -> int:
    n_train = 42_000  # the 70% training part of a 70/15/15 split of 60,000 images
    batch_size = 64
    return math.ceil(n_train / batch_size)  # the last, smaller batch is a step too


def _check_q3(answer: Any, expected: int) -> None:
    if answer == 42_000 // 64:
        raise Mistake(
            "42,000 / 64 = 656.25: the 0.25 is a last, smaller batch of 16 images, and "
            "it is a step too (unless you ask tf.data for drop_remainder=True)."
        )
    if isinstance(answer, float) and not answer.is_integer():
        raise Mistake("a number of steps is a whole number; what happens to the leftover images?")
    expect_equal(answer, expected, "the number of steps per epoch")


q3 = Exercise(
    "Steps per epoch for 42,000 images in batches of 64",
    _check_q3,
    hint="Divide and round up: math.ceil(n_train / batch_size).",
    solution=steps_per_epoch,
)
