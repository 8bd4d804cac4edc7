def order_total(lines, discount=0.0):
    """Total of (quantity, unit price) lines after a fractional discount (0.1 is 10%)."""
    subtotal = sum(qty * price for qty, price in lines)
    return round(subtotal - discount, 2)
