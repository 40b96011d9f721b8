"""What the tests share, one room per concern. Conftests hold only fixtures and hooks; test modules
import helpers from here, never from a conftest or from another test module.

- factories: realistic data (NIKs, phones, booking bodies, the demo offices and the offices built on
  them, staff members, API Gateway, SQS and sample events);
- clock: the fixed morning the in-process tests stand on, and the days of its week by name;
- handlers: the functions loaded in-process, and the API clients that call them as API Gateway would;
- scans: a citizen's scans in-process (upload ticket, the browser's POST, the intake's event);
- outbox: the messages moto's SNS and SES took;
- http_clients: the public API over HTTP and the staff API signed with SigV4 (e2e);
- stack: the layer pointed at a running local stack, the real clock's midnight, table snapshots (e2e);
- pages and portal: browser helpers for every page, and for the staff portal (e2e/web);
- booking_model: the plain model the stateful booking test checks the handlers against.
"""

from __future__ import annotations

from pathlib import Path

#: The repository's root: template.yaml, data/, events/, openapi/.
ROOT = Path(__file__).resolve().parents[2]
