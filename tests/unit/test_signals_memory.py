"""The memory backend forgets idle state as Redis does, and its memory stays bounded."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from gateway.signals import state_memory
from gateway.signals.state import TTL_S, CrossInput, ObserveInput, SettleInput
from gateway.signals.state_memory import SWEEP_S, MemorySignalBackend
from tests.support.facts import published

T0 = 1_763_942_400.0
DAY = 86_400.0


def _request(head: int, subnet: str) -> ObserveInput:
    return ObserveInput(head, head, 10, 0.0, 0.0, True, 1, "10.0.0.1", subnet, 3, 0, False)


def _cross(
    head: int, tail: int, subnet: str, own: float = 25.0, publish: bool = True
) -> CrossInput:
    """A request reusing a template, linking by template (published) and by subnet, from a
    cohort suspect, with a prompt others may send: every cross-account table holds it."""
    inp = dataclasses.replace(
        published(head, tail, own),
        subnet=subnet,
        link_subnet=True,
        prompt=head | 1,
        shape=tail | 1,
        suspect=True,
    )
    return inp if publish else dataclasses.replace(inp, publish=False)


async def _campaigns(
    backend: MemorySignalBackend, prefix: str, n: int, size: int, now: float, rng: random.Random
) -> None:
    """n campaigns of `size` accounts, each sharing a template and a subnet."""
    for c in range(n):
        head, tail = rng.getrandbits(64), rng.getrandbits(64)
        subnet = f"{prefix}.{c}.0/24"
        for k in range(size):
            account = f"{prefix}-{c}-{k}"
            await backend.observe_account(account, _request(head, subnet), now)
            view = await backend.observe_cross(account, _cross(head, tail, subnet), now)
        assert view.campaign_accounts == size


def _accounts_held(backend: MemorySignalBackend) -> set[str]:
    """Every account name any cross-account or per-account structure still holds."""
    held = set(backend._acct) | set(backend._parent) | set(backend._camp)
    held |= {parent for parent, _ in backend._parent.values()}
    held |= {account for account, _ in backend._subnet_anchor.values()}
    held |= {account for account, *_ in backend._band_anchor.values()}
    for _, members, *_ in [*backend._fp.values(), *backend._subnet.values()]:
        held |= members
    for _, senders in backend._shape_users.values():
        held |= set(senders)
    for _, today, before in backend._prompts.values():
        held |= {*today, *before}
    for _, suspects in backend._cohorts.values():
        held |= set(suspects)
    return held


async def test_state_idle_for_ttl_is_dropped_from_every_structure() -> None:
    backend, rng = MemorySignalBackend(), random.Random(31)
    await _campaigns(backend, "old", 60, 5, T0, rng)
    assert (len(backend._parent), len(backend._camp), len(backend._subnet_anchor)) == (300, 60, 60)
    assert len(backend._band_anchor) == 60 * 8 and len(backend._acct) == 300
    assert len(backend._prompts) == len(backend._cohorts) == len(backend._shape_users) == 60

    await _campaigns(backend, "new", 2, 5, T0 + TTL_S + 1, rng)
    assert {a.split("-")[0] for a in _accounts_held(backend)} == {"new"}
    assert (len(backend._parent), len(backend._camp), len(backend._subnet_anchor)) == (10, 2, 2)
    assert len(backend._band_anchor) == 2 * 8 and len(backend._acct) == 10
    assert len(backend._fp) == 2 * 8 and len(backend._subnet) == 2
    assert len(backend._prompts) == len(backend._cohorts) == len(backend._shape_users) == 2


async def test_memory_stays_bounded_under_account_churn() -> None:
    """40 days of 50 new linked accounts a day (the old never come back): memory holds the
    last TTL_S + SWEEP_S of them, where it used to hold all 2000."""
    backend, rng = MemorySignalBackend(), random.Random(32)
    per_day = 50
    window = math.ceil((TTL_S + SWEEP_S) / DAY) + 1
    for day in range(40):
        await _campaigns(backend, f"d{day}", 10, per_day // 10, T0 + day * DAY, rng)
        assert len(backend._parent) <= per_day * window
        assert len(backend._camp) <= 10 * window
        assert len(backend._acct) <= per_day * window
        assert len(backend._band_anchor) <= 10 * 8 * window
        assert len(backend._prompts) + len(backend._cohorts) <= 2 * 10 * window
    assert len(backend._parent) >= per_day * (TTL_S // DAY)  # what is in use stays


async def test_a_campaign_in_use_outlives_its_accounts_first_links() -> None:
    """Members in use keep the component (the root's entry too) past TTL_S after linking."""
    backend, rng = MemorySignalBackend(), random.Random(33)
    head, tail = rng.getrandbits(64), rng.getrandbits(64)
    for day in range(3 * int(TTL_S // DAY)):
        for k in range(3):
            view = await backend.observe_cross(f"c{k}", published(head, tail, 25.0), T0 + day * DAY)
        assert view.campaign_accounts == 3, day
    assert set(backend._parent) == {"c0", "c1", "c2"} and len(backend._camp) == 1


async def _mixed_stream(backend: MemorySignalBackend) -> list[object]:
    """27 days of requests from accounts that go quiet for more than TTL_S (0-19 in days
    9-18, 40-59 from day 18) and come back."""
    rng = random.Random(34)
    templates = [(rng.getrandbits(64), rng.getrandbits(64)) for _ in range(6)]
    out: list[object] = []
    now = T0
    while now < T0 + 27 * DAY:
        now += rng.expovariate(1 / 600)
        phase = int((now - T0) // (9 * DAY)) % 2
        active = range(20, 60) if phase else range(0, 40)
        k = rng.choice(active)
        # 0-19 share no template or subnet with the others: nothing refreshes their
        # entries while they are away (an anchor lookup would)
        group = 0 if k < 20 else 3
        head, tail = templates[group + k % 3]
        head ^= 1 << rng.randrange(64)  # a variant of the template, within MATCH_BITS
        account, subnet = f"a{k}", f"10.{group + k % 3}.0.0/24"
        out.append(await backend.observe_account(account, _request(head, subnet), now))
        own, publish = rng.choice([0.0, 14.0, 30.0]), rng.random() < 0.8
        view = await backend.observe_cross(account, _cross(head, tail, subnet, own, publish), now)
        out.append(view)
        await backend.settle(account, view.root, SettleInput(head, 100, False, 0.5), now + 5)
        # lookups refresh a parent entry (lua.find does): only active accounts are asked
        out.append(await backend.campaign_of(f"a{rng.choice(active)}", now + 6))
        out.append(await backend.snapshot(f"a{rng.randrange(60)}", now + 6))
    return out


async def test_sweeping_frees_memory_and_changes_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reads treat what a sweep drops as gone already: sweeping hourly or never, every
    answer is the same."""
    monkeypatch.setattr(state_memory, "SWEEP_S", math.inf)
    kept = MemorySignalBackend()
    never = await _mixed_stream(kept)
    monkeypatch.setattr(state_memory, "SWEEP_S", 3600.0)
    swept = MemorySignalBackend()
    hourly = await _mixed_stream(swept)
    assert hourly == never
    assert any(isinstance(v, str) for v in never)  # campaigns formed
    assert len(swept._parent) < len(kept._parent) and len(swept._acct) < len(kept._acct)
