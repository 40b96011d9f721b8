"""The stack's log: everything in ``<data dir>/logs/stack.log`` (the handlers' output too, written
there by the workers), and the stack's own progress and warnings on the console as well."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


class _ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        return message if record.levelno < logging.WARNING else f"{record.levelname}: {message}"


def setup_logging(log_file: Path) -> list[tuple[logging.Logger, logging.Handler]]:
    """Everything to the stack log; the stack's own progress and warnings also to the console.

    Returns the (logger, handler) pairs added, for the stack to remove when it stops.
    """
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(file_handler)
    console = logging.StreamHandler(sys.stdout)
    console.setLevel(logging.INFO)
    console.setFormatter(_ConsoleFormatter("%(message)s"))
    ours = logging.getLogger("antrean_local")
    ours.setLevel(logging.DEBUG)  # request lines are DEBUG: in the file, not on the console
    ours.addHandler(console)
    return [(root, file_handler), (ours, console)]
