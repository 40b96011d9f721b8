"""The local gateway over HTTP: http.server's threading server, answering each request with a
Gateway (keep-alive as clients and load tests expect; API Gateway's 10 MB limit on bodies)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from antrean_local.gateway import Gateway, json_response
from antrean_local.proxy_integration import Request, Response

log = logging.getLogger(__name__)

#: API Gateway's payload limit for REST APIs.
MAX_BODY_BYTES = 10 * 1024 * 1024


class GatewayRequestHandler(BaseHTTPRequestHandler):
    """Adapts http.server to Gateway.handle."""

    server: GatewayServer
    protocol_version = "HTTP/1.1"  # keep-alive, as clients and load tests expect
    server_version = "antrean-local"

    def _serve(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send(json_response(411, {"message": "Length Required"}), close=True)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(json_response(400, {"message": "Bad Content-Length"}), close=True)
            return
        if length > MAX_BODY_BYTES:
            # Answer without reading the body, and close: the rest of it is never read.
            self._send(json_response(413, {"message": "Request Too Long"}), close=True)
            return
        request = Request(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=self.rfile.read(length) if length else b"",
            client_ip=self.client_address[0],
        )
        started = time.monotonic()
        response = self.server.gateway.handle(request)
        self._send(response)
        log.debug(
            "%s %s %d %.0fms",
            self.command,
            self.path,
            response.status,
            (time.monotonic() - started) * 1000,
        )

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Every method goes to the Gateway, as every method reaches API Gateway: one no route
        declares (TRACE, QUERY, any token) gets its JSON 403 there, not http.server's 501 page."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _send(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        """http.server's own messages (bad requests) go to the stack log, not the console."""
        log.debug("%s %s", self.address_string(), format % args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by _serve, with their duration."""


class GatewayServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one address, answering with a Gateway."""

    daemon_threads = True
    # Bursts of concurrent clients (race tests) must queue, not be refused.
    request_queue_size = 128

    def __init__(self, host: str, port: int, gateway: Gateway) -> None:
        """Bind now (so a busy port fails at once); serve_forever() starts answering."""
        self.gateway = gateway
        self._host = host
        super().__init__((host, port), GatewayRequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection errors (a client hanging up) go to the stack log, not the console."""
        log.debug("connection error from %s", client_address, exc_info=True)

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the bound socket (the real port when 0 was asked)."""
        return f"http://{self._host}:{self.server_port}"
