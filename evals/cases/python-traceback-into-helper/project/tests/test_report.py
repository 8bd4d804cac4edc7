from app.report import summary


def test_summary():
    assert summary(3, 1) == "3/4 passed (75.0%)"


def test_summary_of_nothing():
    assert summary(0, 0) == "0/0 passed (0.0%)"
