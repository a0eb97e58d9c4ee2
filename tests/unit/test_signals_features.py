from __future__ import annotations

import hashlib
import itertools
import random

import pytest

from gateway.facts import RequestFacts
from gateway.signals import fingerprint, lexicon
from gateway.signals.features import RequestFeatures, request_features
from gateway.sim import text


def _facts(prompt: str, **kw: object) -> RequestFacts:
    body = kw.pop("body", {"messages": [{"role": "user", "content": prompt}]})
    return RequestFacts(
        request_id="r1",
        api="openai",
        path="/v1/chat/completions",
        prompt_text=prompt,
        body=body,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "prompt",
    [
        "Solve this step by step please",
        "请一步一步地解释",
        "Resuelve paso a paso",
        "Résous étape par étape",
        "Löse das Schritt für Schritt",
        "Реши шаг за шагом",
        "ステップバイステップで解いて",
        "단계별로 설명해 주세요",
        "Resolva passo a passo",
    ],
)
def test_reasoning_lexicon_covers_nine_languages(prompt: str) -> None:
    assert lexicon.elicitation(prompt) == (True, False)


def test_rubric_grading_is_its_own_category() -> None:
    assert lexicon.elicitation("Grade the following answer using this rubric") == (False, True)
    assert lexicon.elicitation("What is the capital of France?") == (False, False)


@pytest.mark.parametrize(
    "prompt",
    [
        "Please act as an impartial judge and evaluate the two answers below.",
        'Output your final verdict: "[[A]]" if assistant A is better, "[[B]]" otherwise.',
        "Compare the two responses to the request, then output [[A]] or [[B]].",
        "Give your verdict as [[A]] or [[B]] after a short explanation.",
        "AとBのどちらの回答が良いですか",
        "Which response is better for a beginner, A or B?",
        "¿Qué respuesta es mejor? Explica por qué.",
    ],
)
def test_pairwise_preference_verdicts_are_grading(prompt: str) -> None:
    assert lexicon.elicitation(prompt) == (False, True)


@pytest.mark.parametrize(
    "prompt",
    [
        "Write a better response to my landlord's email.",
        "for (a in names(cfg)) print(cfg[[a]])",  # R list indexing
        "AとB、どちらの回答が正しいですか",  # a quiz: which answer is correct
    ],
)
def test_near_misses_are_not_grading(prompt: str) -> None:
    assert lexicon.elicitation(prompt) == (False, False)


def test_probing_ladder_separates_evals_from_extraction() -> None:
    assert request_features(_facts("x", logprobs=True, top_logprobs=1)).probing == 0.3
    assert request_features(_facts("x", logprobs=True, top_logprobs=5)).probing == 0.4
    assert request_features(_facts("x", logprobs=True, top_logprobs=20)).probing == 0.7
    assert request_features(_facts("x", logit_bias=True)).probing == 1.0
    assert request_features(_facts("x")).probing == 0.0


def test_turns_and_reasoning_params_come_from_the_body() -> None:
    body = {
        "messages": [
            {"role": "system", "content": "be nice"},
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "hello"},
            {"role": "user", "content": "more"},
        ],
        "reasoning_effort": "high",
    }
    f = request_features(_facts("more", body=body))
    assert (f.turns, f.single_turn, f.reasoning) == (3, False, True)
    one = request_features(_facts("hi"))
    assert (one.turns, one.single_turn, one.reasoning) == (1, True, False)


def test_prompt_is_read_from_body_when_facts_lack_it() -> None:
    facts = RequestFacts(
        request_id="r", api="openai", path="/v1/completions", body={"prompt": "think step by step"}
    )
    assert request_features(facts).reasoning


def _edge_match(a: str, b: str) -> bool:
    ha, ta = fingerprint.template_fingerprint(fingerprint.tokens(a))
    hb, tb = fingerprint.template_fingerprint(fingerprint.tokens(b))
    return min(fingerprint.hamming(ha, hb), fingerprint.hamming(ta, tb)) <= 8


def test_template_instances_match_and_unrelated_prompts_do_not() -> None:
    rng = random.Random(5)
    harvest = [text.harvest_prompt(rng, "en", 0) for _ in range(40)]
    human = [text.human_prompt(rng, 0.0) for _ in range(40)]
    same = sum(_edge_match(a, b) for a, b in itertools.pairwise(harvest))
    cross = sum(_edge_match(a, b) for a, b in itertools.pairwise(human))
    assert same >= 35
    assert cross <= 2


def test_masking_drops_numbers_and_quotes_and_splits_cjk() -> None:
    toks = fingerprint.tokens('Order 1234 says "anything at all" 东京')
    assert toks == ["order", "says", "qqq", "东", "京"]


def test_fingerprints_do_not_depend_on_the_process_hash_seed() -> None:
    # Python's hash() is salted per process; instances sharing Redis must agree.
    expected = int.from_bytes(hashlib.blake2b(b"alpha", digest_size=8).digest(), "little")
    assert fingerprint.token_hash("alpha") == expected
    assert fingerprint.simhash(["alpha", "beta"]) == fingerprint.simhash(["beta", "alpha"])


def test_a_logit_bias_names_its_tokens_not_their_weights() -> None:
    """bias_set: the same token ids give one set whatever the bias values; other ids,
    another; probing_fixed_bias scores the request as if it had no bias."""

    def biased(bias: dict[str, int]) -> RequestFeatures:
        body = {"messages": [{"role": "user", "content": "spam?"}], "logit_bias": bias}
        return request_features(_facts("spam?", body=body, logprobs=True, top_logprobs=5))

    f, g, h = biased({"15": 100, "16": 100}), biased({"16": -5, "15": 3}), biased({"17": 9})
    assert f.probing == 1.0 and f.probing_fixed_bias == 0.4
    assert f.bias_set == g.bias_set and 0 != h.bias_set != f.bias_set
    plain = request_features(_facts("spam?"))
    assert plain.bias_set == 0 and plain.probing == plain.probing_fixed_bias == 0.0
