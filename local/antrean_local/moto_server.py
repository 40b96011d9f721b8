"""moto's server, in the stack's process, standing in for S3, SQS and the other AWS services.

Its state lives in memory: unlike the DynamoDB Local tables, buckets and their objects, queues
and their messages, and keys are gone after a restart (and re-created empty from the template at
start).
"""

from __future__ import annotations

import threading

from moto.server import ThreadedMotoServer

from antrean_local import LocalStackError
from antrean_local.ports import LOOPBACK


class MotoServerError(LocalStackError):
    """moto's server could not start."""


class MotoServer:
    """moto's ThreadedMotoServer on 127.0.0.1:``port`` (0 lets the system choose)."""

    def __init__(self, port: int) -> None:
        """Prepare the server; start() binds and serves."""
        self.port = port
        self._server = ThreadedMotoServer(ip_address=LOOPBACK, port=port, verbose=False)

    @property
    def endpoint(self) -> str:
        """The URL clients use (AWS_ENDPOINT_URL)."""
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, timeout_s: float = 30.0) -> None:
        """Start serving in a background thread."""
        # ThreadedMotoServer.start() waits forever if binding fails in its thread: bound the wait.
        starter = threading.Thread(target=self._server.start, name="moto-start", daemon=True)
        starter.start()
        starter.join(timeout_s)
        if starter.is_alive():
            raise MotoServerError(
                f"moto's server did not start on {LOOPBACK}:{self.port} within {timeout_s:.0f} s (see the stack log)"
            )
        self.port = self._server.get_host_and_port()[1]

    def stop(self) -> None:
        """Stop serving."""
        self._server.stop()
