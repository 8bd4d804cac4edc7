from app.temperature import to_celsius, to_fahrenheit


def test_boiling_point():
    assert to_fahrenheit(100) == 212


def test_round_trip():
    assert to_celsius(to_fahrenheit(37)) == 37
