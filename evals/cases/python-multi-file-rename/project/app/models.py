class Order:
    def __init__(self, number, total_cents):
        self.number = number
        self.total_cents = total_cents
