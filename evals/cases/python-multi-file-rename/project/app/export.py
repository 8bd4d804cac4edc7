import csv
import io


def to_csv(orders):
    out = io.StringIO()
    writer = csv.writer(out)
    for order in orders:
        writer.writerow([order.number, order.total])
    return out.getvalue()
