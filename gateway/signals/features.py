"""Per-request features: pure functions of one request, no state.

Everything here is computed before the request is forwarded, from `RequestFacts`
(the proxy and replay build the same facts). The prompt text is used to derive
features and a 64-bit template fingerprint, and is never stored.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from gateway.facts import RequestFacts
from gateway.signals import fingerprint, lexicon

# top_logprobs at or above this is a sweep of the distribution, not a confidence check.
PROBE_TOP_LOGPROBS = 5


@dataclass(slots=True)
class RequestFeatures:
    reasoning: bool
    """The prompt coerces a chain of thought (lexicon) or the body asks for reasoning."""
    grading: bool
    """The prompt asks for rubric grading (reward-model data)."""
    probing_fixed_bias: float
    """`probing` without its logit_bias: what the request reads when its bias is one the
    account keeps reusing (a classifier pinning its label tokens, not a sweep)."""
    bias_set: int
    """64-bit digest of the logit_bias token ids; 0 without a logit_bias."""
    max_tokens: int
    single_turn: bool
    turns: int
    head: int
    """SimHash of the prompt's first tokens (template fingerprint, with `tail`)."""
    tail: int
    language: str
    capability: int
    """Index in lexicon.CAPABILITIES of what the prompt asks for (code, math, ...)."""
    digest: int = 0
    """64-bit digest of the prompt's exact words (prompt_digest); 0 without text."""
    shape: int = 0
    """request_shape: what the client sent besides the words (its cohort)."""

    @property
    def probing(self) -> float:
        """0..1: logprob sweeps, logit_bias, many samples: extraction of the distribution."""
        return 1.0 if self.bias_set else self.probing_fixed_bias

    @property
    def elicitation(self) -> float:
        return 1.0 if (self.reasoning or self.grading) else 0.0


def request_features(facts: RequestFacts) -> RequestFeatures:
    """Derive the features of one request (pure; costs a few µs per KB of prompt)."""
    body = facts.body
    text = facts.prompt_text or _text_of(body)
    low = ""
    if text:
        low = lexicon.window(text)
        asks_reasoning, asks_grading = lexicon.elicitation_in(low)
        head, tail, toks, tail_toks = fingerprint.edges(text)
        capability = lexicon.capability(toks, tail_toks, low)
    else:
        asks_reasoning, asks_grading = False, False
        head, tail, toks, capability = 0, 0, [], lexicon.OTHER
    turns = _turns(facts, body)
    bias = body.get("logit_bias")
    biased = bool(facts.logit_bias or bias)
    return RequestFeatures(
        reasoning=asks_reasoning or facts.reasoning_requested or _reasoning_params(body),
        grading=asks_grading,
        probing_fixed_bias=_probing_without_bias(facts, body),
        bias_set=_bias_set(bias) if biased else 0,
        max_tokens=facts.max_tokens
        or _int(body.get("max_tokens") or body.get("max_output_tokens")),
        single_turn=turns <= 1,
        turns=turns,
        head=head,
        tail=tail,
        language=fingerprint.language(toks) if toks else "other",
        capability=capability,
        digest=prompt_digest(low, len(text)) if text else 0,
        shape=request_shape(facts, body),
    )


def request_shape(facts: RequestFacts, body: dict[str, Any]) -> int:
    """64-bit digest of how a client calls, whatever it asks: the endpoint, the model, the
    names of the fields it sets, max_tokens to a power of two, whether it sends a system
    prompt, whether it streams. One script driving many keys calls one way; people come
    through many clients and settings. Values that vary per request in a script
    (temperature, the words) stay out.
    """
    system = bool(body.get("system") or body.get("instructions"))
    if not system:
        messages = body.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            system = messages[0].get("role") in ("system", "developer")
    cap = (facts.max_tokens or 0).bit_length()
    return _shape_digest(
        f"{facts.path}|{facts.model}|{','.join(sorted(body))}|{cap}|{system}|{facts.stream}"
    )


@functools.lru_cache(maxsize=4096)
def _shape_digest(shape: str) -> int:
    """_digest64 of a request_shape: a client sends its one shape request after request,
    and a lookup costs a fraction of a BLAKE2b."""
    return _digest64(shape)


def prompt_digest(low: str, length: int) -> int:
    """Digest of one question, stable across processes (unlike hash()): instances must
    agree on it. `low` is the prompt's lexicon.window (lowercased, and only its head and
    tail when long: what a pasted question repeats), `length` the prompt's own length."""
    return _digest64(f"{length}\0{low}")


def _bias_set(bias: Any) -> int:
    """Which tokens a logit_bias names (not by how much): extraction moves from token to
    token, a classifier names the same label tokens every time."""
    return _digest64(
        ",".join(sorted(str(k) for k in bias)) if isinstance(bias, dict) else repr(bias)
    )


def _digest64(text: str) -> int:
    """A 64-bit BLAKE2b of the text, never 0 (0 stands for "none" in the signal state)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1


def _probing_without_bias(facts: RequestFacts, body: dict[str, Any]) -> float:
    top = facts.top_logprobs or _int(body.get("top_logprobs"))
    # Legacy completions take logprobs as an int: the number of alternatives.
    legacy = body.get("logprobs")
    if isinstance(legacy, int) and not isinstance(legacy, bool):
        top = max(top, legacy)
    score = 0.0
    if top >= 2 * PROBE_TOP_LOGPROBS:
        score = 0.7
    elif top >= PROBE_TOP_LOGPROBS:
        score = 0.4  # evaluation harnesses score multiple choice this way
    elif facts.logprobs or top > 0 or legacy is True:
        score = 0.3  # classifiers read one token's confidence: common and benign alone
    n = facts.n if facts.n > 1 else _int(body.get("n"))
    if n >= 4:
        score = max(score, 0.4)
    return score


def _reasoning_params(body: dict[str, Any]) -> bool:
    for key in lexicon.REASONING_BODY_KEYS:
        value = body.get(key)
        if value and value not in ("none", "minimal", "disabled"):
            if isinstance(value, dict) and value.get("type") == "disabled":
                continue
            return True
    return False


def _turns(facts: RequestFacts, body: dict[str, Any]) -> int:
    """User and assistant turns (system prompts excluded): 1 means a one-shot request."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        messages = body.get("input") if isinstance(body.get("input"), list) else None
    if isinstance(messages, list):
        return sum(
            1
            for m in messages
            if isinstance(m, dict) and m.get("role") in ("user", "assistant", "tool")
        )
    return max(1, facts.message_count)


def _text_of(body: dict[str, Any]) -> str:
    """The last user turn, when the proxy did not extract it (replay of raw bodies)."""
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        return prompt
    messages = body.get("messages") or body.get("input")
    if isinstance(messages, str):
        return messages
    if isinstance(messages, list):
        for m in reversed(messages):
            if isinstance(m, dict) and m.get("role") == "user":
                return _content_text(m.get("content"))
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    return 0
