from app.helpers import percent


def summary(passed, failed):
    total = passed + failed
    return f"{passed}/{total} passed ({percent(passed, total)})"
