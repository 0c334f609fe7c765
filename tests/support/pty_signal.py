"""Runs a command under a pseudo-terminal, waits until it has switched to the alternate
screen, sends it a signal, and reports as JSON what the terminal looks like afterwards:
the exit status, whether the alternate screen was left, the cursor shown and bracketed
paste turned off again (having been turned on), and the line discipline (canonical mode
and echo back on). Standard library only.

Usage: pty_signal.py SIGNAL_NUMBER COMMAND [ARG...]
"""

import json
import os
import pty
import select
import signal
import sys
import termios
import time

ENTER_ALT = b"\x1b[?1049h"
LEAVE_ALT = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
PASTE_ON = b"\x1b[?2004h"
PASTE_OFF = b"\x1b[?2004l"


def read_available(fd, timeout):
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return None  # EIO: the child closed the terminal


def main():
    signum = int(sys.argv[1])
    command = sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    seen = b""
    deadline = time.monotonic() + 20
    while ENTER_ALT not in seen:
        if time.monotonic() > deadline:
            print(json.dumps({"error": "never entered the alternate screen", "seen": seen.decode("utf8", "replace")}))
            return 1
        chunk = read_available(fd, 0.5)
        if chunk is None:
            break
        seen += chunk
    # Let the first frame finish so raw mode is certainly on.
    time.sleep(0.5)
    drained = read_available(fd, 0.1) or b""
    seen += drained
    raw = termios.tcgetattr(fd)
    os.kill(pid, signum)
    after = b""
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        chunk = read_available(fd, 0.2)
        if chunk:
            after += chunk
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print(json.dumps({"error": "still running after the signal"}))
        return 1
    tail = read_available(fd, 0.2)
    if tail:
        after += tail
    attrs = termios.tcgetattr(fd)
    lflag = attrs[3]
    print(json.dumps({
        "exit_code": os.waitstatus_to_exitcode(status),
        "raw_before": not (raw[3] & termios.ICANON),
        "left_alternate_screen": LEAVE_ALT in after,
        "cursor_shown": SHOW_CURSOR in after,
        "paste_on_before": PASTE_ON in seen,
        "paste_off_after": PASTE_OFF in after,
        "canonical": bool(lflag & termios.ICANON),
        "echo": bool(lflag & termios.ECHO),
    }, sort_keys=True))
    return 0


sys.exit(main())
