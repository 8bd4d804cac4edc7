def calculate_total(prices, discount=0):
    return round(sum(prices) * (1 - discount), 2)
