"""Ports on 127.0.0.1: pick a free one, check one is free, see which addresses a port listens on."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

from antrean_local import LocalStackError

LOOPBACK = "127.0.0.1"


class PortInUse(LocalStackError):
    """A port the stack needs is taken by another process."""


def free_port() -> int:
    """A port nothing listens on right now (for ``--...-port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def ensure_free(port: int, what: str, option: str) -> None:
    """Raise PortInUse, naming the option to change, when ``port`` is taken on 127.0.0.1.

    The probe binds as the servers do, with SO_REUSEADDR (Java's and Python's servers set it):
    so the TIME_WAIT connections a stack just stopped leaves behind do not count as "in use",
    and a restart right away works, while a port something still listens on is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            raise PortInUse(
                f"port {port} for {what} is in use (another local stack still running?). "
                f"Stop it, or choose another port with {option} (0 picks a free one)."
            ) from None


def choose(port: int, what: str, option: str) -> int:
    """``port`` if it is free, a free port if it is 0."""
    if port == 0:
        return free_port()
    ensure_free(port, what, option)
    return port


def _decode_proc_address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if sys.byteorder == "little":
        # /proc/net/tcp* print each 32-bit word of the address in host byte order.
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(raw)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def listening_addresses(port: int) -> set[str] | None:
    """The local addresses a TCP port listens on (from /proc), or None where /proc is missing."""
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not any(table.exists() for table in tables):
        return None
    addresses = set()
    for table in tables:
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                addresses.add(_decode_proc_address(address))
    return addresses


def is_loopback_only(addresses: set[str]) -> bool:
    """True when every address is a loopback one (nothing listens on the LAN)."""
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)
