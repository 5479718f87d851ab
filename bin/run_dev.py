"""`make run`: the development server and a task worker side by side; Ctrl-C stops both."""

import argparse
import signal
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    manage = [sys.executable, "manage.py"]
    worker = subprocess.Popen([*manage, "run_worker"])
    try:
        server = subprocess.run([*manage, "runserver", f"127.0.0.1:{args.port}"], check=False)
        return server.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main())
