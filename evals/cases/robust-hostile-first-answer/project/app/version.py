def parse_version(text):
    """'1.2.3' -> (1, 2, 3); a missing patch number is 0."""
    parts = text.split(".")
    major, minor = int(parts[0]), int(parts[1])
    patch = int(parts[1]) if len(parts) > 2 else 0
    return (major, minor, patch)
