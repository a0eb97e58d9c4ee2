"""HELD OUT (seventh session): not to be read by anyone tuning the detector.

An independent, labelled traffic generator for the distillation-detection gateway.

    python bench/ridge_traffic.py --seed N --days D --out FILE [--quiet]

writes FILE (one traffic record per line, ascending `ts`) and FILE.labels.jsonl (one line per
account: archetype, harvester flag, campaign id). Stdlib only; every draw comes from
random.Random(f"ridge-{seed}") or from generators seeded with strings derived from it, so one
seed gives byte-identical files.

Token counts follow the text: prompt usage is counted from every string the request carries
(about 4 ASCII characters per token; other scripts take more tokens per character), and
completion usage is the length of the whole reply the model would give. Stored reply text is
cut to its first 300 characters and marked `text_truncated`; usage figures are never scaled
down.
"""

# The language table holds real Turkish and Cyrillic text on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import calendar
import json
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

DAY = 86400.0
HOUR = 3600.0
# A Thursday: a three-day window then holds two weekdays and a Saturday.
START_UTC = float(calendar.timegm((2026, 3, 5, 0, 0, 0)))
START_WEEKDAY = 3
NEW_MODEL = "gpt-5.3"
CUT_AT = 300

JsonObj = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# Daily activity curves (24 local-hour weights).

# fmt: off
HUMAN_CURVE = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 4, 4.5, 4.5,
               4, 4.5, 4.5, 4, 3.5, 3.5, 4, 4.5, 5, 4.5, 3.5, 2]
EVENING_CURVE = [2, 1, 0.5, 0.2, 0.1, 0.1, 0.3, 0.8, 1.2, 1.5, 1.5, 1.8,
                 2, 1.8, 1.6, 1.8, 2.2, 3, 4, 5, 5.5, 5.5, 4.5, 3]
NIGHT_OWL_CURVE = [5, 5, 4, 3, 1.5, 0.5, 0.2, 0.2, 0.3, 0.6, 1, 1.5,
                   2, 2, 2, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 5.5]
WORK_CURVE = [0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 1, 3, 5, 5.5, 5,
              3, 4.5, 5.5, 5.5, 5, 3.5, 1.5, 0.8, 0.6, 0.5, 0.3, 0.1]
SCHOOL_CURVE = [0, 0, 0, 0, 0, 0, 0, 0.2, 3, 5, 5, 4,
                2, 4, 5, 3, 1.5, 1, 1.5, 2, 2.5, 2, 1, 0.2]
CONSUMER_CURVE = [2.5, 1.8, 1.2, 0.9, 0.8, 1, 1.5, 2.5, 3.2, 3.5, 3.6, 3.8,
                  4, 3.9, 3.8, 3.8, 4, 4.2, 4.5, 4.8, 5, 4.8, 4.2, 3.3]
# fmt: on
FLAT_CURVE = [1.0] * 24


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------------------------------------
# Text material.

_SUBJECTS = [
    "The main idea",
    "This approach",
    "In practice, the system",
    "A common mistake",
    "The key constraint",
    "Your current setup",
    "The second option",
    "A simpler way",
    "The function",
    "This result",
    "The underlying model",
    "Most teams",
    "The standard method",
    "The previous step",
    "One useful trick",
    "The data",
    "The argument",
    "The important part",
    "The first term",
    "That configuration",
    "The expected value",
    "Each branch",
    "The remaining case",
    "Our estimate",
]
_VERBS = [
    "depends on",
    "relies on",
    "reduces",
    "guarantees",
    "changes",
    "avoids",
    "handles",
    "improves",
    "requires",
    "separates",
    "explains",
    "limits",
    "follows from",
    "keeps",
    "moves",
    "simplifies",
    "balances",
    "exposes",
    "combines",
    "replaces",
    "bounds",
    "determines",
]
_OBJECTS = [
    "the boundary conditions",
    "a single pass over the input",
    "the cost of each call",
    "how the cache is invalidated",
    "the order of operations",
    "the total error",
    "the way you store state",
    "a clean separation of concerns",
    "the variance",
    "the remaining budget",
    "each intermediate value",
    "the shape of the curve",
    "the original assumption",
    "the number of retries",
    "a small lookup table",
    "the edge cases",
    "the rate of change",
    "the final answer",
    "the structure of the proof",
    "your existing workflow",
    "the second derivative",
    "the denominator",
    "the sum of both parts",
    "the invariant",
]
_TAILS = [
    "",
    ", which is why it matters here",
    " in most real cases",
    ", so you can check it",
    " without extra work",
    ", at least for small inputs",
    " when the load is high",
    ", as shown above",
    " in the long run",
    ", and that is usually enough",
    " for this kind of problem",
    " if you set it up carefully",
    " (see the note below)",
]

CHAT_TOPICS = [
    "sourdough bread",
    "marathon training",
    "kubernetes ingress",
    "a job interview",
    "my landlord",
    "python decorators",
    "the french revolution",
    "a kid's birthday party",
    "index funds",
    "learning japanese",
    "a cover letter",
    "wifi that keeps dropping",
    "meal prep",
    "a dnd campaign",
    "excel pivot tables",
    "quitting caffeine",
    "my resume",
    "react hooks",
    "a trip to lisbon",
    "heat pumps",
    "buying a used car",
    "houseplants",
    "a wedding toast",
    "my sleep schedule",
    "guitar chords",
    "freelancer taxes",
    "a short story",
    "git rebase",
    "a breakup text",
    "dog training",
    "solar panels",
    "rust lifetimes",
    "a podcast intro",
    "negotiating salary",
    "gluten free baking",
    "black holes",
    "an apology email",
    "monthly budgeting",
    "ancient rome",
    "a garden layout",
    "a board game night",
    "my thesis outline",
    "postgres indexes",
    "a landlord dispute letter",
    "training for a 10k",
]
CHAT_OPENERS = [
    "can you help me with {t}?",
    "what's the best way to approach {t}",
    "i need ideas for {t}",
    "explain {t} like i'm five",
    "write a short paragraph about {t}",
    "Quick question about {t}: {s}",
    "I'm trying to figure out {t}. {s} Any advice?",
    "give me a checklist for {t}",
    "pros and cons of {t}?",
    "hey, {t} - where do I even start",
    "I have to deal with {t} tomorrow. {s} What should I say?",
    "Can you summarize what I need to know about {t}?",
]
CHAT_FOLLOWUPS = [
    "ok thanks. can you make it shorter?",
    "what about the second point?",
    "can you give an example?",
    "hmm that doesn't sound right, are you sure?",
    "make it more casual",
    "and if I only have a weekend?",
    "can you turn that into a table",
    "why?",
    "translate that to spanish pls",
    "more detail on the last part",
    "perfect. one more thing: {s}",
    "ok and how does that apply to {t}?",
    "thanks! what would you do?",
]

REPLY_OPENERS = {
    "chat": [
        "Sure! ",
        "Great question. ",
        "Here's a quick overview:\n\n",
        "Good idea - ",
        "Short answer: ",
        "Happy to help.\n\n",
        "Here are a few options:\n\n1. ",
    ],
    "steps": [
        "Let's work through this step by step.\n\n**Step 1: Understand the problem.** ",
        "We proceed carefully.\n\n1. First, ",
        "## Reasoning\n\n**Step 1.** ",
        "<reasoning>\nStep 1: ",
        "Let me break this down.\n\n### Step 1\n",
    ],
    "analysis": [
        "## Analysis\n\n",
        "Let me think about this carefully.\n\n",
        "There are three separate issues here.\n\n**1.** ",
        "Short version first: ",
    ],
    "code": [
        "Here's a version that should work:\n\n```python\n",
        "The bug is in the loop condition. Try this:\n\n```python\n",
        "You can simplify this quite a bit:\n\n```python\n",
    ],
    "grade": [
        "**Criterion 1 - Correctness (3/4).** ",
        "### Evaluation\n\n**Accuracy:** ",
        "Score breakdown:\n\n- Correctness: ",
    ],
    "tutor": [
        "Good start! What do you notice about ",
        "Let's think about it together. ",
        "Close! Look again at ",
    ],
    "summary": ["Summary: ", "Key points:\n- ", "TL;DR: "],
    "draft": ["Subject: ", "Hi team,\n\n", "Dear Ms. Alvarez,\n\n"],
}

# Languages used by sweeps, resellers' end users and localisation jobs. Fields: reasoning
# instruction, "explain {topic}", quadratic task, dice task, reply opener.
LANGS: dict[str, tuple[str, str, str, str, str]] = {
    "es": (
        "Resuelve paso a paso y muestra todo tu razonamiento antes de dar la respuesta final.",
        "Explícame {topic} de forma sencilla.",
        "Encuentra todos los valores reales de x tales que {expr}.",
        "Se lanzan {n} dados justos. ¿Cuál es la probabilidad de que la suma sea {s}?",
        "Vamos a resolverlo paso a paso. ",
    ),
    "fr": (
        "Résous pas à pas et montre tout ton raisonnement avant de donner la réponse finale.",
        "Explique-moi {topic} simplement.",
        "Trouve tous les réels x tels que {expr}.",
        "On lance {n} dés équilibrés. Quelle est la probabilité que la somme soit {s} ?",
        "Résolvons cela étape par étape. ",
    ),
    "de": (
        "Löse Schritt für Schritt und zeige deinen gesamten Denkweg vor der Antwort.",
        "Erkläre mir {topic} einfach.",
        "Finde alle reellen x mit {expr}.",
        "Es werden {n} faire Würfel geworfen. Wie wahrscheinlich ist die Summe {s}?",
        "Lösen wir das Schritt für Schritt. ",
    ),
    "pt": (
        "Resolva passo a passo e mostre todo o seu raciocínio antes da resposta final.",
        "Explique {topic} de forma simples.",
        "Encontre todos os valores reais de x tais que {expr}.",
        "Lançam-se {n} dados honestos. Qual é a probabilidade de a soma ser {s}?",
        "Vamos resolver passo a passo. ",
    ),
    "it": (
        "Risolvi passo dopo passo e mostra tutto il ragionamento prima della risposta.",
        "Spiegami {topic} in modo semplice.",
        "Trova tutti i valori reali di x tali che {expr}.",
        "Si lanciano {n} dadi equi. Qual è la probabilità che la somma sia {s}?",
        "Risolviamo passo dopo passo. ",
    ),
    "nl": (
        "Los stap voor stap op en laat al je redeneringen zien vóór het eindantwoord.",
        "Leg {topic} eenvoudig uit.",
        "Vind alle reële x waarvoor {expr}.",
        "Er worden {n} eerlijke dobbelstenen gegooid. Wat is de kans dat de som {s} is?",
        "Laten we dit stap voor stap oplossen. ",
    ),
    "pl": (
        "Rozwiąż krok po kroku i pokaż całe rozumowanie przed ostateczną odpowiedzią.",
        "Wyjaśnij mi prosto {topic}.",
        "Znajdź wszystkie rzeczywiste x takie, że {expr}.",
        "Rzucamy {n} uczciwymi kostkami. Jakie jest prawdopodobieństwo sumy {s}?",
        "Rozwiążmy to krok po kroku. ",
    ),
    "tr": (
        "Adım adım çöz ve nihai cevaptan önce tüm akıl yürütmeni göster.",
        "Bana {topic} konusunu basitçe açıkla.",
        "{expr} olacak şekilde tüm gerçel x değerlerini bul.",
        "{n} adil zar atılıyor. Toplamın {s} olma olasılığı nedir?",
        "Adım adım çözelim. ",
    ),
    "ru": (
        "Реши пошагово и покажи все рассуждения перед окончательным ответом.",
        "Объясни простыми словами {topic}.",
        "Найдите все действительные x, такие что {expr}.",
        "Бросают {n} правильных кубиков. Какова вероятность, что сумма равна {s}?",
        "Решим по шагам. ",
    ),
    "uk": (
        "Розв'яжи покроково й покажи всі міркування перед остаточною відповіддю.",
        "Поясни простими словами {topic}.",
        "Знайдіть усі дійсні x, для яких {expr}.",
        "Кидають {n} правильних кубиків. Яка ймовірність, що сума дорівнює {s}?",
        "Розв'яжемо крок за кроком. ",
    ),
    "ja": (
        "段階的に解き、最終的な答えを出す前にすべての推論を示してください。",
        "{topic}について簡単に説明してください。",
        "{expr} を満たす実数 x をすべて求めよ。",
        "公正なサイコロを{n}個投げる。合計が{s}になる確率は?",
        "順を追って解いていきます。",
    ),
    "zh": (
        "请一步一步地求解,并在给出最终答案之前展示你的全部推理过程。",
        "请简单地解释一下{topic}。",
        "求所有满足 {expr} 的实数 x。",
        "掷{n}枚均匀的骰子,点数之和为{s}的概率是多少?",
        "我们一步一步来解。",
    ),
    "ko": (
        "단계별로 풀고 최종 답을 내기 전에 모든 추론 과정을 보여 주세요.",
        "{topic}에 대해 쉽게 설명해 주세요.",
        "{expr} 을(를) 만족하는 모든 실수 x를 구하시오.",
        "공정한 주사위 {n}개를 던질 때 합이 {s}일 확률은?",
        "단계별로 풀어 보겠습니다. ",
    ),
    "ar": (
        "حل المسألة خطوة بخطوة واعرض كل استدلالك قبل الإجابة النهائية.",
        "اشرح لي {topic} ببساطة.",
        "أوجد جميع قيم x الحقيقية التي تحقق {expr}.",
        "تُرمى {n} أحجار نرد عادلة. ما احتمال أن يكون المجموع {s}؟",
        "لنحل المسألة خطوة بخطوة. ",
    ),
    "hi": (
        "चरण दर चरण हल करें और अंतिम उत्तर से पहले अपना पूरा तर्क दिखाएँ।",
        "मुझे {topic} सरल शब्दों में समझाइए।",
        "सभी वास्तविक x ज्ञात कीजिए जिनके लिए {expr}।",
        "{n} निष्पक्ष पासे फेंके जाते हैं। योग {s} होने की प्रायिकता क्या है?",
        "आइए इसे चरण दर चरण हल करें। ",
    ),
    "vi": (
        "Hãy giải từng bước và trình bày toàn bộ lập luận trước khi đưa ra đáp án.",
        "Giải thích đơn giản cho tôi về {topic}.",
        "Tìm tất cả số thực x sao cho {expr}.",
        "Tung {n} con xúc xắc cân đối. Xác suất để tổng bằng {s} là bao nhiêu?",
        "Chúng ta giải từng bước. ",
    ),
    "id": (
        "Selesaikan langkah demi langkah dan tunjukkan seluruh penalaranmu.",
        "Jelaskan {topic} secara sederhana.",
        "Tentukan semua bilangan real x sehingga {expr}.",
        "{n} dadu seimbang dilempar. Berapa peluang jumlahnya {s}?",
        "Mari kita selesaikan langkah demi langkah. ",
    ),
    "sv": (
        "Lös steg för steg och visa hela ditt resonemang innan du ger svaret.",
        "Förklara {topic} enkelt.",
        "Bestäm alla reella x sådana att {expr}.",
        "Man kastar {n} rättvisa tärningar. Vad är sannolikheten att summan blir {s}?",
        "Vi löser det steg för steg. ",
    ),
}
LANG_CODES = list(LANGS)

# Wrappers that coerce full reasoning; harvest campaigns assemble prompts from these pieces.
COT_PREFIXES = [
    "",
    "You are a world-class mathematician and teacher. ",
    "Act as an expert problem solver. ",
    "I need a fully worked solution. ",
    "For a training handout: ",
    "Please help with the following. ",
]
COT_INSTRUCTIONS = [
    "Think step by step and show every intermediate calculation.",
    "Reason through the problem carefully before answering; do not skip any step.",
    "Explain your full chain of thought, justifying each step.",
    "Write out your complete reasoning process, including checks of intermediate results.",
    "Walk through the solution in numbered steps and explain why each step is valid.",
    "Show all work. Derive every result rather than stating it.",
]
COT_SUFFIXES = [
    "",
    " Finally, give the answer on its own line as 'Answer: <value>'.",
    " Verify the answer with a second method at the end.",
    " End with a one-sentence summary of the key idea.",
    " Put the reasoning in <reasoning> tags and the answer in <answer> tags.",
]

RESEARCH_AREAS = [
    "causal inference on panel data",
    "a proof about spectral graph partitioning",
    "mechanism design for a two-sided market",
    "the stability of a PDE scheme",
    "bayesian hierarchical models for clinical trials",
    "protein-ligand binding energy",
    "an identification argument in IV regression",
    "queueing delays in a cluster",
    "the convergence of a stochastic optimiser",
    "a lemma in algebraic topology",
    "the thermodynamics of a heat exchanger",
    "pricing an exotic option",
    "error bounds for a numerical integrator",
    "a cryptographic reduction",
    "supply chain inventory under uncertainty",
    "a statistical power calculation",
]
RUBRIC_CRITERIA = [
    "Correctness",
    "Completeness",
    "Clarity",
    "Reasoning quality",
    "Helpfulness",
    "Harmlessness",
    "Conciseness",
    "Use of evidence",
    "Code quality",
    "Tone",
]
CODING_TASKS = [
    "find the longest increasing subsequence",
    "merge k sorted linked lists",
    "detect a cycle in a directed graph",
    "implement an LRU cache",
    "count islands in a grid",
    "compute edit distance between two strings",
    "find the median of two sorted arrays",
    "serialize and deserialize a binary tree",
    "schedule tasks with cooldowns",
    "find all anagram groups",
    "compute the maximum flow in a network",
    "evaluate a boolean expression",
    "find the shortest path with at most k stops",
    "design a rate limiter",
    "solve the n-queens problem",
    "partition an array into equal subset sums",
    "implement a trie with prefix counts",
    "compute sliding window maxima",
]
AGENT_TASKS = [
    "book the cheapest flight from Berlin to Madrid next Friday and add it to my calendar",
    "find the three most cited papers on sparse attention and summarise them",
    "debug why the CI build of repo acme/web fails and open a fix",
    "compare prices of four standing desks and write a recommendation",
    "collect last quarter's revenue for five SaaS companies into a table",
    "plan a 5-day trip to Kyoto within a 2000 USD budget",
    "refactor the payments module to remove the deprecated client",
    "find a vegetarian restaurant near the office with free tables at 7pm",
    "write and run a script that deduplicates the contacts CSV",
    "investigate the spike in 500 errors on the API yesterday",
    "draft a reply to every unanswered email from a customer this week",
    "migrate the user table to add a nullable timezone column",
]


def _typo(rng: random.Random, text: str) -> str:
    """Humans type sloppily: lower-case, drop punctuation, swap a letter pair."""
    if rng.random() < 0.5:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.rstrip("?.!")
    if rng.random() < 0.25 and len(text) > 10:
        i = rng.randrange(1, len(text) - 2)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


class Corpus:
    """Pre-built sentences, code files and document chunks so that large texts are cheap."""

    def __init__(self, rng: random.Random) -> None:
        self.sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
            f"{rng.choice(_TAILS)}."
            for _ in range(4000)
        ]
        self.code_files = [self._code_file(rng, i) for i in range(400)]
        self.doc_chunks = [self.prose(rng, rng.randint(350, 900)) for _ in range(3000)]

    def prose(self, rng: random.Random, n_chars: int) -> str:
        parts: list[str] = []
        size = 0
        while size < n_chars:
            sentence = rng.choice(self.sentences)
            if rng.random() < 0.12:
                sentence += "\n\n"
            parts.append(sentence)
            size += len(sentence) + 1
        return " ".join(parts)[: max(n_chars, 0)]

    def _code_file(self, rng: random.Random, index: int) -> str:
        nouns = [
            "order",
            "user",
            "invoice",
            "session",
            "token",
            "report",
            "event",
            "batch",
            "record",
            "payload",
            "widget",
            "config",
            "queue",
            "cache",
            "job",
        ]
        verbs = [
            "load",
            "parse",
            "validate",
            "merge",
            "render",
            "sync",
            "fetch",
            "store",
            "retry",
            "normalize",
            "compute",
            "export",
        ]
        lines = [f"# module_{index}.py", "import logging", "from dataclasses import dataclass", ""]
        for _ in range(rng.randint(2, 7)):
            noun, verb = rng.choice(nouns), rng.choice(verbs)
            args = ", ".join(
                rng.sample(
                    ["items", "limit", "client", "path", "timeout", "ctx", "user_id", "flags"],
                    rng.randint(1, 3),
                )
            )
            lines.append(f"def {verb}_{noun}({args}):")
            lines.append(f'    """{verb.capitalize()} the {noun} data."""')
            for _ in range(rng.randint(3, 9)):
                lines.append(
                    rng.choice(
                        [
                            f"    result = [{noun} for {noun} in items if {noun}.ok]",
                            f"    if not {noun}s:\n        return None",
                            f"    logging.debug('{verb} %s', {noun}.id)",
                            f"    total += {noun}.amount * rate",
                            f"    for i, {noun} in enumerate(items[:limit]):",
                            f"        cache[{noun}.key] = {verb}({noun})",
                            f"    raise ValueError('bad {noun}')",
                            "    return result",
                            "    timeout = min(timeout, 30)",
                        ]
                    )
                )
            lines.append("")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Question generators: parametric problems, so a bank of thousands of distinct items is cheap.


def _quadratic(rng: random.Random) -> tuple[str, str]:
    a = rng.choice([1, 1, 2, 3, 4, 5])
    r1, r2 = rng.randint(-9, 9), rng.randint(-9, 9)
    b, c = -a * (r1 + r2), a * r1 * r2
    expr = (
        f"{a if a != 1 else ''}x^2 {'+' if b >= 0 else '-'} {abs(b)}x "
        f"{'+' if c >= 0 else '-'} {abs(c)} = 0"
    )
    return "quadratic", expr


def make_question(rng: random.Random, domain: str) -> str:
    n = rng.randint
    if domain == "algebra":
        return rng.choice(
            [
                f"Find all real x such that {_quadratic(rng)[1]}.",
                f"Solve the system {n(2, 9)}x + {n(1, 9)}y = {n(10, 80)} and "
                f"{n(1, 9)}x - {n(1, 9)}y = {n(-20, 20)}.",
                f"For which values of k does x^2 + {n(2, 12)}kx + {n(3, 40)} = 0 have a double "
                "root?",
            ]
        )
    if domain == "probability":
        return rng.choice(
            [
                f"{n(2, 4)} fair dice are rolled. What is the probability that the sum is "
                f"{n(5, 15)}?",
                f"A bag holds {n(3, 9)} red and {n(2, 8)} blue balls. {n(2, 4)} are drawn without "
                f"replacement. What is the probability that exactly two are red?",
                f"A test is {n(90, 99)}% sensitive and {n(85, 99)}% specific; prevalence is "
                f"{n(1, 9)}%. What is the probability a positive result is a true positive?",
            ]
        )
    if domain == "geometry":
        return rng.choice(
            [
                f"A triangle has sides {n(3, 12)}, {n(4, 13)} and {n(5, 14)}. Find its area and "
                "the radius of its inscribed circle.",
                f"A circle of radius {n(2, 20)} is inscribed in a square. Find the area between "
                "the square's corners and the circle.",
                f"Find the volume of a cone with slant height {n(10, 30)} and base radius "
                f"{n(3, 9)}.",
            ]
        )
    if domain == "number_theory":
        return rng.choice(
            [
                f"Find the remainder when {n(2, 13)}^{n(50, 999)} is divided by {n(7, 97)}.",
                f"How many positive divisors does {n(100, 99999)} have?",
                f"Find the smallest positive integer x with x = {n(1, 4)} mod {n(5, 9)} and "
                f"x = {n(1, 6)} mod {n(11, 17)}.",
            ]
        )
    if domain == "calculus":
        return rng.choice(
            [
                f"Compute the integral of x^{n(2, 5)} * e^({n(2, 4)}x) from 0 to {n(1, 3)}.",
                f"Find the maximum of f(x) = {n(2, 9)}x^3 - {n(10, 40)}x^2 + {n(5, 30)}x on "
                f"[0, {n(3, 8)}].",
                f"Evaluate the limit as x -> 0 of (sin({n(2, 7)}x) - {n(2, 7)}x) / x^3.",
            ]
        )
    if domain == "code":
        return (
            f"Write a function to {rng.choice(CODING_TASKS)} for inputs up to "
            f"{rng.choice(['10^5', '10^6', '2*10^5', '5000'])} elements, and analyse its "
            f"time and space complexity."
        )
    if domain == "physics":
        return rng.choice(
            [
                f"A {n(1, 20)} kg block slides down a {n(15, 60)} degree incline with friction "
                f"coefficient 0.{n(1, 6)}. Find its acceleration.",
                f"A capacitor of {n(1, 100)} uF charges through {n(1, 99)} kOhm from {n(3, 24)} V. "
                f"When does it reach 90% of the supply voltage?",
            ]
        )
    return (
        f"{n(2, 9)} people each shake hands with everyone else exactly once, then "
        f"{n(1, 4)} more people arrive and do the same. How many handshakes happened?"
    )


DOMAINS = [
    "algebra",
    "probability",
    "geometry",
    "number_theory",
    "calculus",
    "code",
    "physics",
    "logic",
]


def question_bank(rng: random.Random, size: int, domains: Sequence[str]) -> list[str]:
    return [make_question(rng, rng.choice(domains)) for _ in range(size)]


def cot_prompt(rng: random.Random, question: str, diversity: float) -> str:
    """Wrap a question in reasoning-coercing instructions; diversity 0 gives one fixed form."""
    if rng.random() >= diversity:
        return f"{COT_PREFIXES[0]}{question}\n\n{COT_INSTRUCTIONS[0]}{COT_SUFFIXES[1]}"
    prefix = rng.choice(COT_PREFIXES)
    instruction = rng.choice(COT_INSTRUCTIONS)
    suffix = rng.choice(COT_SUFFIXES)
    if rng.random() < 0.5:
        return f"{prefix}{instruction}{suffix}\n\nProblem: {question}"
    return f"{prefix}{question}\n\n{instruction}{suffix}"


# ---------------------------------------------------------------------------------------------
# Token accounting and API formats.


def tok(text: str) -> int:
    """About 4 ASCII characters per token; non-Latin scripts take far more tokens per char."""
    if text.isascii():
        return (len(text) + 3) // 4
    other = sum(1 for ch in text if ord(ch) > 127)
    return (len(text) - other + 3) // 4 + (other * 2 + 2) // 3


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for key, v in obj.items() if key not in ("role", "type") for s in _strings(v)]
    if isinstance(obj, list):
        return [s for item in obj for s in _strings(item)]
    return []


def prompt_tokens(messages: Sequence[JsonObj], extra: str = "") -> int:
    total = sum(tok(s) for m in messages for s in _strings(m)) + 3 * len(messages) + 3
    return total + (tok(extra) if extra else 0)


@dataclass
class Reply:
    """What the model answered: stored (cut) text and the real sizes."""

    text: str
    truncated: bool
    tokens: int
    full: str = ""
    reasoning_tokens: int = 0
    reasoning: str | None = None
    finish: str = "stop"
    tool_calls: list[JsonObj] | None = None


REASONING_MODELS = ("o3", "o4-mini", "gpt-5", "gpt-5-mini", NEW_MODEL)


def is_reasoning(model: str) -> bool:
    return model in REASONING_MODELS


def _usage_openai(prompt: int, reply: Reply, n: int = 1) -> JsonObj:
    completion = (reply.tokens + reply.reasoning_tokens) * n
    usage: JsonObj = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if reply.reasoning_tokens:
        usage["completion_tokens_details"] = {"reasoning_tokens": reply.reasoning_tokens * n}
    return usage


def _response(reply: Reply, usage: JsonObj, finish: str) -> JsonObj:
    resp: JsonObj = {
        "status": 200,
        "text": reply.text,
        "reasoning": reply.reasoning,
        "usage": usage,
        "finish_reason": finish,
    }
    if reply.truncated:
        resp["text_truncated"] = True
    if reply.reasoning is not None and len(reply.reasoning) >= CUT_AT:
        resp["reasoning_truncated"] = True
    if reply.tool_calls:
        resp["tool_calls"] = reply.tool_calls
    return resp


def render_chat(
    model: str,
    messages: list[JsonObj],
    reply: Reply,
    params: JsonObj,
    tools: tuple[list[JsonObj], str] | None = None,
) -> tuple[str, JsonObj, JsonObj]:
    request: JsonObj = {"model": model, "messages": messages, **params}
    tools_text = ""
    if tools:
        request["tools"] = tools[0]
        tools_text = tools[1]
    usage = _usage_openai(prompt_tokens(messages, tools_text), reply, int(params.get("n", 1)))
    return "/v1/chat/completions", request, _response(reply, usage, reply.finish)


def render_responses(
    model: str, instructions: str | None, user_input: str, reply: Reply, params: JsonObj
) -> tuple[str, JsonObj, JsonObj]:
    request: JsonObj = {"model": model, "input": user_input, **params}
    if instructions:
        request["instructions"] = instructions
    prompt = tok(user_input) + (tok(instructions) if instructions else 0) + 6
    output = reply.tokens + reply.reasoning_tokens
    usage: JsonObj = {
        "input_tokens": prompt,
        "output_tokens": output,
        "total_tokens": prompt + output,
        "output_tokens_details": {"reasoning_tokens": reply.reasoning_tokens},
    }
    return "/v1/responses", request, _response(reply, usage, reply.finish)


def render_messages(
    model: str, system: str | None, messages: list[JsonObj], reply: Reply, params: JsonObj
) -> tuple[str, JsonObj, JsonObj]:
    request: JsonObj = {"model": model, "messages": messages, **params}
    if system:
        request["system"] = system
    prompt = prompt_tokens(messages, system or "")
    output = reply.tokens + reply.reasoning_tokens
    usage = {"input_tokens": prompt, "output_tokens": output}
    finish = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use"}[reply.finish]
    return "/v1/messages", request, _response(reply, usage, finish)


def render_completion(
    model: str, prompt: str, reply: Reply, params: JsonObj
) -> tuple[str, JsonObj, JsonObj]:
    request: JsonObj = {"model": model, "prompt": prompt, **params}
    usage = _usage_openai(tok(prompt), reply)
    return "/v1/completions", request, _response(reply, usage, reply.finish)


def render_embeddings(model: str, inputs: list[str]) -> tuple[str, JsonObj, JsonObj]:
    count = sum(tok(s) for s in inputs)
    request: JsonObj = {"model": model, "input": inputs if len(inputs) > 1 else inputs[0]}
    response: JsonObj = {
        "status": 200,
        "text": None,
        "reasoning": None,
        "usage": {"prompt_tokens": count, "total_tokens": count},
        "finish_reason": None,
        "embeddings": len(inputs),
    }
    return "/v1/embeddings", request, response


# ---------------------------------------------------------------------------------------------
# The world: accounts, addresses, schedules and the record sink.

# fmt: off
RESIDENTIAL_FIRST = [24, 47, 67, 68, 71, 73, 76, 98, 99, 108, 174, 2, 31, 37, 78, 79, 81, 82, 86,
                     88, 90, 92, 93, 109, 176, 177, 178, 187, 189, 191, 200, 201, 49, 58, 59, 60,
                     61, 110, 112, 114, 115, 116, 118, 121, 122, 123, 124, 125, 180, 183]
# fmt: on
# fmt: off
CLOUD_PREFIXES = ["3.14", "3.88", "18.144", "18.206", "34.102", "34.145", "35.188", "35.222",
                  "52.14", "52.87", "54.163", "54.201", "20.84", "20.112", "40.76", "13.68",
                  "159.89", "167.99", "134.209", "64.225", "5.161", "65.108", "95.216", "116.202",
                  "138.201", "51.68", "51.75", "141.95", "45.77", "149.28"]
# fmt: on
# fmt: off
CAMPUS_PREFIXES = ["128.32", "130.88", "171.64", "129.67", "141.211", "18.9", "131.111", "192.33",
                   "155.198", "140.247"]
# fmt: on
# fmt: off
BUSINESS_PREFIXES = ["12.161", "38.104", "63.117", "66.211", "72.14", "80.12", "85.214", "194.39",
                     "212.58", "217.6", "203.0", "62.96"]
# fmt: on


@dataclass
class Account:
    name: str
    archetype: str
    harvester: bool
    campaign: str | None
    keys: list[str]
    ip: str
    tz: float
    rng: random.Random


@dataclass
class World:
    seed: int
    days: int
    master: random.Random = field(init=False)
    start: float = START_UTC
    end: float = field(init=False)
    release: float = field(init=False)
    rows: list[tuple[float, int, str]] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    records_by_archetype: dict[str, int] = field(default_factory=dict)
    _taken: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.master = random.Random(f"ridge-{self.seed}")
        self._salt = self.master.getrandbits(64)
        self.end = self.start + self.days * DAY
        # The new model ships mid-window, late afternoon UTC.
        self.release = self.start + int(self.days * 0.4) * DAY + 17 * HOUR
        self.corpus = Corpus(self.rng("corpus"))

    def rng(self, name: str) -> random.Random:
        return random.Random(f"ridge-{self.seed}/{self._salt:x}/{name}")

    def _unique(self, prefix: str, digits: int) -> str:
        while True:
            value = f"{prefix}{self.master.getrandbits(4 * digits):0{digits}x}"
            if value not in self._taken:
                self._taken[value] = True
                return value

    def residential_ip(self, rng: random.Random) -> str:
        return (
            f"{rng.choice(RESIDENTIAL_FIRST)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
            f"{rng.randint(1, 254)}"
        )

    @staticmethod
    def prefixed_ip(rng: random.Random, prefixes: Sequence[str]) -> str:
        return f"{rng.choice(prefixes)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"

    def new_account(
        self,
        archetype: str,
        harvester: bool,
        campaign: str | None,
        n_keys: int,
        ip: str | None = None,
        tz: float | None = None,
    ) -> Account:
        name = self._unique("acct-", 6)
        rng = self.rng(f"account/{name}")
        keys = [self._unique("k-", 8) for _ in range(n_keys)]
        zone = (
            tz
            if tz is not None
            else rng.choice([-8, -7, -6, -5, -5, -5, -3, 0, 0, 1, 1, 1, 2, 3, 5.5, 5.5, 8, 9, 10])
        )
        account = Account(
            name,
            archetype,
            harvester,
            campaign,
            keys,
            ip or self.residential_ip(rng),
            float(zone),
            rng,
        )
        self.accounts.append(account)
        return account

    def new_campaign(self) -> str:
        return self._unique("cmp-", 5)

    def emit(
        self, ts: float, account: Account, key: str, ip: str, call: tuple[str, JsonObj, JsonObj]
    ) -> None:
        if not self.start <= ts < self.end:
            return
        if call[1].get("model") == NEW_MODEL and ts < self.release:
            return
        path, request, response = call
        ts = round(ts, 3)
        record = {
            "ts": ts,
            "account": account.name,
            "api_key_id": key,
            "client_ip": ip,
            "path": path,
            "request": request,
            "response": response,
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        self.rows.append((ts, len(self.rows), line[1:]))
        self.records_by_archetype[account.archetype] = (
            self.records_by_archetype.get(account.archetype, 0) + 1
        )

    # Replies --------------------------------------------------------------------------------

    def reply(
        self,
        rng: random.Random,
        style: str,
        tokens: int,
        *,
        keep_full: bool = False,
        reasoning_tokens: int = 0,
        reasoning_text: bool = False,
        cap: int | None = None,
        opener: str | None = None,
    ) -> Reply:
        """A reply of `tokens` visible tokens; the stored text is cut unless it is short."""
        finish = "stop"
        if cap is not None and tokens + reasoning_tokens > cap:
            finish = "length"
            reasoning_tokens = min(reasoning_tokens, cap)
            tokens = cap - reasoning_tokens
        head = opener if opener is not None else rng.choice(REPLY_OPENERS[style])
        if style == "code" and opener is None:
            head += rng.choice(self.corpus.code_files)[:400] + "\n```\n"
        full_len = tokens * 4
        long = full_len > CUT_AT + 40
        wanted = full_len if keep_full or not long else CUT_AT
        text = (head + self.corpus.prose(rng, max(wanted - len(head), 0)))[:wanted]
        if not long:
            tokens = tok(text)
        full = text if keep_full else ""
        stored = text[:CUT_AT] if long else text
        reasoning = None
        if reasoning_text and reasoning_tokens:
            reasoning = ("**Working it out**\n\n" + self.corpus.prose(rng, CUT_AT))[:CUT_AT]
        return Reply(stored, long, tokens, full, reasoning_tokens, reasoning, finish)

    def short_reply(self, text: str) -> Reply:
        return Reply(text, False, tok(text))


def echoed(prompt: str) -> Reply:
    """A max_tokens=0 echo call: the text is the prompt itself and nothing is generated."""
    return Reply(prompt[:CUT_AT], len(prompt) > CUT_AT, 0)


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def is_weekend(world: World, day: int) -> bool:
    return (START_WEEKDAY + day) % 7 >= 5


def arrivals(
    rng: random.Random,
    world: World,
    per_day: float,
    curve: Sequence[float],
    tz: float = 0.0,
    weekend: float = 1.0,
    days: Sequence[int] | None = None,
) -> list[float]:
    """Poisson arrivals, per_day on average, shaped by a local-hour curve."""
    cumulative = _cumulative(curve)
    out: list[float] = []
    for day in days if days is not None else range(-1, world.days + 1):
        factor = weekend if is_weekend(world, day) else 1.0
        count = poisson(rng, per_day * factor)
        hours = rng.choices(range(24), cum_weights=cumulative, k=count)
        base = world.start + day * DAY - tz * HOUR
        out.extend(base + (h + rng.random()) * HOUR for h in hours)
    out.sort()
    return out


def pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def adopted(model: str, ts: float, world: World, delay: float) -> str:
    """The new model once it has been out for `delay` seconds, else the usual one."""
    return NEW_MODEL if ts >= world.release + delay else model


def reasoning_params(rng: random.Random, model: str, cap: int) -> JsonObj:
    if is_reasoning(model):
        return {
            "max_completion_tokens": cap,
            "reasoning_effort": pick(rng, [("high", 5), ("medium", 4), ("low", 1)]),
        }
    return {"max_tokens": cap}


def thinking_budget(rng: random.Random, model: str, low: int, high: int) -> int:
    return rng.randint(low, high) if is_reasoning(model) else 0


def lognorm(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    return max(low, min(high, int(rng.lognormvariate(math.log(median), sigma))))


# ---------------------------------------------------------------------------------------------
# Benign archetypes.


def run_hearth_chatter(world: World, accounts: list[Account]) -> None:
    """Individuals chatting through a desktop client: evening-heavy sessions, growing threads."""
    for acct in accounts:
        rng = acct.rng
        topics = rng.sample(CHAT_TOPICS, 6)
        usual = pick(
            rng,
            [
                ("gpt-4o", 35),
                ("gpt-4o-mini", 25),
                ("gpt-5-mini", 20),
                ("gpt-4.1", 10),
                ("gpt-5", 10),
            ],
        )
        delay = rng.uniform(8, 60) * HOUR if rng.random() < 0.25 else 1e12
        curve = rng.choice([EVENING_CURVE, HUMAN_CURVE, NIGHT_OWL_CURVE])
        mobile_ip = world.residential_ip(rng)
        system = rng.choice(
            [
                None,
                "You are a helpful assistant.",
                "You are a friendly assistant. Answer concisely.",
            ]
        )
        for start in arrivals(rng, world, rng.uniform(1.2, 3.5), curve, acct.tz, 1.3):
            ip = acct.ip if rng.random() < 0.8 else mobile_ip
            model = adopted(usual, start, world, delay)
            topic = rng.choice(topics)
            history: list[JsonObj] = [{"role": "system", "content": system}] if system else []
            turns = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8])
            ts = start
            for turn in range(turns):
                template = rng.choice(CHAT_OPENERS if turn == 0 else CHAT_FOLLOWUPS)
                text = template.format(
                    t=topic if turn == 0 else rng.choice(topics),
                    s=rng.choice(world.corpus.sentences),
                )
                history.append({"role": "user", "content": _typo(rng, text)})
                tokens = lognorm(rng, 320, 0.55, 25, 1400)
                rt = thinking_budget(rng, model, 100, 1500)
                reply = world.reply(
                    rng, "chat", tokens, keep_full=turn < turns - 1, reasoning_tokens=rt
                )
                # Clients keep the system prompt and drop the oldest turns.
                window = history[:1] + history[1:][-9:] if system else history[-10:]
                params: JsonObj = {"stream": True, "stream_options": {"include_usage": True}}
                if not is_reasoning(model):
                    params["temperature"] = 0.7
                world.emit(ts, acct, acct.keys[0], ip, render_chat(model, window, reply, params))
                history.append({"role": "assistant", "content": reply.full})
                ts += reply.tokens * 0.04 + rng.expovariate(1 / 70) + len(text) * 0.25


IDE_SYSTEMS = [
    "You are an AI programming assistant embedded in the editor. Follow the user's "
    "requirements carefully. Keep answers short and impersonal. Use Markdown code "
    "blocks with the language name. ",
    "You are a coding agent. You can read the open files the user shares. Prefer "
    "minimal diffs. Never invent APIs. Explain risky changes before making them. ",
    "You are a senior engineer pair-programming with the user. Ask for missing "
    "context, point out bugs, and suggest tests. ",
]


def run_ide_pairer(world: World, accounts: list[Account]) -> None:
    """Developers in an IDE: weekday bursts with open files as context, streamed replies."""
    base = world.rng("ide-systems")
    systems = [s * 6 + world.corpus.prose(base, 600) for s in IDE_SYSTEMS]
    for acct in accounts:
        rng = acct.rng
        repo = rng.sample(world.corpus.code_files, 14)
        system = rng.choice(systems)
        anthropic = rng.random() < 0.4
        usual = (
            "claude-sonnet-4"
            if anthropic
            else pick(rng, [("gpt-4.1", 5), ("gpt-5", 3), ("o4-mini", 2)])
        )
        work_ip = World.prefixed_ip(rng, BUSINESS_PREFIXES)
        for start in arrivals(rng, world, rng.uniform(1.5, 4), WORK_CURVE, acct.tz, 0.15):
            ip = work_ip if rng.random() < 0.7 else acct.ip
            ts = start
            for _ in range(rng.randint(3, 18)):
                files = "\n\n".join(rng.sample(repo, rng.randint(1, 3)))
                ask = rng.choice(
                    [
                        "Why does this throw a KeyError?",
                        "Add type hints.",
                        "Write unit tests for the second function.",
                        "Refactor this to avoid the nested loops.",
                        "What does this module do?",
                        "fix the failing test",
                        "Make the retry logic exponential with jitter.",
                    ]
                )
                user = f"```python\n{files}\n```\n\n{ask}"
                tokens = lognorm(rng, 380, 0.6, 40, 2500)
                if anthropic:
                    reply = world.reply(rng, "code", tokens, cap=4096)
                    msgs = [{"role": "user", "content": [{"type": "text", "text": user}]}]
                    call = render_messages(
                        usual, system, msgs, reply, {"max_tokens": 4096, "stream": True}
                    )
                else:
                    rt = thinking_budget(rng, usual, 200, 3000)
                    reply = world.reply(rng, "code", tokens, reasoning_tokens=rt, cap=8000)
                    msgs = [
                        {"role": "system", "content": system},
                        {"role": "user", "content": user},
                    ]
                    params = reasoning_params(rng, usual, 8000) | {"stream": True}
                    call = render_chat(usual, msgs, reply, params)
                world.emit(ts, acct, acct.keys[0], ip, call)
                ts += rng.expovariate(1 / 150) + 15


def run_midnight_theorist(world: World, accounts: list[Account]) -> None:
    """Researchers who use reasoning models hard every day: long single-turn questions."""
    for acct in accounts:
        rng = acct.rng
        areas = rng.sample(RESEARCH_AREAS, 3)
        personal_form = rng.choice(
            [
                "Context:\n{ctx}\n\nQuestion: {q}",
                "{ctx}\n\n{q} Please reason carefully and show the derivation.",
                "I'm working on {area}. {ctx}\n\n{q}",
                "## Setup\n{ctx}\n\n## What I need\n{q} Think it through step "
                "by step; I will check each step.",
            ]
        )
        usual = pick(rng, [("o3", 4), ("gpt-5", 4), ("claude-opus-4", 2)])
        delay = rng.uniform(2, 48) * HOUR if rng.random() < 0.4 else 1e12
        use_responses = rng.random() < 0.5
        lab_ip = World.prefixed_ip(rng, CAMPUS_PREFIXES)
        curve = rng.choice([HUMAN_CURVE, NIGHT_OWL_CURVE, WORK_CURVE])
        for ts in arrivals(rng, world, rng.uniform(4, 14), curve, acct.tz, 0.8):
            area = rng.choice(areas)
            ctx = world.corpus.prose(rng, rng.randint(600, 4000))
            q = rng.choice(
                [
                    make_question(rng, rng.choice(DOMAINS)),
                    f"Is my argument about {area} valid, and where does it break?",
                    f"Derive the asymptotic behaviour of the estimator in {area}.",
                    f"What is the weakest assumption under which {area} still works?",
                ]
            )
            prompt = personal_form.format(ctx=ctx, q=q, area=area)
            ip = lab_ip if rng.random() < 0.6 else acct.ip
            model = usual if usual.startswith("claude") else adopted(usual, ts, world, delay)
            tokens = lognorm(rng, 1200, 0.5, 200, 6000)
            rt = lognorm(rng, 6000, 0.7, 500, 40000)
            if model.startswith("claude"):
                budget = rng.choice([8000, 16000, 32000])
                reply = world.reply(
                    rng,
                    "analysis",
                    tokens,
                    reasoning_tokens=min(rt, budget),
                    reasoning_text=True,
                    cap=budget + 8000,
                )
                msgs = [{"role": "user", "content": prompt}]
                params = {
                    "max_tokens": budget + 8000,
                    "thinking": {"type": "enabled", "budget_tokens": budget},
                }
                call = render_messages(model, None, msgs, reply, params)
            elif use_responses:
                reply = world.reply(
                    rng, "analysis", tokens, reasoning_tokens=rt, reasoning_text=True, cap=64000
                )
                params = {
                    "max_output_tokens": 64000,
                    "reasoning": {"effort": "high", "summary": "auto"},
                }
                call = render_responses(model, None, prompt, reply, params)
            else:
                reply = world.reply(rng, "analysis", tokens, reasoning_tokens=rt, cap=50000)
                params = {"max_completion_tokens": 50000, "reasoning_effort": "high"}
                call = render_chat(model, [{"role": "user", "content": prompt}], reply, params)
            world.emit(ts, acct, acct.keys[0], ip, call)


def mcq(rng: random.Random, question: str) -> str:
    options = [f"{letter}) {rng.randint(-50, 500)}" for letter in "ABCD"]
    return f"{question}\n" + "\n".join(options)


def run_calibration_lab(world: World, accounts: list[Account]) -> None:
    """Academic calibration research: logprobs over a public benchmark, scripted bursts."""
    bench = question_bank(world.rng("public-benchmark"), 1500, DOMAINS)
    letter_bias = {"32": 100, "33": 100, "34": 100, "35": 100}
    for acct in accounts:
        rng = acct.rng
        run_days = sorted(rng.sample(range(world.days), max(1, min(world.days, rng.randint(1, 2)))))
        models = ["gpt-4o", "gpt-4.1", "gpt-4o-mini", NEW_MODEL]
        for day in run_days:
            start = world.start + day * DAY + (rng.uniform(9, 20) - acct.tz) * HOUR
            ts = start
            model = rng.choice(models)
            if model == NEW_MODEL and start < world.release:
                model = "gpt-4.1"
            use_bias = rng.random() < 0.5
            top = rng.choice([5, 20])
            for index in rng.sample(range(len(bench)), rng.randint(300, 900)):
                ts += rng.expovariate(1 / 1.8)
                if rng.random() < 0.15:
                    prompt = f"Question: {bench[index]}\nAnswer:"
                    reply = echoed(prompt)
                    echo: JsonObj = {"echo": True, "logprobs": 5, "max_tokens": 0, "temperature": 0}
                    call = render_completion("davinci-002", prompt, reply, echo)
                else:
                    msgs = [
                        {"role": "system", "content": "Answer with a single letter."},
                        {"role": "user", "content": mcq(rng, bench[index])},
                    ]
                    reply = world.short_reply(rng.choice("ABCD"))
                    params: JsonObj = {
                        "max_tokens": 1,
                        "temperature": 0,
                        "logprobs": True,
                        "top_logprobs": top,
                    }
                    if use_bias:
                        params["logit_bias"] = letter_bias
                    call = render_chat(model, msgs, reply, params)
                world.emit(ts, acct, acct.keys[0], acct.ip, call)


def run_benchmark_crew(world: World, accounts: list[Account]) -> None:
    """Company eval teams: templated CoT benchmark runs, high concurrency, new model day one."""
    bench = question_bank(world.rng("public-benchmark"), 1500, DOMAINS)
    template = (
        "Solve the following problem. Think step by step, then give the final answer "
        "on the last line as 'Answer: <value>'.\n\nProblem: {q}"
    )
    for acct in accounts:
        rng = acct.rng
        ci_ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(3)]
        runs: list[tuple[float, str]] = []
        for day in range(world.days):
            for _ in range(poisson(rng, 1.0 if not is_weekend(world, day) else 0.2)):
                runs.append(
                    (
                        world.start + day * DAY + rng.uniform(0, 24) * HOUR,
                        rng.choice(["gpt-4.1", "gpt-5", "o3", "claude-sonnet-4"]),
                    )
                )
        # Eval teams run the new model within hours of its release.
        runs.append((world.release + rng.uniform(1, 10) * HOUR, NEW_MODEL))
        for start, model in runs:
            ts = start
            samples = rng.choice([1, 1, 1, 5])
            for index in rng.sample(range(len(bench)), rng.randint(150, 400)):
                ts += rng.expovariate(1 / 0.6)
                prompt = template.format(q=bench[index])
                tokens = lognorm(rng, 450, 0.5, 60, 3000)
                rt = thinking_budget(rng, model, 500, 8000)
                reply = world.reply(rng, "steps", tokens, reasoning_tokens=rt, cap=16000)
                if model.startswith("claude"):
                    call = render_messages(
                        model,
                        None,
                        [{"role": "user", "content": prompt}],
                        reply,
                        {"max_tokens": 4096, "temperature": 0},
                    )
                else:
                    params = reasoning_params(rng, model, 16000)
                    if not is_reasoning(model):
                        params["temperature"] = 0
                    if samples > 1:
                        params["n"] = samples
                        params["temperature"] = 0.8
                        params.pop("reasoning_effort", None)
                    call = render_chat(model, [{"role": "user", "content": prompt}], reply, params)
                world.emit(ts, acct, acct.keys[0], rng.choice(ci_ips), call)


def run_licensed_synth_shop(world: World, accounts: list[Account]) -> None:
    """Synthetic-data teams under contract: templated generation with reasoning, 24/7 pipeline."""
    for acct in accounts:
        rng = acct.rng
        ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(len(acct.keys))]
        topics = rng.sample(CHAT_TOPICS + RESEARCH_AREAS, 20)
        model = pick(rng, [("gpt-4.1", 4), ("gpt-5", 4), ("o4-mini", 2)])
        for ts in arrivals(rng, world, rng.uniform(600, 1000), FLAT_CURVE):
            slot = rng.randrange(len(acct.keys))
            kind = rng.random()
            if kind < 0.5:
                grade = rng.randint(6, 12)
                prompt = (
                    f"Generate one {rng.choice(['easy', 'medium', 'hard'])} "
                    f"{rng.choice(DOMAINS)} exercise for grade {grade} students, then a "
                    f"detailed step-by-step worked solution. Return JSON with keys "
                    f'"question", "solution_steps", "answer".'
                )
                style = "steps"
            else:
                prompt = (
                    f"Write {rng.randint(2, 5)} diverse instruction/response pairs about "
                    f"{rng.choice(topics)} for a customer-support fine-tuning set. Vary "
                    f"tone and difficulty. Output JSONL."
                )
                style = "chat"
            system = "You generate training data for ExampleCo under licence agreement 2025-117."
            tokens = lognorm(rng, 900, 0.4, 200, 4000)
            rt = thinking_budget(rng, model, 500, 5000)
            reply = world.reply(rng, style, tokens, reasoning_tokens=rt, cap=12000)
            params = reasoning_params(rng, model, 12000) | {
                "response_format": {"type": "json_object"}
            }
            msgs = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
            world.emit(
                ts, acct, acct.keys[slot], ips[slot], render_chat(model, msgs, reply, params)
            )


def run_homeroom_students(world: World, accounts: list[Account]) -> None:
    """Students with their own accounts behind a school network, asking the same worksheet."""
    schools: dict[int, list[Account]] = {}
    for index, acct in enumerate(accounts):
        schools.setdefault(index % max(1, len(accounts) // 20), []).append(acct)
    for school_id, students in schools.items():
        srng = world.rng(f"school/{school_id}")
        nat_ip = World.prefixed_ip(srng, BUSINESS_PREFIXES)
        tz = srng.choice([-5, -6, 0, 1, 5.5, -3])
        sheets = {
            day: question_bank(
                world.rng(f"school/{school_id}/day/{day}"),
                8,
                ["algebra", "geometry", "probability", "physics"],
            )
            for day in range(world.days)
        }
        for acct in students:
            rng = acct.rng
            acct.tz = tz
            for ts in arrivals(
                rng, world, rng.uniform(4, 9), SCHOOL_CURVE, tz, 0.3, days=range(world.days)
            ):
                day = min(world.days - 1, max(0, int((ts - world.start + tz * HOUR) // DAY)))
                number = rng.randrange(8)
                problem = sheets[day][number]
                text = rng.choice(
                    [
                        f"{problem}",
                        f"how do i solve this: {problem}",
                        f"explain number {number + 1} step by step: {problem}",
                        f"can u check my answer for {problem} i got {rng.randint(1, 99)}",
                        f"{problem} show your work",
                    ]
                )
                local_hour = ((ts - world.start) / HOUR + tz) % 24
                at_school = 8 <= local_hour < 16 and not is_weekend(world, day)
                ip = nat_ip if at_school else acct.ip
                msgs = [{"role": "user", "content": _typo(rng, text)}]
                tokens = lognorm(rng, 380, 0.45, 60, 1500)
                reply = world.reply(rng, "steps", tokens)
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    ip,
                    render_chat("gpt-4o-mini", msgs, reply, {"max_tokens": 1500}),
                )


SOCRATIC_SYSTEM = (
    "You are Sprout, a patient Socratic tutor for learners aged 11-18. Never give "
    "the final answer outright; ask one guiding question at a time, check the "
    "learner's understanding, and praise effort. Keep replies under 120 words. "
    "If the learner is upset, be kind and suggest a short break. Refuse to write "
    "essays for graded assignments; instead help outline them. "
) * 3


def run_socratic_platform(world: World, accounts: list[Account]) -> None:
    """Tutoring platform backend: one key, many learners in short multi-turn lessons."""
    for acct in accounts:
        rng = acct.rng
        ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(3)]
        for start in arrivals(rng, world, rng.uniform(90, 170), EVENING_CURVE, acct.tz, 1.2):
            learner = f"u-{rng.getrandbits(40):010x}"
            history: list[JsonObj] = [{"role": "system", "content": SOCRATIC_SYSTEM}]
            ts = start
            domain = rng.choice(["algebra", "geometry", "probability", "physics"])
            turns = rng.randint(2, 9)
            for turn in range(turns):
                text = (
                    make_question(rng, domain)
                    if turn == 0
                    else rng.choice(
                        [
                            "idk",
                            "is it 12?",
                            "ok i think i multiply both sides",
                            "why",
                            "can you give me a hint",
                            "oh i get it now",
                            f"i got {rng.randint(1, 60)}",
                        ]
                    )
                )
                history.append({"role": "user", "content": text})
                reply = world.reply(rng, "tutor", lognorm(rng, 110, 0.3, 30, 250), keep_full=True)
                msgs = history[:1] + history[1:][-12:]
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    rng.choice(ips),
                    render_chat(
                        "gpt-4o-mini",
                        msgs,
                        reply,
                        {"max_tokens": 300, "temperature": 0.4, "user": learner},
                    ),
                )
                history.append({"role": "assistant", "content": reply.full})
                ts += rng.expovariate(1 / 45) + 8


def run_kb_retriever(world: World, accounts: list[Account]) -> None:
    """RAG backends: embeddings for the query, then retrieved chunks and a short answer."""
    for acct in accounts:
        rng = acct.rng
        kb = rng.sample(world.corpus.doc_chunks, 120)
        ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(2)]
        model = pick(
            rng, [("gpt-4o-mini", 4), ("gpt-4.1-mini", 3), ("gpt-4o", 2), ("claude-sonnet-4", 1)]
        )
        company = rng.choice(["Northwind", "Globex", "Initech", "Umbrella Health", "Stark Ltd"])
        system = (
            f"You are {company}'s support assistant. Answer only from the context. If the "
            f"answer is not in the context, say you don't know. Cite sources as [n]."
        )
        for ts in arrivals(rng, world, rng.uniform(120, 260), WORK_CURVE, acct.tz, 0.4):
            question = rng.choice(
                [
                    "How do I reset my password?",
                    "What is the refund policy?",
                    "Does the API support webhooks?",
                    "How long does shipping take?",
                    "Can I change my plan mid-cycle?",
                    "Where do I find my invoice?",
                    f"{rng.choice(world.corpus.sentences)} Is that right?",
                ]
            )
            ip = rng.choice(ips)
            if rng.random() < 0.5:
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    ip,
                    render_embeddings("text-embedding-3-small", [question]),
                )
            chunks = rng.sample(kb, rng.randint(3, 6))
            context = "\n\n".join(f"[{i + 1}] {c}" for i, c in enumerate(chunks))
            user = f"Context:\n{context}\n\nQuestion: {question}"
            reply = world.reply(rng, "summary", lognorm(rng, 140, 0.5, 20, 600))
            if model.startswith("claude"):
                call = render_messages(
                    model,
                    system,
                    [{"role": "user", "content": user}],
                    reply,
                    {"max_tokens": 800, "temperature": 0},
                )
            else:
                msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
                call = render_chat(model, msgs, reply, {"max_tokens": 800, "temperature": 0})
            world.emit(ts + rng.uniform(0.2, 0.6), acct, acct.keys[0], ip, call)


def run_overnight_batcher(world: World, accounts: list[Account]) -> None:
    """Nightly classification and extraction jobs: fixed template, JSON out, steady throughput."""
    labels = ["billing", "bug", "feature_request", "account", "spam", "praise", "cancellation"]
    for acct in accounts:
        rng = acct.rng
        ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
        task = rng.choice(["classify", "extract"])
        model = rng.choice(["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano"])
        for day in range(-1, world.days):
            ts = world.start + day * DAY + (rng.uniform(1, 3) - acct.tz) * HOUR
            for _ in range(poisson(rng, rng.uniform(250, 550))):
                ts += rng.expovariate(1 / 2.2)
                doc = world.corpus.prose(rng, rng.randint(300, 1600))
                if task == "classify":
                    prompt = (
                        f"Classify the support ticket into one of {labels}. Respond as JSON "
                        f'{{"label": ..., "confidence": ...}}.\n\nTicket:\n{doc}'
                    )
                    text = json.dumps(
                        {"label": rng.choice(labels), "confidence": round(rng.uniform(0.5, 1), 2)}
                    )
                else:
                    prompt = (
                        f"Extract vendor, date, total and currency from this invoice text "
                        f"as JSON.\n\n{doc}"
                    )
                    text = json.dumps(
                        {
                            "vendor": rng.choice(["Acme", "Contoso", "Hooli"]),
                            "date": f"2026-02-{rng.randint(1, 28):02d}",
                            "total": round(rng.uniform(10, 9000), 2),
                            "currency": rng.choice(["USD", "EUR", "GBP"]),
                        }
                    )
                msgs = [{"role": "user", "content": prompt}]
                params = {
                    "max_tokens": 200,
                    "temperature": 0,
                    "response_format": {"type": "json_object"},
                }
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    ip,
                    render_chat(model, msgs, world.short_reply(text), params),
                )


def _tool(name: str, description: str, props: dict[str, str]) -> JsonObj:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {k: {"type": v} for k, v in props.items()},
                "required": list(props),
            },
        },
    }


def _toolset(tools: list[JsonObj]) -> tuple[list[JsonObj], str]:
    return tools, json.dumps(tools)


BUSINESS_TOOLS = _toolset(
    [
        _tool("search_tickets", "Search the helpdesk for tickets.", {"query": "string"}),
        _tool("get_customer", "Fetch a customer record by id.", {"customer_id": "string"}),
        _tool("issue_refund", "Refund an order.", {"order_id": "string", "amount": "number"}),
        _tool(
            "run_sql", "Run a read-only SQL query on the analytics warehouse.", {"sql": "string"}
        ),
        _tool(
            "send_email", "Send an email.", {"to": "string", "subject": "string", "body": "string"}
        ),
    ]
)
GENERIC_TOOLS = _toolset(
    [
        _tool("web_search", "Search the web.", {"query": "string"}),
        _tool("open_url", "Fetch a web page as text.", {"url": "string"}),
        _tool("python", "Execute Python code and return stdout.", {"code": "string"}),
        _tool("read_file", "Read a file from the workspace.", {"path": "string"}),
        _tool("write_file", "Write a file.", {"path": "string", "content": "string"}),
        _tool("shell", "Run a shell command.", {"command": "string"}),
        _tool("calendar_add", "Add a calendar event.", {"title": "string", "start": "string"}),
        _tool("http_request", "Send an HTTP request.", {"method": "string", "url": "string"}),
        _tool("sql_query", "Query a database.", {"sql": "string"}),
        _tool("book_travel", "Book a flight or hotel.", {"item_id": "string"}),
    ]
)


def agent_trajectory(
    world: World,
    rng: random.Random,
    acct: Account,
    ip: str,
    start: float,
    model: str,
    system: str,
    task: str,
    tools: tuple[list[JsonObj], str],
    steps: int,
    tool_latency: float,
    reasoning: bool,
) -> None:
    """One tool-using episode: each step resends the whole trajectory so far."""
    history: list[JsonObj] = [
        {"role": "system", "content": system},
        {"role": "user", "content": task},
    ]
    ts = start
    names = [t["function"]["name"] for t in tools[0]]
    for step in range(steps):
        final = step == steps - 1
        rt = rng.randint(300, 4000) if reasoning and is_reasoning(model) else 0
        if final:
            reply = world.reply(
                rng, "summary", lognorm(rng, 300, 0.5, 40, 1500), reasoning_tokens=rt
            )
        else:
            call_id = f"call_{rng.getrandbits(48):012x}"
            name = rng.choice(names)
            args = json.dumps({"query": rng.choice(world.corpus.sentences)[:60]})
            calls = [
                {"id": call_id, "type": "function", "function": {"name": name, "arguments": args}}
            ]
            reply = Reply(
                "", False, tok(args) + 8, reasoning_tokens=rt, finish="tool_calls", tool_calls=calls
            )
        params = (
            reasoning_params(rng, model, 16000)
            if reasoning
            else {"max_tokens": 2000, "temperature": 0.2}
        )
        world.emit(
            ts, acct, acct.keys[0], ip, render_chat(model, list(history), reply, params, tools)
        )
        if final:
            return
        history.append({"role": "assistant", "content": None, "tool_calls": calls})
        result = world.corpus.prose(rng, rng.randint(150, 800))
        history.append({"role": "tool", "tool_call_id": call_id, "content": result})
        ts += rng.expovariate(1 / tool_latency) + reply.tokens * 0.01 + rt * 0.005


def run_workflow_agent(world: World, accounts: list[Account]) -> None:
    """Business agents: support and analytics workflows calling the company's own tools."""
    for acct in accounts:
        rng = acct.rng
        ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
        model = pick(rng, [("gpt-4.1", 4), ("gpt-4o", 3), ("o4-mini", 2)])
        system = (
            "You are the operations agent for a mid-size online retailer. Use tools to "
            "look things up; never guess order data; ask before refunds over 200 USD."
        )
        for ts in arrivals(rng, world, rng.uniform(20, 55), WORK_CURVE, acct.tz, 0.5):
            task = rng.choice(
                [
                    "Customer 4411 says order 99812 never arrived; handle it.",
                    "How many refunds did we issue last week by category?",
                    "Find open tickets mentioning 'double charge' and summarise.",
                    f"Reply to this customer: {rng.choice(world.corpus.sentences)}",
                ]
            )
            agent_trajectory(
                world,
                rng,
                acct,
                ip,
                ts,
                model,
                system,
                task,
                BUSINESS_TOOLS,
                rng.randint(2, 6),
                4.0,
                is_reasoning(model),
            )


def end_user_call(world: World, rng: random.Random, ts: float) -> tuple[str, JsonObj, JsonObj]:
    """One end user's request as a reseller sees it: any model, any language, any task."""
    model = pick(
        rng,
        [
            ("gpt-4o-mini", 30),
            ("gpt-4o", 15),
            ("claude-sonnet-4", 15),
            ("gpt-5-mini", 10),
            ("gpt-5", 8),
            ("claude-3-5-haiku", 8),
            ("o4-mini", 5),
            ("gpt-4.1", 9),
        ],
    )
    if ts >= world.release + rng.uniform(1, 4) * HOUR and rng.random() < 0.15:
        model = NEW_MODEL
    roll = rng.random()
    if roll < 0.2:
        lang = rng.choice(LANG_CODES)
        text = LANGS[lang][1].format(topic=rng.choice(CHAT_TOPICS))
        opener = LANGS[lang][4]
    elif roll < 0.35:
        text = (
            f"```\n{rng.choice(world.corpus.code_files)[:900]}\n```\n"
            f"{rng.choice(['fix this', 'explain', 'add docstrings', 'convert to typescript'])}"
        )
        opener = None
    else:
        text = rng.choice(CHAT_OPENERS).format(
            t=rng.choice(CHAT_TOPICS), s=rng.choice(world.corpus.sentences)
        )
        opener = None
    history: list[JsonObj] = []
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        history.append({"role": "user", "content": rng.choice(world.corpus.sentences)})
        history.append({"role": "assistant", "content": world.corpus.prose(rng, 600)})
    history.append({"role": "user", "content": text})
    rt = thinking_budget(rng, model, 100, 3000)
    reply = world.reply(
        rng, "chat", lognorm(rng, 300, 0.6, 20, 2000), reasoning_tokens=rt, opener=opener
    )
    if model.startswith("claude"):
        return render_messages(model, None, history, reply, {"max_tokens": 2048, "stream": True})
    return render_chat(model, history, reply, reasoning_params(rng, model, 4096) | {"stream": True})


def run_gateway_resale(world: World, accounts: list[Account]) -> None:
    """Resellers: many unrelated end users behind one or two keys, round the clock."""
    for acct in accounts:
        rng = acct.rng
        ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(rng.randint(4, 8))]
        for ts in arrivals(rng, world, rng.uniform(700, 1200), CONSUMER_CURVE, acct.tz):
            world.emit(
                ts, acct, rng.choice(acct.keys), rng.choice(ips), end_user_call(world, rng, ts)
            )


def run_campus_office(world: World, accounts: list[Account]) -> None:
    """Companies whose teams hold separate accounts but leave through one office NAT."""
    companies: dict[int, list[Account]] = {}
    for index, acct in enumerate(accounts):
        companies.setdefault(index % max(1, len(accounts) // 7), []).append(acct)
    for company_id, teams in companies.items():
        crng = world.rng(f"company/{company_id}")
        nat = World.prefixed_ip(crng, BUSINESS_PREFIXES)
        vpn = World.prefixed_ip(crng, CLOUD_PREFIXES)
        tz = crng.choice([-8, -5, 0, 1, 2, 9])
        name = crng.choice(["Acme", "Vandelay", "Wonka", "Tyrell", "Cyberdyne", "Soylent"])
        system = (
            f"You are {name}'s internal assistant. Follow the {name} writing guide: plain "
            f"words, short sentences, no confidential data in examples."
        )
        for acct in teams:
            rng = acct.rng
            acct.tz = tz
            model = pick(rng, [("gpt-4o", 3), ("gpt-4.1", 3), ("gpt-5", 2), ("claude-sonnet-4", 2)])
            for ts in arrivals(rng, world, rng.uniform(12, 45), WORK_CURVE, tz, 0.05):
                kind = rng.random()
                if kind < 0.35:
                    user = (
                        f"Summarise this for the weekly update:\n\n"
                        f"{world.corpus.prose(rng, rng.randint(800, 5000))}"
                    )
                    style = "summary"
                elif kind < 0.65:
                    user = f"Draft a reply to: {world.corpus.prose(rng, rng.randint(150, 600))}"
                    style = "draft"
                else:
                    user = rng.choice(
                        [
                            "write SQL for monthly active users by region",
                            "turn these notes into action items",
                            "what's a polite way to push back on this deadline",
                        ]
                    )
                    style = "chat"
                reply = world.reply(rng, style, lognorm(rng, 260, 0.5, 30, 1200))
                ip = nat if rng.random() < 0.85 else vpn
                if model.startswith("claude"):
                    call = render_messages(
                        model,
                        system,
                        [{"role": "user", "content": user}],
                        reply,
                        {"max_tokens": 2048},
                    )
                else:
                    msgs = [
                        {"role": "system", "content": system},
                        {"role": "user", "content": user},
                    ]
                    call = render_chat(model, msgs, reply, reasoning_params(rng, model, 4096))
                world.emit(ts, acct, rng.choice(acct.keys), ip, call)


def run_locale_studio(world: World, accounts: list[Account]) -> None:
    """Localisation firms: the same UI strings swept through a dozen or more languages."""
    for acct in accounts:
        rng = acct.rng
        ip = World.prefixed_ip(rng, BUSINESS_PREFIXES)
        model = pick(rng, [("gpt-4.1", 5), ("claude-sonnet-4", 3), ("gpt-4o", 2)])
        for start in arrivals(rng, world, rng.uniform(12, 30), WORK_CURVE, acct.tz, 0.1):
            strings = {
                f"ui.{rng.choice(['button', 'title', 'hint', 'error'])}.{i}": rng.choice(
                    world.corpus.sentences
                )
                for i in range(rng.randint(8, 30))
            }
            source = json.dumps(strings, indent=1)
            ts = start
            for lang in rng.sample(LANG_CODES, rng.randint(8, len(LANG_CODES))):
                prompt = (
                    f"Translate the values of this JSON from English to {lang}. Keep keys, "
                    f"placeholders like {{name}} and punctuation. Return JSON only.\n\n"
                    f"{source}"
                )
                out_tokens = int(tok(source) * rng.uniform(1.1, 2.2))
                reply = world.reply(rng, "chat", out_tokens, opener='{\n "ui.' + LANGS[lang][4])
                if model.startswith("claude"):
                    call = render_messages(
                        model,
                        None,
                        [{"role": "user", "content": prompt}],
                        reply,
                        {"max_tokens": 8000, "temperature": 0},
                    )
                else:
                    call = render_chat(
                        model,
                        [{"role": "user", "content": prompt}],
                        reply,
                        {"max_tokens": 8000, "temperature": 0},
                    )
                world.emit(ts, acct, acct.keys[0], ip, call)
                ts += rng.uniform(3, 25)


def run_claude_desk(world: World, accounts: list[Account]) -> None:
    """Individuals on the Messages API through a desktop app; thinking on for hard questions."""
    for acct in accounts:
        rng = acct.rng
        model = pick(rng, [("claude-sonnet-4", 7), ("claude-opus-4", 3)])
        topics = rng.sample(CHAT_TOPICS, 5)
        for start in arrivals(rng, world, rng.uniform(1, 3), HUMAN_CURVE, acct.tz, 1.1):
            history: list[JsonObj] = []
            ts = start
            turns = rng.choice([1, 2, 2, 3, 4, 6])
            think = rng.random() < 0.3
            for turn in range(turns):
                text = rng.choice(CHAT_OPENERS if turn == 0 else CHAT_FOLLOWUPS).format(
                    t=rng.choice(topics), s=rng.choice(world.corpus.sentences)
                )
                history.append({"role": "user", "content": [{"type": "text", "text": text}]})
                budget = rng.choice([4000, 8000, 16000]) if think else 0
                rt = rng.randint(300, budget) if think else 0
                reply = world.reply(
                    rng,
                    "chat",
                    lognorm(rng, 380, 0.5, 30, 2000),
                    keep_full=turn < turns - 1,
                    reasoning_tokens=rt,
                    reasoning_text=think,
                )
                params: JsonObj = {"max_tokens": budget + 4096, "stream": True}
                if think:
                    params["thinking"] = {"type": "enabled", "budget_tokens": budget}
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    acct.ip,
                    render_messages(model, None, history[-10:], reply, params),
                )
                history.append(
                    {"role": "assistant", "content": [{"type": "text", "text": reply.full}]}
                )
                ts += rng.expovariate(1 / 90) + reply.tokens * 0.03


def run_vector_indexer(world: World, accounts: list[Account]) -> None:
    """Embedding-only indexing: batches of document chunks during re-index jobs."""
    for acct in accounts:
        rng = acct.rng
        ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
        model = rng.choice(["text-embedding-3-small", "text-embedding-3-large"])
        for ts in arrivals(rng, world, rng.uniform(150, 400), WORK_CURVE, acct.tz, 0.5):
            batch = [
                c[: rng.randint(150, 450)]
                for c in rng.sample(world.corpus.doc_chunks, rng.randint(4, 12))
            ]
            world.emit(ts, acct, acct.keys[0], ip, render_embeddings(model, batch))


VIBE_CHECKS = [
    "How many r's are in 'strawberry'?",
    "Write an SVG of a pelican riding a bicycle.",
    "Which is bigger, 9.11 or 9.9? Explain.",
    "A farmer has 17 sheep; all but 9 run away. How many are left?",
    "Write a haiku about recursion, then explain why it works.",
    "Implement a tiny Lisp interpreter in Python.",
    "Solve this step by step: what is the 100th prime?",
    "Explain the Monty Hall problem and prove the answer.",
]


def run_launch_tinkerer(world: World, accounts: list[Account]) -> None:
    """Hobbyists who jump on a new model within hours and poke it with puzzles and code."""
    for acct in accounts:
        rng = acct.rng
        usual = pick(rng, [("gpt-5", 5), ("gpt-4.1", 3), ("o3", 2)])
        before = arrivals(rng, world, rng.uniform(4, 15), NIGHT_OWL_CURVE, acct.tz)
        jump = world.release + rng.uniform(0.3, 5) * HOUR
        burst = sorted(jump + rng.uniform(0, 4) * HOUR for _ in range(rng.randint(25, 90)))
        for ts in sorted(before + burst):
            model = adopted(usual, ts, world, jump - world.release)
            if ts >= jump and rng.random() < 0.6:
                prompt = rng.choice([*VIBE_CHECKS, make_question(rng, rng.choice(DOMAINS))])
            else:
                prompt = rng.choice(CHAT_OPENERS).format(
                    t=rng.choice(CHAT_TOPICS), s=rng.choice(world.corpus.sentences)
                )
            rt = thinking_budget(rng, model, 200, 12000)
            reply = world.reply(
                rng, "steps", lognorm(rng, 500, 0.6, 30, 4000), reasoning_tokens=rt, cap=32000
            )
            world.emit(
                ts,
                acct,
                acct.keys[0],
                acct.ip,
                render_chat(
                    model,
                    [{"role": "user", "content": prompt}],
                    reply,
                    reasoning_params(rng, model, 32000),
                ),
            )


def run_consumer_app(world: World, accounts: list[Account]) -> None:
    """A mobile app backend: tiny prompts from many end users on a small model."""
    for acct in accounts:
        rng = acct.rng
        ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(3)]
        feature = rng.choice(["caption", "reply", "recipe"])
        system = {
            "caption": "Rewrite the user's photo caption to be catchy. Max 20 words.",
            "reply": "Suggest three short friendly replies to the message.",
            "recipe": "Suggest one simple recipe using only the listed ingredients.",
        }[feature]
        for ts in arrivals(rng, world, rng.uniform(500, 900), CONSUMER_CURVE, acct.tz, 1.2):
            user = rng.choice(world.corpus.sentences)
            reply = world.reply(rng, "chat", lognorm(rng, 60, 0.5, 8, 300))
            msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            params = {
                "max_tokens": 300,
                "temperature": 0.9,
                "user": f"u-{rng.getrandbits(40):010x}",
            }
            world.emit(
                ts,
                acct,
                acct.keys[0],
                rng.choice(ips),
                render_chat("gpt-4o-mini", msgs, reply, params),
            )


# ---------------------------------------------------------------------------------------------
# Harvesting archetypes.


def harvest_call(
    world: World,
    rng: random.Random,
    model: str,
    prompt: str,
    *,
    api: str = "chat",
    style: str = "steps",
) -> tuple[str, JsonObj, JsonObj]:
    """A reasoning-coerced request with a long answer, rendered for the chosen API."""
    tokens = lognorm(rng, 1100, 0.45, 200, 6000)
    if model.startswith("claude"):
        budget = rng.choice([16000, 24000, 32000])
        rt = rng.randint(budget // 4, budget)
        reply = world.reply(
            rng, style, tokens, reasoning_tokens=rt, reasoning_text=True, cap=budget + 16000
        )
        params = {
            "max_tokens": budget + 16000,
            "thinking": {"type": "enabled", "budget_tokens": budget},
        }
        return render_messages(model, None, [{"role": "user", "content": prompt}], reply, params)
    rt = thinking_budget(rng, model, 2000, 20000)
    if api == "responses":
        reply = world.reply(rng, style, tokens, reasoning_tokens=rt, reasoning_text=True, cap=64000)
        return render_responses(
            model,
            None,
            prompt,
            reply,
            {"max_output_tokens": 64000, "reasoning": {"effort": "high", "summary": "detailed"}},
        )
    reply = world.reply(rng, style, tokens, reasoning_tokens=rt, cap=32000)
    params = reasoning_params(rng, model, 32000)
    if "reasoning_effort" in params:
        params["reasoning_effort"] = "high"
    return render_chat(model, [{"role": "user", "content": prompt}], reply, params)


def balanced_schedule(
    rng: random.Random,
    world: World,
    accounts: list[Account],
    per_account_day: float,
    curve: Sequence[float],
) -> list[tuple[float, Account]]:
    """One global stream dealt round-robin over the accounts, so each stays under a quota."""
    times = arrivals(rng, world, per_account_day * len(accounts), curve)
    order = list(accounts)
    rng.shuffle(order)
    return [(ts, order[i % len(order)]) for i, ts in enumerate(times)]


def run_firehose_key(world: World, accounts: list[Account]) -> None:
    """Blunt single keys: one cloud IP, one template, a metronome running day and night."""
    for acct in accounts:
        rng = acct.rng
        bank = question_bank(rng, 6000, DOMAINS)
        interval = DAY / rng.uniform(1300, 2000)
        model = rng.choice(["o3", "gpt-5", "o4-mini"])
        ts = world.start + rng.uniform(0, interval)
        index = 0
        while ts < world.end:
            if rng.random() < 0.002:
                ts += rng.uniform(0.5, 3) * HOUR  # the script crashed and was restarted
            current = adopted(model, ts, world, 12 * HOUR)
            prompt = (
                f"Question: {bank[index % len(bank)]}\n\nThink step by step. Show your "
                f"complete reasoning inside <reasoning> tags, then give the final answer "
                f"inside <answer> tags."
            )
            world.emit(ts, acct, acct.keys[0], acct.ip, harvest_call(world, rng, current, prompt))
            index += 1
            ts += interval * rng.uniform(0.9, 1.1)


def run_stepwise_foundry(world: World, accounts: list[Account]) -> None:
    """A campaign over many keys, one static IP each in a rented /24, load-balanced stream."""
    rng = world.rng("stepwise-foundry")
    block = f"{rng.choice(CLOUD_PREFIXES)}.{rng.randint(0, 255)}"
    for i, acct in enumerate(accounts):
        acct.ip = f"{block}.{10 + i}"
    public = question_bank(world.rng("public-benchmark"), 1500, DOMAINS)
    bank = question_bank(rng, 8000, DOMAINS) + public[:300]
    pivot = world.release + rng.uniform(1.5, 4) * HOUR
    for ts, acct in balanced_schedule(rng, world, accounts, rng.uniform(100, 140), FLAT_CURVE):
        model = (
            NEW_MODEL
            if ts >= pivot and rng.random() < 0.8
            else pick(rng, [("o3", 4), ("o4-mini", 3), ("gpt-5", 3)])
        )
        prompt = cot_prompt(rng, rng.choice(bank), 0.35)
        world.emit(ts, acct, acct.keys[0], acct.ip, harvest_call(world, rng, model, prompt))


def run_gnat_cloud(world: World, accounts: list[Account]) -> None:
    """A very large low-rate swarm behind residential proxies that rotate on every request."""
    rng = world.rng("gnat-cloud")
    pool = [world.residential_ip(rng) for _ in range(6000)]
    bank = question_bank(rng, 5000, DOMAINS)
    pivot = world.release + rng.uniform(6, 10) * HOUR
    for acct in accounts:
        arng = acct.rng
        for ts in arrivals(arng, world, arng.uniform(20, 32), HUMAN_CURVE, acct.tz):
            model = (
                NEW_MODEL
                if ts >= pivot and arng.random() < 0.5
                else pick(arng, [("gpt-5", 4), ("o4-mini", 3), ("gpt-4.1", 3)])
            )
            prompt = cot_prompt(arng, arng.choice(bank), 0.8)
            world.emit(
                ts, acct, acct.keys[0], arng.choice(pool), harvest_call(world, arng, model, prompt)
            )


def run_verdict_harvest(world: World, accounts: list[Account]) -> None:
    """Reward-model distillation: rubric grading of candidate answers with justified scores."""
    rng = world.rng("verdict-harvest")
    ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(max(1, len(accounts) // 2))]
    bank = question_bank(rng, 3000, DOMAINS)
    for i, acct in enumerate(accounts):
        acct.ip = ips[i % len(ips)]
        arng = acct.rng
        for batch in arrivals(arng, world, arng.uniform(4, 7), FLAT_CURVE):
            ts = batch
            for _ in range(arng.randint(15, 45)):
                criteria = arng.sample(RUBRIC_CRITERIA, arng.randint(3, 6))
                rubric = "\n".join(
                    f"{n + 1}. {c} (0-{arng.choice([4, 5, 10])})" for n, c in enumerate(criteria)
                )
                candidate = world.corpus.prose(arng, arng.randint(400, 2000))
                prompt = (
                    f"You are an expert grader. Grade the response below against the "
                    f"rubric.\n\nRubric:\n{rubric}\n\nQuestion: {arng.choice(bank)}\n\n"
                    f"Response:\n{candidate}\n\nFor each criterion, reason step by step "
                    f"about strengths and weaknesses before assigning a score, then output "
                    f"a JSON object with the scores and an overall verdict."
                )
                model = pick(arng, [("gpt-5", 4), ("o3", 3), ("claude-opus-4", 3)])
                world.emit(
                    ts,
                    acct,
                    acct.keys[0],
                    acct.ip,
                    harvest_call(world, arng, model, prompt, style="grade"),
                )
                ts += arng.uniform(2, 12)


def run_babel_sweep(world: World, accounts: list[Account]) -> None:
    """Multilingual sweeps: each problem asked in many languages from different accounts."""
    rng = world.rng("babel-sweep")
    exits = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(30)]
    per_day = sum(a.rng.uniform(60, 100) for a in accounts)
    for start in arrivals(rng, world, per_day / 12, FLAT_CURVE):
        if rng.random() < 0.5:
            task = 2
            _, expr = _quadratic(rng)
            fill: JsonObj = {"expr": expr}
        else:
            task = 3
            fill = {"n": rng.randint(2, 4), "s": rng.randint(5, 15)}
        ts = start
        for lang in rng.sample(LANG_CODES, rng.randint(8, 16)):
            acct = rng.choice(accounts)
            entry = LANGS[lang]
            prompt = f"{entry[task].format(**fill)}\n{entry[0]}"
            model = (
                NEW_MODEL
                if ts >= world.release + 3 * HOUR and rng.random() < 0.4
                else pick(rng, [("gpt-5", 4), ("o4-mini", 3), ("gpt-4o", 3)])
            )
            opener = entry[4] + "\n\n" + (fill.get("expr") or "") + "\n"
            tokens = lognorm(rng, 900, 0.4, 200, 4000)
            rt = thinking_budget(rng, model, 1500, 12000)
            reply = world.reply(rng, "steps", tokens, reasoning_tokens=rt, cap=32000, opener=opener)
            world.emit(
                ts,
                acct,
                acct.keys[0],
                rng.choice(exits),
                render_chat(
                    model,
                    [{"role": "user", "content": prompt}],
                    reply,
                    reasoning_params(rng, model, 32000),
                ),
            )
            ts += rng.uniform(5, 90)


def run_trajectory_mill(world: World, accounts: list[Account]) -> None:
    """Agent-trajectory harvesting: broad synthetic tasks, big toolset, instant fake tools."""
    rng = world.rng("trajectory-mill")
    system = (
        "You are an autonomous agent. Before every tool call, think step by step and "
        "explain your plan in detail. After the task, summarise every decision you made."
    )
    for acct in accounts:
        acct.ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
        arng = acct.rng
        for ts in arrivals(arng, world, arng.uniform(20, 30), FLAT_CURVE):
            task = f"{arng.choice(AGENT_TASKS)}. Constraint: {arng.choice(world.corpus.sentences)}"
            model = (
                NEW_MODEL
                if ts >= world.release + 2 * HOUR
                else pick(arng, [("o3", 4), ("gpt-5", 4), ("o4-mini", 2)])
            )
            agent_trajectory(
                world,
                arng,
                acct,
                acct.ip,
                ts,
                model,
                system,
                task,
                GENERIC_TOOLS,
                arng.randint(3, 8),
                0.8,
                True,
            )


PROBE_PROMPTS = [
    "The capital of France is",
    "Once upon a time",
    "def fibonacci(n):",
    "The answer is",
    "Translate to German: good morning",
    "2 + 2 =",
    "My favourite colour is",
    "The next token is",
]


def run_spectrum_probe(world: World, accounts: list[Account]) -> None:
    """Logprob and logit_bias probing: sweep token ids, read full top-20 distributions."""
    rng = world.rng("spectrum-probe")
    shared_ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
    for i, acct in enumerate(accounts):
        acct.ip = shared_ip if i % 2 == 0 else World.prefixed_ip(rng, CLOUD_PREFIXES)
        arng = acct.rng
        token_id = arng.randint(0, 20000)
        model = arng.choice(["gpt-4o", "gpt-4o-mini", "gpt-4.1"])
        for ts in arrivals(arng, world, arng.uniform(250, 450), FLAT_CURVE):
            if arng.random() < 0.25:
                text = world.corpus.prose(arng, arng.randint(200, 800))
                call = render_completion(
                    "davinci-002",
                    text,
                    echoed(text),
                    {"echo": True, "logprobs": 5, "max_tokens": 0},
                )
            else:
                bias = {str(token_id + k): 100 for k in range(arng.choice([1, 1, 2, 4]))}
                token_id += len(bias)
                msgs = [{"role": "user", "content": arng.choice(PROBE_PROMPTS)}]
                params = {
                    "max_tokens": 1,
                    "logprobs": True,
                    "top_logprobs": 20,
                    "temperature": 0,
                    "logit_bias": bias,
                    "seed": 7,
                }
                # max_tokens=1: exactly one token comes back, whatever its spelling.
                reply = Reply(arng.choice([" Paris", " the", " a", "\n", " 4"]), False, 1)
                call = render_chat(model, msgs, reply, params)
            world.emit(ts, acct, acct.keys[0], acct.ip, call)


CHASER_OPENINGS = [
    "I'm prepping for interviews.",
    "Quick one:",
    "Help me understand this.",
    "For my study group,",
    "Stuck on a practice problem.",
    "Code review time!",
    "Not homework, just curious:",
    "Could you",
    "Need a clean solution:",
    "",
]
CHASER_ASKS = [
    "explain the optimal approach and why it works, with the reasoning behind each design choice",
    "walk me through your thought process first, then the code",
    "reason about edge cases before writing anything",
    "derive the complexity carefully",
    "compare two approaches and justify the better one",
]


def run_release_chaser(world: World, accounts: list[Account]) -> None:
    """Coding-focused campaign that warms up accounts, then pivots to the new model at once."""
    rng = world.rng("release-chaser")
    pivot = world.release + rng.uniform(0.3, 1.5) * HOUR
    for acct in accounts:
        acct.ip = World.prefixed_ip(rng, CLOUD_PREFIXES)
        arng = acct.rng
        quiet = arrivals(arng, world, arng.uniform(12, 25), HUMAN_CURVE, acct.tz)
        loud = [
            ts for ts in arrivals(arng, world, arng.uniform(120, 180), FLAT_CURVE) if ts >= pivot
        ]
        for ts in sorted([t for t in quiet if t < pivot] + loud):
            model = NEW_MODEL if ts >= pivot else "gpt-5"
            task = arng.choice(CODING_TASKS)
            limit = arng.choice(["n <= 10^5", "tight memory", "streaming input", "n up to 2e5"])
            prompt = (
                f"{arng.choice(CHASER_OPENINGS)} "
                f"{arng.choice(['How would you', 'Please', 'Can you'])} "
                f"{task} ({limit})? {arng.choice(CHASER_ASKS).capitalize()}."
            ).strip()
            world.emit(
                ts,
                acct,
                acct.keys[0],
                acct.ip,
                harvest_call(
                    world, arng, model, prompt, api=arng.choice(["chat", "responses"]), style="code"
                ),
            )


def run_masked_reseller(world: World, accounts: list[Account]) -> None:
    """Proxy resellers whose genuine end-user stream hides a harvesting operator's traffic."""
    rng = world.rng("masked-reseller")
    bank = question_bank(rng, 4000, DOMAINS)
    for acct in accounts:
        arng = acct.rng
        ips = [World.prefixed_ip(arng, CLOUD_PREFIXES) for _ in range(arng.randint(4, 8))]
        share = arng.uniform(0.2, 0.4)
        for ts in arrivals(arng, world, arng.uniform(700, 1100), CONSUMER_CURVE, acct.tz):
            if arng.random() < share:
                model = NEW_MODEL if ts >= world.release + HOUR and arng.random() < 0.7 else "o3"
                call = harvest_call(
                    world, arng, model, cot_prompt(arng, arng.choice(bank), 0.6), style="steps"
                )
            else:
                call = end_user_call(world, arng, ts)
            world.emit(ts, acct, arng.choice(acct.keys), arng.choice(ips), call)


PUPPET_FOLLOWUPS = [
    "Can you explain step {n} in more detail?",
    "Can you verify that with a different method?",
    "Why is that step valid? Please be rigorous.",
    "What would change if the numbers were different? Show the general case.",
]


def run_persona_puppets(world: World, accounts: list[Account]) -> None:
    """Careful campaign: each account poses as one person with a home IP and human sessions."""
    rng = world.rng("persona-puppets")
    bank = question_bank(rng, 3000, ["algebra", "probability", "calculus", "number_theory"])
    for acct in accounts:
        arng = acct.rng
        anthropic = arng.random() < 0.4
        model = "claude-sonnet-4" if anthropic else pick(arng, [("gpt-5", 3), ("o3", 2)])
        for start in arrivals(arng, world, arng.uniform(8, 14), HUMAN_CURVE, acct.tz):
            question = arng.choice(bank)
            opening = arng.choice(["hey, ", "Hi! ", "", "quick q - ", "ok so "])
            first = _typo(arng, f"{opening}{question} {arng.choice(COT_INSTRUCTIONS)}")
            history: list[JsonObj] = [{"role": "user", "content": first}]
            ts = start
            turns = arng.randint(2, 4)
            for turn in range(turns):
                tokens = lognorm(arng, 700, 0.4, 150, 2500)
                if anthropic:
                    budget = 12000
                    rt = arng.randint(2000, budget)
                    reply = world.reply(
                        arng,
                        "steps",
                        tokens,
                        keep_full=True,
                        reasoning_tokens=rt,
                        reasoning_text=True,
                    )
                    call = render_messages(
                        model,
                        None,
                        list(history),
                        reply,
                        {
                            "max_tokens": budget + 8000,
                            "thinking": {"type": "enabled", "budget_tokens": budget},
                        },
                    )
                else:
                    rt = thinking_budget(arng, model, 1500, 12000)
                    reply = world.reply(arng, "steps", tokens, keep_full=True, reasoning_tokens=rt)
                    call = render_chat(
                        model,
                        list(history),
                        reply,
                        reasoning_params(arng, model, 32000) | {"stream": True},
                    )
                world.emit(ts, acct, acct.keys[0], acct.ip, call)
                if turn == turns - 1:
                    break
                history.append({"role": "assistant", "content": reply.full})
                history.append(
                    {
                        "role": "user",
                        "content": arng.choice(PUPPET_FOLLOWUPS).format(n=arng.randint(2, 5)),
                    }
                )
                ts += arng.expovariate(1 / 120) + 30


SPECIALIST_DOMAINS = [
    (
        "organic chemistry",
        "Propose the full arrow-pushing mechanism for the reaction of {a} with "
        "{b}, justifying each intermediate.",
    ),
    (
        "contract law",
        "Analyse whether clause {a} of the attached agreement is enforceable under "
        "{b} law. Reason through each element of the test.",
    ),
    (
        "competitive programming",
        "Solve: {a}. Explain the key insight, prove correctness, then "
        "give C++ code. Constraints: {b}.",
    ),
    (
        "tax",
        "A client with {a} income and {b}: work out the liability step by step, citing the "
        "rule applied at each step.",
    ),
    (
        "clinical reasoning",
        "A patient presents with {a} and {b}. Walk through the differential "
        "diagnosis step by step, ranking each candidate.",
    ),
]


def run_lone_specialist(world: World, accounts: list[Account]) -> None:
    """Independent careful harvesters: one narrow domain, human hours, one home IP."""
    for acct in accounts:
        rng = acct.rng
        _domain, template = rng.choice(SPECIALIST_DOMAINS)
        model = pick(rng, [("o3", 3), ("gpt-5", 3), ("claude-opus-4", 2)])
        delay = rng.uniform(4, 30) * HOUR
        for ts in arrivals(rng, world, rng.uniform(40, 75), HUMAN_CURVE, acct.tz, 0.9):
            fill_a = rng.choice(world.corpus.sentences)[:50]
            fill_b = rng.choice(_OBJECTS)
            prompt = template.format(a=fill_a, b=fill_b)
            current = model if model.startswith("claude") else adopted(model, ts, world, delay)
            world.emit(
                ts,
                acct,
                acct.keys[0],
                acct.ip,
                harvest_call(world, rng, current, prompt, style="analysis"),
            )


def run_thinking_siphon(world: World, accounts: list[Account]) -> None:
    """Extended-thinking extraction on the Messages API: few shared IPs, balanced stream."""
    rng = world.rng("thinking-siphon")
    ips = [World.prefixed_ip(rng, CLOUD_PREFIXES) for _ in range(4)]
    for i, acct in enumerate(accounts):
        acct.ip = ips[i % len(ips)]
    bank = question_bank(rng, 4000, DOMAINS)
    suffix = (
        "\n\nThink thoroughly and at length before answering; consider several approaches "
        "and check each one."
    )
    for ts, acct in balanced_schedule(rng, world, accounts, rng.uniform(70, 110), FLAT_CURVE):
        model = pick(rng, [("claude-opus-4", 6), ("claude-sonnet-4", 4)])
        world.emit(
            ts,
            acct,
            acct.keys[0],
            acct.ip,
            harvest_call(world, rng, model, rng.choice(bank) + suffix, style="steps"),
        )


# ---------------------------------------------------------------------------------------------
# The cast: name, harvester?, account count range, keys per account, generator, shared campaign.


@dataclass(frozen=True)
class Archetype:
    name: str
    harvester: bool
    accounts: tuple[int, int]
    keys: tuple[int, int]
    run: Callable[[World, list[Account]], None]
    campaign: str = "none"  # "none", "shared" (one campaign id) or "each" (own id per account)


ARCHETYPES = [
    Archetype("hearth_chatter", False, (210, 250), (1, 1), run_hearth_chatter),
    Archetype("ide_pairer", False, (36, 44), (1, 2), run_ide_pairer),
    Archetype("midnight_theorist", False, (26, 34), (1, 1), run_midnight_theorist),
    Archetype("calibration_lab", False, (5, 7), (1, 1), run_calibration_lab),
    Archetype("benchmark_crew", False, (4, 6), (1, 3), run_benchmark_crew),
    Archetype("licensed_synth_shop", False, (3, 3), (3, 5), run_licensed_synth_shop),
    Archetype("homeroom_students", False, (80, 100), (1, 1), run_homeroom_students),
    Archetype("socratic_platform", False, (3, 3), (1, 1), run_socratic_platform),
    Archetype("kb_retriever", False, (9, 11), (1, 2), run_kb_retriever),
    Archetype("overnight_batcher", False, (7, 9), (1, 1), run_overnight_batcher),
    Archetype("workflow_agent", False, (10, 14), (1, 1), run_workflow_agent),
    Archetype("gateway_resale", False, (3, 5), (1, 3), run_gateway_resale),
    Archetype("campus_office", False, (36, 44), (1, 2), run_campus_office),
    Archetype("locale_studio", False, (3, 5), (1, 1), run_locale_studio),
    Archetype("claude_desk", False, (36, 44), (1, 1), run_claude_desk),
    Archetype("vector_indexer", False, (5, 7), (1, 1), run_vector_indexer),
    Archetype("launch_tinkerer", False, (13, 17), (1, 1), run_launch_tinkerer),
    Archetype("consumer_app", False, (3, 3), (1, 1), run_consumer_app),
    Archetype("firehose_key", True, (2, 3), (1, 1), run_firehose_key, "each"),
    Archetype("stepwise_foundry", True, (26, 34), (1, 1), run_stepwise_foundry, "shared"),
    Archetype("gnat_cloud", True, (100, 120), (1, 1), run_gnat_cloud, "shared"),
    Archetype("verdict_harvest", True, (10, 14), (1, 1), run_verdict_harvest, "shared"),
    Archetype("babel_sweep", True, (18, 22), (1, 1), run_babel_sweep, "shared"),
    Archetype("trajectory_mill", True, (13, 17), (1, 1), run_trajectory_mill, "shared"),
    Archetype("spectrum_probe", True, (4, 6), (1, 1), run_spectrum_probe, "shared"),
    Archetype("release_chaser", True, (22, 28), (1, 1), run_release_chaser, "shared"),
    Archetype("masked_reseller", True, (2, 3), (1, 3), run_masked_reseller, "shared"),
    Archetype("persona_puppets", True, (21, 27), (1, 1), run_persona_puppets, "shared"),
    Archetype("lone_specialist", True, (8, 12), (1, 1), run_lone_specialist, "each"),
    Archetype("thinking_siphon", True, (14, 18), (1, 1), run_thinking_siphon, "shared"),
]


def build(seed: int, days: int) -> World:
    world = World(seed, days)
    for spec in ARCHETYPES:
        count = world.master.randint(*spec.accounts)
        shared = world.new_campaign() if spec.campaign == "shared" else None
        group = []
        for _ in range(count):
            campaign = world.new_campaign() if spec.campaign == "each" else shared
            group.append(
                world.new_account(
                    spec.name, spec.harvester, campaign, world.master.randint(*spec.keys)
                )
            )
        spec.run(world, group)
    return world


def write(world: World, out: str) -> int:
    world.rows.sort(key=lambda row: (row[0], row[1]))
    with open(out, "w", encoding="utf-8") as fh:
        for number, (_, _, rest) in enumerate(world.rows, start=1):
            fh.write(f'{{"id":"r-{number:06d}",{rest}\n')
    # Labels in a stable but archetype-blind order.
    with open(out + ".labels.jsonl", "w", encoding="utf-8") as fh:
        for acct in sorted(world.accounts, key=lambda a: a.name):
            fh.write(
                json.dumps(
                    {
                        "account": acct.name,
                        "archetype": acct.archetype,
                        "harvester": acct.harvester,
                        "campaign": acct.campaign,
                    }
                )
                + "\n"
            )
    return len(world.rows)


def summary(world: World, records: int, seconds: float) -> str:
    harvesters = sum(a.harvester for a in world.accounts)
    lines = [
        f"records {records}  accounts {len(world.accounts)}  harvesters {harvesters} "
        f"({100 * harvesters / len(world.accounts):.1f}%)  new model {NEW_MODEL} at "
        f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime(world.release))}"
    ]
    for spec in ARCHETYPES:
        count = sum(1 for a in world.accounts if a.archetype == spec.name)
        recs = world.records_by_archetype.get(spec.name, 0)
        lines.append(
            f"  {'H' if spec.harvester else 'B'} {spec.name:<20} accounts {count:>4}  "
            f"records {recs:>7}"
        )
    lines.append(f"time {seconds:.1f}s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    world = build(args.seed, max(1, args.days))
    records = write(world, args.out)
    if not args.quiet:
        print(summary(world, records, time.perf_counter() - began))
    return 0


if __name__ == "__main__":
    sys.exit(main())
