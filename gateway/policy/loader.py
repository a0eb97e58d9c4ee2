"""Load policy files into one compiled Policy, collecting every problem in one pass.

Paths may be files or directories. A directory contributes its `*.yaml` and `*.yml`
files (not recursively, sorted by name); `*.tests.yaml` / `*.tests.yml` are test files
and never policies. Files merge in that order: rules keep file order, tiers and
exemptions union, and a rule id or tier defined twice is an error naming both places.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from gateway.decision import Action, ChallengeOptions, DegradeOptions, ThrottleOptions
from gateway.errors import PolicyError
from gateway.policy.compiled import DEFAULT_TIER, CompiledRule, Matcher, Policy
from gateway.policy.context import ContextShape, flat_name
from gateway.policy.diagnostics import validation_problems
from gateway.policy.expressions import Expression, ExprProblem, compile_expression
from gateway.policy.schema import (
    ACTIONS,
    ChallengeModel,
    PolicyFileModel,
    RuleModel,
    ThrottleModel,
    TierModel,
)
from gateway.policy.source import Problem, SourceFile, locate_in_scalar, parse, read_utf8

TEST_SUFFIXES = (".tests.yaml", ".tests.yml")
POLICY_SUFFIXES = (".yaml", ".yml")


def is_test_file(path: FsPath) -> bool:
    return path.name.endswith(TEST_SUFFIXES)


def policy_files(paths: Iterable[str | FsPath]) -> tuple[list[FsPath], list[Problem]]:
    """The policy files named by `paths` (directories expanded), and problems finding them."""
    files: list[FsPath] = []
    problems: list[Problem] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.name.endswith(POLICY_SUFFIXES) and not is_test_file(p)
            )
            if not found:
                problems.append(Problem(str(path), 1, 1, "no policy files (*.yaml, *.yml) here"))
            files.extend(found)
        elif path.is_file():
            if not is_test_file(path):
                files.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or directory"))
    return files, problems


@dataclass
class _Merge:
    """What the files contribute so far, with where each name was first defined."""

    rules: list[CompiledRule] = field(default_factory=list)
    rule_places: dict[str, str] = field(default_factory=dict)
    tiers: dict[str, TierModel] = field(default_factory=dict)
    tier_places: dict[str, str] = field(default_factory=dict)
    exempt_accounts: set[str] = field(default_factory=set)
    exempt_keys: set[str] = field(default_factory=set)
    # (source, path) of every `match.tiers` entry, checked once all tiers are known
    tier_refs: list[tuple[SourceFile, tuple[str | int, ...], str, str]] = field(
        default_factory=list
    )
    problems: list[Problem] = field(default_factory=list)


def check_policy(paths: Sequence[str | FsPath]) -> tuple[Policy | None, list[Problem]]:
    """Load and compile; returns the Policy (None when any problem was found) and problems."""
    files, problems = policy_files(paths)
    merge = _Merge(problems=problems)
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            merge.problems.append(Problem(str(path), 1, 1, f"cannot read: {exc.strerror}"))
            continue
        text, undecodable = read_utf8(str(path), data)
        if text is None:
            merge.problems.extend(undecodable)
            continue
        digest.update(data)
        _load_file(str(path), text, merge)
    for src, ref, tier, rule_id in merge.tier_refs:
        if tier not in merge.tiers and tier != DEFAULT_TIER:
            known = ", ".join(sorted(merge.tiers)) or "none defined"
            message = f"unknown tier {tier!r} in match (tiers: {known})"
            merge.problems.append(src.problem(ref, message, rule=rule_id))
    if merge.problems:
        return None, merge.problems
    shape = ContextShape.of(p for r in merge.rules for p in r.expression.paths)
    rules = [_finish(r, shape) for r in merge.rules]
    policy = Policy(
        rules=tuple(rules),
        tiers=dict(merge.tiers),
        exempt_accounts=frozenset(merge.exempt_accounts),
        exempt_keys=frozenset(merge.exempt_keys),
        version=digest.hexdigest()[:12],
        files=tuple(str(p) for p in files),
        signal_names=frozenset(_signal_names(merge.rules)),
        context_shape=shape,
    )
    return policy, []


def load_policy(paths: Sequence[str | FsPath]) -> Policy:
    """Load and compile, or raise PolicyError carrying every problem as `file:line:col: ...`."""
    policy, problems = check_policy(paths)
    if policy is None:
        raise PolicyError([str(p) for p in problems])
    return policy


def _load_file(path: str, text: str, merge: _Merge) -> None:
    src, problems = parse(path, text)
    merge.problems.extend(problems)
    if problems or src.data is None:
        return
    data = src.data
    if not isinstance(data, dict):
        message = "top level must be a mapping with 'version: 1' and 'rules'"
        merge.problems.append(src.problem((), message))
        return
    try:
        header = PolicyFileModel.model_validate(data)
    except ValidationError as exc:
        merge.problems.extend(validation_problems(src, exc, PolicyFileModel))
        header = None
    if header is not None:
        _merge_header(src, header, merge)
    rules = data.get("rules")
    if isinstance(rules, list):
        for index, raw in enumerate(rules):
            if isinstance(raw, dict):
                _load_rule(src, index, raw, merge)


def _merge_header(src: SourceFile, header: PolicyFileModel, merge: _Merge) -> None:
    for name, tier in header.tiers.items():
        where = _where(src, ("tiers", name), key=True)
        if name in merge.tier_places:
            message = f"tier {name!r} is defined twice (also at {merge.tier_places[name]})"
            merge.problems.append(src.problem(("tiers", name), message, key=True))
            continue
        merge.tier_places[name] = where
        merge.tiers[name] = tier
    merge.exempt_accounts.update(header.exempt.accounts)
    merge.exempt_keys.update(header.exempt.keys)


def _load_rule(src: SourceFile, index: int, raw: dict[Any, Any], merge: _Merge) -> None:
    at = ("rules", index)
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    problems = merge.problems
    try:
        model = RuleModel.model_validate(raw)
    except ValidationError as exc:
        problems.extend(validation_problems(src, exc, RuleModel, at, rule_id))
        return
    for other in ACTIONS:
        if other != model.action and other in raw:
            message = (
                f"option block {other!r} does not belong to action {model.action!r}; "
                f"options go under a key named after the rule's action"
            )
            problems.append(src.problem((*at, other), message, rule=model.id, key=True))
    if model.action == "degrade" and (model.degrade is None or model.degrade.is_empty()):
        message = "action 'degrade' needs a 'degrade:' block with at least one option"
        problems.append(src.problem((*at, "action"), message, rule=model.id))
    first = merge.rule_places.get(model.id)
    if first is not None:
        message = f"duplicate rule id {model.id!r} (first defined at {first})"
        problems.append(src.problem((*at, "id"), message, rule=model.id))
    else:
        merge.rule_places[model.id] = _where(src, (*at, "id"))
    match_tiers = model.match.tiers if model.match and model.match.tiers else []
    for i, tier in enumerate(match_tiers):
        merge.tier_refs.append((src, (*at, "match", "tiers", i), tier, model.id))
    when: str = raw["when"]
    try:
        expression = compile_expression(when)
    except ExprProblem as exc:
        line, col = locate_in_scalar(src, (*at, "when"), when, exc.offset)
        problems.append(Problem(src.path, line, col, f"when: {exc.message}", model.id))
        return
    merge.rules.append(_compile_rule(model, expression, _where(src, at)))


def _compile_rule(model: RuleModel, expression: Expression, where: str) -> CompiledRule:
    match = model.match
    degrade = model.degrade
    throttle = model.throttle or ThrottleModel()
    challenge = model.challenge or ChallengeModel()
    is_challenge = model.action == "challenge"
    return CompiledRule(
        id=model.id,
        description=model.description,
        action=Action(model.action),
        mode=model.mode,
        expression=expression,
        program=expression.program,
        where=where,
        match=Matcher.build(match.models, match.paths, match.tiers) if match else None,
        degrade=DegradeOptions(**degrade.model_dump()) if degrade else None,
        throttle=ThrottleOptions(throttle.mode, throttle.max_delay_s)
        if model.action == "throttle"
        else None,
        challenge=ChallengeOptions(
            difficulty=challenge.difficulty,
            pass_requests=challenge.pass_requests,
            pass_seconds=challenge.pass_seconds,
            ttl_seconds=challenge.ttl_seconds,
        )
        if is_challenge
        else None,
        difficulty_signal=challenge.difficulty_signal if is_challenge else None,
        difficulty_max=challenge.difficulty_max if is_challenge else None,
        force=bool(model.block and model.block.force),
        message=model.block.message if model.block else None,
    )


def _finish(rule: CompiledRule, shape: ContextShape) -> CompiledRule:
    """Bind a rule to the policy's flat context: its program, evidence lookups, options."""
    paths = rule.expression.paths
    flat = {name for name, _ in shape.leaves}
    evidence = {
        p.dotted: (p.dotted, flat_name(p.parts) if flat_name(p.parts) in flat else None, p.parts)
        for p in paths
    }
    return replace(
        rule,
        program=shape.program(rule.expression.source, paths),
        evidence=tuple(evidence.values()),
        hit_options=rule.review_options(),
    )


def _signal_names(rules: Iterable[CompiledRule]) -> set[str]:
    names: set[str] = set()
    for rule in rules:
        names.update(rule.expression.signals)
        if rule.difficulty_signal:
            names.add(rule.difficulty_signal)
    return names


def _where(src: SourceFile, path: tuple[str | int, ...], *, key: bool = False) -> str:
    line, col = src.key_at(path) if key else src.value_at(path)
    return f"{src.path}:{line}:{col}"
