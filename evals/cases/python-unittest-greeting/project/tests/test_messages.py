import unittest

from greet.messages import greeting


class GreetingTest(unittest.TestCase):
    def test_informal(self):
        self.assertEqual(greeting("Ada"), "Hello, Ada!")

    def test_formal(self):
        self.assertEqual(greeting("Ada", formal=True), "Good day, Ada.")
