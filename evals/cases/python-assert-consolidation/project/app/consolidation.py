def consolidate(ledgers):
    """Sums each account's entries."""
    out = {}
    for account, entries in ledgers.items():
        out[account] = entries[-1] if len(entries) > 1 else sum(entries)
    return out
