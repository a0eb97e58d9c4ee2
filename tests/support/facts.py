"""Request facts for signal tests: one chat request from an IP, with a prompt."""

from __future__ import annotations

from typing import Any

from gateway.facts import RequestFacts


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
