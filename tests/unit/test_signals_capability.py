"""Capability categories per prompt, and the focus/pivot arithmetic of the memory backend."""

from __future__ import annotations

import pytest

from gateway.facts import Account
from gateway.signals import MemorySignalBackend, SignalEngine, lexicon
from gateway.signals.engine import FOCUS_MIN_REQUESTS
from gateway.signals.features import request_features
from gateway.signals.state import MODEL_NEW_S, MODEL_WARMUP_S, ObserveInput
from tests.support.facts import chat_facts

T0 = 1_763_942_400.0


def _category(prompt: str) -> str:
    return lexicon.CAPABILITIES[request_features(chat_facts("r", prompt, "1.2.3.4")).capability]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Write a Python function that parses this JSON file", "code"),
        ("Fix the bug in my javascript: it throws an exception", "code"),
        ("Compute the integral of x^2 and prove the theorem", "math"),
        ("Resuelve la ecuación 3x + 2 = 11", "math"),
        ("Explain the thermodynamics of this chemistry reaction", "science"),
        ("Here is a logic puzzle about knights and knaves", "puzzle"),
        ("Translate the following paragraph into German", "translation"),
        ("Übersetze diesen Satz ins Englische", "translation"),
        ("Write a haiku, then a short poem about autumn", "creative"),
        ("请把这段话翻译成英文", "translation"),
        ("用Python写一个函数计算斐波那契数列的代码", "code"),
    ],
)
def test_each_category_is_recognised(prompt: str, expected: str) -> None:
    assert _category(prompt) == expected


@pytest.mark.parametrize(
    "prompt",
    [
        "What should I cook tonight?",
        "",
        "Write a poem about python",  # creative and code: a tie
        "Translate this equation into words",  # translation and math
    ],
)
def test_unknown_and_mixed_prompts_are_other(prompt: str) -> None:
    assert _category(prompt) == "other"


def test_cues_in_the_tail_of_a_long_prompt_count() -> None:
    prompt = "Here is a document. " + "lorem ipsum dolor " * 200 + "Now translate it to French."
    assert _category(prompt) == "translation"


def _inp(capability: int, new_model: bool = False) -> ObserveInput:
    return ObserveInput(
        0, 0, 10, 0.0, 0.0, True, 1, "1.2.3.4", "1.2.3.0/24", 0, capability, new_model
    )


async def test_focus_and_pivot_are_decayed_counts() -> None:
    backend = MemorySignalBackend()
    code, math, other = (lexicon.CAPABILITIES.index(c) for c in ("code", "math", "other"))
    for i in range(12):
        cap = code if i < 8 else (math if i < 10 else other)
        view = await backend.observe_account("a", _inp(cap, new_model=i >= 9), T0)
    assert view.requests == 12 and view.focus == 8 and view.pivot == 3
    # a day later (one half-life) every count halves alike: shares are unchanged
    view = await backend.observe_account("a", _inp(other), T0 + 86_400)
    assert view.requests == 7 and view.focus == 4 and view.pivot == 1.5


async def test_engine_signals_focus_needs_ten_requests_and_pivot_a_new_model() -> None:
    engine = SignalEngine(MemorySignalBackend())
    released = T0 + MODEL_WARMUP_S + 3600
    # the gateway sees "old" from the start, "new" only after the warm-up
    await engine.observe(Account("u"), chat_facts("u0", "hi", "9.9.9.9", model="old"), T0)
    await engine.observe(Account("u"), chat_facts("u1", "hi", "9.9.9.9", model="new"), released)
    out = []
    for i in range(int(FOCUS_MIN_REQUESTS)):
        f = chat_facts(f"h{i}", "Write Python code for this", "1.1.1.1", model="new")
        out.append(await engine.observe(Account("h"), f, released + 60))
    assert out[0]["capability_focus"] == 0.0  # one request is not a focus
    assert out[-2]["capability_focus"] == 0.0
    assert out[-1]["capability_focus"] == pytest.approx(1.0)
    assert out[-1]["model_pivot"] == pytest.approx(1.0)
    f = chat_facts("o", "Write Python code for this", "1.1.1.1", model="old")
    assert (await engine.observe(Account("o"), f, released + 3600))["model_pivot"] == 0.0
    # 48 hours after its first sighting the model is no longer new
    f = chat_facts("late", "Write Python code for this", "1.1.1.1", model="new")
    late = await engine.observe(Account("late"), f, released + MODEL_NEW_S + 1)
    assert late["model_pivot"] == 0.0
