from __future__ import annotations

import pytest

from gateway.signals import score
from gateway.signals.score import Evidence


def _ev(**kw: object) -> Evidence:
    base: dict[str, object] = dict(
        elicitation=0.0,
        probing=0.0,
        single_turn=True,
        turns=1,
        max_tokens=0,
        prompt_tokens=60,
        template_match=False,
        fingerprint_accounts=0,
        subnet_accounts=1,
        timing_cv=1.0,
        languages=1,
    )
    base.update(kw)
    return Evidence(**base)  # type: ignore[arg-type]


def _own(ev: Evidence, completion_tokens: int, finish_reason: str | None) -> float:
    """The account's own CUSUM step."""
    return score.increments(ev, completion_tokens, finish_reason)[0]


def test_threshold_maps_to_point_eight() -> None:
    assert score.score(score.THRESHOLD) == pytest.approx(0.8)
    assert score.score(0.0) == 0.0
    assert score.score(-5.0) == 0.0
    assert score.score(2 * score.THRESHOLD) > 0.95


def test_templated_reasoning_harvest_accumulates() -> None:
    ev = _ev(elicitation=1.0, max_tokens=8192, template_match=True, fingerprint_accounts=5)
    assert _own(ev, 1500, "stop") > 0.4  # a template shared is coordination
    ev.networked = True  # ...and so is a host shared with other keys
    assert _own(ev, 1500, "stop") > 3.0
    ev.networked, ev.volume = False, score.VOLUME_HI
    assert _own(ev, 1500, "stop") > 3.0


def test_long_reasoning_answers_at_a_persons_pace_do_not_accumulate() -> None:
    """Someone who asks a reasoning model for long worked answers, a few dozen a day, from
    a line of their own, sends what a careful harvester sends. What a person does not do
    is read hundreds a day, or send them through a proxy pool or from hosts shared with
    other keys."""
    ev = _ev(elicitation=1.0, max_tokens=16_000, volume=20.0)
    assert _own(ev, 4000, "stop") == pytest.approx(0.0, abs=1e-9)
    for pipeline in (
        _ev(elicitation=1.0, max_tokens=16_000, volume=score.VOLUME_HI),
        _ev(elicitation=1.0, max_tokens=16_000, volume=20.0, networked=True),
    ):
        assert _own(pipeline, 4000, "stop") > 2.0
    # A campaign's network: a subnet shared with another key, or a proxy pool's rotation.
    assert score.networked(2, 1) and score.networked(1, 4)
    assert not score.networked(1, 3)
    # The cohort's CUSUM counts the reasoning ask as intent wherever it comes from: its
    # score needs many keys calling alike from a campaign's network.
    own, cohort = score.increments(ev, 4000, "stop")
    assert cohort > own + 2.0


def test_benign_batch_template_with_short_outputs_drifts_down() -> None:
    ev = _ev(template_match=True, fingerprint_accounts=20, probing=0.3, max_tokens=64)
    assert _own(ev, 20, "stop") < -1.0


def test_chain_of_thought_eval_with_short_traces_does_not_accumulate() -> None:
    ev = _ev(elicitation=1.0, max_tokens=512, template_match=True)
    assert _own(ev, 230, "stop") < 0.0


def test_one_token_probe_truncation_is_not_saturation() -> None:
    mc_eval = _ev(probing=0.4, max_tokens=1)
    assert _own(mc_eval, 1, "length") < 0.0
    miner = _ev(probing=1.0, max_tokens=1, bias_sweep=True)
    assert _own(miner, 1, "length") > 1.0


def test_a_sweep_without_a_moving_bias_counts_by_the_tokens_it_copies() -> None:
    """Top-20 logprobs on a one-letter answer is a confidence read (calibration studies,
    multiple-choice evals); on a long answer it is a soft-label dataset; with a logit_bias
    that moves across the vocabulary it extracts logits even one token at a time."""
    read = _own(_ev(probing=0.7, max_tokens=1), 1, "length")
    copied = _own(_ev(probing=0.7, max_tokens=512), 400, "stop")
    extracted = _own(_ev(probing=1.0, max_tokens=1, bias_sweep=True), 1, "length")
    assert read < 0.0 < copied
    assert extracted > 0.0
    assert read == _own(_ev(max_tokens=1), 1, "length")
    # echo scores the prompt's own tokens: a 300-token prompt read back is a long answer
    echoed = _own(_ev(probing=0.4, max_tokens=1, prompt_tokens=300, echo=True), 1, "length")
    assert echoed == pytest.approx(
        _own(_ev(probing=0.4, max_tokens=1, prompt_tokens=300), 301, "length")
    )
    assert echoed > _own(_ev(probing=0.4, max_tokens=1, prompt_tokens=300), 1, "length")


def test_conversation_turns_count_against_harvest() -> None:
    one_shot = _own(_ev(elicitation=1.0), 900, "stop")
    dialogue = _own(_ev(elicitation=1.0, single_turn=False, turns=6), 900, "stop")
    assert dialogue < one_shot - 1.0


def test_explain_ranks_the_signals_that_drive_the_score() -> None:
    signals = {
        "reasoning_share": 0.9,
        "mean_completion_tokens": 1500.0,
        "template_reuse": 0.95,
        "fingerprint_accounts": 12.0,
        "conversation_share": 0.0,
        "probing_share": 0.0,
        "account_score": 0.99,
        "campaign_score": 0.5,
    }
    top = score.explain(signals)
    names = [name for name, _ in top]
    assert names[0] == "reasoning_share"
    assert "probing_share" not in names and "campaign" not in names
    assert len(top) <= 5


def test_explain_lists_long_answers_only_where_they_counted() -> None:
    """A person's long answers did not make S grow (no intent), so they are not listed as
    a reason; the same shares from a pipeline's volume are."""
    person = {
        "reasoning_share": 0.9,
        "mean_completion_tokens": 3000.0,
        "output_input_ratio": 40.0,
        "template_reuse": 0.8,
        "conversation_share": 0.0,
        "requests": 20.0,
        "subnet_accounts": 1.0,
        "distinct_subnets": 1.0,
    }
    named = [name for name, _ in score.explain(person)]
    assert "long_outputs" not in named and "template_reuse" not in named
    pipeline = dict(person, requests=score.VOLUME_HI)
    top = dict(score.explain(pipeline))
    assert top["long_outputs"] == score.W_LONG and "template_reuse" in top
    proxied = dict(person, distinct_subnets=float(score.NETWORK_ROTATION_SUBNETS))
    assert dict(score.explain(proxied))["long_outputs"] == pytest.approx(0.9 * score.W_LONG)


def test_long_answers_alone_are_not_harvest_evidence_at_a_persons_volume() -> None:
    # A writer: one-shot, own template, long answers, no reasoning asked for, few a day.
    writer = _ev(max_tokens=4096, template_match=True, volume=10.0)
    assert _own(writer, 2200, "stop") < 0.0
    # The same requests from a pipeline making hundreds a day do count.
    pipeline = _ev(max_tokens=4096, template_match=True, volume=score.VOLUME_HI)
    assert _own(pipeline, 2200, "stop") > 1.0


def test_shared_templates_count_without_intent() -> None:
    alone = _own(_ev(max_tokens=4096, volume=0.0), 2200, "stop")
    shared = _own(_ev(max_tokens=4096, fingerprint_accounts=8, volume=0.0), 2200, "stop")
    assert shared == pytest.approx(alone + score.W_SHARED)


def test_tool_definitions_count_against_harvest() -> None:
    plain = _own(_ev(elicitation=1.0, max_tokens=16000), 1500, "stop")
    agent = _own(_ev(elicitation=1.0, max_tokens=16000, has_tools=True), 1500, "stop")
    assert agent == pytest.approx(plain + score.W_TOOLS)


def test_capped_chain_of_thought_eval_drifts_down() -> None:
    # A chain-of-thought eval: short question, reasoning asked for, answers capped at 1024.
    ev = _ev(elicitation=1.0, max_tokens=1024, prompt_tokens=40, template_match=True)
    assert _own(ev, 450, "stop") < -0.5
    uncapped = _ev(
        elicitation=1.0, max_tokens=8192, prompt_tokens=40, template_match=True, volume=120.0
    )
    assert _own(uncapped, 1500, "stop") > 3.0


def test_output_ratio_needs_a_substantial_answer() -> None:
    short = _own(_ev(prompt_tokens=10), 150, "stop")
    assert short == pytest.approx(score.W_SINGLE - score.DRIFT)


def test_a_common_question_carries_no_content_evidence() -> None:
    """Students asking the homework question others asked: no harvest evidence from
    its reasoning ask or its long answer; probing still counts, whatever the question."""
    asked = dict(
        elicitation=1.0, max_tokens=8192, template_match=True, fingerprint_accounts=5, volume=120.0
    )
    assert _own(_ev(**asked), 1500, "stop") > 3.0
    assert _own(_ev(**asked, common_prompt=True), 1500, "stop") == -score.DRIFT
    probe = _ev(probing=1.0, common_prompt=True, bias_sweep=True)
    assert _own(probe, 1, "stop") == score.W_PROBING - score.DRIFT
    chat = _ev(single_turn=False, turns=6, common_prompt=True)
    assert _own(chat, 300, "stop") < -score.DRIFT
