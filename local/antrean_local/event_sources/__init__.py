"""Lambda's event source mappings, run locally: a poller per SQS or DynamoDB event of the template
(read by antrean_local.template.mappings), invoking the function through its worker pool.

- ``start``: a poller per enabled event, each stopped with the stack;
- ``queue_poller``: SQS: poll a queue, invoke the function with each batch, delete what succeeded;
- ``stream_poller``: DynamoDB streams: read a table's stream, retry, bisect, give up to OnFailure;
- ``filter_patterns``: which stream records reach the function (FilterCriteria);
- ``records``: the records as Lambda hands them to the function;
- ``background``: the thread every poller runs in.
"""

from __future__ import annotations

from antrean_local.event_sources.filter_patterns import filter_matches
from antrean_local.event_sources.queue_poller import QueuePoller
from antrean_local.event_sources.records import stream_record
from antrean_local.event_sources.stream_poller import StreamPoller

__all__ = ["QueuePoller", "StreamPoller", "filter_matches", "stream_record"]
