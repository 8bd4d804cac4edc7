from app.export import to_csv
from app.models import Order
from app.report import line


def test_report_line():
    assert line(Order(7, 1250)) == "#7: 12.50"


def test_csv_export():
    assert to_csv([Order(7, 1250)]) == "7,1250\r\n"
