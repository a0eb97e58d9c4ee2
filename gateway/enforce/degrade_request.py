"""Request-side degradation: rewrite a request body before it reaches the upstream.

Each change keeps the body valid for its API (a degraded request must still be
answered, only less usefully for harvesting) and is reported as a short string for
the enforcement log, e.g. "max_tokens 4096->256". The input is never mutated.

`opts.route_model` is either a key of the configured model aliases (e.g. "cheap") or
a literal model name; a key wins over a literal of the same spelling. Routing applies
to generation endpoints only: sending an embeddings request to a chat model would fail.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any, Literal, TypeGuard

from gateway.decision import DegradeOptions

Api = Literal["openai", "anthropic"]
Endpoint = Literal["chat", "completions", "responses", "embeddings", "messages", "other"]

_OPENAI_SUFFIXES: tuple[tuple[str, Endpoint], ...] = (
    ("/chat/completions", "chat"),
    ("/completions", "completions"),
    ("/responses", "responses"),
    ("/embeddings", "embeddings"),
)
_GENERATION = frozenset({"chat", "completions", "responses", "messages"})
# Anthropic rejects a thinking budget under 1024 and needs budget < max_tokens.
_MIN_THINKING_BUDGET = 1024


def endpoint_kind(api: str, path: str) -> Endpoint:
    """Which API surface a request path addresses (prefixes and query strings ignored)."""
    p = path.split("?", 1)[0].rstrip("/")
    if api == "anthropic":
        return "messages" if p.endswith("/messages") else "other"
    for suffix, kind in _OPENAI_SUFFIXES:
        if p.endswith(suffix):
            return kind
    return "other"


def degrade_request(
    api: Api,
    path: str,
    body: dict[str, Any],
    opts: DegradeOptions,
    model_aliases: Mapping[str, str],
) -> tuple[dict[str, Any], list[str]]:
    """The degraded copy of `body` and the list of changes made."""
    kind = endpoint_kind(api, path)
    if not isinstance(body, dict) or kind not in _GENERATION:
        return body, []
    out: dict[str, Any] = copy.deepcopy(body)
    changes: list[str] = []
    if opts.route_model:
        target = model_aliases.get(opts.route_model, opts.route_model)
        if out.get("model") != target:
            changes.append(f"model {_fmt(out.get('model'))}->{target}")
            out["model"] = target
    if opts.strip_logprobs:
        _strip_logprobs(kind, out, changes)
    if opts.strip_reasoning:
        _strip_reasoning(kind, out, changes)
    if opts.max_tokens is not None:
        _cap_tokens(kind, out, opts.max_tokens, changes)
        if kind == "messages":
            _fit_thinking_budget(out, changes)
    if opts.n is not None and kind in ("chat", "completions"):
        # best_of must stay >= n, and both multiply completions per request: cap both.
        for key in ("n", "best_of"):
            _cap(out, key, max(1, opts.n), changes, set_if_missing=False)
    return out, changes


def _cap_tokens(kind: Endpoint, out: dict[str, Any], cap: int, changes: list[str]) -> None:
    if kind == "chat":
        used = [k for k in ("max_completion_tokens", "max_tokens") if out.get(k) is not None]
        for key in used or ["max_tokens"]:
            _cap(out, key, cap, changes, set_if_missing=True)
    elif kind == "responses":
        _cap(out, "max_output_tokens", cap, changes, set_if_missing=True)
    else:
        _cap(out, "max_tokens", cap, changes, set_if_missing=True)


def _strip_logprobs(kind: Endpoint, out: dict[str, Any], changes: list[str]) -> None:
    if kind in ("chat", "completions"):
        _drop(out, ("logprobs", "top_logprobs", "logit_bias"), changes)
    elif kind == "responses":
        _drop(out, ("top_logprobs",), changes)
        _drop_include(out, "message.output_text.logprobs", changes)


def _strip_reasoning(kind: Endpoint, out: dict[str, Any], changes: list[str]) -> None:
    if kind == "chat":
        # `reasoning`/`include_reasoning`: OpenAI-compatible routers' spelling on chat.
        _drop(out, ("reasoning_effort", "reasoning", "include_reasoning"), changes)
    elif kind == "responses":
        _drop(out, ("reasoning",), changes)
        _drop_include(out, "reasoning.encrypted_content", changes)
    elif kind == "messages":
        # Without `thinking`, any temperature/top_k is valid again, so nothing else to fix.
        _drop(out, ("thinking",), changes)


def _fit_thinking_budget(out: dict[str, Any], changes: list[str]) -> None:
    """After a max_tokens cap, keep Anthropic's budget_tokens < max_tokens (or drop thinking)."""
    thinking, max_tokens = out.get("thinking"), out.get("max_tokens")
    if not isinstance(thinking, dict) or not _is_int(max_tokens):
        return
    budget = thinking.get("budget_tokens")
    if not _is_int(budget) or budget < max_tokens:
        return
    new_budget = max(_MIN_THINKING_BUDGET, max_tokens // 2)
    if new_budget >= max_tokens:
        del out["thinking"]
        changes.append(f"thinking dropped (max_tokens {max_tokens} leaves no budget)")
    else:
        thinking["budget_tokens"] = new_budget
        changes.append(f"thinking.budget_tokens {budget}->{new_budget}")


def _cap(
    out: dict[str, Any], key: str, cap: int, changes: list[str], *, set_if_missing: bool
) -> None:
    cur = out.get(key)
    if _is_int(cur) and cur <= cap:
        return
    if cur is None and not set_if_missing:
        return
    # A non-integer value would be rejected upstream anyway; the cap is a valid value.
    changes.append(f"{key} {'unset' if cur is None else _fmt(cur)}->{cap}")
    out[key] = cap


def _drop(out: dict[str, Any], keys: tuple[str, ...], changes: list[str]) -> None:
    for key in keys:
        if key in out:
            del out[key]
            changes.append(f"{key} dropped")


def _drop_include(out: dict[str, Any], item: str, changes: list[str]) -> None:
    include = out.get("include")
    if isinstance(include, list) and item in include:
        out["include"] = [x for x in include if x != item]
        changes.append(f"include {item} dropped")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _fmt(value: Any) -> str:
    if isinstance(value, str):
        return value
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
