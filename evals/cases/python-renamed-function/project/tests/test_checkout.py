from app.checkout import checkout


def test_checkout_totals_the_cart():
    assert checkout([2.5, 7.5]) == {"items": 2, "total": 10.0}
