import unittest

from odoo.addons.sale_discount.models.sale_order import order_total


class TestSaleOrder(unittest.TestCase):
    def test_total_without_discount(self):
        self.assertEqual(order_total([(1, 5.0), (2, 2.5)]), 10.0)

    def test_total_with_discount(self):
        self.assertEqual(order_total([(2, 10.0)], discount=0.1), 18.0)
