"""For tests/interop_listen.rs: sign a body with the official PyPI `svix` library and POST it.

Usage: post_signed.py URL SECRET MSG_ID BODY_FILE
Prints one JSON object: {"status": int, "body": str, "signature": str}.
The request is built the way Svix sends it: svix-id, svix-timestamp (now), svix-signature
from svix.webhooks.Webhook.sign, content-type application/json, the body bytes untouched.
"""

import json
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone

from svix.webhooks import Webhook


def main() -> None:
    url, secret, msg_id, body_file = sys.argv[1:5]
    with open(body_file, "rb") as f:
        body = f.read()
    now = datetime.now(tz=timezone.utc)
    signature = Webhook(secret).sign(msg_id, now, body.decode("utf-8"))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "svix-id": msg_id,
            "svix-timestamp": str(int(now.timestamp())),
            "svix-signature": signature,
            "content-type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read()
    print(json.dumps({"status": status, "body": text.decode("utf-8", "replace"), "signature": signature}))


if __name__ == "__main__":
    main()
