"""Compact exact sets for the rollups, in plain Python (no new dependency).

Member ids are a bitmap: bit ``i`` set when member ``i`` is in the set, stored zlib-compressed.
Read back as one Python int, a union is ``a | b`` and a size is ``int.bit_count()``, both in C
over the whole bitmap (800k members: 100 KB), so a month's union is a few milliseconds.
Member pairs and seconds are sorted unsigned 64-bit arrays (little-endian), zlib-compressed.
"""

import sys
import zlib
from array import array
from collections.abc import Iterable

LEVEL = 6


def encode_members(ids: Iterable[int]) -> bytes:
    ids = list(ids)
    if not ids:
        return zlib.compress(b"", LEVEL)
    bitmap = bytearray(max(ids) // 8 + 1)
    for i in ids:
        bitmap[i >> 3] |= 1 << (i & 7)
    return zlib.compress(bytes(bitmap), LEVEL)


def decode_members(blob: bytes) -> int:
    return int.from_bytes(zlib.decompress(blob), "little")


def members_of(bits: int) -> list[int]:
    """The ids in a bitmap (tests and small sets; the counts never need them)."""
    ids, i = [], 0
    while bits:
        if bits & 1:
            ids.append(i)
        bits >>= 1
        i += 1
    return ids


def pair_key(a: int, b: int) -> int:
    """One key per unordered pair of member ids: the smaller id in the high 32 bits."""
    low, high = (a, b) if a < b else (b, a)
    return (low << 32) | high


def encode_numbers(values: Iterable[int]) -> bytes:
    numbers = array("Q", sorted(values))
    if sys.byteorder != "little":
        numbers.byteswap()
    return zlib.compress(numbers.tobytes(), LEVEL)


def decode_numbers(blob: bytes) -> array:
    numbers = array("Q")
    numbers.frombytes(zlib.decompress(blob))
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers
