"""The network guard that proves the course runs offline, here and in notebook kernels."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_outside_connections_are_refused_in_tests():
    import network_guard

    with pytest.raises(network_guard.NetworkBlockedError, match="offline"):
        socket.create_connection(("203.0.113.1", 80), timeout=1)
    with pytest.raises(network_guard.NetworkBlockedError):
        socket.getaddrinfo("example.org", 443)


def test_loopback_still_works():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    client.close()
    server.close()


def test_kernels_started_by_the_tests_are_offline_too():
    """nbval's kernels inherit PYTHONPATH from conftest.py, so sitecustomize guards them."""
    code = (
        "import urllib.request\n"
        "try:\n"
        "    urllib.request.urlopen('https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz', timeout=5)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert "Network access is disabled" in result.stdout, result.stdout + result.stderr
    assert str(ROOT / "tests" / "offline") in os.environ["PYTHONPATH"]


def test_keras_cache_is_empty():
    """A stray keras.datasets call cannot silently reuse a cached download."""
    keras_home = Path(os.environ["KERAS_HOME"])
    assert keras_home.name.startswith("keras-home-empty-")
    assert not (keras_home / "datasets").exists()
