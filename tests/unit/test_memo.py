from __future__ import annotations

from gateway.memo import BoundedMemo


def test_a_memo_computes_each_key_once_and_empties_at_its_limit() -> None:
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    memo = BoundedMemo(compute, limit=3)
    assert [memo["a"], memo["bb"], memo["a"], memo["ccc"]] == [1, 2, 1, 3]
    assert calls == ["a", "bb", "ccc"] and len(memo) == 3
    assert memo["dddd"] == 4  # the fourth key empties it first: never more than the limit
    assert dict(memo) == {"dddd": 4}
    assert memo["a"] == 1 and calls[-1] == "a"
