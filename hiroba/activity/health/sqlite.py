"""SQLite's ln() and exp() exist only when the library was built with its math functions
(Debian's is; some Pythons' bundled library is not). Where they are missing, every new
connection gets Python's versions, with SQLite's own answers at the edges (NULL, infinity)."""

import math
import sqlite3


def _ln(x):
    if x is None or x <= 0:
        return None
    return math.log(x)


def _exp(x):
    if x is None:
        return None
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def missing_functions() -> list[str]:
    probe = sqlite3.connect(":memory:")
    missing = []
    try:
        for name in ("ln", "exp"):
            try:
                probe.execute(f"SELECT {name}(1)")
            except sqlite3.OperationalError:
                missing.append(name)
    finally:
        probe.close()
    return missing


def add_math_functions(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    functions = {"ln": _ln, "exp": _exp}
    for name in MISSING:
        connection.connection.create_function(name, 1, functions[name], deterministic=True)


MISSING = missing_functions()
