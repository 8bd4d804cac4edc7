def paginate(items, page_size=0):
    """Splits items into pages of page_size (10 unless told otherwise)."""
    return [items[i : i + page_size] for i in range(0, len(items), page_size)]
