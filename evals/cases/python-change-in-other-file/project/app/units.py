"""Unit conversions shared by the shipping and catalogue code."""
CM_PER_INCH = 2.45
GRAMS_PER_OUNCE = 28.349523125
