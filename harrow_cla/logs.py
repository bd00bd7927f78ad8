"""LOG_FORMAT=json: one JSON object a line (for journald, Loki, Elastic), with the time,
level, logger and message, and the status and method of a request's record, never the
request itself: no cookies, headers, query strings, session or user names, nor
addresses (nginx keeps the access log)."""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if isinstance(getattr(record, "status_code", None), int):
            line["status"] = record.status_code
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            line["method"] = request.method
            line["path"] = request.path  # the path only: a query string may carry what someone typed
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(line, ensure_ascii=False, default=str)
