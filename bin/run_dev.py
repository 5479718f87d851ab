"""`make run`: the development server and a task worker side by side; Ctrl-C stops both."""

import argparse
import contextlib
import os
import signal
import subprocess
import sys


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    manage = [sys.executable, "manage.py"]
    # Emailed links (confirmations, personal pages) point at this server unless SITE_URL
    # says otherwise; the worker, which sends them, inherits it.
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    if "EMAIL_URL" not in os.environ:
        print(
            "Emails are printed below, readably (subject, recipients, text, links); "
            f"their links point at {os.environ['SITE_URL']}.",
            flush=True,
        )
    # SIGTERM (a process manager, `timeout`) stops everything the way Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    # Each child leads its own process group, so that stopping it also stops the process
    # that Django's autoreloader starts under it.
    children = [
        subprocess.Popen([*manage, "run_worker"], start_new_session=True),
        subprocess.Popen([*manage, "runserver", f"127.0.0.1:{args.port}"], start_new_session=True),
    ]
    try:
        return children[1].wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
