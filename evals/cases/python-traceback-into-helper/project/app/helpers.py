def percent(part, total):
    """part as a percentage of total, one decimal."""
    return f"{part / total * 100:.1f}%"
