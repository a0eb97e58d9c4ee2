"""One behaviour for every usage store: each test runs on memory and on the real Redis.

test_cluster.py runs the same functions against a Redis Cluster.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from gateway.facts import WINDOW_SECONDS, WINDOWS, Cost, Limit, Window
from gateway.store import BUCKET_SECONDS, KeyRecord, UsageStore
from gateway.store.memory import SWEEP_EVERY, MemoryStore

# Aligned on every bucket width (5 s, 60 s, 1800 s), so edges are easy to compute.
T0 = 1_764_000_000.0
NO_LIMITS: list[Limit] = []
TOKENS_MINUTE = Limit("tokens", "minute", 1000)


async def book(store: UsageStore, account: str, now: float, prompt: int, completion: int) -> None:
    res = await store.reserve(account, Cost(1, prompt, completion), NO_LIMITS, now)
    assert res.admitted


@pytest.mark.parametrize("window", WINDOWS)
async def test_window_edges(store: UsageStore, window: Window) -> None:
    width, bucket = WINDOW_SECONDS[window], BUCKET_SECONDS[window]
    await book(store, "edge", T0, 10, 5)
    # Exactly W old: still counted (the allowed overcount side).
    assert (await store.usage("edge", T0 + width))["tokens"][window] == 15
    # Just under W + bucket old: its bucket starts after t - W - b, still counted.
    assert (await store.usage("edge", T0 + width + bucket - 0.001))["requests"][window] == 1
    # W + bucket old: gone, whatever the window.
    assert (await store.usage("edge", T0 + width + bucket))["requests"][window] == 0


async def test_shorter_windows_drain_first(store: UsageStore) -> None:
    await book(store, "drain", T0, 7, 0)
    usage = await store.usage("drain", T0 + 65)
    assert usage["prompt_tokens"] == {"minute": 0, "hour": 7, "day": 7}
    usage = await store.usage("drain", T0 + 3660)
    assert usage["prompt_tokens"] == {"minute": 0, "hour": 0, "day": 7}
    assert (await store.usage("drain", T0 + 86400 + 1800))["prompt_tokens"]["day"] == 0


async def test_error_bound_never_undercounts(store: UsageStore) -> None:
    rng = random.Random(7)
    events: list[tuple[float, int]] = []
    now = T0
    for _ in range(120):
        now += rng.choice([0.3, 1.7, 4.9, 5.0, 12.0, 61.0, 240.0])
        prompt = rng.randint(1, 50)
        await book(store, "bound", now, prompt, 0)
        events.append((now, prompt))
        usage = await store.usage("bound", now)
        for window in ("minute", "hour"):
            width, bucket = WINDOW_SECONDS[window], BUCKET_SECONDS[window]
            exact = sum(p for ts, p in events if ts > now - width)
            loose = sum(p for ts, p in events if ts > now - width - bucket)
            assert exact <= usage["prompt_tokens"][window] <= loose


async def test_refusal_names_limit_and_retry_after_admits(store: UsageStore) -> None:
    limits = [Limit("requests", "hour", 100), TOKENS_MINUTE]
    await book(store, "busy", T0, 400, 0)
    await book(store, "busy", T0 + 20, 400, 0)
    await book(store, "busy", T0 + 40, 150, 0)
    now = T0 + 50.3
    res = await store.reserve("busy", Cost(1, 300, 0), limits, now)
    assert not res.admitted
    assert res.exceeded == TOKENS_MINUTE
    assert res.reserved == Cost(0, 0, 0)
    # The T0 bucket (400 tokens) leaves the minute window at T0 + 65.
    assert res.retry_after == pytest.approx(14.7)
    assert res.usage["tokens"]["minute"] == 950
    early = await store.reserve("busy", Cost(1, 300, 0), limits, now + res.retry_after - 0.01)
    assert not early.admitted
    later = await store.reserve("busy", Cost(1, 300, 0), limits, now + res.retry_after)
    assert later.admitted


async def test_requests_limit_refuses_the_next_request(store: UsageStore) -> None:
    limits = [Limit("requests", "minute", 2)]
    for i in range(2):
        assert (await store.reserve("rq", Cost(1, 1, 1), limits, T0 + i)).admitted
    res = await store.reserve("rq", Cost(1, 1, 1), limits, T0 + 7)
    assert not res.admitted and res.exceeded == limits[0]
    assert res.retry_after == pytest.approx(58.0)
    assert (await store.reserve("rq", Cost(1, 1, 1), limits, T0 + 7 + res.retry_after)).admitted


async def test_huge_completion_is_clamped_not_refused(store: UsageStore) -> None:
    res = await store.reserve("big", Cost(1, 100, 100_000), [TOKENS_MINUTE], T0)
    assert res.admitted
    assert res.reserved == Cost(1, 100, 900)
    assert res.allowance == 900
    assert (res.remaining_tokens, res.limit_tokens) == (0, 1000)
    assert res.notes
    refused = await store.reserve("big", Cost(1, 1, 0), [TOKENS_MINUTE], T0 + 1)
    assert not refused.admitted


async def test_prompt_that_exactly_fits_is_admitted_only_without_completion(
    store: UsageStore,
) -> None:
    # A generating request needs room for at least one completion token besides its prompt.
    res = await store.reserve("fit", Cost(1, 999, 50), [TOKENS_MINUTE], T0)
    assert res.admitted and res.reserved == Cost(1, 999, 1) and res.allowance == 1
    full = await store.reserve("full", Cost(1, 1000, 50), [TOKENS_MINUTE], T0)
    assert not full.admitted
    embedding = await store.reserve("embed", Cost(1, 1000, 0), [TOKENS_MINUTE], T0)
    assert embedding.admitted and embedding.allowance == 0


async def test_request_too_big_on_its_own_is_refused_with_note(store: UsageStore) -> None:
    res = await store.reserve("huge", Cost(1, 1001, 0), [TOKENS_MINUTE], T0)
    assert not res.admitted and res.exceeded == TOKENS_MINUTE
    assert any("alone" in note for note in res.notes)
    assert (await store.usage("huge", T0))["requests"]["minute"] == 0


async def test_allowance_is_the_tightest_token_limit(store: UsageStore) -> None:
    limits = [TOKENS_MINUTE, Limit("completion_tokens", "hour", 300), Limit("tokens", "day", 5000)]
    res = await store.reserve("tight", Cost(1, 100, 1000), limits, T0)
    assert res.allowance == 300 and res.reserved.completion_tokens == 300
    # Headers follow the `tokens` limit with the least room: the minute one (1000 - 400).
    assert (res.remaining_tokens, res.limit_tokens) == (600, 1000)
    no_token_limits = await store.reserve("free", Cost(1, 100, 1000), NO_LIMITS, T0)
    assert no_token_limits.allowance is None and no_token_limits.remaining_tokens is None


async def test_reset_tokens_is_time_to_full_drain(store: UsageStore) -> None:
    await book(store, "reset", T0, 100, 0)
    res = await store.reserve("reset", Cost(1, 10, 0), [TOKENS_MINUTE], T0 + 12.5)
    # Newest bucket [T0+10, T0+15) leaves the minute window at T0 + 75.
    assert res.reset_tokens == pytest.approx(62.5)
    assert res.remaining_tokens == 890


async def test_settle_up_and_down(store: UsageStore) -> None:
    up = await store.reserve("up", Cost(1, 100, 500), [TOKENS_MINUTE], T0)
    await store.settle(up, Cost(1, 100, 800), T0 + 2)
    assert (await store.usage("up", T0 + 2))["tokens"]["minute"] == 900
    down = await store.reserve("down", Cost(1, 100, 500), [TOKENS_MINUTE], T0)
    await store.settle(down, Cost(1, 100, 20), T0 + 2)
    usage = await store.usage("down", T0 + 2)
    assert usage["completion_tokens"]["hour"] == 20 and usage["requests"]["day"] == 1


async def test_settle_books_in_the_reservation_bucket(store: UsageStore) -> None:
    res = await store.reserve("late", Cost(1, 10, 100), NO_LIMITS, T0)
    await store.settle(res, Cost(1, 10, 400), T0 + 30)
    assert (await store.usage("late", T0 + 64))["tokens"]["minute"] == 410
    # The whole request, delta included, leaves with the T0 bucket.
    assert (await store.usage("late", T0 + 65))["tokens"] == {"minute": 0, "hour": 410, "day": 410}


async def test_settle_after_the_bucket_left_a_window(store: UsageStore) -> None:
    res = await store.reserve("slow", Cost(1, 10, 100), NO_LIMITS, T0)
    await store.settle(res, Cost(1, 10, 300), T0 + 90)
    usage = await store.usage("slow", T0 + 90)
    assert usage["tokens"] == {"minute": 0, "hour": 310, "day": 310}


async def test_release_keeps_the_request_but_no_tokens(store: UsageStore) -> None:
    """A request blocked after reserve is released with Cost(1, 0, 0): still counted."""
    res = await store.reserve("blocked", Cost(1, 300, 700), [TOKENS_MINUTE], T0)
    await store.settle(res, Cost(1, 0, 0), T0 + 0.1)
    usage = await store.usage("blocked", T0 + 0.1)
    assert usage["requests"]["minute"] == 1 and usage["tokens"]["minute"] == 0


async def test_settling_a_refusal_books_nothing(store: UsageStore) -> None:
    res = await store.reserve("no", Cost(1, 2000, 0), [TOKENS_MINUTE], T0)
    await store.settle(res, Cost(1, 2000, 0), T0)
    assert (await store.usage("no", T0))["requests"]["minute"] == 0


async def test_settle_after_clear_never_goes_negative(store: UsageStore) -> None:
    res = await store.reserve("cleared", Cost(1, 100, 500), NO_LIMITS, T0)
    await store.clear_account("cleared")
    await store.settle(res, Cost(1, 100, 10), T0 + 1)
    usage = await store.usage("cleared", T0 + 1)
    assert all(v >= 0 for per_window in usage.values() for v in per_window.values())


async def test_concurrent_reserves_never_pass_the_limit(store: UsageStore) -> None:
    limits = [Limit("requests", "minute", 50), Limit("tokens", "minute", 1500)]
    results = await asyncio.gather(
        *(store.reserve("crowd", Cost(1, 10, 40), limits, T0 + i * 0.01) for i in range(200))
    )
    admitted = [r for r in results if r.admitted]
    assert len(admitted) == 30  # 30 x (10 + 40) = 1500 tokens, the tighter limit
    assert all(r.exceeded is not None for r in results if not r.admitted)
    usage = await store.usage("crowd", T0 + 2)
    assert usage["requests"]["minute"] == 30 and usage["tokens"]["minute"] <= 1500


async def test_clock_skew_counts_buckets_ahead_and_prunes_behind(store: UsageStore) -> None:
    await book(store, "skew", T0 + 3000, 1, 0)  # a gateway whose clock runs ahead
    await book(store, "skew", T0, 1, 0)
    assert (await store.usage("skew", T0))["requests"]["minute"] == 2
    assert (await store.usage("skew", T0 + 200))["requests"]["minute"] == 1
    assert (await store.usage("skew", T0 + 3070))["requests"] == {"minute": 0, "hour": 2, "day": 2}


async def test_long_idle_account_starts_from_zero(store: UsageStore) -> None:
    await book(store, "idle", T0, 5, 5)
    later = T0 + 10 * 86400
    assert (await store.usage("idle", later))["tokens"] == {"minute": 0, "hour": 0, "day": 0}
    await book(store, "idle", later, 1, 1)
    assert (await store.usage("idle", later))["tokens"]["day"] == 2


async def test_unknown_account_has_zero_usage(store: UsageStore) -> None:
    usage = await store.usage("nobody", T0)
    assert set(usage) == {"requests", "prompt_tokens", "completion_tokens", "tokens"}
    assert all(v == 0 for per_window in usage.values() for v in per_window.values())


async def test_use_once_refuses_replays_until_expiry(store: UsageStore) -> None:
    assert await store.use_once("nonce-1", 60, T0)
    assert not await store.use_once("nonce-1", 60, T0 + 59)
    assert await store.use_once("nonce-2", 60, T0 + 1)
    assert await store.use_once("nonce-1", 60, T0 + 60.001)


async def test_pass_counts_down_and_expires(store: UsageStore) -> None:
    assert not await store.consume_pass("solver", T0)
    await store.grant_pass("solver", 2, 600, T0)
    assert await store.consume_pass("solver", T0 + 1)
    assert await store.consume_pass("solver", T0 + 2)
    assert not await store.consume_pass("solver", T0 + 3)
    await store.grant_pass("solver", 5, 600, T0 + 10)
    assert await store.consume_pass("solver", T0 + 609)
    assert not await store.consume_pass("solver", T0 + 610)


async def test_clear_account_forgets_usage_and_pass_only_of_that_account(store: UsageStore) -> None:
    await book(store, "bad", T0, 10, 10)
    await book(store, "good", T0, 3, 0)
    await store.grant_pass("bad", 3, 60, T0)
    await store.clear_account("bad")
    assert (await store.usage("bad", T0))["requests"]["day"] == 0
    assert not await store.consume_pass("bad", T0)
    assert (await store.usage("good", T0))["tokens"]["day"] == 3


async def test_key_registry(store: UsageStore) -> None:
    first = KeyRecord("a" * 64, "acct-1", "free", T0)
    second = KeyRecord("b" * 64, "acct-2", "pro", T0 + 5)
    await store.put_key(second)
    await store.put_key(first)
    assert await store.get_key("a" * 64) == first
    assert await store.get_key("c" * 64) is None
    assert await store.list_keys() == [first, second]
    revoked = KeyRecord("a" * 64, "acct-1", "free", T0, revoked=True)
    await store.put_key(revoked)
    assert await store.list_keys() == [revoked, second]


async def test_allowlist_add_remove_and_list(store: UsageStore) -> None:
    assert await store.allowlisted_accounts() == set()
    await store.set_allowlisted("acct-1", True, T0)
    await store.set_allowlisted("acct-{2}", True, T0 + 1)
    await store.set_allowlisted("acct-1", True, T0 + 2)  # idempotent
    assert await store.allowlisted_accounts() == {"acct-1", "acct-{2}"}
    await store.set_allowlisted("acct-1", False, T0 + 3)
    await store.set_allowlisted("never-listed", False, T0 + 3)
    assert await store.allowlisted_accounts() == {"acct-{2}"}
    # Clearing an account's usage is not an appeal decision: the allowlist stays.
    await store.clear_account("acct-{2}")
    assert await store.allowlisted_accounts() == {"acct-{2}"}


async def test_ping(store: UsageStore) -> None:
    assert await store.ping()


async def test_memory_store_stays_bounded() -> None:
    """Memory only: stale buckets go on access, day-idle accounts on the periodic sweep."""
    store = MemoryStore()
    now = T0
    for i in range(SWEEP_EVERY):
        now += 7.0  # about two hours of traffic: every window slides many times
        await store.reserve(f"acct-{i % 3}", Cost(1, 1, 1), NO_LIMITS, now)
    for state in store._accounts.values():
        for window, win in state.windows.items():
            bound = WINDOW_SECONDS[window] // BUCKET_SECONDS[window] + 1
            assert len(win.buckets) <= bound
    for i in range(SWEEP_EVERY):
        await store.reserve("active", Cost(1, 1, 1), NO_LIMITS, now + 2 * 86400 + i)
    assert set(store._accounts) == {"active"}


async def test_memory_sweep_pops_idle_accounts_in_last_use_order() -> None:
    """Memory only: the sweep takes idle accounts off the front of the last-use order and
    stops at the first active one, so an account used again moves out of its way."""
    store = MemoryStore()
    day = 86400.0
    await store.reserve("early-but-active", Cost(1, 1, 1), NO_LIMITS, T0)
    await store.reserve("idle", Cost(1, 1, 1), NO_LIMITS, T0 + 1)
    granted = await store.reserve("settled-late", Cost(1, 1, 1), NO_LIMITS, T0 + 2)
    await store.reserve("early-but-active", Cost(1, 1, 1), NO_LIMITS, T0 + 1.5 * day)
    await store.settle(granted, Cost(1, 1, 5), T0 + 1.6 * day)
    store._sweep(T0 + 2 * day)
    assert list(store._accounts) == ["early-but-active", "settled-late"]
    # An account only read keeps its place: what is behind it waits until it goes idle.
    await store.reserve("behind", Cost(1, 1, 1), NO_LIMITS, T0 + 2 * day)
    await store.usage("early-but-active", T0 + 3.2 * day)
    store._sweep(T0 + 3.5 * day)
    assert list(store._accounts) == ["early-but-active", "settled-late", "behind"]
    store._sweep(T0 + 4.5 * day)
    assert list(store._accounts) == []
