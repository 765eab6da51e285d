"""Exercises for notebook 01 · Data.

Example:
    >>> from course_utils.exercises import nb01 as ex
    >>> ex.q3.evaluate(657).passed
    True
    >>> ex.q5.evaluate(1.0).passed
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
    refuse_shortcut,
    variant_rng,
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
    with np.errstate(over="ignore"):
        wrapped = (images * np.uint8(2)).astype("float64") / 255 - 1  # images * 2 in uint8
    if np.allclose(got, wrapped, atol=1e-4):
        raise Mistake(
            "uint8 arithmetic wrapped around: images * 2 stays uint8, so 128 * 2 = 256 "
            "becomes 0 and 200 * 2 becomes 144. Convert to float32 first, "
            "images.astype('float32') / 127.5 - 1."
        )
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
    both = np.concatenate([train, other]).astype("float64")
    pooled = ((train - both.mean()) / both.std(), (other - both.mean()) / both.std())
    if np.allclose(got_train, pooled[0], atol=1e-4) and np.allclose(
        got_other, pooled[1], atol=1e-4
    ):
        raise Mistake(
            "you computed the mean and std on both splits together (np.concatenate([train, "
            "other])): that leaks the held-out data into the statistics; use train alone."
        )
    t = train.astype("float64")
    sample_std = t.std(ddof=1)  # pandas' and torch's default: the same lesson, accepted
    if np.allclose(got_train, (t - t.mean()) / sample_std, rtol=1e-4, atol=1e-4) and np.allclose(
        got_other, (other - t.mean()) / sample_std, rtol=1e-4, atol=1e-4
    ):
        return
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


# q4 -- the shuffle buffer of tf.data, by hand ----------------------------------------------------
def buffered_shuffle(items: list, buffer_size: int, rng: np.random.Generator) -> list:
    items = list(items)
    buffer = items[:buffer_size]  # 1. fill the buffer with the first elements
    output = []
    for item in items[buffer_size:]:
        k = int(rng.integers(len(buffer)))  # 2. pick a random slot
        output.append(buffer[k])  #    emit what it holds
        buffer[k] = item  # 3. refill that slot with the next element of the stream
    while buffer:  # 4. the stream is over: empty the buffer in random order
        output.append(buffer.pop(int(rng.integers(len(buffer)))))
    return output


def _check_q4(learner: Any, reference: Any) -> None:
    base = int(variant_rng(401).integers(1_000))
    items = list(range(100, 160))  # 60 distinct, ordered items
    for buffer_size in (1, 5, 20, 60, 100):
        outputs = []
        for seed in (base, base + 1):
            got = call_learner(learner, list(items), buffer_size, np.random.default_rng(seed))
            try:
                got = [int(v) for v in got]
            except (TypeError, ValueError):
                raise Mistake("return a list of the items, in the order they come out.") from None
            outputs.append(got)
            if len(got) < len(items) and set(got) <= set(items):
                raise Mistake(
                    f"with buffer_size={buffer_size} you returned {len(got)} of {len(items)} "
                    "items: when the stream ends, the items still in the buffer must come out too."
                )
            if sorted(got) != items:
                raise Mistake(
                    f"with buffer_size={buffer_size} your output is not a reordering of the "
                    "input: every item must come out exactly once."
                )
            for k, value in enumerate(got):
                position = value - items[0]
                if position > k + buffer_size - 1:
                    raise Mistake(
                        f"with buffer_size={buffer_size} the item at input position {position} "
                        f"came out at output position {k}, before it could enter the buffer. "
                        "Only the buffer is shuffled: fill it with the first buffer_size items, "
                        "then take one at random and replace it with the next item."
                    )
        if buffer_size == 1 and outputs[0] != items:
            raise Mistake("with buffer_size=1 the order must stay the same (one slot, no choice).")
        if buffer_size >= 5 and outputs[0] == items:
            raise Mistake(
                f"with buffer_size={buffer_size} your output keeps the original order: pick a "
                "*random* slot of the buffer (rng.integers(len(buffer))), not the oldest one."
            )
        waits = [k - (value - items[0]) for out in outputs for k, value in enumerate(out)]
        if 5 <= buffer_size < len(items) and max(waits) <= buffer_size:
            raise Mistake(
                f"with buffer_size={buffer_size} no item ever waited more than {buffer_size} "
                "places: did you shuffle separate blocks of buffer_size items? A shuffle buffer "
                "keeps one slot open per output, so an unlucky item can stay in it for long."
            )
        if buffer_size >= 5 and outputs[0] == outputs[1]:
            raise Mistake(
                "two different random generators gave the same order: draw the random slot "
                "from the `rng` you are given."
            )


q4 = Exercise(
    "A shuffle buffer by hand",
    _check_q4,
    hint="buffer = items[:buffer_size]; for each next item: k = rng.integers(len(buffer)), "
    "emit buffer[k], put the new item in slot k; at the end emit what is left, in random order.",
    solution=buffered_shuffle,
    answer_is_function=True,
)


# q5 -- predict, then check: a small shuffle buffer on sorted data -----------------------------
def share_of_zeros_in_first_batch() -> float:
    import tensorflow as tf
    from sklearn.model_selection import train_test_split

    from course_utils.data import load_mnist

    (x_train, y_train), _ = load_mnist()
    _, _, y_tr, _ = train_test_split(x_train, y_train, test_size=0.2, random_state=42)
    sorted_labels = np.sort(y_tr)  # all 0s first, then all 1s, ...
    stream = tf.data.Dataset.from_tensor_slices(sorted_labels).shuffle(1_000, seed=0).batch(32)
    first_batch = next(iter(stream)).numpy()
    q5_answer = float(np.mean(first_batch == 0))
    return q5_answer


def _check_q5(answer: Any, expected: float) -> str:
    if isinstance(answer, str):
        text = answer.strip().rstrip("%")
        try:
            value = float(text) / (100 if answer.strip().endswith("%") else 1)
        except ValueError:
            raise Mistake(f"give a share as a number between 0 and 1, not {answer!r}.") from None
    else:
        value = float(as_array(answer, "your share").reshape(-1)[0])
    if value == 32:
        raise Mistake("32 is the number of zeros; give their share of the batch (a fraction).")
    if value == 100:
        value = 1.0
    if not 0 <= value <= 1:
        raise Mistake(f"a share lies between 0 and 1; got {value}.")
    if abs(value - 0.1) < 0.06:
        raise Mistake(
            f"{value:.2f} is what a full shuffle would give (about one image in ten is a 0). "
            "Measure it: with 1,000 slots, which images can be in the buffer at the start?"
        )
    expect_close(value, expected, "the share of zeros in the first batch", atol=1e-6)
    return (
        "every image of the first batch is a 0: the buffer only ever held images from the "
        "first 1,031 positions, and the sorted split starts with thousands of zeros. Use a buffer "
        "at least as large as the dataset (or shuffle the arrays first) when data is sorted."
    )


q5 = Exercise(
    "Predict, then check: a 1,000-slot shuffle on sorted labels",
    _check_q5,
    hint="Build tf.data.Dataset.from_tensor_slices(np.sort(y_tr)).shuffle(1_000, seed=0)"
    ".batch(32), take next(iter(...)) and compute np.mean(batch == 0).",
    solution=share_of_zeros_in_first_batch,
)


# q6 -- a stratified split by hand ----------------------------------------------------------------
def stratified_split(
    labels: np.ndarray, val_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    labels = np.asarray(labels)
    train_parts, val_parts = [], []
    for c in np.unique(labels):  # 1. each class on its own
        members = rng.permutation(np.flatnonzero(labels == c))  # 2. its indices, shuffled
        n_val = round(len(members) * val_fraction)  # 3. its share of the validation set
        val_parts.append(members[:n_val])
        train_parts.append(members[n_val:])
    train_idx = rng.permutation(np.concatenate(train_parts))  # 4. mix the classes again
    val_idx = rng.permutation(np.concatenate(val_parts))
    return train_idx, val_idx


def _q6_labels() -> list[tuple[np.ndarray, float]]:
    """Label arrays with unequal classes (one of them rare), as stored: sorted, and shuffled."""
    rng = variant_rng(601)
    counts = rng.integers(20, 90, size=5)
    counts[int(rng.integers(5))] = 4  # a rare class: 4 examples
    sorted_labels = np.repeat(np.arange(5), counts)
    mixed = rng.permutation(np.repeat(np.arange(3), [37, 120, 63]))
    return [(sorted_labels, 0.2), (mixed, 0.25)]


def _as_indices(value: Any, n: int, what: str) -> np.ndarray:
    """Integer indices from an index array (list, tensor) or a boolean mask of length n."""
    if value is None:
        raise Mistake(f"{what} is None; did you forget a `return`?")
    try:
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    except Exception:
        raise Mistake(f"{what} should be an array of positions in `labels`.") from None
    if array.dtype.kind not in "biuf":
        raise Mistake(f"{what} should be an array of positions in `labels`.")
    if array.dtype == bool:
        if array.shape != (n,):
            raise Mistake(f"{what} is a boolean mask of shape {array.shape}; it should be ({n},).")
        return np.flatnonzero(array)
    array = np.asarray(array, dtype=float).reshape(-1)
    if array.size and (not np.all(np.isfinite(array)) or np.any(array != np.round(array))):
        raise Mistake(f"{what} should hold whole numbers (positions in `labels`).")
    array = array.astype(int)
    if array.size and (array.min() < 0 or array.max() >= n):
        raise Mistake(
            f"{what} holds {array.min()}..{array.max()}, but `labels` has positions 0..{n - 1}: "
            "return positions in the whole `labels` array, not within one class."
        )
    return array


def _learner_split(learner: Any, labels: np.ndarray, fraction: float, seed: int) -> tuple:
    result = call_learner(learner, labels.copy(), fraction, np.random.default_rng(seed))
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake("return a pair (train_idx, val_idx): two arrays of positions in `labels`.")
    n = len(labels)
    train_idx = _as_indices(result[0], n, "your train_idx")
    val_idx = _as_indices(result[1], n, "your val_idx")
    return train_idx, val_idx


def _check_q6(learner: Any, reference: Any) -> str:
    refuse_shortcut(
        learner,
        {
            "train_test_split": "scikit-learn's train_test_split",
            "StratifiedShuffleSplit": "scikit-learn's StratifiedShuffleSplit",
        },
        "the stratified split",
    )
    base = int(variant_rng(602).integers(1_000))
    report = []
    for labels, fraction in _q6_labels():
        n = len(labels)
        train_idx, val_idx = _learner_split(learner, labels, fraction, base)
        within_class = np.concatenate([np.arange(k) for k in np.bincount(labels)])
        if np.array_equal(np.sort(np.concatenate([train_idx, val_idx])), np.sort(within_class)):
            raise Mistake(
                "your indices count 0, 1, 2, ... again inside every class: they are positions "
                "within one class. Shuffle np.flatnonzero(labels == c) itself, so that you keep "
                "positions in the whole `labels` array."
            )
        if len(np.unique(train_idx)) < len(train_idx) or len(np.unique(val_idx)) < len(val_idx):
            raise Mistake(
                "an index appears twice within one part: each example goes to exactly one "
                "place (draw without replacement, e.g. rng.permutation, not rng.integers)."
            )
        shared = np.intersect1d(train_idx, val_idx)
        if shared.size:
            raise Mistake(
                f"{shared.size} indices (e.g. {int(shared[0])}) are in both train_idx and val_idx: "
                "the two parts must be disjoint, or the validation score is not honest."
            )
        if len(train_idx) + len(val_idx) != n:
            raise Mistake(
                f"your two parts hold {len(train_idx) + len(val_idx)} of the {n} examples: every "
                "example must go to one part (did you drop the rest of a class?)."
            )
        if len(val_idx) > len(train_idx) and fraction < 0.5:
            raise Mistake(
                f"your val_idx has {len(val_idx)} examples and train_idx {len(train_idx)}: are "
                f"they swapped? The validation part should be the {fraction:.0%}."
            )
        counts = np.bincount(labels, minlength=labels.max() + 1)
        val_counts = np.bincount(labels[val_idx], minlength=len(counts))
        ideal = counts * fraction
        worst = int(np.argmax(np.abs(val_counts - ideal)))
        if abs(val_counts[worst] - ideal[worst]) > 1:
            raise Mistake(
                f"class {worst} has {counts[worst]} examples, so a {fraction:.0%} stratified "
                f"validation part holds {ideal[worst]:.1f}, rounded; yours holds "
                f"{val_counts[worst]}. Shuffling all indices together is a plain random split: "
                "take the fraction from each class separately."
            )
        first = [np.flatnonzero(labels == c)[: val_counts[c]] for c in range(len(counts))]
        if all(
            np.array_equal(np.sort(val_idx[labels[val_idx] == c]), f) for c, f in enumerate(first)
        ):
            raise Mistake(
                "your validation part is the first examples of each class: data stored in some "
                "order (by time, by writer) would then differ between the parts. Shuffle each "
                "class's indices with rng.permutation before cutting."
            )
        again = _learner_split(learner, labels, fraction, base)
        if not (np.array_equal(np.sort(again[1]), np.sort(val_idx))):
            raise Mistake(
                "the same seed gave two different splits: draw all randomness from the `rng` "
                "you are given (not np.random.*), so that a split can be reproduced."
            )
        other = _learner_split(learner, labels, fraction, base + 1)
        if np.array_equal(np.sort(other[1]), np.sort(val_idx)):
            raise Mistake(
                "two different generators gave the same split: draw the shuffle from the `rng` "
                "you are given."
            )
        report.append(f"{len(train_idx)}/{len(val_idx)} of {n}")
    return (
        f"disjoint, complete, and every class within one example of its share ({'; '.join(report)}). "
        "This is what train_test_split(..., stratify=labels) does for you."
    )


q6 = Exercise(
    "A stratified split by hand",
    _check_q6,
    hint="For each class c in np.unique(labels): members = rng.permutation(np.flatnonzero(labels "
    "== c)); n_val = round(len(members) * val_fraction); members[:n_val] go to validation, the "
    "rest to training. Concatenate the parts (and shuffle them once more with rng).",
    solution=stratified_split,
    answer_is_function=True,
)
