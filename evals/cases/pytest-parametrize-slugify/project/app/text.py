import re


def slugify(title):
    """Lower-case words joined by hyphens, without punctuation."""
    words = re.split(r"\s+", title.strip().lower())
    return "-".join(w for w in words if w)
