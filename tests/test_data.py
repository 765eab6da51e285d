"""course_utils.data: the good path and every bad path a learner can hit."""

import shutil
import zipfile

import numpy as np
import pytest

from course_utils.data import (
    MNIST_SHA256,
    DataFileError,
    find_mnist_file,
    load_mnist,
    sha256_of,
)

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_shapes_dtypes_and_order_match_keras(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # Keras' order
    assert y_test[:5].tolist() == [7, 2, 1, 0, 4]


def test_label_counts(mnist):
    (_, y_train), (_, y_test) = mnist
    assert np.bincount(y_train).tolist() == TRAIN_COUNTS
    assert np.bincount(y_test).sum() == 10000


def test_shipped_file_checksum():
    assert sha256_of(find_mnist_file()) == MNIST_SHA256


def test_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    assert find_mnist_file().is_file()


def test_course_data_dir_points_elsewhere(tmp_path, monkeypatch):
    shutil.copy(find_mnist_file(), tmp_path / "mnist.npz")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert find_mnist_file() == tmp_path / "mnist.npz"
    (_, y_train), _ = load_mnist()
    assert len(y_train) == 60000


def test_missing_file_says_where_it_looked_and_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        load_mnist()
    message = str(info.value)
    assert str(tmp_path / "mnist.npz") in message
    assert "COURSE_DATA_DIR" in message and "git checkout" in message


def test_explicit_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found at"):
        load_mnist(tmp_path / "nope.npz")


def test_truncated_file_is_reported_as_corrupted(tmp_path, monkeypatch):
    data = find_mnist_file().read_bytes()
    (tmp_path / "mnist.npz").write_bytes(data[: len(data) // 2])
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError, match="corrupted or truncated"):
        load_mnist()


def test_unreadable_file_without_checksum_is_reported(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_bytes(b"this is not a zip archive" * 100)
    with pytest.raises(DataFileError, match="cannot be read"):
        load_mnist(path, verify=False)


def test_wrong_arrays_are_reported(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.zeros((10, 28, 28), np.uint8))
    with pytest.raises(DataFileError, match="'x_train' should be"):
        load_mnist(path, verify=False)


def test_pickled_arrays_are_refused(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.array([{"a": 1}], dtype=object))
    with pytest.raises(DataFileError):
        load_mnist(path, verify=False)


def test_shipped_file_is_a_plain_npz():
    with zipfile.ZipFile(find_mnist_file()) as archive:
        assert sorted(archive.namelist()) == [
            "x_test.npy",
            "x_train.npy",
            "y_test.npy",
            "y_train.npy",
        ]


def test_damaged_compressed_data_without_checksum_is_a_data_file_error(tmp_path):
    """Bytes damaged inside the compressed arrays once ended in a raw zlib.error."""
    data = bytearray(find_mnist_file().read_bytes())
    middle = len(data) // 3
    data[middle : middle + 4096] = bytes(4096)
    path = tmp_path / "mnist.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileError, match="corrupted"):
        load_mnist(path, verify=False)


def test_unreadable_file_is_a_data_file_error(tmp_path, monkeypatch):
    import course_utils.data as data

    def refuse(path, chunk_size=1 << 20):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(data, "sha256_of", refuse)
    with pytest.raises(DataFileError, match="cannot be read.*readable"):
        load_mnist()
