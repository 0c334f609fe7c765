"""Oracle for tests/interop.rs: runs the official PyPI `svix` library on JSON cases.

Reads one JSON array of cases on stdin, prints one JSON array of results on stdout.

  {"op": "sign", "secret": str, "msg_id": str, "timestamp": int, "body": str}
      -> {"signature": str}
  {"op": "verify", "secret": str, "headers": {name: value}, "body_b64": str, "now": int}
      -> {"ok": true} | {"ok": false, "error": "<ExceptionType>: <message>"}

The library reads the clock with datetime.now(); verify cases pin it to `now` (whole seconds)
by swapping the `datetime` class the standardwebhooks module imported.
"""

import base64
import json
import sys
from datetime import datetime, timezone

import standardwebhooks.webhooks as std_webhooks
import svix
from svix.webhooks import Webhook

_real_datetime = std_webhooks.datetime


def pin_clock(now: int) -> None:
    frozen = _real_datetime.fromtimestamp(now, tz=timezone.utc)

    class FrozenDatetime(_real_datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen if tz is not None else frozen.replace(tzinfo=None)

    std_webhooks.datetime = FrozenDatetime


def run(case):
    if case["op"] == "sign":
        wh = Webhook(case["secret"])
        ts = datetime.fromtimestamp(case["timestamp"], tz=timezone.utc)
        return {"signature": wh.sign(case["msg_id"], ts, case["body"])}
    if case["op"] == "verify":
        pin_clock(case["now"])
        try:
            Webhook(case["secret"]).verify(base64.b64decode(case["body_b64"]), case["headers"])
            return {"ok": True}
        except Exception as exc:  # the library raises several types; report which
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    raise ValueError(f"unknown op {case['op']!r}")


def main():
    cases = json.load(sys.stdin)
    results = [run(case) for case in cases]
    json.dump({"svix_version": svix.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
