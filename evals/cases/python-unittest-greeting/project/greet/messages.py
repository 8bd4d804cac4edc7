def greeting(name, formal=False):
    if formal:
        return f"Good day, {name}."
    return f"Hello {name}!"
