"""Refuse every network connection that leaves this machine.

The course promises to work offline, so the tests run with this guard switched on: in
the pytest process (see ``conftest.py``) and, through ``tests/offline/sitecustomize.py``,
in every Jupyter kernel that pytest starts. The grader (``course_utils.grade``) switches it
on in the kernels that run learners' notebooks. Loopback connections (which Jupyter itself
needs) and Unix sockets still work; anything else raises ``NetworkBlockedError``.

Example:
    >>> from course_utils import offline
    >>> offline.install()
    >>> import socket
    >>> socket.create_connection(("example.org", 80))  # doctest: +SKIP
    Traceback (most recent call last):
    course_utils.offline.NetworkBlockedError: ...
"""

from __future__ import annotations

import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlockedError(OSError):
    """Raised when code tries to reach another machine during the course's tests."""


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> NetworkBlockedError:
    return NetworkBlockedError(
        f"Network access is disabled while the course is tested or graded "
        f"(tried to reach {what}). "
        "The course must work offline: load data with course_utils.load_mnist() "
        "instead of downloading it."
    )


def install() -> None:
    """Patch the socket module so that only loopback and Unix sockets can connect."""
    if getattr(socket, "_course_network_guard", False):
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def _check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if not _is_local(host):
                raise _refuse(repr(address))

    def connect(self: socket.socket, address: object) -> None:
        _check(self, address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        _check(self, address)
        return original_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host is not None and not _is_local(host):
            raise _refuse(repr(host))
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket._course_network_guard = True  # type: ignore[attr-defined]
