"""Red-team traffic: an independent, labelled traffic generator for `distillguard replay`.

    .venv/bin/python bench/redteam_traffic.py --seed 1 --days 3 --out /tmp/rt.jsonl
    (labels go to /tmp/rt.jsonl.labels.jsonl)

Written without reading the detector, its policies or the project's own simulator, so that
its scores do not inherit the tuning. Stdlib only, seeded, ~15-25k records per day.

The clock starts Monday 2025-11-24 00:00 UTC. A new model, `gpt-4.1`, is "released" at
RELEASE_HOUR hours in (day 2, 09:00 UTC); nobody uses it before then.

Harvesters (label harvester=true). Each tries to look unremarkable per key:

  swarm_sleeper     Two campaigns of ~30 accounts, ~20-32 requests a day each (the "26 a day"
                    case): every account its own key and residential IP, a local time zone
                    with sleep at night and sessions by day. Prompts come from a paraphrase
                    grammar (opener x persona x question x "explain yourself" ask x closer,
                    with casing noise and typos), never the phrase "step by step", on a narrow
                    capability (maths/code, or science/medicine). A fifth of requests are
                    small talk to blur the focus. max_tokens 500-900.
  convo_wrapper     One campaign of 12 accounts whose harvesting is shaped as conversations:
                    a varied system prompt, 1-3 invented prior turns, then the real question,
                    so no request is single-turn.
  polyglot_sweep    One campaign of 14 accounts sweeping the same question bank through nine
                    languages, each account sticking to one or two languages.
  proxy_reseller    A "hydra": 6 reseller accounts behind shared datacenter IPs that relay
                    genuine end-user chat (~65%) and interleave harvesting (~35%).
  release_chaser    One campaign of 10 accounts: light, bland gpt-4o use until the release,
                    then within 1-3 hours pivots hard to gpt-4.1 with reasoning prompts,
                    dispatched round-robin by one scheduler (load-balanced timing).
  quiet_prober      Single accounts harvesting label distributions: classification prompts
                    with logprobs/top_logprobs on ~40% of calls and logit_bias on some,
                    dressed like an evaluation job, ~250 a day.
  rubric_farmer     One campaign of 8 accounts harvesting reward-model data: "grade this
                    answer against the rubric" with long justifications (unlike real labelling
                    jobs, which ask for a bare score).
  lone_slowpoke     Four unrelated single accounts, ~26 requests a day each, human timing,
                    paraphrased reasoning questions: no campaign to aggregate.
  blunt_scraper     Control: one account, one template ("Explain step by step: ..."), ~1,800
                    a day around the clock, max_tokens 2048. Any detector should catch it.

Benign (harvester=false), several built to look like harvesting:

  tutor_app         An education app: one account, one key, two app-server IPs, thousands of
                    students (the `user` field), a fixed tutoring template that asks for
                    step-by-step explanations, school-hours traffic, ~3,000 a day on weekdays.
  eval_harness      Two evaluation accounts running multiple-choice benchmarks in bursts from
                    CI: max_tokens 1, logprobs + top_logprobs, one of them also logit_bias on
                    the A-D tokens; both benchmark gpt-4.1 within hours of its release.
  translation_svc   A translation service: one template ("Translate ... into {lang}") over
                    twelve languages, around the clock, ~2,000 a day.
  support_bot       A customer-support bot: fixed system prompt, multi-turn conversations,
                    business hours, ~1,500 a day.
  label_shop        A data-labelling job: rubric-grading prompts answered with a bare JSON
                    score (~10-25 tokens), in batches, ~1,800 a day.
  casual_chat       ~120 individual users, a few to ~20 requests a day, varied topics.
  campus_nat        ~25 students behind one university NAT IP doing homework, often asking
                    for worked solutions: shared infrastructure plus reasoning requests.
  dev_tinkerer      Developers: repeated identical prompts, temperature sweeps, n>1, some
                    logprobs, bursts.
  reasoning_user    Power users of o3-mini with reasoning_effort=high on maths and proofs.
  early_adopter     Startups that switch their product traffic to gpt-4.1 the hour it ships.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

START = 1763942400.0  # Monday 2025-11-24 00:00:00 UTC
DAY = 86400.0
RELEASE_HOUR = 33.0
NEW_MODEL = "gpt-4.1"

Rec = dict[str, Any]

# ---------------------------------------------------------------- text material

MATH_TOPICS = [
    "a train leaves at {a} km/h and a second one {b} minutes later at {c} km/h; when does the "
    "second catch up",
    "solve {a}x + {b} = {c}x - {d}",
    "the probability of drawing two red cards from a deck with {a} red and {b} black cards",
    "the area of a triangle with sides {a}, {b} and {c}",
    "how many ways {a} people can sit at a round table if two of them refuse to sit together",
    "the sum of the first {a} odd numbers",
    "the derivative of x^{a} * ln(x) at x = {b}",
    "the remainder of {a}^{b} divided by {c}",
    "whether {a}{b}{c} is prime",
    "the expected number of coin tosses to get {a} heads in a row",
    "the integral of x*e^({a}x) from 0 to {b}",
    "a tank filling at {a} L/min and draining at {b} L/min holding {c}00 L",
    "the eigenvalues of [[{a}, {b}], [{c}, {d}]]",
    "the shortest path in a grid of {a} by {b} moving only right and down",
]
CODE_TOPICS = [
    "merging {a} sorted lists in O(n log k)",
    "detecting a cycle in a linked list without extra memory",
    "an LRU cache with capacity {a}",
    "the longest palindromic substring of a string of length {a}00",
    "counting inversions in an array",
    "a rate limiter allowing {a} requests per {b} seconds",
    "the knapsack problem with {a} items and capacity {b}",
    "topological sort of a dependency graph with {a} nodes",
    "parsing arithmetic expressions with operator precedence",
    "finding the median of two sorted arrays",
    "a trie supporting prefix counts",
    "Dijkstra on a graph with {a} nodes and negative-free weights",
]
CODE_LANGS = ["Python", "Rust", "Go", "TypeScript", "C++", "Java", "Kotlin"]
SCIENCE_TOPICS = [
    "why the {a}-th ionisation energy of sodium jumps so sharply",
    "how beta blockers lower blood pressure in a {a}-year-old patient",
    "what limits the efficiency of a Carnot engine between {a}00 K and {b}00 K",
    "how CRISPR-Cas9 finds its target sequence",
    "why ice is less dense than water",
    "the mechanism of an SN2 reaction with a secondary halide",
    "how a {a} mg dose of ibuprofen is cleared by the kidneys",
    "why the sky is red at sunset but blue at noon",
    "how mRNA vaccines trigger an immune response",
    "the pH of a {a}0 mM acetic acid solution",
    "why superconductors expel magnetic fields",
    "how insulin resistance develops",
    "the half-life calculation for a sample losing {a}% per day",
    "differential diagnosis for chest pain in a {a}-year-old runner",
]
OPENERS = [
    "",
    "quick one: ",
    "Hey, ",
    "So I'm stuck on ",
    "Can you help with ",
    "I keep getting confused by ",
    "Curious about ",
    "hi! ",
    "Been thinking about ",
    "Need a hand with ",
    "My professor mentioned ",
    "Working through ",
]
PERSONAS = [
    "",
    "I'm a second-year student. ",
    "I'm prepping for an interview. ",
    "I teach this next week. ",
    "I'm self-taught, so go easy. ",
    "Writing notes for my study group. ",
    "",
    "",
]
EXPLAIN_ASKS = [
    "I'd like to understand the reasoning, not just the result.",
    "Mind sharing how you got there?",
    "Please include the intermediate results.",
    "What's the logic behind it?",
    "Help me see why it works.",
    "Can you justify each part?",
    "Walk me through it like you'd explain on a whiteboard.",
    "Show your working so I can check mine.",
    "Lay out the argument in order, then the final answer.",
    "Break it down for me.",
    "Explain the thinking, then give the answer on its own line.",
    "I want to follow every move you make.",
]
CLOSERS = ["", "", " Thanks!", " thx", " Appreciate it.", " Cheers.", " (no rush)", " ty"]
SMALL_TALK = [
    "what's a good name for a grey cat?",
    "recommend a podcast about history",
    "how long should I boil an egg for a soft yolk",
    "rewrite this to sound friendlier: please send the report by friday",
    "give me three dinner ideas with chickpeas",
    "is it rude to reply-all to say thanks?",
    "what's the capital of Mongolia",
    "write a haiku about commuting",
    "suggest a weekend itinerary for Lisbon",
    "tips for sleeping better after night shifts",
    "how do I get a coffee stain off a white shirt",
    "explain the offside rule in one paragraph",
    "what should I pack for a 3 day hike",
    "summarize the plot of Hamlet in two sentences",
]
CHAT_TOPICS = [
    *SMALL_TALK,
    "draft a polite email declining a meeting",
    "what are the pros and cons of a standing desk",
    "help me plan a birthday party for a 7 year old",
    "fix the grammar: me and him goes to the store yesterday",
    "what does 'idempotent' mean in plain words",
    "how do I make a sourdough starter",
    "which is better for a beginner, guitar or piano?",
    "translate 'where is the train station' to Italian",
    "write a short toast for my sister's wedding",
    "give me a workout I can do in a hotel room",
    "what's the difference between a Roth and traditional IRA",
    "why does my houseplant have yellow leaves",
    "make this sentence shorter: we are reaching out in order to inform you",
    "ideas for a team-building activity under $200",
]
FILLER_EN = [
    "That is the key idea here.",
    "Let me lay this out carefully.",
    "We start from what is given and work forward.",
    "Note how the terms cancel once we substitute.",
    "This gives the intermediate value we need.",
    "Checking the boundary case confirms the result.",
    "The same argument works for the general case.",
    "Putting the pieces together yields the answer.",
    "A common mistake is to forget the constant factor.",
    "In practice this is usually good enough.",
    "Here is a short example to make it concrete.",
    "The reason is that the two effects push in opposite directions.",
    "So the final answer follows directly.",
    "Hope that helps, and let me know if anything is unclear.",
]

LANGS: dict[str, dict[str, Any]] = {
    "es": {
        "q": [
            "¿Podrías explicarme {t}? Quiero entender el razonamiento.",
            "Tengo dudas sobre {t}. ¿Cómo se llega al resultado?",
            "Explícame {t}, justificando cada parte.",
        ],
        "fill": ["Primero consideramos los datos.", "Luego aplicamos la regla general."],
        "cpt": 4.0,
    },
    "de": {
        "q": [
            "Kannst du mir {t} erklären? Ich möchte die Begründung verstehen.",
            "Wie kommt man bei {t} auf das Ergebnis?",
            "Erkläre {t} und begründe jeden Teil.",
        ],
        "fill": ["Zuerst betrachten wir die Angaben.", "Daraus folgt das Zwischenergebnis."],
        "cpt": 4.2,
    },
    "fr": {
        "q": [
            "Peux-tu m'expliquer {t} ? J'aimerais comprendre le raisonnement.",
            "Comment arrive-t-on au résultat pour {t} ?",
            "Explique {t} en justifiant chaque étape.",
        ],
        "fill": ["D'abord, on regarde les données.", "Ensuite on applique la règle."],
        "cpt": 4.0,
    },
    "pt": {
        "q": [
            "Pode me explicar {t}? Quero entender o raciocínio.",
            "Como se chega ao resultado em {t}?",
        ],
        "fill": ["Primeiro vemos os dados.", "Depois aplicamos a regra geral."],
        "cpt": 4.0,
    },
    "it": {
        "q": [
            "Puoi spiegarmi {t}? Vorrei capire il ragionamento.",
            "Come si arriva al risultato per {t}?",
        ],
        "fill": ["Prima consideriamo i dati.", "Poi applichiamo la regola."],
        "cpt": 4.0,
    },
    "ja": {
        "q": ["{t}について、考え方を順を追って説明してください。", "{t}の答えはどう導きますか？"],  # noqa: RUF001 (native punctuation on purpose)
        "fill": ["まず条件を整理します。", "次に一般的な規則を当てはめます。"],
        "cpt": 1.5,
    },
    "zh": {
        "q": ["请解释一下{t}，我想理解其中的推理。", "{t}的结果是怎么得出的？"],  # noqa: RUF001 (native punctuation on purpose)
        "fill": ["首先我们整理已知条件。", "然后应用一般规则。"],
        "cpt": 1.3,
    },
    "ru": {
        "q": ["Объясни, пожалуйста, {t}. Хочу понять логику.", "Как получить ответ в задаче: {t}?"],
        "fill": ["Сначала рассмотрим условия.", "Затем применим общее правило."],
        "cpt": 3.2,
    },
    "ko": {
        "q": ["{t}에 대해 추론 과정을 설명해 주세요.", "{t}의 답은 어떻게 구하나요?"],
        "fill": ["먼저 조건을 정리합니다.", "다음으로 규칙을 적용합니다."],
        "cpt": 1.6,
    },
}
TRANSLATE_TO = [
    "Spanish",
    "German",
    "French",
    "Portuguese",
    "Italian",
    "Japanese",
    "Chinese (Simplified)",
    "Russian",
    "Korean",
    "Dutch",
    "Polish",
    "Turkish",
]
SUPPORT_ISSUES = [
    "my internet keeps dropping every evening",
    "I was charged twice this month",
    "how do I change my wifi password",
    "the router light is blinking orange",
    "I'm moving house, can I transfer my plan",
    "speeds are much lower than what I pay for",
    "I want to cancel my contract",
    "the technician didn't show up today",
    "can I upgrade to fibre",
    "my bill has a fee I don't recognise",
]
MCQ_SUBJECTS = [
    "abstract algebra",
    "anatomy",
    "astronomy",
    "college chemistry",
    "econometrics",
    "formal logic",
    "high school biology",
    "international law",
    "machine learning",
    "moral scenarios",
    "philosophy",
    "virology",
]
CLASSIFY_TASKS = [
    ("sentiment", ["positive", "negative", "neutral"]),
    ("topic", ["sports", "politics", "tech", "business", "health"]),
    ("toxicity", ["toxic", "not_toxic"]),
    ("intent", ["refund", "cancel", "upgrade", "complaint", "question"]),
    ("nli", ["entailment", "contradiction", "neutral"]),
]
SNIPPETS = [
    "the delivery was late but the driver was very polite",
    "new chip doubles battery life according to the company",
    "the minister resigned after the vote",
    "I can't believe they charged me again for nothing",
    "the team clinched the title in extra time",
    "stocks slid as bond yields rose",
    "this update broke my favourite feature",
    "a daily walk lowers blood pressure, study finds",
    "please help me move my plan to my new address",
    "what a waste of an afternoon",
]


def fill(rng: random.Random, template: str) -> str:
    vals = {k: rng.randint(2, 19) for k in "abcd"}
    return template.format(**vals)


def body_text(rng: random.Random, tokens: int, pool: list[str], cpt: float = 4.0) -> str:
    """Reply text whose length matches `tokens` at `cpt` characters a token."""
    target = max(1, int(tokens * cpt))
    parts: list[str] = []
    n = 0
    while n < target:
        s = rng.choice(pool)
        parts.append(s)
        n += len(s) + 1
    return " ".join(parts)[:target]


def toks(text: str, cpt: float = 4.0) -> int:
    return max(1, round(len(text) / cpt))


def prompt_tokens(messages: list[dict[str, str]], cpt: float = 4.0) -> int:
    return sum(toks(m["content"], cpt) + 4 for m in messages) + 3


def noisy(rng: random.Random, s: str) -> str:
    """Human noise: lower-casing, a dropped letter, a doubled space, no final punctuation."""
    r = rng.random()
    if r < 0.25:
        s = s.lower()
    if rng.random() < 0.15 and len(s) > 20:
        i = rng.randrange(5, len(s) - 5)
        s = s[:i] + s[i + 1 :]
    if rng.random() < 0.1:
        s = s.replace(" ", "  ", 1)
    if rng.random() < 0.2:
        s = s.rstrip(".?!")
    return s


def reasoning_question(rng: random.Random, focus: str) -> str:
    if focus == "code":
        topic = fill(rng, rng.choice(CODE_TOPICS))
        return f"{topic} in {rng.choice(CODE_LANGS)}"
    if focus == "science":
        return fill(rng, rng.choice(SCIENCE_TOPICS))
    return fill(rng, rng.choice(MATH_TOPICS))


def paraphrased_prompt(rng: random.Random, focus: str) -> str:
    q = reasoning_question(rng, focus)
    ask = rng.choice(EXPLAIN_ASKS)
    opener = rng.choice(OPENERS)
    persona = rng.choice(PERSONAS)
    if rng.random() < 0.5:
        text = f"{persona}{opener}{q}. {ask}{rng.choice(CLOSERS)}"
    else:
        text = f"{ask} {opener}{q}?{rng.choice(CLOSERS)} {persona}".strip()
    return noisy(rng, text[0].upper() + text[1:])


# ---------------------------------------------------------------- timing


def human_day(
    rng: random.Random, day: int, n: int, tz: float, wake: tuple[float, float] = (8.0, 23.5)
) -> list[float]:
    """n request times on `day` for a person in UTC offset `tz`: 1-5 sessions while awake."""
    if n <= 0:
        return []
    sessions = rng.randint(1, min(5, max(1, n // 3)))
    cuts = sorted(rng.sample(range(1, n), sessions - 1)) if sessions > 1 and n > 1 else []
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    out: list[float] = []
    for size in sizes:
        local_h = rng.uniform(wake[0], wake[1] - 0.5)
        t = START + day * DAY + (local_h - tz) * 3600
        for _ in range(size):
            out.append(t)
            t += rng.lognormvariate(4.3, 0.9)  # median ~75 s between messages
    return out


def diurnal(
    rng: random.Random, day: int, n: int, tz: float, peak: tuple[float, float], floor: float
) -> list[float]:
    """n times drawn from a day curve: weight 1 inside local `peak` hours, `floor` outside."""
    out: list[float] = []
    while len(out) < n:
        h = rng.uniform(0, 24)
        local = (h + tz) % 24
        w = 1.0 if peak[0] <= local < peak[1] else floor
        if rng.random() < w:
            out.append(START + day * DAY + h * 3600 + rng.random())
    return out


def burst(rng: random.Random, t0: float, n: int, mean_gap: float) -> list[float]:
    out = []
    t = t0
    for _ in range(n):
        out.append(t)
        t += rng.expovariate(1 / mean_gap)
    return out


# ---------------------------------------------------------------- records


class Gen:
    def __init__(self, seed: int, days: int) -> None:
        self.rng = random.Random(seed)
        self.days = days
        self.records: list[Rec] = []
        self.labels: list[Rec] = []
        self.n_acct = 0
        self.end = START + days * DAY

    def account(self, archetype: str, harvester: bool, campaign: str | None) -> str:
        self.n_acct += 1
        acct = f"acct-{self.n_acct:04d}"
        self.labels.append(
            {"account": acct, "archetype": archetype, "harvester": harvester, "campaign": campaign}
        )
        return acct

    def residential_ip(self) -> str:
        r = self.rng
        first = r.choice([24, 47, 67, 73, 76, 81, 86, 91, 98, 109, 151, 174, 177, 186, 189, 201])
        return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def emit(
        self,
        ts: float,
        acct: str,
        key: str,
        ip: str,
        messages: list[dict[str, str]],
        model: str,
        max_tokens: int,
        completion: int,
        text_pool: list[str] | None = None,
        cpt: float = 4.0,
        reply: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        if ts >= self.end or ts < START:
            return
        r = self.rng
        completion = max(1, min(completion, max_tokens))
        finish = "length" if completion >= max_tokens else "stop"
        reasoning_tokens = 0
        if model == "o3-mini":
            effort = (extra or {}).get("reasoning_effort", "medium")
            scale = {"low": 0.5, "medium": 1.5, "high": 3.5}.get(effort, 1.5)
            # Hidden reasoning is billed as completion and counts against max_tokens.
            reasoning_tokens = int(completion * scale * r.uniform(0.6, 1.4))
            reasoning_tokens = max(0, min(reasoning_tokens, max_tokens - completion))
        text = reply if reply is not None else body_text(r, completion, text_pool or FILLER_EN, cpt)
        visible = toks(text, cpt)
        req: dict[str, Any] = {"model": model, "messages": messages, "max_tokens": max_tokens}
        if extra:
            req.update(extra)
        usage: dict[str, Any] = {
            "prompt_tokens": prompt_tokens(messages, cpt),
            "completion_tokens": visible + reasoning_tokens,
        }
        if reasoning_tokens:
            usage["completion_tokens_details"] = {"reasoning_tokens": reasoning_tokens}
        self.records.append(
            {
                "ts": round(ts, 3),
                "account": acct,
                "api_key_id": key,
                "client_ip": ip,
                "path": "/v1/chat/completions",
                "request": req,
                "response": {
                    "status": 200,
                    "text": text,
                    "reasoning": None,
                    "usage": usage,
                    "finish_reason": finish,
                },
            }
        )

    def model_at(self, ts: float, before: str, after: str | None = None) -> str:
        release = START + RELEASE_HOUR * 3600
        return after if after and ts >= release else before

    # ------------------------------------------------------------ harvesters

    def swarm_sleeper(self, camp: str, accounts: int, focus: str) -> None:
        r = self.rng
        operator_tz = r.choice([8.0, 3.0, -5.0])
        for i in range(accounts):
            acct = self.account("swarm_sleeper", True, camp)
            key = f"k-{acct[5:]}a"
            ips = [self.residential_ip() for _ in range(r.randint(1, 3))]
            tz = operator_tz + r.choice([-3, -1, 0, 0, 1, 2, 5])
            model = r.choice(["gpt-4o", "gpt-4o", "gpt-4o-mini", "o3-mini"])
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(18, 32), tz):
                    if r.random() < 0.2:
                        msgs = [{"role": "user", "content": noisy(r, r.choice(SMALL_TALK))}]
                        self.emit(
                            ts, acct, key, r.choice(ips), msgs, model, 400, r.randint(40, 200)
                        )
                        continue
                    msgs = [{"role": "user", "content": paraphrased_prompt(r, focus)}]
                    if r.random() < 0.3:
                        msgs.insert(
                            0, {"role": "system", "content": "You are a helpful assistant."}
                        )
                    mt = r.choice([512, 600, 700, 800, 900])
                    extra: dict[str, Any] = {"temperature": round(r.uniform(0.3, 1.0), 1)}
                    if model == "o3-mini":
                        extra = {"reasoning_effort": r.choice(["medium", "high"])}
                    self.emit(
                        ts,
                        acct,
                        key,
                        r.choice(ips),
                        msgs,
                        model,
                        mt,
                        r.randint(250, 700),
                        extra=extra,
                    )
            _ = i

    def convo_wrapper(self, camp: str, accounts: int) -> None:
        r = self.rng
        systems = [
            "You are a friendly study buddy.",
            "You help a curious adult learner. Be thorough.",
            "Assistant for a homework help forum.",
            "You are Sam, a tutor who likes analogies.",
            "Answer carefully and completely.",
        ]
        for _ in range(accounts):
            acct = self.account("convo_wrapper", True, camp)
            key = f"k-{acct[5:]}a"
            ip = self.residential_ip()
            tz = r.choice([-8.0, -5.0, 0.0, 1.0, 5.5, 8.0])
            sysmsg = r.choice(systems)
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(30, 50), tz):
                    focus = r.choice(["math", "code", "science"])
                    msgs: list[dict[str, str]] = [{"role": "system", "content": sysmsg}]
                    for _t in range(r.randint(1, 3)):
                        msgs.append({"role": "user", "content": noisy(r, r.choice(CHAT_TOPICS))})
                        msgs.append({"role": "assistant", "content": body_text(r, 60, FILLER_EN)})
                    follow = rng_follow(r) + paraphrased_prompt(r, focus)
                    msgs.append({"role": "user", "content": follow})
                    self.emit(ts, acct, key, ip, msgs, "gpt-4o", 800, r.randint(300, 750))

    def polyglot_sweep(self, camp: str, accounts: int) -> None:
        r = self.rng
        langs = list(LANGS)
        for i in range(accounts):
            acct = self.account("polyglot_sweep", True, camp)
            key = f"k-{acct[5:]}a"
            ip = self.residential_ip()
            mine = [langs[i % len(langs)]]
            if r.random() < 0.5:
                mine.append(r.choice(langs))
            tz = r.choice([-3.0, 1.0, 3.0, 8.0, 9.0])
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(22, 38), tz):
                    lang = LANGS[r.choice(mine)]
                    topic = reasoning_question(r, r.choice(["math", "science"]))
                    q = r.choice(lang["q"]).format(t=topic)
                    msgs = [{"role": "user", "content": q}]
                    self.emit(
                        ts,
                        acct,
                        key,
                        ip,
                        msgs,
                        r.choice(["gpt-4o", "gpt-4o-mini"]),
                        700,
                        r.randint(250, 650),
                        lang["fill"],
                        lang["cpt"],
                    )

    def proxy_reseller(self, camp: str, accounts: int) -> None:
        r = self.rng
        subnet = f"185.{r.randint(10, 250)}.{r.randint(0, 255)}"
        pool = [f"{subnet}.{h}" for h in r.sample(range(2, 250), 8)]
        for _ in range(accounts):
            acct = self.account("proxy_reseller", True, camp)
            keys = [f"k-{acct[5:]}{c}" for c in "abc"]
            for day in range(self.days):
                for ts in diurnal(r, day, r.randint(300, 450), 0.0, (7, 23), 0.3):
                    key, ip = r.choice(keys), r.choice(pool)
                    if r.random() < 0.65:
                        msgs = [{"role": "user", "content": noisy(r, r.choice(CHAT_TOPICS))}]
                        if r.random() < 0.4:
                            msgs = [
                                {"role": "user", "content": r.choice(CHAT_TOPICS)},
                                {"role": "assistant", "content": body_text(r, 80, FILLER_EN)},
                                {"role": "user", "content": "ok, and " + r.choice(CHAT_TOPICS)},
                            ]
                        self.emit(ts, acct, key, ip, msgs, "gpt-4o-mini", 600, r.randint(40, 300))
                    else:
                        focus = r.choice(["math", "code"])
                        msgs = [{"role": "user", "content": paraphrased_prompt(r, focus)}]
                        self.emit(ts, acct, key, ip, msgs, "gpt-4o", 900, r.randint(300, 800))

    def release_chaser(self, camp: str, accounts: int) -> None:
        r = self.rng
        accts = []
        for _ in range(accounts):
            acct = self.account("release_chaser", True, camp)
            accts.append((acct, f"k-{acct[5:]}a", self.residential_ip(), r.uniform(-6, 9)))
        release = START + RELEASE_HOUR * 3600
        for acct, key, ip, tz in accts:
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(3, 8), tz):
                    if ts >= release:
                        continue
                    msgs = [{"role": "user", "content": noisy(r, r.choice(CHAT_TOPICS))}]
                    self.emit(ts, acct, key, ip, msgs, "gpt-4o", 500, r.randint(50, 250))
        # One scheduler, round-robin over the accounts, starting 1-3 h after the release.
        t = release + r.uniform(3600, 3 * 3600)
        i = 0
        while t < self.end:
            acct, key, ip, _tz = accts[i % len(accts)]
            msgs = [{"role": "user", "content": paraphrased_prompt(r, r.choice(["math", "code"]))}]
            self.emit(t, acct, key, ip, msgs, NEW_MODEL, 1000, r.randint(350, 900))
            i += 1
            t += r.uniform(40, 80)

    def quiet_prober(self, accounts: int) -> None:
        r = self.rng
        for _ in range(accounts):
            acct = self.account("quiet_prober", True, None)
            key = f"k-{acct[5:]}a"
            ip = self.residential_ip()
            tz = r.choice([-5.0, 1.0, 8.0])
            for day in range(self.days):
                for ts in diurnal(r, day, r.randint(200, 300), tz, (9, 19), 0.1):
                    task, labels = r.choice(CLASSIFY_TASKS)
                    snippet = r.choice(SNIPPETS)
                    style = r.random()
                    content = (
                        f"Label the {task} of this text with one of {', '.join(labels)}, then "
                        f"give a one-sentence reason.\n\n{snippet} (#{r.randint(1, 99999)})"
                    )
                    extra: dict[str, Any] = {"temperature": 0}
                    mt, comp = 60, r.randint(15, 45)
                    if style < 0.4:
                        extra.update({"logprobs": True, "top_logprobs": r.choice([5, 10, 20])})
                    elif style < 0.55:
                        extra["logit_bias"] = {str(r.randint(1000, 90000)): 5 for _ in labels}
                        mt, comp = 5, r.randint(1, 3)
                    elif style < 0.75:
                        content = f"{snippet}\n\nWhat would a careful annotator say, and why?"
                        mt, comp = 300, r.randint(80, 250)
                    msgs = [{"role": "user", "content": content}]
                    self.emit(ts, acct, key, ip, msgs, "gpt-4o-mini", mt, comp, extra=extra)

    def rubric_farmer(self, camp: str, accounts: int) -> None:
        r = self.rng
        rubrics = [
            "correctness, completeness, clarity",
            "factual accuracy and helpfulness",
            "reasoning quality, final answer, style",
            "safety, honesty, helpfulness",
        ]
        for _ in range(accounts):
            acct = self.account("rubric_farmer", True, camp)
            key = f"k-{acct[5:]}a"
            ip = self.residential_ip()
            tz = r.choice([2.0, 3.0, 8.0])
            for day in range(self.days):
                for ts in diurnal(r, day, r.randint(60, 100), tz, (8, 22), 0.05):
                    answer = body_text(r, r.randint(60, 160), FILLER_EN)
                    content = (
                        f"Question: {reasoning_question(r, r.choice(['math', 'science']))}\n"
                        f"Candidate answer: {answer}\n"
                        f"Assess the candidate on {r.choice(rubrics)}. Discuss strengths and "
                        f"weaknesses in detail, then give a score out of {r.choice([5, 10])}."
                    )
                    msgs = [{"role": "user", "content": content}]
                    self.emit(ts, acct, key, ip, msgs, "gpt-4o", 700, r.randint(250, 550))

    def lone_slowpoke(self, accounts: int) -> None:
        r = self.rng
        for _ in range(accounts):
            acct = self.account("lone_slowpoke", True, None)
            key = f"k-{acct[5:]}a"
            ip = self.residential_ip()
            tz = r.uniform(-8, 9)
            focus = r.choice(["math", "code", "science"])
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(20, 32), tz):
                    msgs = [{"role": "user", "content": paraphrased_prompt(r, focus)}]
                    self.emit(ts, acct, key, ip, msgs, "gpt-4o", 800, r.randint(300, 700))

    def blunt_scraper(self) -> None:
        r = self.rng
        acct = self.account("blunt_scraper", True, None)
        key, ip = f"k-{acct[5:]}a", self.residential_ip()
        for day in range(self.days):
            for ts in diurnal(r, day, r.randint(1600, 2000), 0.0, (0, 24), 1.0):
                q = reasoning_question(r, "math")
                msgs = [{"role": "user", "content": f"Explain step by step: {q}"}]
                self.emit(ts, acct, key, ip, msgs, "gpt-4o", 2048, r.randint(600, 1500))

    # ------------------------------------------------------------ benign

    def tutor_app(self) -> None:
        r = self.rng
        acct = self.account("tutor_app", False, None)
        key = f"k-{acct[5:]}a"
        ips = ["34.120.18.7", "34.120.18.9"]
        system = (
            "You are Pip, a patient maths tutor for students aged 11-16. Explain step by step, "
            "check the student's attempt, and never just give the final answer without reasons."
        )
        for day in range(self.days):
            n = 3000 if day % 7 < 5 else 600
            for ts in diurnal(r, day, n + r.randint(-200, 200), -5.0, (8, 21), 0.03):
                grade = r.randint(6, 10)
                content = (
                    f"Grade {grade} student (id s{r.randint(1, 4800):05d}) asks: "
                    f"{reasoning_question(r, 'math')}. Student's attempt: {r.randint(1, 500)}. "
                    "Explain step by step."
                )
                msgs = [{"role": "system", "content": system}, {"role": "user", "content": content}]
                extra = {"user": f"stu-{r.randint(1, 4800)}", "temperature": 0.4}
                self.emit(
                    ts,
                    acct,
                    key,
                    r.choice(ips),
                    msgs,
                    "gpt-4o-mini",
                    600,
                    r.randint(180, 480),
                    extra=extra,
                )

    def eval_harness(self) -> None:
        r = self.rng
        for variant in ("logprobs", "logit_bias"):
            acct = self.account("eval_harness", False, None)
            key, ip = f"k-{acct[5:]}a", "35.201.77.14" if variant == "logprobs" else "52.14.3.200"
            runs: list[tuple[float, str]] = []
            for day in range(self.days):
                runs.append((START + day * DAY + r.uniform(1, 5) * 3600, "gpt-4o"))
                if r.random() < 0.5:
                    runs.append((START + day * DAY + r.uniform(12, 16) * 3600, "gpt-4o-mini"))
            runs.append((START + RELEASE_HOUR * 3600 + r.uniform(1800, 7200), NEW_MODEL))
            for t0, model in runs:
                for ts in burst(r, t0, r.randint(800, 1400), 1.2):
                    subj = r.choice(MCQ_SUBJECTS)
                    content = (
                        f"The following is a multiple choice question about {subj}.\n\n"
                        f"Question {r.randint(1, 14000)}: {fill(r, r.choice(MATH_TOPICS))}?\n"
                        f"A. {r.randint(1, 99)}\nB. {r.randint(1, 99)}\nC. {r.randint(1, 99)}\n"
                        f"D. {r.randint(1, 99)}\nAnswer:"
                    )
                    extra: dict[str, Any] = {"temperature": 0}
                    if variant == "logprobs":
                        extra.update({"logprobs": True, "top_logprobs": 5})
                    else:
                        extra["logit_bias"] = {"32": 100, "33": 100, "34": 100, "35": 100}
                    msgs = [{"role": "user", "content": content}]
                    self.emit(
                        ts, acct, key, ip, msgs, model, 1, 1, reply=r.choice("ABCD"), extra=extra
                    )

    def translation_svc(self) -> None:
        r = self.rng
        acct = self.account("translation_svc", False, None)
        keys = [f"k-{acct[5:]}{c}" for c in "ab"]
        ips = ["104.155.3.21", "104.155.3.22", "104.155.3.23"]
        sources = CHAT_TOPICS + SNIPPETS + SUPPORT_ISSUES
        for day in range(self.days):
            for ts in diurnal(r, day, r.randint(1800, 2200), 1.0, (7, 22), 0.35):
                target = r.choice(TRANSLATE_TO)
                src = " ".join(r.sample(sources, r.randint(1, 4)))
                content = (
                    f"Translate the following text from English into {target}. Keep the "
                    f"formatting and do not add explanations.\n\nText: {src}"
                )
                cpt = 1.5 if target.startswith(("Japanese", "Chinese", "Korean")) else 4.0
                comp = max(5, int(len(src) / cpt * r.uniform(0.9, 1.3)))
                pool = [src.upper()[::-1]]  # stand-in for the translated text
                msgs = [{"role": "user", "content": content}]
                self.emit(
                    ts,
                    acct,
                    r.choice(keys),
                    r.choice(ips),
                    msgs,
                    "gpt-4o-mini",
                    1024,
                    comp,
                    pool,
                    cpt,
                )

    def support_bot(self) -> None:
        r = self.rng
        acct = self.account("support_bot", False, None)
        key, ip = f"k-{acct[5:]}a", "20.61.14.90"
        system = (
            "You are the virtual assistant of Northwind Broadband. Be concise and friendly. "
            "Never promise refunds; offer to create a ticket. Ask for the account number if "
            "needed. Hand over to a human on request."
        )
        for day in range(self.days):
            if day % 7 >= 5:
                continue
            for ts in diurnal(r, day, r.randint(1300, 1700), 0.0, (8, 20), 0.08):
                msgs = [{"role": "system", "content": system}]
                issue = r.choice(SUPPORT_ISSUES)
                for _t in range(r.randint(0, 3)):
                    msgs.append({"role": "user", "content": issue})
                    msgs.append({"role": "assistant", "content": body_text(r, 50, FILLER_EN)})
                    issue = r.choice(["ok", "that didn't work", "my account is 88" + "1" * 5])
                msgs.append({"role": "user", "content": issue})
                self.emit(ts, acct, key, ip, msgs, "gpt-4o-mini", 300, r.randint(30, 160))

    def label_shop(self) -> None:
        r = self.rng
        acct = self.account("label_shop", False, None)
        keys = [f"k-{acct[5:]}{c}" for c in "ab"]
        ip = "3.91.200.15"
        for day in range(self.days):
            for _b in range(r.randint(3, 5)):
                t0 = START + day * DAY + r.uniform(0, 22) * 3600
                for ts in burst(r, t0, r.randint(350, 550), 3.0):
                    answer = body_text(r, r.randint(40, 120), FILLER_EN)
                    content = (
                        "Rubric: 1 = wrong or harmful, 3 = partly correct, 5 = correct, complete "
                        "and clear.\nGrade the response to the prompt using the rubric. Reply "
                        'only with JSON {"score": n}.\n\n'
                        f"Prompt: {r.choice(CHAT_TOPICS)}\nResponse: {answer}"
                    )
                    reply = json.dumps({"score": r.randint(1, 5)})
                    msgs = [{"role": "user", "content": content}]
                    self.emit(
                        ts,
                        acct,
                        r.choice(keys),
                        ip,
                        msgs,
                        "gpt-4o-mini",
                        20,
                        10,
                        reply=reply,
                        extra={"temperature": 0},
                    )

    def casual_chat(self, users: int) -> None:
        r = self.rng
        for _ in range(users):
            acct = self.account("casual_chat", False, None)
            key, ip = f"k-{acct[5:]}a", self.residential_ip()
            tz = r.choice([-8.0, -6.0, -5.0, 0.0, 1.0, 2.0, 5.5, 8.0, 9.0])
            model = r.choice(["gpt-4o", "gpt-4o", "gpt-4o-mini", "gpt-4o-mini", "o3-mini"])
            rate = r.choice([2, 4, 6, 10, 20])
            active = r.randrange(self.days)  # every labelled user shows up at least once
            for day in range(self.days):
                if day != active and r.random() < 0.3:
                    continue
                history: list[dict[str, str]] = []
                for ts in human_day(r, day, max(1, int(r.gauss(rate, rate / 3))), tz):
                    if not history or r.random() < 0.3:
                        history = []
                    history.append({"role": "user", "content": noisy(r, r.choice(CHAT_TOPICS))})
                    comp = r.randint(40, 450)
                    reply = body_text(r, comp, FILLER_EN)
                    self.emit(ts, acct, key, ip, list(history), model, 1024, comp, reply=reply)
                    history.append({"role": "assistant", "content": reply[:300]})
                    history = history[-6:]

    def campus_nat(self, students: int) -> None:
        r = self.rng
        nat = "128.32.77.5"
        for _ in range(students):
            acct = self.account("campus_nat", False, None)
            key = f"k-{acct[5:]}a"
            for day in range(self.days):
                n = r.randint(0, 25)
                for ts in human_day(r, day, n, -8.0, (9.0, 26.0)):
                    if r.random() < 0.55:
                        q = reasoning_question(r, r.choice(["math", "code", "science"]))
                        content = r.choice(
                            [
                                f"Can you solve this step by step? {q}",
                                f"homework: {q}. show the working please",
                                f"explain {q} step by step, I have an exam tomorrow",
                            ]
                        )
                        comp = r.randint(250, 700)
                    else:
                        content, comp = noisy(r, r.choice(CHAT_TOPICS)), r.randint(40, 300)
                    msgs = [{"role": "user", "content": content}]
                    self.emit(ts, acct, key, nat, msgs, "gpt-4o-mini", 1024, comp)

    def dev_tinkerer(self, devs: int) -> None:
        r = self.rng
        for _ in range(devs):
            acct = self.account("dev_tinkerer", False, None)
            key, ip = f"k-{acct[5:]}a", self.residential_ip()
            tz = r.choice([-8.0, -5.0, 1.0, 5.5])
            for day in range(self.days):
                if r.random() < 0.3:
                    continue
                for _s in range(r.randint(1, 3)):
                    t0 = START + day * DAY + (r.uniform(9, 20) - tz) * 3600
                    prompt = r.choice(
                        [
                            "Return a JSON object with keys name and age for: Alice, 31",
                            "Summarize: " + " ".join(r.sample(SNIPPETS, 3)),
                            "Write a regex that matches ISO dates",
                            "You are a SQL expert. Convert to SQL: customers who ordered twice",
                        ]
                    )
                    model = self.model_at(t0, r.choice(["gpt-4o", "gpt-4o-mini"]), None)
                    for j, ts in enumerate(burst(r, t0, r.randint(10, 60), 6.0)):
                        extra: dict[str, Any] = {"temperature": round((j % 11) / 10, 1)}
                        if j % 7 == 0:
                            extra["n"] = 3
                        if j % 9 == 0:
                            extra.update({"logprobs": True, "top_logprobs": 3})
                        msgs = [{"role": "user", "content": prompt}]
                        self.emit(
                            ts, acct, key, ip, msgs, model, 256, r.randint(20, 200), extra=extra
                        )

    def reasoning_user(self, users: int) -> None:
        r = self.rng
        for _ in range(users):
            acct = self.account("reasoning_user", False, None)
            key, ip = f"k-{acct[5:]}a", self.residential_ip()
            tz = r.choice([-5.0, 0.0, 1.0, 8.0])
            for day in range(self.days):
                for ts in human_day(r, day, r.randint(3, 15), tz):
                    q = reasoning_question(r, r.choice(["math", "code"]))
                    content = r.choice(
                        [
                            f"Prove or disprove: {q}",
                            f"Think carefully about {q}. Give a rigorous answer.",
                            f"{q} -- reason it through before answering",
                        ]
                    )
                    msgs = [{"role": "user", "content": content}]
                    extra = {"reasoning_effort": "high"}
                    self.emit(
                        ts, acct, key, ip, msgs, "o3-mini", 4000, r.randint(200, 900), extra=extra
                    )

    def early_adopter(self, startups: int) -> None:
        r = self.rng
        for _ in range(startups):
            acct = self.account("early_adopter", False, None)
            key = f"k-{acct[5:]}a"
            ip = f"44.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            switch = START + RELEASE_HOUR * 3600 + r.uniform(600, 4 * 3600)
            system = r.choice(
                [
                    "Summarize the meeting transcript into action items.",
                    "Extract the invoice fields as JSON.",
                    "Write a product description from the bullet points.",
                ]
            )
            for day in range(self.days):
                for ts in diurnal(r, day, r.randint(250, 500), -5.0, (8, 20), 0.1):
                    model = NEW_MODEL if ts >= switch else "gpt-4o"
                    user = " ".join(r.sample(SNIPPETS + CHAT_TOPICS, r.randint(3, 8)))
                    msgs = [
                        {"role": "system", "content": system},
                        {"role": "user", "content": user},
                    ]
                    self.emit(ts, acct, key, ip, msgs, model, 800, r.randint(80, 400))


def rng_follow(r: random.Random) -> str:
    return r.choice(["", "Different question. ", "btw, ", "Also, ", "Switching topics: ", "ok! "])


def build(seed: int, days: int) -> Gen:
    g = Gen(seed, days)
    steps: list[Callable[[], None]] = [
        lambda: g.swarm_sleeper("camp-swarm-1", 30, "math"),
        lambda: g.swarm_sleeper("camp-swarm-2", 30, "science"),
        lambda: g.convo_wrapper("camp-convo-1", 12),
        lambda: g.polyglot_sweep("camp-poly-1", 14),
        lambda: g.proxy_reseller("camp-hydra-1", 6),
        lambda: g.release_chaser("camp-chase-1", 10),
        lambda: g.quiet_prober(3),
        lambda: g.rubric_farmer("camp-rubric-1", 8),
        lambda: g.lone_slowpoke(4),
        g.blunt_scraper,
        g.tutor_app,
        g.eval_harness,
        g.translation_svc,
        g.support_bot,
        g.label_shop,
        lambda: g.casual_chat(120),
        lambda: g.campus_nat(25),
        lambda: g.dev_tinkerer(10),
        lambda: g.reasoning_user(8),
        lambda: g.early_adopter(5),
    ]
    for step in steps:
        step()
    g.records.sort(key=lambda rec: (rec["ts"], rec["account"]))
    return g


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--out", required=True, type=Path)
    a = p.parse_args()
    if a.days < 1:
        p.error("--days must be at least 1")
    g = build(a.seed, a.days)
    with a.out.open("w", encoding="utf-8") as f:
        for i, rec in enumerate(g.records, 1):
            out = {"id": f"r-{i:07d}", **rec}
            f.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    labels_path = a.out.with_name(a.out.name + ".labels.jsonl")
    with labels_path.open("w", encoding="utf-8") as f:
        for lab in g.labels:
            f.write(json.dumps(lab) + "\n")
    harvesters = sum(1 for lab in g.labels if lab["harvester"])
    print(
        f"wrote {len(g.records):,} records, {len(g.labels)} accounts "
        f"({harvesters} harvesters) to {a.out}; labels {labels_path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
