"""SignalEngine: per-request features + account/campaign state -> the `signals.*` a policy reads.

Call order per request: `observe` before the decision (books the request, returns every
signal including harvest_score), `settle` after the response (books the completion and
the request's evidence into the CUSUMs). State lives in a SignalBackend, so several
gateway instances on one Redis see one picture. observe costs two backend calls
(account, then cross-account: the second needs the first's answer), settle one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gateway.facts import Account, RequestFacts
from gateway.signals import fingerprint, score
from gateway.signals.features import RequestFeatures, request_features
from gateway.signals.state import (
    BIAS_SETS,
    MODEL_CAP,
    MODEL_NEW_S,
    AccountView,
    CrossInput,
    CrossView,
    ObserveInput,
    SettleInput,
    SignalBackend,
    subnet_of,
)

PENDING_CAP = 10_000
PUBLISH_AFTER = 3
"""An account publishes a template to the cross-account sketch from its 3rd use on."""
COMMON_PROMPT_ACCOUNTS = 2
"""A prompt that this many other accounts sent lately is a common question (score.py)."""
FOCUS_MIN_REQUESTS = 10.0
"""capability_focus reads 0 below this many (decayed) requests: one request is no focus."""
_LANG_BIT = {lang: 1 << i for i, lang in enumerate(fingerprint.LANGUAGES)}


@dataclass(slots=True)
class _Pending:
    evidence: score.Evidence
    template_rep: int
    root: str | None
    campaign: str | None


class SignalEngine:
    def __init__(self, backend: SignalBackend) -> None:
        self.backend = backend
        # Evidence computed at observe, consumed at settle; bounded so lost settles
        # (client gone, crash) cannot grow it.
        self._pending: dict[str, _Pending] = {}
        # model -> when the gateway first saw it, as the last cross-account answer said.
        # The account update runs before the cross-account one (which needs its answer),
        # so whether a request goes to a new model is read here: the first request on a
        # model in this process counts as not new.
        self._first_seen: dict[str, float | None] = {}

    async def observe(self, account: Account, facts: RequestFacts, now: float) -> dict[str, float]:
        """Book the request and return all signals (floats) for the policy and the log."""
        feats = request_features(facts)
        subnet = subnet_of(facts.client_ip)
        first = self._first_seen.get(facts.model)
        view = await self.backend.observe_account(
            account.id,
            ObserveInput(
                head=feats.head,
                tail=feats.tail,
                prompt_tokens=facts.prompt_tokens,
                elicitation=feats.elicitation,
                probing=feats.probing,
                single_turn=feats.single_turn,
                language_bit=_LANG_BIT.get(feats.language, 0),
                ip=facts.client_ip,
                subnet=subnet,
                hour=int(now // 3600) % 24,  # UTC hour, as time.gmtime gives it
                capability=feats.capability,
                new_model=first is not None and now - first < MODEL_NEW_S,
                bias_set=feats.bias_set,
                probing_fixed_bias=feats.probing_fixed_bias,
            ),
            now,
        )
        own = max(view.cusum, view.template_cusum)
        publish = view.template_match and view.template_count >= PUBLISH_AFTER
        eligible = own >= score.LINK_CUSUM
        cross = await self.backend.observe_cross(
            account.id,
            CrossInput(
                # This instance's bands, not the cluster's first: edge SimHashes of one
                # template agree band by band often but not always, so accounts that
                # publish every reuse converge on the template's common band values.
                bands=fingerprint.bands(feats.head, feats.tail),
                publish=publish,
                eligible=eligible,
                link_subnet=own >= score.LINK_SUBNET_CUSUM,
                subnet=subnet,
                cusum=own,
                requests=view.requests,
                completion_tokens=view.completion_tokens,
                model=facts.model,
                edges=(feats.head, feats.tail),
                prompt=feats.digest,
                shape=feats.shape,
                suspect=view.cohort_cusum >= score.COHORT_SUSPECT,
            ),
            now,
        )
        self._note_model(facts.model, cross.model_first_seen)
        networked = score.networked(cross.subnet_accounts, view.distinct_subnets)
        evidence = score.Evidence(
            elicitation=feats.elicitation,
            probing=probing_of(feats, view),
            single_turn=feats.single_turn,
            turns=feats.turns,
            max_tokens=feats.max_tokens,
            prompt_tokens=facts.prompt_tokens,
            template_match=view.template_match,
            fingerprint_accounts=cross.fingerprint_accounts,
            subnet_accounts=cross.subnet_accounts,
            networked=networked,
            timing_cv=view.timing_cv,
            languages=view.languages,
            has_tools=facts.has_tools,
            volume=view.requests,
            common_prompt=cross.prompt_accounts >= COMMON_PROMPT_ACCOUNTS,
            bias_sweep=bias_sweep_of(feats, view),
            echo=facts.body.get("echo") is True,
        )
        self._remember(
            facts.request_id, _Pending(evidence, view.template_rep, cross.root, cross.campaign)
        )
        return signals_of(feats, view, cross, networked)

    async def settle(
        self,
        account: Account,
        facts: RequestFacts,
        completion_tokens: int,
        finish_reason: str | None,
        now: float,
    ) -> None:
        """Book the response: completion size, truncation, and this request's evidence."""
        pending = self._pending.pop(facts.request_id, None)
        if pending is None:
            # observe's evidence was evicted: settle the volume, add no evidence
            await self.backend.settle(
                account.id,
                None,
                SettleInput(0, completion_tokens, finish_reason == "length", 0.0),
                now,
            )
            return
        inc, cohort_inc = score.increments(pending.evidence, completion_tokens, finish_reason)
        await self.backend.settle(
            account.id,
            pending.root,
            SettleInput(
                pending.template_rep,
                completion_tokens,
                finish_reason == "length",
                inc,
                cohort_inc,
            ),
            now,
        )

    def forget(self, request_id: str) -> None:
        """Drop a request's evidence without booking it (the request got no answer)."""
        self._pending.pop(request_id, None)

    async def campaign_of(self, account: Account, now: float) -> str | None:
        return await self.backend.campaign_of(account.id, now)

    def campaign_for(self, request_id: str) -> str | None:
        """The campaign the request's account was linked to when it was observed."""
        pending = self._pending.get(request_id)
        return pending.campaign if pending else None

    def explain(self, signals: Mapping[str, float]) -> list[tuple[str, float]]:
        """Top contributing signals of a harvest_score, strongest first."""
        return score.explain(signals)

    def _note_model(self, model: str, first: float | None) -> None:
        if len(self._first_seen) >= MODEL_CAP and model not in self._first_seen:
            self._first_seen.clear()  # random names from a client: start over, stay bounded
        self._first_seen[model] = first

    def _remember(self, request_id: str, pending: _Pending) -> None:
        self._pending[request_id] = pending
        if len(self._pending) > PENDING_CAP:
            del self._pending[next(iter(self._pending))]  # the oldest: dicts keep insertion order


def bias_sweep_of(feats: RequestFeatures, view: AccountView) -> bool:
    """Whether the request belongs to a logit_bias sweep: its bias names tokens the account
    has not pinned before, or the account has moved its bias over BIAS_SETS token sets or
    more. A classifier pins one or two label sets for good; an extractor that cycles
    through a few sets at a time, and reads plain logprobs in between, is still moving
    across the vocabulary, and every read it makes is part of the sweep."""
    return view.bias_sets >= BIAS_SETS or (feats.bias_set != 0 and not view.bias_known)


def probing_of(feats: RequestFeatures, view: AccountView) -> float:
    """The request's probing; a logit_bias the account reuses counts as no bias."""
    return feats.probing_fixed_bias if view.bias_known else feats.probing


def signals_of(
    feats: RequestFeatures, view: AccountView, cross: CrossView, networked: bool
) -> dict[str, float]:
    """Flatten request features, account aggregates and campaign aggregates into signals.*;
    `networked` is score.networked of the request (the cohort scores only such accounts,
    and those sweeping languages)."""
    n = max(view.requests, 1e-9)
    settled = max(view.settled, 1e-9)
    account_score = score.score(max(view.cusum, view.template_cusum))
    campaign_score = (
        score.score(cross.campaign_cusum, score.CAMPAIGN_THRESHOLD) if cross.campaign else 0.0
    )
    suspects = cross.cohort_accounts
    # Keys calling alike whatever their lines: people on reasoning models do too, so this
    # one is for review and shadow rules; the cohort that scores needs a campaign's network
    # or a multilingual sweep (score.SWEEP_LANGUAGES).
    loose_cohort_score = (
        score.score(view.cohort_cusum, score.COHORT_SUSPECT)
        if suspects >= score.COHORT_MIN and suspects >= score.COHORT_SHARE * cross.cohort_users
        else 0.0
    )
    sweeping = view.languages >= score.SWEEP_LANGUAGES
    cohort_score = loose_cohort_score if networked or sweeping else 0.0
    return {
        "harvest_score": max(account_score, campaign_score, cohort_score),
        "account_score": account_score,
        "campaign_score": campaign_score,
        "cohort_score": cohort_score,
        "loose_cohort_score": loose_cohort_score,
        "cohort_cusum": view.cohort_cusum,
        "cohort_accounts": float(cross.cohort_accounts),
        "cohort_users": float(cross.cohort_users),
        "cusum": view.cusum,
        "template_cusum": view.template_cusum,
        "campaign_cusum": cross.campaign_cusum,
        "reasoning_elicitation": feats.elicitation,
        "reasoning_share": view.elicitation / n,
        "logprob_probing": probing_of(feats, view),
        "probing_share": view.probing / n,
        "max_tokens": float(feats.max_tokens),
        "single_turn": 1.0 if feats.single_turn else 0.0,
        "conversation_share": 1.0 - view.single_turn / n,
        "template_match": 1.0 if view.template_match else 0.0,
        "template_reuse": view.templated / n,
        "template_entropy": view.template_entropy,
        "fingerprint_accounts": float(cross.fingerprint_accounts),
        "subnet_accounts": float(cross.subnet_accounts),
        "campaign_accounts": float(cross.campaign_accounts),
        "campaign_requests": cross.campaign_requests,
        "campaign_completion_tokens": cross.campaign_completion_tokens,
        "timing_cv": view.timing_cv,
        "hour_spread": view.hour_spread,
        "distinct_ips": float(view.distinct_ips),
        "distinct_subnets": float(view.distinct_subnets),
        "languages": float(view.languages),
        "requests": view.requests,
        "prompt_tokens": view.prompt_tokens,
        "completion_tokens": view.completion_tokens,
        "output_input_ratio": view.completion_tokens / max(view.prompt_tokens, 1.0),
        "length_saturation": view.saturated / settled if view.settled else 0.0,
        "mean_completion_tokens": view.completion_tokens / settled if view.settled else 0.0,
        "model_pivot": view.pivot / n,
        "capability_focus": view.focus / n if view.requests >= FOCUS_MIN_REQUESTS else 0.0,
        "prompt_accounts": float(cross.prompt_accounts),
    }
