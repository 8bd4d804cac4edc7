def line(order):
    return f"#{order.number}: {order.total / 100:.2f}"
