"""The auditable draw that events and campaigns share (DESIGN.md, "Lotteries are auditable").

A draw ranks every entrant by HMAC-SHA256(key=seed, message=identifier) and stores the
algorithm, the seed and a hash of the entrant list, so that anyone can re-run it with hashlib and
hmac alone and get the same winners. ``docs/draws.md`` is the recipe; the tests hold this module
to it. Python's ``random`` is never used: its algorithm is not a stable public contract.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

ALGORITHM = "hmac-sha256-v1"
SEED_BYTES = 32


class DrawError(ValueError):
    """A draw cannot be made or re-run from these values; the message says which and why."""


class UnknownAlgorithm(DrawError):
    pass


class EntrantsChanged(DrawError):
    """The entrant list is not the one the draw was made from (its hash differs)."""


class InvalidEntrants(DrawError):
    """An identifier is empty, repeated, not text, or cannot be written unambiguously."""


class InvalidSeed(DrawError):
    pass


@dataclass(frozen=True)
class Draw:
    """A made (or re-run) draw. Store ``algorithm``, ``seed``, ``entrants_hash`` and ``seats``:
    with the entrant list they are enough to recompute ``order``."""

    algorithm: str
    seed: str
    entrants_hash: str
    seats: int
    order: tuple[str, ...]

    @property
    def winners(self) -> tuple[str, ...]:
        return self.order[: self.seats]

    @property
    def runners_up(self) -> tuple[str, ...]:
        """In the order they take a seat that a winner does not confirm."""
        return self.order[self.seats :]


def draw(*, entrants: Iterable[str], seats: int) -> Draw:
    """A new draw of ``seats`` winners among ``entrants`` with a fresh seed from ``secrets``.
    The order of ``entrants`` does not matter; call it once per event or campaign."""
    names = _checked(entrants)
    _check_seats(seats)
    seed = secrets.token_hex(SEED_BYTES)
    return Draw(
        algorithm=ALGORITHM,
        seed=seed,
        entrants_hash=_hash(names),
        seats=seats,
        order=_order(seed=seed, names=names),
    )


def verify(
    *, algorithm: str, seed: str, entrants_hash: str, entrants: Iterable[str], seats: int
) -> Draw:
    """The stored draw re-run on ``entrants``; refused (a ``DrawError``) when the list's hash is
    not ``entrants_hash`` or the algorithm is one this module does not know."""
    if algorithm != ALGORITHM:
        raise UnknownAlgorithm(
            f"Unknown draw algorithm {algorithm!r}; this version re-runs {ALGORITHM!r} only."
        )
    names = _checked(entrants)
    _check_seats(seats)
    _check_seed(seed)
    current_hash = _hash(names)
    if current_hash != entrants_hash:
        raise EntrantsChanged(
            f"The entrant list has changed since the draw: its hash is {current_hash}, "
            f"the draw was made from {entrants_hash} ({len(names)} entrants now)."
        )
    return Draw(
        algorithm=algorithm,
        seed=seed,
        entrants_hash=entrants_hash,
        seats=seats,
        order=_order(seed=seed, names=names),
    )


def hash_entrants(entrants: Iterable[str]) -> str:
    """SHA-256 (hex) of the canonical entrant list: the identifiers' UTF-8 bytes, sorted,
    joined by newlines. The same set of entrants in any order gives the same hash."""
    return _hash(_checked(entrants))


def drawn_order(*, seed: str, entrants: Iterable[str]) -> tuple[str, ...]:
    """Every entrant, by ascending HMAC-SHA256(key=bytes of ``seed``, message=identifier),
    ties broken by the identifier's UTF-8 bytes. Winners first, then the runners-up."""
    _check_seed(seed)
    return _order(seed=seed, names=_checked(entrants))


def _checked(entrants: Iterable[str]) -> dict[bytes, str]:
    """Each identifier by its UTF-8 bytes, sorted by them: the canonical form. Bytes, not
    ``str``, order it, so that a language sorting strings as UTF-16 gets the same list."""
    if isinstance(entrants, str | bytes):
        raise InvalidEntrants("Entrants must be a list of identifiers, not a single string.")
    by_bytes: dict[bytes, str] = {}
    for name in entrants:
        if not isinstance(name, str):
            raise InvalidEntrants(
                f"Entrant identifiers must be strings; got {name!r} ({type(name).__name__})."
            )
        if not name:
            raise InvalidEntrants("An entrant identifier is empty.")
        # The canonical form joins identifiers with newlines: one holding a newline would
        # make two different lists hash the same.
        if "\n" in name:
            raise InvalidEntrants(f"Entrant identifier {name!r} contains a newline.")
        try:
            encoded = name.encode()
        except UnicodeEncodeError:
            raise InvalidEntrants(f"Entrant identifier {name!r} is not valid Unicode.") from None
        if encoded in by_bytes:
            raise InvalidEntrants(f"Entrant identifier {name!r} is listed more than once.")
        by_bytes[encoded] = name
    return dict(sorted(by_bytes.items()))


def _hash(names: dict[bytes, str]) -> str:
    return hashlib.sha256(b"\n".join(names)).hexdigest()


def _order(*, seed: str, names: dict[bytes, str]) -> tuple[str, ...]:
    key = bytes.fromhex(seed)
    ranked = sorted(
        names.items(),
        key=lambda item: (hmac.new(key, item[0], hashlib.sha256).digest(), item[0]),
    )
    return tuple(name for _, name in ranked)


def _check_seats(seats: int) -> None:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise DrawError(f"A draw needs at least one seat; got {seats!r}.")


def _check_seed(seed: str) -> None:
    # One spelling per seed (lowercase hex of SEED_BYTES bytes), as secrets.token_hex writes it,
    # so that a stored seed means one key in every language.
    if not (
        isinstance(seed, str)
        and len(seed) == 2 * SEED_BYTES
        and all(c in "0123456789abcdef" for c in seed)
    ):
        raise InvalidSeed(
            f"A seed is {2 * SEED_BYTES} lowercase hexadecimal characters ({SEED_BYTES} bytes); "
            f"got {seed!r}."
        )
