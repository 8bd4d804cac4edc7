import pytest

from app.shipping import box_volume_cm3


def test_one_cubic_inch():
    assert box_volume_cm3(1, 1, 1) == pytest.approx(16.387, rel=1e-3)
