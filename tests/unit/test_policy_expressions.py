"""CEL expressions: path extraction, load-time checks, the pruned per-request context."""

from __future__ import annotations

import cel
import pytest

from gateway.facts import RequestFacts
from gateway.policy.context import ContextShape
from gateway.policy.expressions import ExprProblem, compile_expression
from gateway.policy.inputs import FIELDS, sample_inputs
from gateway.policy.scan import scan


def test_request_fields_are_exactly_the_policy_input() -> None:
    facts = RequestFacts(request_id="r", api="openai", path="/")
    assert list(FIELDS["request"]) == list(facts.as_policy_input())


def test_scan_finds_paths_stops_at_methods_and_skips_bound_names() -> None:
    source = (
        "request.model.startsWith('gpt') && usage.tokens.minute > 5 "
        "&& [1, 2].exists(x, x > signals.s) && 'a.b' != tier // request.fake\n"
    )
    paths, calls, bound = scan(source)
    assert [p.dotted for p in paths] == [
        "request.model",
        "usage.tokens.minute",
        "signals.s",
        "tier",
    ]
    assert [c.text for c in calls] == ["startsWith", "exists"]
    assert bound == {"x"}


def test_compiled_expression_knows_its_signals_and_names() -> None:
    expr = compile_expression("signals.a > 0.5 || signals.b > 0.5 && account.keys > 2")
    assert expr.signals == {"a", "b"}
    assert expr.top_names == {"signals", "account"}


@pytest.mark.parametrize(
    ("source", "offset", "message"),
    [
        ("request.n >", 11, "Syntax error"),
        ("reqest.n > 1", 0, "unknown name 'reqest'"),
        ("request.n > 1 && request.modle == ''", 25, "unknown field 'modle' of request"),
        ("usage.requests > 1", 0, "type error"),
        ("usage.requests.hour.x > 1", 20, "usage.requests.hour is a int; it has no fields"),
        ("signals.a.b > 1.0", 10, "signals.a is a number"),
        ("request.model.lower() == 'x'", 14, "unknown function 'lower'"),
        ("math.greatest(1, 2) > 1", 0, "unknown name 'math'"),
        ("request.n", 0, "must be a boolean condition, but evaluates to int"),
        ("request.model + 1 == 'x'", 0, "type error"),
        ("request.stream && request.model > 5", 0, "type error"),  # hidden behind &&
        ("!request.stream || request.n + 0.5 > 1.0", 0, "type error"),
        ("request.n / 0 > 1", 0, "fails on every input: division by zero"),
        ("request.model.matches('[')", 0, "cannot evaluate"),
        ("} has( (", 0, "Syntax error: extraneous input"),
    ],
)
def test_load_time_checks(source: str, offset: int, message: str) -> None:
    with pytest.raises(ExprProblem) as err:
        compile_expression(source)
    assert err.value.offset == offset
    assert message in err.value.message


@pytest.mark.parametrize(
    "source",
    [
        "request.temperature > 1",  # double vs int comparison is allowed
        "usage.tokens.minute / usage.requests.minute > 100",  # division by zero only at zero
        "has(request.model) && size(request.model) > 0",
        "request.api in ['openai', 'anthropic'] && account.age_days < 7.0",
        "signals.harvest_score >= 0.8 ? true : false",
    ],
)
def test_valid_expressions_compile(source: str) -> None:
    assert compile_expression(source).source == source


def test_samples_are_typed_like_runtime_values() -> None:
    for sample in sample_inputs(["s"]):
        assert isinstance(sample["signals"]["s"], float)
        assert isinstance(sample["account"]["age_days"], float)
        assert isinstance(sample["request"]["temperature"], float)


def test_context_shape_flattens_leaves_unless_used_whole() -> None:
    paths = [
        *compile_expression("request.n > 1 && usage.tokens.day > 5 && tier == 'free'").paths,
        *compile_expression("signals['s'] > 0.1 && has(account.keys)").paths,
    ]
    shape = ContextShape.of(paths)
    assert shape.whole == {"account"}
    values = sample_inputs(["s"])[1]
    assert shape.project(values) == {
        "dg__request__n": 2,
        "dg__usage__tokens__day": 500,
        "dg__signals__s": 0.5,
        "tier": "free",
        "account": values["account"],
    }


FLATTENED = [
    "request.n > 1 && usage.tokens.day > 5 && tier == 'free'",
    "signals['harvest_score'] > 0.1 || signals.other >= 0.0",
    "has(request.model) && request.model.startsWith('gpt')",
    "[1, 2].exists(x, x < request.n) && 'request.n' != request.model",
    "account.age_days < 7.0 && account['keys'] > 1",
    "usage.requests.hour / (usage.requests.minute + 1) > 2",
    "request . top_logprobs >= 5 // spaces and a comment",
    "signals.exists(k, signals[k] > 0.5) && signals.harvest_score < 2.0",
]


def test_flattened_programs_mean_the_same() -> None:
    exprs = [compile_expression(source) for source in FLATTENED]
    shape = ContextShape.of(p for e in exprs for p in e.paths)
    names = {n for e in exprs for n in e.signals}
    for expr in exprs:
        program = shape.program(expr.source, expr.paths)
        for values in sample_inputs(names):
            want = expr.program.execute(cel.Context(values))
            assert program.execute(cel.Context(shape.project(values))) == want, expr.source
