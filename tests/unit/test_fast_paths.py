"""The hot path's shortcuts agree with the plain computations they replace.

Each test states the straightforward version (what the code did before it was made
fast) and checks the fast one against it on ordinary and awkward inputs.
"""

from __future__ import annotations

import json
import math
import random
import time
from typing import Any

import pytest

from gateway.facts import Account, RequestFacts
from gateway.policy.context import ContextShape
from gateway.policy.expressions import compile_expression
from gateway.policy.inputs import PolicyInput, policy_input
from gateway.record import SIGNALS_IN_RECORD, _strongest, iso
from gateway.signals import fingerprint
from gateway.sim.replay import _encode_json, _encode_line

AWKWARD_FLOATS = [0.0, -0.0, 1.0, -3.0, 2.5, 1e-5, -7e-9, 9.99e-5, 1e-4, 1e16, 1e300]


def test_projected_leaves_are_the_policy_input_leaves() -> None:
    exprs = [
        compile_expression(source)
        for source in (
            "request.n > 1 && usage.tokens.day > 5 && tier == 'free'",
            "signals.harvest_score > 0.1 || signals.never_sent >= 0.0",
            "account.age_days < 7.0 && usage.requests.minute > 1",
            "has(request.model) && signals.exists(k, signals[k] > 0.5)",
        )
    ]
    paths = [p for e in exprs for p in e.paths]
    names = {n for e in exprs for n in e.signals}
    for shape in (ContextShape.of(paths[:6]), ContextShape.of(paths)):
        facts = RequestFacts(request_id="r", api="openai", path="/v1/x", n=3, temperature=None)
        account = Account(id="a", tier="free", created_ts=1000.0)
        usage = {"tokens": {"day": 7}, "requests": {"minute": 2, "hour": 3}}  # metrics missing
        signals = {"harvest_score": 1, "other": 0.25}  # an int, and a name no rule reads
        inp = PolicyInput(facts, account, usage, signals, 5000.0, names)
        want = shape.project(policy_input(facts, account, usage, signals, 5000.0, names))
        got = shape.project_input(inp)
        assert got == want
        assert [type(v) for v in got.values()] == [type(want[k]) for k in got]


def _record(**fields: Any) -> dict[str, Any]:
    return {"ts_epoch": 1.5, "hits": [], "signals": {"a": 0.25}, **fields}


@pytest.mark.parametrize(
    "record",
    [
        _record(),
        *(_record(hits=[{"rule": "r", "evidence": {"x": v}}]) for v in AWKWARD_FLOATS),
        _record(hits=[{"rule": "r", "evidence": {"x": math.nan}}]),
        _record(hits=[{"rule": "r", "evidence": {"x": -math.inf}}]),
        _record(hits=[{"rule": "r", "evidence": {"m": {"s": [1e-6]}}}]),
        _record(hits=[{"rule": "r", "evidence": {}, "options": {"max_delay_s": 1e-5}}]),
        _record(model="modèle", note="\x7f", ctl="\x00\n\t\u2028"),
        _record(signals={"a": math.inf, "b": 1.0}),
        _record(signals={"a": math.nan}),
        _record(used=10**30, small=-(2**63) - 1),
        _record(evidence={1: "non-string key"}),
    ],
)
def test_replay_lines_are_what_json_writes(record: dict[str, Any]) -> None:
    assert _encode_line(record) == _encode_json(record) + "\n"
    assert _encode_json(record) == json.dumps(record, separators=(",", ":"))


def _bands_by_shifts(head: int, tail: int) -> tuple[int, ...]:
    mask = (1 << fingerprint.BAND_BITS) - 1
    return tuple(
        (band << fingerprint.BAND_BITS) | (value >> (i * fingerprint.BAND_BITS) & mask)
        for band, (i, value) in enumerate(
            [(i, head) for i in range(fingerprint.BANDS)]
            + [(i, tail) for i in range(fingerprint.BANDS)]
        )
    )


def test_bands_split_each_edge_into_tagged_words() -> None:
    rng = random.Random(1)
    values = [0, 1, fingerprint.MASK64, -1, -(2**70), 2**90 + 5]
    values += [rng.getrandbits(64) for _ in range(200)]
    for head, tail in zip(values, reversed(values), strict=True):
        assert fingerprint.bands(head, tail) == _bands_by_shifts(head, tail)


def test_separators_table_maps_like_the_bare_one() -> None:
    bare = {k: v for k, v in fingerprint._SEPARATORS.items() if k != v}
    rng = random.Random(2)
    alphabet = 'aZ 9."“«」`\n\té中ßİ_-~\x7f'
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert text.translate(fingerprint._SEPARATORS) == text.translate(bare)


def test_language_reads_a_script_after_latin_tokens() -> None:
    assert fingerprint.language(["ok", "привет", "мир"]) == "ru"
    assert fingerprint.language(["abc", "東京"]) == "zh"
    assert fingerprint.language(["the", "et", "the", "und"]) == "en"
    assert fingerprint.language([]) == "other"


def test_iso_is_what_strftime_writes() -> None:
    rng = random.Random(3)
    stamps = [0.0, -0.5, -86400.0, -86400.5, 86399.9999, 1e-9, -1e-9, 1763942401.661]
    stamps += [rng.uniform(-3e9, 2.5e11) for _ in range(2000)]
    for ts in stamps:
        want = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts))
        assert iso(ts) == f"{want}.{int((ts % 1) * 1000):03d}Z"


def test_strongest_signals_round_like_round() -> None:
    rng = random.Random(4)
    choices = [*AWKWARD_FLOATS, math.nan, math.inf, 0.123456789, -0.987654321, 3]
    for _ in range(300):
        signals = {f"s{i}": rng.choice(choices) for i in range(rng.choice([5, 34, 70]))}
        ranked = list(signals.items())
        if len(ranked) > SIGNALS_IN_RECORD:
            ranked = sorted(ranked, key=lambda kv: -abs(kv[1]))[:SIGNALS_IN_RECORD]
        want = {k: round(v, 4) if v else v for k, v in ranked}
        assert repr(_strongest(signals)) == repr(want)


def test_a_reused_policy_context_reads_as_a_fresh_one() -> None:
    """The CEL context kept between requests re-adds a variable whenever its CEL value
    changes, including where Python calls two values equal and CEL does not (1, 1.0 and
    True; 0.0 and -0.0), so every expression reads what a fresh context would."""
    import math

    import cel

    from gateway.policy.context import ReusedContext

    programs = [cel.compile(src) for src in ("x", "type(x) == int", "type(x) == bool", "1.0 / x")]

    def outcome(program: Any, context: Any) -> tuple[str, str]:
        try:
            out = program.execute(context)
        except Exception as exc:  # CEL refuses some mixes (int / double)
            return "error", type(exc).__name__
        return type(out).__name__, repr(out)

    reused = ReusedContext()
    values: list[object] = [1, 1.0, True, 0.0, -0.0, 0.0, 2, 2, "2", 2.5, math.inf, False, 0]
    for value in values:
        variables = {"x": value, "y": 7}
        for program in programs:
            want = outcome(program, cel.Context(variables))
            assert outcome(program, reused.holding(variables)) == want, (value, want)


def test_gated_phrase_groups_find_what_a_plain_scan_finds() -> None:
    """The lexicon searches each group's shared word first; a text must match exactly when
    one of the phrases occurs in it, gate or not."""
    import random

    from gateway.signals import lexicon

    rng = random.Random(7)
    for table in (lexicon.REASONING, lexicon.GRADING):
        phrases = lexicon._phrases(table, ascii_only=False)
        groups = lexicon._gated(phrases)
        assert sorted(p for _, group in groups for p in group) == sorted(phrases)
        pieces = [w for p in phrases for w in p.split()] + ["the", "x", "  ", "."]
        for _ in range(3000):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            if rng.random() < 0.2:
                text += " " + rng.choice(phrases)
            assert lexicon._any_in(groups, text) == any(p in text for p in phrases), text
