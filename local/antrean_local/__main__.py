"""``python -m antrean_local run``: start the whole local stack, and stop it on Ctrl-C or SIGTERM (see ``--help``)."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from antrean_local import LocalStackError
from antrean_local.cognito.identity_pool import MAX_LIFETIME_S
from antrean_local.stack import LocalStack, StackOptions, repo_root


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is 0-65535 (0 picks a free one)")
    return port


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _lifetime(text: str) -> int:
    seconds = int(text)
    if not 1 <= seconds <= MAX_LIFETIME_S:
        raise argparse.ArgumentTypeError(f"credentials last 1-{MAX_LIFETIME_S} s")
    return seconds


def _window(text: str) -> int:
    days = int(text)
    if not 1 <= days <= 90:
        raise argparse.ArgumentTypeError("a booking window is 1-90 days")
    return days


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line of ``python -m antrean_local``."""
    parser = argparse.ArgumentParser(
        prog="python -m antrean_local",
        description="Antrean's local stack: DynamoDB Local, moto, the API and the schedules "
        "of template.yaml on this machine.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_command = commands.add_parser("run", help="start the stack; Ctrl-C stops it")
    run_command.add_argument("--host", default="127.0.0.1", help="gateway address (default %(default)s)")
    run_command.add_argument("--port", type=_port, default=3000, help="gateway port (default %(default)s)")
    run_command.add_argument("--ddb-port", type=_port, default=8000, help="DynamoDB Local port (default %(default)s)")
    run_command.add_argument("--moto-port", type=_port, default=5000, help="moto server port (default %(default)s)")
    run_command.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="tables, logs and stack.json (default: .local in the repository)",
    )
    run_command.add_argument(
        "--workers",
        type=_positive,
        default=4,
        help="worker processes per API function (default %(default)s; scheduled ones get 1)",
    )
    run_command.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the repository whose template.yaml to run (default: this one)",
    )
    run_command.add_argument(
        "--credential-seconds",
        type=_lifetime,
        default=MAX_LIFETIME_S,
        help="how long the identity pool's credentials last, 1-3600 s (default %(default)s; less to see renewal)",
    )
    run_command.add_argument(
        "--window-days",
        type=_window,
        default=None,
        help="book at most N days ahead at each demo office, 1-90 (default: each office's own window, up to"
        " 30 days; fewer days to open makes a quicker start)",
    )
    run_command.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a template parameter's value instead of its Default (repeatable; e.g. WeeklyBookingsPerPhone=500)",
    )
    run_command.add_argument("--fresh", action="store_true", help="wipe the data dir first")
    run_command.add_argument(
        "--strict",
        action="store_true",
        help="fail the start if seeding, a handler import or a start-time schedule fails",
    )
    return parser.parse_args(argv)


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM like Ctrl-C: the same orderly stop


def run(options: StackOptions) -> int:
    """Run the stack until Ctrl-C or SIGTERM; returns the process exit code."""
    # SIGINT too: a shell starting the stack in the background would have it ignored.
    signal.signal(signal.SIGINT, _stop_on_signal)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    stack: LocalStack | None = None
    try:
        stack = LocalStack(options)
        stack.start()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        if stack is not None and not stack.running:
            print("\nStart interrupted: stopped what had started.", flush=True)
        return 0
    except LocalStackError as error:
        print(f"\nThe local stack could not start: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C must not cut the stop short and leave java or workers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if stack is not None and stack.running:
            print("Stopping the local stack ...", flush=True)
            stack.stop()
            print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    root = (arguments.root or repo_root()).resolve()
    options = StackOptions(
        root=root,
        data_dir=arguments.data_dir or root / ".local",
        host=arguments.host,
        port=arguments.port,
        ddb_port=arguments.ddb_port,
        moto_port=arguments.moto_port,
        workers=arguments.workers,
        fresh=arguments.fresh,
        strict=arguments.strict,
        credential_seconds=arguments.credential_seconds,
        window_days=arguments.window_days,
        parameters=dict(item.split("=", 1) for item in arguments.parameter),
    )
    return run(options)


# The guard matters: worker processes are spawned, and spawn re-imports the main module.
if __name__ == "__main__":
    sys.exit(main())
