"""Inputs for signal tests: one chat request from an IP, with a prompt; one published
cross-account observation."""

from __future__ import annotations

from typing import Any

from gateway.facts import RequestFacts
from gateway.signals import fingerprint
from gateway.signals.score import LINK_CUSUM
from gateway.signals.state import CrossInput


def chat_facts(rid: str, prompt: str, ip: str, **kw: Any) -> RequestFacts:
    messages = kw.pop("messages", [{"role": "user", "content": prompt}])
    return RequestFacts(
        request_id=rid,
        api="openai",
        path="/v1/chat/completions",
        prompt_text=prompt,
        client_ip=ip,
        prompt_tokens=len(prompt) // 4,
        body={"messages": messages},
        **kw,
    )


def published(head: int, tail: int, own: float) -> CrossInput:
    """A cross-account observation of a request reusing its template (published), from an
    account with `own` evidence: link-eligible, with its edges, from LINK_CUSUM up."""
    eligible = own >= LINK_CUSUM
    return CrossInput(
        bands=fingerprint.bands(head, tail),
        publish=True,
        eligible=eligible,
        link_subnet=False,
        subnet="10.9.9.0/24",
        cusum=own,
        requests=30.0,
        completion_tokens=30_000.0,
        model="",
        edges=(head, tail),
    )
