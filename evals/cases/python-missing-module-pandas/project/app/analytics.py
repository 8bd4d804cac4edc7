def weekly_average(values):
    """The mean of a week's values; an empty week averages to 0."""
    if not values:
        return 0.0
    return sum(values) / len(values)
