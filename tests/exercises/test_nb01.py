"""Notebook 01's exercise checkers against typical wrong answers."""

import numpy as np
import pytest

from course_utils.exercises import nb01
from course_utils.exercises.core import INCORRECT


# --- typical wrong answers, notebook 01 -------------------------------------------------
@pytest.mark.parametrize(
    "function, message",
    [
        (lambda x: x / 255.0, "from 0 to 1"),
        (lambda x: x / 127.5, "from 0 to 2"),
        (lambda x: x * 2 - 1, "outside [-1, 1]"),
        (lambda x: x * 2 / 255 - 1, "wrapped around"),
        (lambda x: (x / 127.5 - 1.0).ravel(), "keep the shape"),
    ],
)
def test_nb01_q1_wrong(function, message):
    result = nb01.q1.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _leaky(train, other):
    train, other = train.astype(float), other.astype(float)
    return (train - train.mean()) / train.std(), (other - other.mean()) / other.std()


def _pooled(train, other):
    both = np.concatenate([train, other]).astype(float)
    return (train - both.mean()) / both.std(), (other - both.mean()) / both.std()


def test_nb01_q2_sample_std_is_accepted():
    def with_ddof1(train, other):
        t = train.astype("float32")
        return (t - t.mean()) / t.std(ddof=1), (other - t.mean()) / t.std(ddof=1)

    result = nb01.q2.evaluate(with_ddof1)
    assert result.passed, result.message


@pytest.mark.parametrize(
    "function, message",
    [
        (_leaky, "its own mean and std"),
        (lambda t, o: (t / 255.0, o / 255.0), "off at index"),
        (lambda t, o: (t - t.mean()) / t.std(), "return two arrays"),
        (_pooled, "both splits together"),
    ],
)
def test_nb01_q2_wrong(function, message):
    result = nb01.q2.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize(
    "answer, message",
    [(656, "last, smaller batch"), (656.25, "whole number"), (1500, "should be 657")],
)
def test_nb01_q3_wrong(answer, message):
    result = nb01.q3.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


# --- q4: the shuffle buffer -------------------------------------------------------------------
def _full_shuffle(items, buffer_size, rng):
    return list(rng.permutation(items))


def _fifo(items, buffer_size, rng):
    return list(items)


def _no_flush(items, buffer_size, rng):
    items = list(items)
    buffer, output = items[:buffer_size], []
    for item in items[buffer_size:]:
        k = int(rng.integers(len(buffer)))
        output.append(buffer[k])
        buffer[k] = item
    return output


def _block_shuffle(items, buffer_size, rng):
    items = list(items)
    out = []
    for start in range(0, len(items), buffer_size):
        out += [items[k] for k in start + rng.permutation(len(items[start : start + buffer_size]))]
    return out


def _own_rng(items, buffer_size, rng):
    return nb01.buffered_shuffle(items, buffer_size, np.random.default_rng(0))


@pytest.mark.parametrize(
    "function, message",
    [
        (_full_shuffle, "before it could enter the buffer"),
        (_fifo, "keeps the original order"),
        (_no_flush, "must come out too"),
        (_own_rng, "from the `rng` you are given"),
        (_block_shuffle, "separate blocks"),
        (lambda items, b, rng: [0] * len(items), "reordering"),
    ],
)
def test_nb01_q4_wrong(function, message):
    result = nb01.q4.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def test_nb01_q4_other_right_forms():
    def with_deque(items, buffer_size, rng):
        from collections import deque

        stream, buffer, out = deque(items), [], []
        while stream and len(buffer) < buffer_size:
            buffer.append(stream.popleft())
        while buffer:
            k = int(rng.integers(len(buffer)))
            out.append(buffer[k])
            if stream:
                buffer[k] = stream.popleft()
            else:
                buffer.pop(k)
        return np.array(out)

    result = nb01.q4.evaluate(with_deque)
    assert result.passed, result.message


# --- q5: sorted data, small buffer ------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, message",
    [
        (0.1, "full shuffle"),
        (32, "number of zeros"),
        ("lots", "between 0 and 1"),
        (0.5, "should be"),
    ],
)
def test_nb01_q5_wrong(answer, message):
    result = nb01.q5.evaluate(answer)
    assert result.status == INCORRECT and message in result.message, result.message


@pytest.mark.parametrize("answer", [1, 1.0, np.float32(1.0), "100%", 32 / 32, np.array([1.0])])
def test_nb01_q5_right_forms(answer):
    assert nb01.q5.evaluate(answer).passed


# --- q6: a stratified split by hand -----------------------------------------------------------
def _random_split(labels, fraction, rng):
    order = rng.permutation(len(labels))
    n_val = round(len(labels) * fraction)
    return order[n_val:], order[:n_val]


def _first_of_each_class(labels, fraction, rng):
    train, val = [], []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        n_val = round(len(members) * fraction)
        val += list(members[:n_val])
        train += list(members[n_val:])
    return train, val


def _positions_within_class(labels, fraction, rng):
    train, val = [], []
    for c in np.unique(labels):
        members = rng.permutation(int(np.sum(labels == c)))
        n_val = round(len(members) * fraction)
        val += list(members[:n_val])
        train += list(members[n_val:])
    return train, val


def _global_random(labels, fraction, rng):
    return nb01.stratified_split(labels, fraction, np.random.default_rng())


def _overlapping(labels, fraction, rng):
    train, val = nb01.stratified_split(labels, fraction, rng)
    return np.arange(len(labels)), val


def _swapped(labels, fraction, rng):
    train, val = nb01.stratified_split(labels, fraction, rng)
    return val, train


@pytest.mark.parametrize(
    "function, message",
    [
        (_random_split, "plain random split"),
        (_first_of_each_class, "first examples of each class"),
        (_positions_within_class, "positions within one class"),
        (_global_random, "same seed gave two different splits"),
        (_overlapping, "in both train_idx and val_idx"),
        (_swapped, "swapped"),
        (lambda labels, f, rng: np.arange(len(labels)), "return a pair"),
    ],
)
def test_nb01_q6_wrong(function, message):
    result = nb01.q6.evaluate(function)
    assert result.status == INCORRECT and message in result.message, result.message


def _as_masks(labels, fraction, rng):
    train, val = nb01.stratified_split(labels, fraction, rng)
    mask = np.zeros(len(labels), dtype=bool)
    mask[val] = True
    return ~mask, mask


def _floor_and_lists(labels, fraction, rng):
    import math

    train, val = [], []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        rng.shuffle(members)
        n_val = math.floor(len(members) * fraction)
        val.extend(members[:n_val].tolist())
        train.extend(members[n_val:].tolist())
    return train, val


def _as_tensors(labels, fraction, rng):
    import tensorflow as tf

    return tuple(tf.constant(part) for part in nb01.stratified_split(labels, fraction, rng))


@pytest.mark.parametrize("function", [_as_masks, _floor_and_lists, _as_tensors])
def test_nb01_q6_other_right_forms(function):
    result = nb01.q6.evaluate(function)
    assert result.passed, result.message


def _split_with_scikit_learn(labels, val_fraction, rng):
    from sklearn.model_selection import train_test_split

    positions = np.arange(len(labels))
    seed = int(rng.integers(2**31))
    return train_test_split(positions, test_size=val_fraction, stratify=labels, random_state=seed)


def test_nb01_q6_refuses_the_library_shortcut():
    result = nb01.q6.evaluate(_split_with_scikit_learn)
    assert not result.passed
    assert "`train_test_split`" in result.message and "by hand is the lesson" in result.message
