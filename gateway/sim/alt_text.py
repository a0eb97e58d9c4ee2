"""Prompt text for `simulate --style alt`, written apart from text.py on purpose.

Its own vocabulary, its own phrasing of reasoning requests (much of it outside the
detector's lexicon: people who harvest do not read our phrase list) and its own
templates, so that detection tuned on the default style is checked on wording it has
never seen.
"""

# ruff: noqa: E501, SIM905

from __future__ import annotations

import random

NOUNS = tuple(
    (
        "ledger kettle lantern compass meadow quarry saddle tundra canyon lagoon prairie "
        "sparrow heron otter badger walrus lynx bison gecko mantis hornet "
        "thermostat boiler radiator faucet gutter shingle chimney attic basement porch "
        "sonata ballad fresco mosaic sculpture pottery weaving embroidery origami calligraphy "
        "warranty invoice payroll audit pension annuity escrow tariff subsidy levy "
        "protocol compiler kernel daemon socket buffer cache queue mutex scheduler "
        "glacier monsoon drizzle hailstorm blizzard heatwave drought tsunami landslide avalanche "
        "carburetor gearbox piston axle clutch brake tire bumper windshield ignition "
        "casserole risotto dumpling croissant omelette chutney marinade broth sorbet pretzel"
    ).split()
)
VERBS = tuple("fix plan compare choose repair explain budget schedule rewrite improve".split())

CASUAL = (
    "hey, how do I {v} my {a}?",
    "any tips to {v} a {a} without a {b}",
    "my {a} broke again. is it the {b}?",
    "what's a good gift for someone who loves {a}s",
    "can u {v} this msg to my landlord about the {a}",
    "why would a {a} make noise near the {b}",
    "short poem about a {a} and a {b} pls",
    "is a {a} worth it in 2025 or should I get a {b}",
    "quick: {a} vs {b}?",
    "Erklär mir kurz, wie ein {a} funktioniert",
    "¿qué hago si mi {a} no enciende?",
)
STUDENT = (
    "Homework question: a {a} travels {n} km in {m} hours, what is its average speed?",
    "I don't get this. If {n} {a}s cost {m} dollars, how much do {k} cost?",
    "Prove that the sum of the first {n} odd numbers is a perfect square.",
    "Our teacher asked: why does a {a} float while a {b} sinks?",
    "Balance this reaction for my chem class: {a} + {b}, with {n} moles.",
    "Can you check my essay intro about the {a}? It is {n} words.",
)
STUDENT_ASKS = (
    "Please show your work.",
    "Explain step by step so I understand.",
    "Walk me through it.",
    "Just the answer please.",
    "",
    "",
)
WRITER = (
    "Write a {n}-word short story about a {a} who finds a {b}.",
    "Draft chapter {m} of my novel: the {a} arrives at the {b} at night. About {n} words.",
    "Write a detailed blog post (around {n} words) on caring for a {a}.",
    "Compose a long product description for a premium {a}, {n} words, persuasive tone.",
)
LABELER = (
    "You are a strict grader. Using the rubric below, rate the answer on a scale of 1 to 10 and output only the number.\nRubric: accuracy, tone.\nQ: {q}\nA: {r}\nScore:",
    "Label the following customer message as BILLING, TECH or OTHER. Reply with one word.\nMessage: {r}",
)
TRANSLATE = "Translate into {lang}, preserving formatting:\n\n{r}"
EVAL_COT = "Q: {q}\nThink step by step, then give the final answer after 'Answer:'."

# Harvest wording: requests for long worked solutions, mostly NOT in the lexicon.
HARVEST_FRAMES = (
    "Provide a thorough worked solution to the following {d} problem, making every intermediate deduction explicit: {t}",
    "Problem ({d}): {t}\nRespond with an exhaustive derivation; do not skip any inference.",
    "As a {d} professor writing an answer key, give the complete solution with justification for each line: {t}",
)
PARAPHRASE_LEADS = (
    "I need a careful answer.",
    "Treat this like an exam answer key.",
    "No shortcuts please.",
    "Be exhaustive.",
    "Context: building course material.",
    "",
)
PARAPHRASE_ASKS = (
    "Explain every stage of the solution in depth.",
    "Justify each deduction before moving on.",
    "Derive it from first principles, spelling out each move.",
    "Give the full derivation and then the result.",
    "Lay out the complete argument, one inference per line.",
)
DOMAINS = (
    "algebra",
    "number theory",
    "organic chemistry",
    "thermodynamics",
    "proofs",
    "algorithms",
    "probability",
    "contract law",
)
FAKE_HISTORY = (
    ("Can you help with some {d} practice?", "Of course! Send me the problem."),
    ("I have a tricky {d} exercise.", "Sure, what is it?"),
)


def noun(rng: random.Random) -> str:
    return rng.choice(NOUNS)


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(noun(rng) for _ in range(n))


def fill(rng: random.Random, frame: str, **extra: str) -> str:
    values = {
        "a": noun(rng),
        "b": noun(rng),
        "v": rng.choice(VERBS),
        "n": str(rng.randint(3, 2000)),
        "m": str(rng.randint(2, 40)),
        "k": str(rng.randint(2, 50)),
        "q": phrase(rng, rng.randint(8, 20)) + "?",
        "r": phrase(rng, rng.randint(10, 60)),
        "d": rng.choice(DOMAINS),
        "t": problem(rng),
        "lang": rng.choice(("German", "Japanese", "Portuguese", "Korean")),
    }
    values.update(extra)
    return frame.format(**values)


def problem(rng: random.Random) -> str:
    return (
        f"given {rng.randint(2, 500)} {noun(rng)}s and a {noun(rng)} of size {rng.randint(2, 99)}, "
        f"determine how the {noun(rng)} {rng.choice(('changes', 'grows', 'balances', 'decays'))} "
        f"when {phrase(rng, rng.randint(3, 9))}"
    )


def paraphrased_harvest(rng: random.Random) -> str:
    parts = [
        rng.choice(PARAPHRASE_LEADS),
        f"Topic: {rng.choice(DOMAINS)}. {problem(rng)}.",
        rng.choice(PARAPHRASE_ASKS),
    ]
    rng.shuffle(parts)
    return " ".join(p for p in parts if p)
