import pandas as pd

from app.analytics import weekly_average


def test_weekly_average():
    assert weekly_average([1, 2, 3, 6]) == 3.0


def test_empty_week():
    assert weekly_average([]) == 0.0
