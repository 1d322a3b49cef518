"""How a failure is told to a user: one line (the CLI prints one line per problem, naming the file)."""


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
