"""Prompt text for simulated traffic: diverse human prompts, fixed templates, harvest templates.

Benign prompts are built from many frames and a large vocabulary so that two prompts of
one user are no more alike than two real questions; templated traffic (batch jobs,
benchmarks, harvest campaigns) fills slots of a fixed frame. Several languages appear
in both, and benign users sometimes ask for step-by-step answers too.
"""

# Prompt text in nine languages: full-width punctuation and long literals are data here.
# ruff: noqa: E501, RUF001, SIM905

from __future__ import annotations

import random

WORDS: tuple[str, ...] = tuple(
    (
        "river budget garden engine tax holiday recipe invoice contract battery guitar lesson "
        "castle router printer insurance mortgage vaccine protein galaxy volcano tariff museum "
        "bicycle kitchen harbor vintage ceramic algorithm spreadsheet wedding lawyer tenant "
        "landlord salary interview resume puppy kitten allergy migraine marathon sourdough "
        "espresso telescope climate glacier desert forest orchard tractor irrigation drought "
        "election senate poetry novel chapter villain sonnet haiku opera jazz violin drum pixel "
        "camera lens tripod drone satellite rocket orbit comet eclipse tide coral reef whale "
        "shark penguin falcon beetle fungus moss fern cactus tulip orchid bamboo cedar granite "
        "marble copper lithium cobalt silicon plastic fabric denim leather wool silk bakery "
        "pharmacy clinic dentist therapist nurse surgeon pilot sailor farmer chef plumber "
        "carpenter electrician architect engineer teacher student professor scientist startup "
        "pitch investor dividend portfolio inflation recession currency bitcoin loan warranty "
        "refund shipping customs passport visa airport luggage hotel hostel cruise hiking camping "
        "fishing skiing surfing chess poker puzzle riddle trivia quiz exam grammar vocabulary "
        "accent dialect translation subtitle podcast playlist album lyric dashboard database "
        "server cluster backup firewall password token cookie session calendar deadline meeting "
        "agenda minutes proposal report summary slide chart graph neighbor cousin grandmother "
        "toddler teenager roommate colleague manager mentor birthday anniversary funeral "
        "graduation retirement promotion vacation weekend "
    ).split()
)

FRAMES = (
    "can you help me with my {a} and the {b}?",
    "what is the best way to handle a {a} when the {b} is broken",
    "my {a} keeps doing this weird thing with the {b}, any idea why",
    "write a short note to my {a} about the {b}",
    "compare {a} and {b} for someone on a tight budget",
    "i need ideas for a {a} themed {b}",
    "how do i explain {a} to a {b}",
    "is it normal that the {a} costs more than the {b} this year?",
    "give me a packing list for a trip involving {a} and {b}",
    "translate this sentence about the {a} into casual english: el {b} está roto",
    "why does my {a} smell like {b}",
    "draft an email to the {a} about the delayed {b}",
    "summarize the pros and cons of {a} vs {b}",
    "tell me a joke about a {a} and a {b}",
    "what should i ask the {a} about my {b}",
    "plan a weekend with {a}, {b} and not much money",
    "rewrite this so it sounds friendlier: the {a} will not fix the {b}",
    "quick question, does {a} affect {b}?",
    "list five facts about {a} that relate to {b}",
    "help me name my new {a} business that sells {b}",
    "ayúdame a escribir un mensaje sobre el {a} y la {b}",
    "peux-tu m'expliquer le lien entre {a} et {b}",
    "wie kann ich mein {a} mit dem {b} verbinden",
    "我想了解{a}和{b}之间的关系",
    "{a}と{b}について教えてください",
)

STEP_PHRASES = (
    "explain step by step",
    "can you walk me through it step by step",
    "please show your reasoning",
    "think carefully before answering",
    "paso a paso por favor",
)

FOLLOW_UPS = (
    "ok and what about the {a}?",
    "thanks, can you make it shorter",
    "that did not work, the {a} still complains",
    "can you give another example with {a}",
    "why is that?",
    "and if i use {a} instead?",
    "great, now format it as a list",
)

CODE_TASKS = (
    "write a python function that parses {a} records and returns the {b} totals",
    "fix this bug, the {a} handler crashes when {b} is empty",
    "refactor this code to be more readable",
    "why does this throw a KeyError on {a}",
    "add unit tests for the {a} {b} module",
    "convert this javascript {a} helper to typescript",
    "explain step by step what this {a} function does",
    "optimize this query for the {a} table joined with {b}",
)

CODE_SNIPPETS = (
    "```python\ndef total(rows):\n    out = {}\n    for r in rows:\n        out[r['k']] += r['v']\n    return out\n```",
    "```js\nfunction load(id) {\n  return fetch('/api/' + id).then(r => r.json())\n}\n```",
    "```sql\nSELECT a.id, SUM(b.qty) FROM a JOIN b ON a.id = b.aid GROUP BY a.id;\n```",
    "```go\nfunc Sum(xs []int) (s int) {\n\tfor _, x := range xs { s += x }\n\treturn\n}\n```",
)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def human_prompt(rng: random.Random, step_rate: float) -> str:
    """A one-off human question; sometimes with extra context and a step-by-step request."""
    text = rng.choice(FRAMES).format(a=rng.choice(WORDS), b=rng.choice(WORDS))
    if rng.random() < 0.6:
        text += ". " + words(rng, rng.randint(4, 25)).capitalize() + "."
    if rng.random() < 0.3:
        text += f" It is about {rng.randint(2, 900)} {rng.choice(WORDS)}s."
    if rng.random() < step_rate:
        text += " " + rng.choice(STEP_PHRASES) + "."
    return text


def follow_up(rng: random.Random) -> str:
    return rng.choice(FOLLOW_UPS).format(a=rng.choice(WORDS))


def code_prompt(rng: random.Random) -> str:
    task = rng.choice(CODE_TASKS).format(a=rng.choice(WORDS), b=rng.choice(WORDS))
    if rng.random() < 0.7:
        task += "\n\n" + rng.choice(CODE_SNIPPETS) + "\n" + words(rng, rng.randint(0, 20))
    return task


def reply_stub(rng: random.Random) -> str:
    return words(rng, 8).capitalize() + " ..."


def rag_context(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(
        f"[doc {rng.randint(1, 99999)}] " + words(rng, rng.randint(40, 90))
        for _ in range(paragraphs)
    )


DOMAINS = ("math", "physics", "chemistry", "biology", "economics", "logic", "law", "coding")

HARVEST_TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Solve the following {domain} problem step by step, showing all intermediate "
        "reasoning. Problem {n}: {task}. Then state the final answer clearly.",
        "You are an expert {domain} tutor. Think carefully and explain your reasoning in "
        "full detail before giving the answer to this question: {task}",
    ),
    "zh": ("请一步一步地详细推理并解答下面的{domain}问题：{task}。最后给出答案。",),
    "es": (
        "Resuelve el siguiente problema de {domain} paso a paso, mostrando todo tu razonamiento: {task}",
    ),
    "fr": (
        "Résous le problème suivant de {domain} étape par étape en montrant ton raisonnement : {task}",
    ),
    "de": (
        "Löse die folgende {domain} Aufgabe Schritt für Schritt und zeige deine Überlegungen: {task}",
    ),
    "ru": ("Реши следующую задачу по {domain} шаг за шагом, покажи свои рассуждения: {task}",),
    "ja": ("次の{domain}の問題をステップバイステップで解き、推論過程を示してください：{task}",),
    "ko": ("다음 {domain} 문제를 단계별로 풀고 추론 과정을 보여주세요: {task}",),
    "pt": (
        "Resolva o seguinte problema de {domain} passo a passo, mostrando seu raciocínio: {task}",
    ),
}

RUBRIC_TEMPLATE = (
    "Grade the following answer using the rubric below. Rubric: correctness 0-5, "
    "completeness 0-5, clarity 0-5. Justify each score with detailed reasoning.\n"
    'Question: {task}\nAnswer: "{answer}"'
)

# Paraphrase-diverse harvesting: the same request said many ways, parts shuffled.
_OPENERS = (
    "I'm preparing study notes.",
    "Quick one for you.",
    "Consider this carefully.",
    "Here is a puzzle from class.",
    "My professor assigned this.",
    "Let me pose a question.",
    "For a training dataset I am curating,",
    "Help me understand something.",
    "Imagine you are grading an exam.",
    "This came up at work today.",
)
_ASKS = (
    "Work it out {step} and give the final result.",
    "Be thorough and justify every claim.",
    "Lay out your full chain of thought, then answer.",
    "Derive the answer {step}.",
    "Explain your reasoning in depth, leaving nothing implicit.",
    "Go through it {step}, checking each stage.",
    "Give a rigorous, detailed derivation.",
    "Reason it through completely before concluding.",
)
_STEPS = ("step by step", "one step at a time", "methodically", "in careful stages", "paso a paso")


def harvest_task(rng: random.Random) -> str:
    return f"{words(rng, rng.randint(6, 14))} with {rng.randint(2, 999)} {rng.choice(WORDS)}s"


def harvest_prompt(rng: random.Random, lang: str, template: int) -> str:
    options = HARVEST_TEMPLATES[lang]
    return options[template % len(options)].format(
        domain=rng.choice(DOMAINS), n=rng.randint(1, 99999), task=harvest_task(rng)
    )


def rubric_prompt(rng: random.Random) -> str:
    return RUBRIC_TEMPLATE.format(task=harvest_task(rng), answer=words(rng, rng.randint(10, 40)))


def paraphrase_prompt(rng: random.Random) -> str:
    parts = [
        rng.choice(_OPENERS),
        f"The topic is {rng.choice(DOMAINS)}: {harvest_task(rng)}.",
        rng.choice(_ASKS).format(step=rng.choice(_STEPS)),
    ]
    if rng.random() < 0.5:
        parts.append(words(rng, rng.randint(3, 12)).capitalize() + ".")
    rng.shuffle(parts)
    return " ".join(parts)


BATCH_TEMPLATES = (
    'Classify the sentiment of this review as positive, negative or neutral.\nReview: "{text}"\nSentiment:',
    'Extract the company name and the amount from this invoice line and return JSON.\nLine: "{text}"',
    'Translate to French. Keep product names unchanged.\nText: "{text}"',
    'Summarize the support ticket in one sentence.\nTicket: "{text}"',
    'Does this message contain personal data? Answer yes or no.\nMessage: "{text}"',
)


def batch_prompt(rng: random.Random, template: int) -> str:
    return BATCH_TEMPLATES[template % len(BATCH_TEMPLATES)].format(
        text=words(rng, rng.randint(8, 40))
    )


def benchmark_prompt(rng: random.Random, cot: bool) -> str:
    if cot:
        return (
            f"Question: {words(rng, rng.randint(15, 35))}, how many {rng.choice(WORDS)}s are left "
            f"after {rng.randint(2, 90)} are removed?\nLet's think step by step."
        )
    opts = "\n".join(f"{c}. {words(rng, rng.randint(1, 4))}" for c in "ABCD")
    return (
        f"The following are multiple choice questions about {rng.choice(DOMAINS)}.\n\n"
        f"{words(rng, rng.randint(10, 25))}?\n{opts}\nAnswer:"
    )


def rag_question(rng: random.Random) -> str:
    return rng.choice(FRAMES).format(a=rng.choice(WORDS), b=rng.choice(WORDS))


def agent_task(rng: random.Random) -> str:
    return f"Book a {rng.choice(WORDS)} for {rng.randint(1, 9)} people and update the {rng.choice(WORDS)} sheet"
