"""The port probe of `make run`: a port the stack just let go (only TIME_WAIT connections left)
is free to use again at once; a port something listens on is not."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from antrean_local.ports import LOOPBACK, PortInUse, ensure_free, listening_addresses


@pytest.fixture
def port_left_in_time_wait() -> int:
    """A port whose server closed a connection first and stopped: the kernel keeps the server's
    side of that connection in TIME_WAIT for a minute, as after stopping the stack."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the stack's servers bind
    server.bind((LOOPBACK, 0))
    server.listen()
    port = int(server.getsockname()[1])
    client = socket.create_connection((LOOPBACK, port))
    accepted, _ = server.accept()
    accepted.close()  # the server's side closes first: it is the side left in TIME_WAIT
    server.close()
    client.recv(1)  # the FIN arrived
    client.close()
    return port


def _time_wait_on(port: int) -> bool:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "06":  # 06: TIME_WAIT
            return True
    return False


def test_a_port_left_in_time_wait_by_a_stopped_stack_is_free_to_use_at_once(port_left_in_time_wait: int) -> None:
    # Given the port only has a TIME_WAIT connection of the stack that just stopped
    assert _time_wait_on(port_left_in_time_wait)
    assert listening_addresses(port_left_in_time_wait) == set()

    # When `make run` checks the port, Then it is free
    ensure_free(port_left_in_time_wait, "DynamoDB Local", "--ddb-port")

    # And a server binds it as the stack's servers do
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((LOOPBACK, port_left_in_time_wait))
        server.listen()


def test_a_port_something_listens_on_is_in_use() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other.bind((LOOPBACK, 0))
        other.listen()
        port = int(other.getsockname()[1])

        with pytest.raises(PortInUse, match=f"port {port} for DynamoDB Local is in use"):
            ensure_free(port, "DynamoDB Local", "--ddb-port")
