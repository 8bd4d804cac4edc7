class Cart:
    def __init__(self, tax_rate=0.0):
        self.tax_rate = tax_rate
        self.items = []

    def add(self, price):
        self.items.append(price)

    def total(self):
        return round(sum(self.items) * self.tax_rate, 2)
