import time


def sync_all(poll_seconds=1.0):
    """Waits for the upstream mirror to report done (it never does on the runner)."""
    while True:
        time.sleep(poll_seconds)
