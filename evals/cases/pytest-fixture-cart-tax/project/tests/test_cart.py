def test_empty_cart(cart):
    assert cart.total() == 0


def test_total_includes_tax(cart):
    cart.add(10)
    cart.add(5)
    assert cart.total() == 18.0
