"""The auditable draw: the same stored values re-run to the same winners, the entrant list is
fixed by its hash whatever order it is listed in, and the recipe in docs/draws.md, written
again with hmac and hashlib alone, gives the order the module gives."""

import hashlib
import hmac
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiroba.core import draws

DOC = Path(__file__).resolve().parents[3] / "docs" / "draws.md"

SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
ENTRANTS = ["application-7", "application-12", "application-3", "application-40", "application-21"]

IDENTIFIERS = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="\n"), min_size=1, max_size=12),
    unique=True,
    max_size=30,
)
SEEDS = st.binary(min_size=draws.SEED_BYTES, max_size=draws.SEED_BYTES).map(bytes.hex)


def stored(draw: draws.Draw) -> dict:
    """What an event keeps of its draw: everything but the order."""
    return {
        "algorithm": draw.algorithm,
        "seed": draw.seed,
        "entrants_hash": draw.entrants_hash,
        "seats": draw.seats,
    }


def rerun_by_hand(seed: str, entrants: list[str]) -> list[str]:
    """docs/draws.md's recipe, written from its words, sharing no code with the module."""
    key = bytes.fromhex(seed)

    def rank(name: str) -> tuple[str, bytes]:
        return hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest(), name.encode()

    return sorted(entrants, key=rank)


def hash_by_hand(entrants: list[str]) -> str:
    return hashlib.sha256(b"\n".join(sorted(e.encode("utf-8") for e in entrants))).hexdigest()


def test_the_same_inputs_give_the_same_order():
    first = draws.drawn_order(seed=SEED, entrants=ENTRANTS)
    again = draws.drawn_order(seed=SEED, entrants=list(ENTRANTS))

    assert first == again
    assert sorted(first) == sorted(ENTRANTS)


def test_another_seed_gives_another_order():
    other_seed = "ff" * draws.SEED_BYTES
    entrants = [f"application-{n}" for n in range(20)]

    assert draws.drawn_order(seed=SEED, entrants=entrants) != draws.drawn_order(
        seed=other_seed, entrants=entrants
    )


@given(entrants=IDENTIFIERS, seed=SEEDS, data=st.data())
def test_the_order_entrants_are_listed_in_does_not_matter(entrants, seed, data):
    shuffled = data.draw(st.permutations(entrants))

    assert draws.hash_entrants(shuffled) == draws.hash_entrants(entrants)
    assert draws.drawn_order(seed=seed, entrants=shuffled) == draws.drawn_order(
        seed=seed, entrants=entrants
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda names: [*names[:-1], "application-99"], id="changed"),
        pytest.param(lambda names: [*names, "application-99"], id="added"),
        pytest.param(lambda names: names[1:], id="removed"),
        pytest.param(lambda names: [*names[:-1], names[-1] + " "], id="one-character-more"),
    ],
)
def test_changing_one_entrant_changes_the_hash_and_verify_refuses_the_old_one(change):
    made = draws.draw(entrants=ENTRANTS, seats=2)
    changed = change(ENTRANTS)

    assert draws.hash_entrants(changed) != made.entrants_hash
    with pytest.raises(draws.EntrantsChanged, match="entrant list has changed"):
        draws.verify(**stored(made), entrants=changed)


def test_a_stored_draw_reruns_to_the_same_winners():
    entrants = [f"application-{n}" for n in range(1, 201)]
    made = draws.draw(entrants=entrants, seats=30)

    rerun = draws.verify(**stored(made), entrants=list(reversed(entrants)))

    assert rerun == made
    assert rerun.winners == made.winners
    assert rerun.runners_up == made.runners_up


@pytest.mark.parametrize(("count", "seats"), [(0, 3), (1, 3), (3, 3), (5, 3), (200, 30), (4, 1)])
def test_winners_are_entrants_and_as_many_as_there_are_seats_or_entrants(count, seats):
    entrants = [f"application-{n}" for n in range(count)]

    made = draws.draw(entrants=entrants, seats=seats)

    assert set(made.winners) <= set(entrants)
    assert len(made.winners) == min(seats, count)
    # Every entrant once: the winners, then the runners-up in the order they may get a seat.
    assert made.winners + made.runners_up == made.order
    assert sorted(made.order) == sorted(entrants)


def test_what_a_draw_stores():
    made = draws.draw(entrants=ENTRANTS, seats=2)

    assert made.algorithm == "hmac-sha256-v1"
    assert re.fullmatch(r"[0-9a-f]{64}", made.seed)
    assert made.entrants_hash == hash_by_hand(ENTRANTS)
    assert made.order == draws.drawn_order(seed=made.seed, entrants=ENTRANTS)


def test_each_draw_has_a_new_seed():
    seeds = {draws.draw(entrants=ENTRANTS, seats=1).seed for _ in range(20)}

    assert len(seeds) == 20


@given(entrants=IDENTIFIERS, seed=SEEDS)
def test_an_implementation_from_the_documented_recipe_gives_the_same_order(entrants, seed):
    assert list(draws.drawn_order(seed=seed, entrants=entrants)) == rerun_by_hand(seed, entrants)
    assert draws.hash_entrants(entrants) == hash_by_hand(entrants)


def documented_rerun():
    """The function in docs/draws.md's code block, run as a reader would copy it."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL).group(1)
    namespace: dict = {}
    exec(code, namespace)
    return namespace["rerun"]


@given(entrants=IDENTIFIERS, seed=SEEDS, seats=st.integers(1, 5))
def test_the_code_in_the_docs_reruns_a_draw_to_the_same_winners(entrants, seed, seats):
    rerun = documented_rerun()
    made = draws.verify(
        algorithm=draws.ALGORITHM,
        seed=seed,
        entrants_hash=draws.hash_entrants(entrants),
        entrants=entrants,
        seats=seats,
    )

    winners, runners_up = rerun(made.seed, made.entrants_hash, entrants, seats)

    assert tuple(winners) == made.winners
    assert tuple(runners_up) == made.runners_up


def test_the_code_in_the_docs_refuses_a_changed_list():
    with pytest.raises(ValueError, match="not the entrant list"):
        documented_rerun()(SEED, draws.hash_entrants(ENTRANTS), ENTRANTS[1:], 2)


def test_the_worked_example_in_the_docs_holds():
    made = draws.verify(
        algorithm="hmac-sha256-v1",
        seed=SEED,
        entrants_hash="85755b0b314bde5ac7bf300e24814c3fd34522ee425ce1524d49eb6a4082b9d3",
        entrants=ENTRANTS,
        seats=2,
    )

    assert made.order == (
        "application-3",
        "application-7",
        "application-12",
        "application-40",
        "application-21",
    )
    assert made.winners == ("application-3", "application-7")
    doc = DOC.read_text()
    assert SEED in doc and made.entrants_hash in doc


def test_each_entrant_wins_a_single_seat_about_as_often():
    entrants = ["alice", "bob", "charlie", "dave", "erin"]
    rounds = 5000
    # Seeds derived from a counter rather than from secrets: the counts are the same on
    # every run, so the test cannot flake, and SHA-256 spreads them like random seeds.
    seeds = (hashlib.sha256(f"seed {n}".encode()).hexdigest() for n in range(rounds))
    wins = Counter(draws.drawn_order(seed=seed, entrants=entrants)[0] for seed in seeds)

    expected = rounds / len(entrants)  # 1000, with a standard deviation of about 28
    assert set(wins) == set(entrants)
    for name in entrants:
        assert abs(wins[name] - expected) < 150, wins


def test_it_refuses_an_unknown_algorithm():
    made = draws.draw(entrants=ENTRANTS, seats=2)

    with pytest.raises(draws.UnknownAlgorithm, match="'python-random'"):
        draws.verify(**(stored(made) | {"algorithm": "python-random"}), entrants=ENTRANTS)


@pytest.mark.parametrize(
    ("entrants", "message"),
    [
        pytest.param(["a", "b", "a"], "more than once", id="duplicate"),
        pytest.param(["a", ""], "empty", id="empty"),
        pytest.param(["a", "b\nc"], "newline", id="newline"),
        pytest.param(["a", 7], "must be strings", id="not-a-string"),
        pytest.param("abc", "not a single string", id="one-string"),
        pytest.param(["a", "\ud800"], "not valid Unicode", id="lone-surrogate"),
    ],
)
def test_it_refuses_identifiers_that_are_not_distinct_non_empty_lines(entrants, message):
    with pytest.raises(draws.InvalidEntrants, match=message):
        draws.draw(entrants=entrants, seats=1)
    with pytest.raises(draws.InvalidEntrants, match=message):
        draws.hash_entrants(entrants)
    with pytest.raises(draws.InvalidEntrants, match=message):
        draws.verify(
            algorithm=draws.ALGORITHM, seed=SEED, entrants_hash="0" * 64, entrants=entrants, seats=1
        )


@pytest.mark.parametrize(
    "seed",
    [SEED.upper(), SEED[:-2], SEED + "00", "zz" * draws.SEED_BYTES, ""],
    ids=["uppercase", "short", "long", "not-hex", "empty"],
)
def test_it_refuses_a_seed_that_is_not_32_bytes_of_lowercase_hex(seed):
    with pytest.raises(draws.InvalidSeed, match="64 lowercase hexadecimal"):
        draws.verify(
            algorithm=draws.ALGORITHM,
            seed=seed,
            entrants_hash=draws.hash_entrants(ENTRANTS),
            entrants=ENTRANTS,
            seats=1,
        )


@pytest.mark.parametrize("seats", [0, -1, True, 1.5])
def test_it_refuses_a_draw_without_a_whole_positive_number_of_seats(seats):
    with pytest.raises(draws.DrawError, match="at least one seat"):
        draws.draw(entrants=ENTRANTS, seats=seats)


def test_every_refusal_is_a_value_error_with_a_message():
    for error in (draws.UnknownAlgorithm, draws.EntrantsChanged, draws.InvalidEntrants):
        assert issubclass(error, ValueError)
    with pytest.raises(ValueError, match=r"\S"):
        draws.verify(**stored(draws.draw(entrants=ENTRANTS, seats=1)), entrants=["someone"])
