"""Sealing audit events in batches (ADR 0016): the Merkle tree against RFC 6962's published test
vectors, inclusion proofs, the checkpoint chain, which events are final, and what verify says of
events left unsealed."""

from datetime import UTC, datetime, timedelta

import pytest

from caremarket.rules.audit_seal import (
    EMPTY_ROOT,
    PendingEvent,
    ProofStep,
    checkpoint_hash,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    proves_inclusion,
    sealable,
    unsealed_problems,
)

# The leaf inputs and roots of the Certificate Transparency reference tests (RFC 6962 trees).
CT_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
CT_ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


@pytest.mark.parametrize(("size", "root"), sorted(CT_ROOTS.items()))
def test_merkle_root_matches_the_reference_trees(size, root):
    assert merkle_root(CT_LEAVES[:size]) == root


def test_an_empty_batch_has_the_empty_root():
    assert merkle_root([]) == EMPTY_ROOT


def test_a_node_never_passes_for_a_leaf():
    two = merkle_root(["aa", "bb"])
    # The same bytes as one leaf hash differently from the node they would form.
    assert merkle_root([two]) != two and leaf_hash(two) != two


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda h: [h[1], h[0], *h[2:]], "two events swapped"),
        (lambda h: h[:-1], "the last event cut off"),
        (lambda h: [*h, "ab" * 32], "an event added"),
        (lambda h: ["cd" * 32, *h[1:]], "an event altered"),
    ],
)
def test_any_change_to_a_batch_moves_its_root(change, why):
    hashes = [f"{i:064x}" for i in range(1, 8)]
    assert merkle_root(change(hashes)) != merkle_root(hashes), why


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 8, 13])
def test_every_event_proves_its_inclusion(size):
    hashes = [f"{i:064x}" for i in range(size)]
    root = merkle_root(hashes)
    for index, event in enumerate(hashes):
        proof = inclusion_proof(hashes, index)
        assert proves_inclusion(event, proof, root)
        assert len(proof) <= size.bit_length()
        # Another event cannot use this event's proof.
        if size > 1:
            other = hashes[(index + 1) % size]
            assert not proves_inclusion(other, proof, root)


def test_a_tampered_proof_fails():
    hashes = [f"{i:064x}" for i in range(6)]
    proof = list(inclusion_proof(hashes, 2))
    proof[0] = ProofStep(proof[0].side, "ee" * 32)
    assert not proves_inclusion(hashes[2], proof, merkle_root(hashes))


def test_a_proof_for_an_event_outside_the_batch_is_refused():
    with pytest.raises(IndexError, match="no event 3 in a batch of 3"):
        inclusion_proof(["aa", "bb", "cc"], 3)


def test_the_checkpoint_chain_covers_every_part():
    base = checkpoint_hash("0" * 64, 1, "ab" * 32, 10)
    assert len(base) == 64
    for changed in (
        checkpoint_hash("1" * 64, 1, "ab" * 32, 10),
        checkpoint_hash("0" * 64, 2, "ab" * 32, 10),
        checkpoint_hash("0" * 64, 1, "ac" * 32, 10),
        checkpoint_hash("0" * 64, 1, "ab" * 32, 11),
    ):
        assert changed != base


E = PendingEvent


def test_the_sealers_own_events_are_final():
    pending = [E(1, 100), E(2, 150), E(3, 151)]
    assert sealable(pending, 120, own_txid=150) == [1, 2]


@pytest.mark.parametrize(
    ("pending", "xmin", "sealed", "why"),
    [
        (
            [E(3, None), E(1, None), E(2, None)],
            None,
            [1, 2, 3],
            "serial writes: everything committed is final",
        ),
        ([E(1, 100), E(2, 101), E(3, 102)], 102, [1, 2], "transaction 102 may still be open"),
        ([E(1, 100), E(2, 101)], 100, [], "nothing is older than the oldest open transaction"),
        # Event 5 was inserted first by a transaction that committed last: it waits, and is
        # sealed in a later batch although later ids were sealed before it.
        ([E(5, 200), E(6, 201), E(7, 202)], 201, [5], "only transaction 200 has ended"),
        ([E(6, 201), E(7, 202), E(8, 203)], 300, [6, 7, 8], "all ended"),
        ([E(9, None)], 300, [], "an event without a transaction id on PostgreSQL is not final"),
        ([], 300, [], "nothing pending"),
    ],
)
def test_sealable(pending, xmin, sealed, why):
    assert sealable(pending, xmin) == sealed, why


NOW = datetime(2026, 12, 4, 18, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("unsealed", "problems"),
    [
        ([], []),
        ([(10, NOW - timedelta(seconds=4))], []),
        ([(10, NOW - timedelta(seconds=5))], []),
        (
            [(11, NOW - timedelta(seconds=6)), (10, NOW - timedelta(seconds=2))],
            [(11, "Event #11 of 4 December 2026 at 17:59:54 is not sealed after 5 seconds")],
        ),
        (
            [(12, NOW - timedelta(hours=1)), (11, NOW - timedelta(hours=2))],
            [
                (11, "Event #11 of 4 December 2026 at 16:00:00 is not sealed after 5 seconds"),
                (12, "Event #12 of 4 December 2026 at 17:00:00 is not sealed after 5 seconds"),
            ],
        ),
    ],
)
def test_unsealed_problems(unsealed, problems):
    assert unsealed_problems(unsealed, NOW, timedelta(seconds=5)) == problems
