"""SEEN since the fifth session: its replays were read to tune the detector (no longer held out).

Third, independent traffic generator for `distillguard replay`. It was written without looking
at the detector (signals, policies, docs) or at the two earlier generators, so that scores on
it estimate how the detector does on traffic nobody tuned against.

Usage:
    .venv/bin/python bench/heldout_traffic.py --seed N --days D --out FILE
writes FILE (traffic records, ascending ts) and FILE.labels.jsonl (one label per account).
Seeded and reproducible (stdlib `random` seeded with strings only), stdlib only.

Account numbers are shuffled across archetypes, so ids carry no hint of the label.
Day 1 (the second day) a new model ("gpt-5.2-pro" / "claude-opus-5") is released at 14:00 UTC.

Benign archetypes (most accounts, about half the records):
  casual_user       hundreds of people chatting a few times a day in their waking hours,
                    multi-turn conversations, ordinary topics; a few ask "step by step" the way
                    people naturally do.
  app_backend       products (support summariser, listing writer, email triage) with one fixed
                    system prompt + variable content, hundreds to thousands of calls a day on a
                    diurnal curve from a few datacenter IPs: templated and high volume, yet benign.
  tool_agent        agent frameworks: tools declared, tool_calls/tool results in the history,
                    bursts of 5-25 chained calls per task; mixed chat and /v1/responses.
  rag_backend       retrieval QA: long retrieved contexts (thousands of prompt tokens),
                    short answers.
  code_assistant    IDE plugins: many short requests with code context during work hours.
  batch_classifier  nightly batch jobs: one template, metronomic cadence for an hour or two.
  translation_saas  hard: the same source text swept into 8-12 languages, all day long.
  eval_lab          hard: a research lab running benchmarks, temperature 0, "think step by step",
                    logprobs on multiple-choice items, on the new model the day it is released.
  tutoring_app      hard: an edtech app whose whole product is step-by-step worked solutions
                    in narrow subjects (maths/physics), high volume, few keys.
  campus_students   hard: dozens of student accounts behind two university NAT IPs working the
                    same problem set (same questions, "explain step by step") before a deadline.
  early_adopter     hard: developers who switch to the new model within hours of its release and
                    hammer it with varied tests for a few hours.
  synthetic_qa_team hard: a company generating eval data for its own product with a rubric;
                    rubric-style prompts but moderate volume, one key, office hours.

Harvester archetypes:
  firehose          blunt: one account, one key, one IP, 24/7 metronome, one template,
                    "show every step", max_tokens 4096, long outputs, o-series reasoning billed.
  logprob_prober    blunt-ish: logprobs/top_logprobs=20, max_tokens 1-3, logit_bias sweeps over a
                    candidate vocabulary; few completion tokens so little text leaks per call.
  swarm             large low-volume campaign (camp-swarm, ~200 accounts, ~20 req/account/day):
                    load-balanced round-robin across accounts, residential proxy pool shared by
                    accounts, paraphrased templates, multilingual sweep of the same maths/code
                    items, moderate outputs, 10% benign filler, pivots to the new model hours
                    after release.
  rubric_mill       mid-sized campaign (camp-rubric, ~30 accounts, ~70/day): rubric grading and
                    pairwise preference prompts, human-like working hours per persona, 2-4 keys
                    each, two datacenter /24s, 15% benign filler.
  trace_miner       mid-small campaign (camp-trace, 10 accounts): /v1/messages with extended
                    thinking on, hard problems, asks to keep the full reasoning visible.
  hydra_reseller    proxy "hydra" (camp-hydra, 4 accounts x ~20 keys): a reseller relaying genuine
                    downstream customers (65%) and harvesting legal reasoning (35%).
  pivot_sprinter    campaign (camp-pivot, 6 fresh accounts) created after the new model release,
                    bursting on it only, with shared infrastructure.
  careful_solo      careful single accounts: 3 keys, human timing with sleep, varied wording,
                    300-700 token outputs, 25-35% benign mix, one narrow domain each (one of them
                    harvests agentic tool-use trajectories).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from dataclasses import dataclass, field
from typing import Any

START = 1763942400.0  # 2025-11-24 00:00 UTC
DAY = 86400.0
RELEASE_OFFSET = DAY + 14 * 3600.0
NEW_GPT = "gpt-5.2-pro"
NEW_CLAUDE = "claude-opus-5"

CHAT = "/v1/chat/completions"
RESP = "/v1/responses"
MSGS = "/v1/messages"

Json = dict[str, Any]

# ---------------------------------------------------------------- text banks

FILLER = [
    "This depends on a few factors worth separating first",
    "The short answer is yes, with one caveat",
    "Here is a practical way to approach it",
    "Most people find the second option easier to maintain",
    "If you only remember one thing, make it this",
    "The main trade-off is cost against flexibility",
    "Start small, measure, and then adjust",
    "A common mistake is to skip the first check",
    "You can verify the result by plugging it back in",
    "In practice the difference is rarely noticeable",
    "Consider the edge case where the input is empty",
    "That gives us the final value we were looking for",
    "The reason is that each part scales independently",
    "Let me know if you want a shorter version",
    "",
]

CASUAL_TOPICS = [
    "Can you suggest a vegetarian dinner I can make in 30 minutes with {a} and {b}?",
    "What's a polite way to tell my landlord the {a} has been broken for two weeks?",
    "Give me a 3-day itinerary for {city} on a budget.",
    "Rewrite this so it sounds less passive aggressive: '{sentence}'",
    "Why does my {a} make a clicking noise when it starts?",
    "Explain {concept} like I'm 12.",
    "What are good gift ideas for a {age}-year-old who likes {a}?",
    "Help me write a birthday message for my {relation}.",
    "Is it safe to eat {a} that was left out overnight?",
    "Summarize the plot of {book} without spoilers.",
    "How do I ask for a raise if I've been at my job {n} years?",
    "Make a beginner workout plan, {n} days a week, no equipment.",
    "What's the difference between {concept} and {concept2}?",
    "Can you check my math? I think {n} times {m} is {wrong}.",
    "Explain step by step how to change a bike tire.",
    "Translate 'where is the nearest pharmacy' into {lang_name}.",
    "My cover letter opening is '{sentence}'. How can I make it stronger?",
    "Plan a kid's birthday party for {n} children, theme: {a}.",
]
FOLLOWUPS = [
    "Thanks! Can you make it shorter?",
    "What if I don't have {a}?",
    "ok and how long would that take",
    "Can you give me two more options?",
    "Great, now put that in a table.",
    "hmm that doesn't seem right, are you sure?",
    "Perfect. One more question: what about {b}?",
]
NOUNS = [
    "chickpeas",
    "spinach",
    "car",
    "dishwasher",
    "lego",
    "board games",
    "sourdough",
    "tofu",
    "heater",
    "laptop",
    "gardening",
    "astronomy",
    "rice",
    "mushrooms",
    "fridge",
    "guitar",
]
CITIES = ["Lisbon", "Kyoto", "Mexico City", "Krakow", "Montreal", "Hanoi", "Cape Town", "Porto"]
CONCEPTS = [
    "inflation",
    "compound interest",
    "photosynthesis",
    "black holes",
    "vaccines",
    "recession",
    "machine learning",
    "the stock market",
    "climate change",
    "blockchain",
    "DNA",
    "gravity",
]
BOOKS = ["Dune", "Pride and Prejudice", "The Hobbit", "Beloved", "1984", "Project Hail Mary"]
RELATIONS = ["mom", "best friend", "boss", "grandfather", "sister", "coworker"]
SENTENCES = [
    "As I mentioned in my last three emails, the report is late",
    "I am writing to apply for the position you posted",
    "Per my previous message, please advise",
    "I have always been passionate about logistics",
]
LANG_NAMES = ["Spanish", "French", "German", "Japanese", "Portuguese", "Italian", "Korean"]

CODE_LANGS = ["python", "typescript", "go", "rust", "java", "sql"]
CODE_TASKS = [
    "Why does this throw {err}?\n\n```{lang}\n{code}\n```",
    "Write a unit test for this function:\n\n```{lang}\n{code}\n```",
    "Refactor this to be more readable, keep behaviour identical:\n```{lang}\n{code}\n```",
    "Complete the function body.\n```{lang}\n{code}\n```",
    "What's the time complexity of this?\n```{lang}\n{code}\n```",
    "Add type hints and a docstring:\n```{lang}\n{code}\n```",
]
CODE_SNIPPETS = [
    "def merge(a, b):\n    out = []\n    while a and b:\n"
    "        out.append(a.pop(0) if a[0] < b[0] else b.pop(0))\n    return out + a + b",
    "function debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n"
    "    t = setTimeout(() => fn(...args), ms);\n  };\n}",
    "func (s *Store) Get(k string) (string, error) {\n\ts.mu.Lock()\n\tv, ok := s.m[k]\n"
    '\tif !ok { return "", ErrMissing }\n\treturn v, nil\n}',
    "SELECT user_id, COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id\n"
    "WHERE o.created_at > now() - interval '30 days' GROUP BY 1 HAVING COUNT(*) > {n};",
    "fn parse(line: &str) -> Option<(u32, u32)> {\n    let mut it = line.split(',');\n"
    "    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))\n}",
    "public int findPeak(int[] a) {\n  int lo = 0, hi = a.length - 1;\n  while (lo < hi) {\n"
    "    int mid = (lo + hi) / 2;\n    if (a[mid] < a[mid+1]) lo = mid + 1; else hi = mid;\n"
    "  }\n  return lo;\n}",
]
ERRORS = [
    "KeyError",
    "a nil pointer dereference",
    "TypeError: undefined is not a function",
    "a borrow checker error",
    "IndexOutOfBoundsException",
    "a deadlock",
]

# Maths/code items used by harvesters (and, on purpose, by benign tutoring/eval accounts too).
MATH_ITEMS = [
    "A tank fills at {n} litres per minute and drains at {m} litres per minute. Starting "
    "empty, how long until it holds {k} litres?",
    "Find all integer solutions of x^2 - {n}x + {m} = 0.",
    "How many {n}-digit numbers have digits summing to {m}?",
    "A fair die is rolled {n} times. What is the probability of at least {m} sixes?",
    "Prove that the sum of the first {n} odd numbers is a perfect square.",
    "Compute the remainder of {n}^{k} divided by {m}.",
    "In triangle ABC, AB = {n}, AC = {m}, and angle A = 60 degrees. Find BC.",
    "A sequence has a_1 = {n} and a_(k+1) = 2a_k - {m}. Find a_{k}.",
]
CODE_ITEMS = [
    "Implement an LRU cache with O(1) get and put in {lang}.",
    "Given an array of {n} integers, return the length of the longest increasing subsequence. "
    "Write it in {lang}.",
    "Write a {lang} function that checks whether a graph with {n} nodes has a cycle.",
    "Implement Dijkstra's algorithm in {lang} with a binary heap.",
    "Write a {lang} function to serialize and deserialize a binary tree.",
    "Solve: minimum number of coins to make {m} from denominations 1, {k}, {n}. Use {lang}.",
]
SCIENCE_ITEMS = [
    "Predict the major product when {reag} reacts with {sub} under {cond}, and explain the "
    "mechanism.",
    "Balance the redox reaction of {reag} with {sub} in {cond} solution.",
    "Explain why {sub} is more acidic than {reag}, considering resonance and induction.",
    "Design a three-step synthesis of {sub} starting from {reag}.",
]
REAGENTS = ["KMnO4", "NaBH4", "LiAlH4", "HBr", "ozone", "PCC", "Grignard reagent", "H2SO4"]
SUBSTRATES = ["cyclohexene", "benzaldehyde", "acetophenone", "phenol", "toluene", "1-butanol"]
CONDITIONS = ["acidic", "basic", "anhydrous", "reflux", "cold dilute", "UV light"]
MED_ITEMS = [
    "A {age}-year-old presents with {sym1} and {sym2} for {n} days. Give a differential "
    "diagnosis ranked by likelihood with reasoning for each.",
    "Walk through the interpretation of an ABG with pH {ph}, pCO2 {n}, HCO3 {m}.",
    "A patient on {drug} develops {sym1}. What is the likely mechanism and management?",
]
SYMPTOMS = ["fever", "chest pain", "dyspnea", "headache", "rash", "abdominal pain", "fatigue"]
DRUGS = ["warfarin", "lithium", "metformin", "amiodarone", "clozapine", "digoxin"]
LEGAL_ITEMS = [
    "Under US contract law, analyse whether a valid contract formed when {p1} emailed {p2} an "
    "offer of ${n} and {p2} replied 'sounds fine, subject to board approval'. "
    "Reason issue by issue.",
    "Apply the IRAC method: {p1} slipped in {p2}'s store after a {hazard} was left "
    "for {n} minutes.",
    "Explain whether {p1}'s non-compete covering {n} miles for {m} years is enforceable, "
    "considering the main tests courts apply.",
]
PARTIES = ["Acme LLC", "Ms. Rivera", "Dr. Okafor", "Bolt Logistics", "Mr. Haas", "Sunrise Foods"]
HAZARDS = ["spilled juice", "loose mat", "broken tile", "wet floor"]

# Reasoning coercion, paraphrased so that no single phrase dominates.
COERCE = [
    "Think step by step and show all of your reasoning before giving the final answer.",
    "Reason carefully, writing out every intermediate step, then state the answer.",
    "Before answering, lay out your full chain of thought in numbered steps.",
    "Please be thorough: derive the result step by step and double-check it.",
    "Work through this methodically. Show the work, not just the answer.",
    "Explain your reasoning in detail, step by step, then give a final answer on its own line.",
    "Let's reason it out one step at a time.",
    "",
]
COERCE_ML = {
    "es": "Piensa paso a paso y muestra todo tu razonamiento antes de la respuesta final.",
    "fr": "Réfléchis étape par étape et montre tout ton raisonnement avant la réponse finale.",
    "de": "Denke Schritt für Schritt und zeige deine gesamte Argumentation vor der Antwort.",
    "pt": "Pense passo a passo e mostre todo o raciocínio antes da resposta final.",
    "it": "Ragiona passo dopo passo e mostra tutto il ragionamento prima della risposta.",
    "ru": "Рассуждай шаг за шагом и покажи все рассуждения перед окончательным ответом.",
    "zh": "请一步一步地思考，并在给出最终答案之前展示完整的推理过程。",  # noqa: RUF001
    "ja": "段階的に考え、最終的な答えの前にすべての推論を示してください。",
    "ko": "단계별로 생각하고 최종 답변 전에 모든 추론 과정을 보여 주세요.",
    "ar": "فكّر خطوة بخطوة واعرض كل استدلالك قبل الإجابة النهائية.",
    "hi": "चरण दर चरण सोचें और अंतिम उत्तर से पहले अपना पूरा तर्क दिखाएँ।",
    "tr": "Adım adım düşün ve nihai cevaptan önce tüm akıl yürütmeni göster.",  # noqa: RUF001
    "vi": "Hãy suy nghĩ từng bước và trình bày toàn bộ lập luận trước khi trả lời.",
    "id": "Pikirkan langkah demi langkah dan tunjukkan seluruh penalaranmu sebelum jawaban akhir.",
}
SOLVE_ML = {
    "en": "Solve the following problem.",
    "es": "Resuelve el siguiente problema.",
    "fr": "Résous le problème suivant.",
    "de": "Löse die folgende Aufgabe.",
    "pt": "Resolva o seguinte problema.",
    "it": "Risolvi il seguente problema.",
    "ru": "Решите следующую задачу.",
    "zh": "解决以下问题。",
    "ja": "次の問題を解いてください。",
    "ko": "다음 문제를 푸세요.",
    "ar": "حل المسألة التالية.",
    "hi": "निम्नलिखित समस्या हल करें।",
    "tr": "Aşağıdaki problemi çöz.",  # noqa: RUF001
    "vi": "Giải bài toán sau.",
    "id": "Selesaikan soal berikut.",
}
TRANSLATE_TARGETS = ["es", "fr", "de", "pt", "it", "ja", "zh", "ko", "nl", "pl", "tr", "sv"]

RUBRIC_TASKS = [
    "You are an expert grader. Score the RESPONSE to the PROMPT on a 1-10 scale for each rubric "
    "criterion: correctness, completeness, clarity, safety. Justify each score in 2-3 sentences, "
    'then output JSON {{"scores": ..., "overall": ...}}.\n\nPROMPT: {q}\n\nRESPONSE: {a}',
    "Compare RESPONSE A and RESPONSE B to the question below. Explain which is better and why, "
    "criterion by criterion, then output 'A' or 'B'.\n\nQUESTION: {q}\n\nA: {a}\n\nB: {b}",
    "Grade this answer against the reference solution. List every error, assign partial credit "
    "out of {n} points, and explain the deduction for each step.\n\nQ: {q}\nStudent: {a}",
    "Act as a reward model. Rate how helpful and harmless the assistant turn is (1-7) and write "
    "a detailed critique that could be used to improve it.\n\nUser: {q}\nAssistant: {a}",
]

ANSWER_SNIPPETS = [
    "The answer is 42 because the rate difference is constant.",
    "We can use dynamic programming; the recurrence is f(n) = f(n-1) + f(n-2).",
    "I think the contract is valid since the reply was an acceptance.",
    "Sorry, I cannot help with that.",
    "First compute the discriminant, which is positive, so there are two roots.",
    "Use a hash map plus a doubly linked list.",
]

SUPPORT_TICKETS = [
    "My order #{n} arrived damaged, the box was crushed and the {a} is cracked.",
    "I was charged twice for my subscription this month, please refund one charge.",
    "The app logs me out every time I switch to {a}. Very annoying.",
    "How do I change the shipping address for order #{n}?",
    "Your courier left my package at the wrong house again.",
    "Can I upgrade my plan mid-cycle without losing my {a} settings?",
]
LISTING_ITEMS = [
    "{a} | colour: {c} | size: {s} | material: cotton blend",
    "Refurbished {a}, 128GB, {c}, battery health 91%",
    "Handmade {a}, {c} glaze, {s} cm tall",
]
COLORS = ["navy", "sage", "charcoal", "ivory", "terracotta", "black"]
SIZES = ["S", "M", "L", "XL", "20", "35"]

TOOLS: list[Json] = [
    {
        "type": "function",
        "function": {
            "name": "search_web",
            "description": "Search the web",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "read_file",
            "description": "Read a file",
            "parameters": {
                "type": "object",
                "properties": {"path": {"type": "string"}},
                "required": ["path"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "run_sql",
            "description": "Run a SQL query",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}},
                "required": ["query"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "create_ticket",
            "description": "Open a ticket",
            "parameters": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "body": {"type": "string"}},
            },
        },
    },
]
AGENT_GOALS = [
    "Find last quarter's top 5 customers by revenue and email a summary to finance.",
    "Investigate why the nightly ETL job failed and open a ticket with the root cause.",
    "Research three competitors' pricing pages and produce a comparison table.",
    "Fix the failing test in tests/test_billing.py and explain the change.",
    "Reconcile the invoices in /data/invoices against the ledger table.",
]
DOC_CHUNK = (
    "Section {n}. The policy applies to all employees and contractors who access company "
    "systems. Requests for exceptions must be submitted in writing and approved by the data "
    "owner. Retention periods are set by record class; operational logs are kept for {m} days "
    "and financial records for seven years. Access reviews occur quarterly. "
)


def est_tokens(text: str) -> int:
    # CJK and similar scripts tokenise near one token per character; latin near 0.75 words.
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    narrow = len(text) - wide
    return max(1, int(narrow / 4.0 + wide * 1.1))


@dataclass
class Account:
    name: str
    keys: list[str]
    archetype: str
    harvester: bool
    campaign: str | None
    ips: list[str] = field(default_factory=list)


@dataclass
class Rec:
    ts: float
    account: str
    key: str
    ip: str
    path: str
    request: Json
    response: Json


class Gen:
    def __init__(self, seed: int, days: int) -> None:
        self.seed = seed
        self.days = days
        self.end = START + days * DAY
        self.rng = random.Random(f"heldout-master:{seed}")
        pool = list(range(1, 10000))
        self.rng.shuffle(pool)
        self.numbers = pool
        self.accounts: list[Account] = []
        self.recs: list[Rec] = []

    # ------------------------------------------------------------ helpers

    def sub(self, tag: str) -> random.Random:
        return random.Random(f"heldout:{self.seed}:{tag}")

    def account(
        self, archetype: str, harvester: bool, campaign: str | None, nkeys: int = 1
    ) -> Account:
        num = self.numbers.pop()
        letters = "abcdefghijklmnopqrstuvwxyz"
        keys = [f"k-{num:04d}{letters[i % 26]}{'' if i < 26 else i // 26}" for i in range(nkeys)]
        acct = Account(f"acct-{num:04d}", keys, archetype, harvester, campaign)
        self.accounts.append(acct)
        return acct

    @staticmethod
    def resi_ip(rng: random.Random) -> str:
        a = rng.choice([24, 47, 67, 71, 73, 76, 81, 86, 92, 98, 109, 151, 177, 187, 189, 201])
        return f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    @staticmethod
    def dc_ip(rng: random.Random, block: tuple[int, int, int] | None = None) -> str:
        if block is None:
            block = (
                rng.choice([3, 13, 34, 35, 52, 104, 142, 159]),
                rng.randint(0, 255),
                rng.randint(0, 255),
            )
        return f"{block[0]}.{block[1]}.{block[2]}.{rng.randint(2, 250)}"

    def in_range(self, ts: float) -> bool:
        return START <= ts < self.end

    @staticmethod
    def fill(rng: random.Random, slots: str) -> str:
        n, m = rng.randint(3, 60), rng.randint(2, 40)
        vals: dict[str, object] = dict(
            a=rng.choice(NOUNS),
            b=rng.choice(NOUNS),
            city=rng.choice(CITIES),
            sentence=rng.choice(SENTENCES),
            concept=rng.choice(CONCEPTS),
            concept2=rng.choice(CONCEPTS),
            age=rng.randint(4, 80),
            relation=rng.choice(RELATIONS),
            book=rng.choice(BOOKS),
            n=n,
            m=m,
            wrong=n * m + rng.choice([-10, 1, 7]),
            lang_name=rng.choice(LANG_NAMES),
            k=rng.randint(3, 12),
            lang=rng.choice(CODE_LANGS),
            reag=rng.choice(REAGENTS),
            sub=rng.choice(SUBSTRATES),
            cond=rng.choice(CONDITIONS),
            sym1=rng.choice(SYMPTOMS),
            sym2=rng.choice(SYMPTOMS),
            drug=rng.choice(DRUGS),
            ph=round(rng.uniform(7.1, 7.6), 2),
            p1=rng.choice(PARTIES),
            p2=rng.choice(PARTIES),
            hazard=rng.choice(HAZARDS),
            c=rng.choice(COLORS),
            s=rng.choice(SIZES),
        )
        # Only known {slot} names are filled, so code snippets keep their own braces.
        return re.sub(r"\{(\w+)\}", lambda m: str(vals.get(m.group(1), m.group(0))), slots)

    @staticmethod
    def reply_text(rng: random.Random, tokens: int, steps: bool = False, lang: str = "en") -> str:
        # Text is capped to keep files small; usage carries the true token count.
        words = min(int(tokens * 0.75), 110)
        parts: list[str] = []
        step = 1
        count = 0
        while count < words:
            s = rng.choice(FILLER).strip()
            if not s:
                continue
            if steps and rng.random() < 0.35:
                s = f"Step {step}: {s}"
                step += 1
            parts.append(s + ".")
            count += len(s.split())
        text = " ".join(parts)
        if steps:
            text += f" Final answer: {rng.randint(2, 999)}."
        if lang != "en" and lang in COERCE_ML:
            text = COERCE_ML[lang][:12] + " " + text
        return text

    def emit(
        self,
        rng: random.Random,
        ts: float,
        acct: Account,
        key: str,
        ip: str,
        api: str,
        model: str,
        system: str | None,
        turns: list[tuple[str, str]],
        max_tokens: int,
        out_tokens: int,
        *,
        steps: bool = False,
        lang: str = "en",
        extra: Json | None = None,
        reasoning_tokens: int = 0,
        thinking_budget: int = 0,
        tools: list[Json] | None = None,
        tool_call: str | None = None,
        status: int | None = None,
    ) -> None:
        if not self.in_range(ts):
            return
        req: Json
        prompt_text = (system or "") + " ".join(t for _, t in turns)
        if api == CHAT:
            msgs: list[Json] = []
            if system:
                msgs.append({"role": "system", "content": system})
            for role, text in turns:
                if role == "tool":
                    msgs.append(
                        {
                            "role": "tool",
                            "tool_call_id": f"call_{rng.getrandbits(40):x}",
                            "content": text,
                        }
                    )
                else:
                    msgs.append({"role": role, "content": text})
            req = {"model": model, "messages": msgs}
            if model.startswith(("o3", "o4", "gpt-5")):
                req["max_completion_tokens"] = max_tokens
            else:
                req["max_tokens"] = max_tokens
        elif api == RESP:
            inp: Any
            if len(turns) == 1 and turns[0][0] == "user":
                inp = turns[0][1]
            else:
                inp = [{"role": "user" if r == "tool" else r, "content": t} for r, t in turns]
            req = {"model": model, "input": inp, "max_output_tokens": max_tokens}
            if system:
                req["instructions"] = system
        else:
            amsgs: list[Json] = []
            for role, text in turns:
                if role == "tool":
                    amsgs.append(
                        {
                            "role": "user",
                            "content": [
                                {
                                    "type": "tool_result",
                                    "tool_use_id": f"toolu_{rng.getrandbits(40):x}",
                                    "content": text,
                                }
                            ],
                        }
                    )
                else:
                    amsgs.append({"role": role, "content": [{"type": "text", "text": text}]})
            req = {"model": model, "messages": amsgs, "max_tokens": max_tokens}
            if system:
                req["system"] = system
            if thinking_budget:
                req["thinking"] = {"type": "enabled", "budget_tokens": thinking_budget}
        if tools:
            if api == MSGS:
                req["tools"] = [
                    {
                        "name": t["function"]["name"],
                        "description": t["function"]["description"],
                        "input_schema": t["function"]["parameters"],
                    }
                    for t in tools
                ]
            elif api == RESP:
                req["tools"] = [{"type": "function", **t["function"]} for t in tools]
            else:
                req["tools"] = tools
        if extra:
            req.update(extra)
        prompt_tokens = est_tokens(prompt_text) + 4 * len(turns) + (120 * len(tools or []))
        out = max(0, min(out_tokens, max_tokens))
        code = status if status is not None else (500 if rng.random() < 0.002 else 200)
        reasoning: str | None = None
        usage: Json = {"prompt_tokens": prompt_tokens, "completion_tokens": out}
        finish = "length" if out >= max_tokens else "stop"
        text = self.reply_text(rng, out, steps, lang)
        resp: Json = {}
        if code != 200:
            text, out, finish = "", 0, "error"
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": 0}
        elif tool_call:
            text, finish = "", "tool_calls"
            resp["tool_calls"] = [{"name": tool_call, "arguments": '{"q": "..."}'}]
        elif reasoning_tokens and api != MSGS:
            usage["completion_tokens"] = out + reasoning_tokens
            usage["completion_tokens_details"] = {"reasoning_tokens": reasoning_tokens}
        elif thinking_budget and api == MSGS:
            think = min(thinking_budget, reasoning_tokens or rng.randint(800, thinking_budget))
            reasoning = self.reply_text(rng, think, True)
            usage["completion_tokens"] = out + think
        resp.update(
            {
                "status": code,
                "text": text,
                "reasoning": reasoning,
                "usage": usage,
                "finish_reason": finish,
            }
        )
        self.recs.append(Rec(ts, acct.name, key, ip, api, req, resp))

    # ------------------------------------------------------------ timing models

    def human_times(
        self,
        rng: random.Random,
        per_day: float,
        tz: float,
        wake: tuple[float, float] = (8.0, 23.5),
        session: float = 4.0,
    ) -> list[float]:
        """Sessions within waking hours of a timezone, a few requests per session."""
        out: list[float] = []
        for d in range(self.days):
            n = self._poisson(rng, per_day)
            t_left = n
            while t_left > 0:
                hour = rng.uniform(*wake)
                t = START + d * DAY + (hour - tz) * 3600.0
                k = min(t_left, max(1, int(rng.expovariate(1 / session)) + 1))
                for _ in range(k):
                    out.append(t)
                    t += rng.lognormvariate(math.log(70), 0.9)
                t_left -= k
        return sorted(out)

    def diurnal_times(
        self, rng: random.Random, per_day: float, tz: float, floor: float = 0.15
    ) -> list[float]:
        """Poisson process whose rate follows a daytime curve (products with real users)."""
        out: list[float] = []
        peak = per_day / (24 * (floor + (1 - floor) * 0.5)) / 3600.0 * 1.0
        t = START
        while t < self.end:
            t += rng.expovariate(peak)
            local = ((t - START) / 3600.0 + tz) % 24
            level = floor + (1 - floor) * max(0.0, math.sin(math.pi * (local - 6) / 16)) ** 1.5
            if rng.random() < level:
                out.append(t)
        return out

    @staticmethod
    def _poisson(rng: random.Random, lam: float) -> int:
        if lam > 30:
            return max(0, int(rng.gauss(lam, math.sqrt(lam))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1

    # ------------------------------------------------------------ benign archetypes

    def casual_users(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"casual{i}")
            acct = self.account("casual_user", False, None, nkeys=rng.choice([1, 1, 1, 2]))
            ips = [self.resi_ip(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
            tz = rng.choice([-8, -5, -3, 0, 1, 2, 3, 5.5, 8, 9])
            per_day = rng.lognormvariate(math.log(5), 0.8)
            api = rng.choices([CHAT, RESP, MSGS], [0.6, 0.15, 0.25])[0]
            model = rng.choice(
                {
                    CHAT: ["gpt-4o", "gpt-4o-mini", "gpt-4.1"],
                    RESP: ["gpt-4.1", "gpt-4o"],
                    MSGS: ["claude-sonnet-4-5", "claude-haiku-4-5"],
                }[api]
            )
            turns: list[tuple[str, str]] = []
            last = 0.0
            for ts in self.human_times(rng, per_day, tz):
                if ts - last > 900 or len(turns) > 10:
                    turns = [("user", self.fill(rng, rng.choice(CASUAL_TOPICS)))]
                else:
                    turns.append(("assistant", self.reply_text(rng, 60)))
                    turns.append(("user", self.fill(rng, rng.choice(FOLLOWUPS))))
                last = ts
                out = int(rng.lognormvariate(math.log(280), 0.6))
                steps = "step by step" in turns[-1][1]
                self.emit(
                    rng,
                    ts,
                    acct,
                    rng.choice(acct.keys),
                    rng.choice(ips),
                    api,
                    model,
                    None,
                    list(turns),
                    rng.choice([1024, 2048, 4096]),
                    out,
                    steps=steps,
                )

    def app_backends(self, n: int) -> None:
        kinds = [
            (
                "You are SupportBot for ShopCo. Summarise the ticket in one line, classify urgency "
                "(low/med/high) and draft a short empathetic reply.",
                SUPPORT_TICKETS,
                180,
            ),
            (
                "Write an SEO-friendly product description (80-120 words) for the listing below. "
                "No emojis.",
                LISTING_ITEMS,
                160,
            ),
            (
                "Extract sender intent, deadline and action items from the email. Reply as JSON.",
                SUPPORT_TICKETS,
                90,
            ),
        ]
        for i in range(n):
            rng = self.sub(f"app{i}")
            acct = self.account("app_backend", False, None, nkeys=rng.randint(1, 4))
            block = (rng.choice([3, 34, 52, 35]), rng.randint(0, 255), rng.randint(0, 255))
            ips = [self.dc_ip(rng, block) for _ in range(rng.randint(2, 6))]
            system, items, out_mu = kinds[i % len(kinds)]
            api = rng.choice([CHAT, CHAT, RESP, MSGS])
            model = {CHAT: "gpt-4o-mini", RESP: "gpt-4.1-mini", MSGS: "claude-haiku-4-5"}[api]
            per_day = rng.lognormvariate(math.log(220), 0.6)
            for ts in self.diurnal_times(rng, per_day, rng.choice([-5, 0, 1, 8])):
                self.emit(
                    rng,
                    ts,
                    acct,
                    rng.choice(acct.keys),
                    rng.choice(ips),
                    api,
                    model,
                    system,
                    [("user", self.fill(rng, rng.choice(items)))],
                    400,
                    int(rng.gauss(out_mu, out_mu * 0.25)),
                    extra={"temperature": 0.3},
                )

    def tool_agents(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"agent{i}")
            acct = self.account("tool_agent", False, None, nkeys=rng.randint(1, 3))
            ips = [self.dc_ip(rng) for _ in range(rng.randint(1, 3))]
            api = rng.choice([CHAT, RESP, MSGS])
            model = {CHAT: "gpt-4.1", RESP: "o4-mini", MSGS: "claude-sonnet-4-5"}[api]
            tz = rng.choice([-8, -5, 0, 1, 5.5])
            tasks_per_day = rng.uniform(2, 8)
            for start in self.human_times(rng, tasks_per_day, tz, (7, 22), 1.0):
                goal = rng.choice(AGENT_GOALS)
                turns: list[tuple[str, str]] = [("user", goal)]
                t = start
                steps = rng.randint(5, 25)
                for s in range(steps):
                    final = s == steps - 1
                    tool = None if final else str(rng.choice(TOOLS)["function"]["name"])
                    rt = int(rng.uniform(100, 900)) if model == "o4-mini" else 0
                    self.emit(
                        rng,
                        t,
                        acct,
                        acct.keys[0],
                        ips[0],
                        api,
                        model,
                        "You are an autonomous operations agent. Use tools; be concise.",
                        list(turns),
                        2048,
                        int(rng.uniform(40, 160)) if tool else 350,
                        tools=TOOLS,
                        tool_call=tool,
                        reasoning_tokens=rt,
                    )
                    turns.append(("assistant", f"calling {tool}"))
                    turns.append(("tool", self.fill(rng, DOC_CHUNK)[: rng.randint(200, 900)]))
                    t += rng.uniform(2, 25)

    def rag_backends(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"rag{i}")
            acct = self.account("rag_backend", False, None, nkeys=rng.randint(1, 2))
            ips = [self.dc_ip(rng) for _ in range(2)]
            api = rng.choice([CHAT, RESP, MSGS])
            model = {CHAT: "gpt-4.1", RESP: "gpt-4.1", MSGS: "claude-sonnet-4-5"}[api]
            per_day = rng.uniform(60, 220)
            for ts in self.diurnal_times(rng, per_day, rng.choice([-5, 1, 8])):
                chunks = " ".join(self.fill(rng, DOC_CHUNK) for _ in range(rng.randint(4, 18)))
                q = "Using only the context, " + self.fill(
                    rng,
                    rng.choice(
                        [
                            "how long are logs kept?",
                            "who approves exceptions for {a}?",
                            "summarise section {n}.",
                            "what changed in section {m}?",
                        ]
                    ),
                )
                self.emit(
                    rng,
                    ts,
                    acct,
                    rng.choice(acct.keys),
                    rng.choice(ips),
                    api,
                    model,
                    "Answer from the provided context. Cite section numbers.",
                    [("user", f"<context>{chunks}</context>\n\n{q}")],
                    500,
                    int(rng.uniform(40, 260)),
                    extra={"temperature": 0},
                )

    def code_assistants(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"code{i}")
            acct = self.account("code_assistant", False, None, nkeys=rng.randint(1, 2))
            ips = [self.resi_ip(rng), self.dc_ip(rng)]
            api = rng.choice([CHAT, CHAT, MSGS, RESP])
            model = {CHAT: "gpt-4.1", RESP: "gpt-4.1", MSGS: "claude-sonnet-4-5"}[api]
            tz = rng.choice([-8, -5, 0, 1, 2, 5.5, 8])
            for ts in self.human_times(rng, rng.uniform(20, 90), tz, (9, 19), 6.0):
                code = self.fill(rng, rng.choice(CODE_SNIPPETS))
                prompt = self.fill(rng, rng.choice(CODE_TASKS)).replace("{code}", code)
                prompt = prompt.replace("{err}", rng.choice(ERRORS))
                self.emit(
                    rng,
                    ts,
                    acct,
                    rng.choice(acct.keys),
                    rng.choice(ips),
                    api,
                    model,
                    "You are a coding assistant inside an IDE.",
                    [("user", prompt)],
                    2048,
                    int(rng.lognormvariate(math.log(350), 0.7)),
                )

    def batch_classifiers(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"batch{i}")
            acct = self.account("batch_classifier", False, None)
            ip = self.dc_ip(rng)
            api = rng.choice([CHAT, RESP])
            for d in range(self.days):
                t = START + d * DAY + rng.uniform(1, 4) * 3600
                for _ in range(rng.randint(200, 450)):
                    item = self.fill(rng, rng.choice(SUPPORT_TICKETS + LISTING_ITEMS))
                    self.emit(
                        rng,
                        t,
                        acct,
                        acct.keys[0],
                        ip,
                        api,
                        "gpt-4o-mini",
                        "Classify the text into one of: billing, shipping, product, other. "
                        "Answer with the label only.",
                        [("user", item)],
                        5,
                        2,
                        extra={"temperature": 0},
                    )
                    t += rng.uniform(0.8, 1.6)

    def translation_saas(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"transl{i}")
            acct = self.account("translation_saas", False, None, nkeys=3)
            ips = [self.dc_ip(rng) for _ in range(3)]
            api = rng.choice([CHAT, MSGS])
            model = "gpt-4.1" if api == CHAT else "claude-sonnet-4-5"
            for ts in self.diurnal_times(rng, rng.uniform(40, 80), 1):
                src = self.fill(rng, rng.choice(SUPPORT_TICKETS + CASUAL_TOPICS))
                t = ts
                for lang in rng.sample(TRANSLATE_TARGETS, rng.randint(8, 12)):
                    self.emit(
                        rng,
                        t,
                        acct,
                        rng.choice(acct.keys),
                        rng.choice(ips),
                        api,
                        model,
                        f"Translate the user's text into {lang}. Keep formatting.",
                        [("user", src)],
                        1000,
                        est_tokens(src) + rng.randint(0, 20),
                        lang=lang,
                    )
                    t += rng.uniform(0.3, 3)

    def eval_labs(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"eval{i}")
            acct = self.account("eval_lab", False, None, nkeys=2)
            ip = self.dc_ip(rng)
            # Runs: one on an existing model day 0, one on the new model hours after release.
            runs = [
                (START + rng.uniform(9, 15) * 3600, "gpt-4.1"),
                (START + RELEASE_OFFSET + rng.uniform(1, 6) * 3600, NEW_GPT),
            ]
            for start, model in runs:
                t = start
                for j in range(rng.randint(400, 900)):
                    mc = rng.random() < 0.4
                    item = self.fill(rng, rng.choice(MATH_ITEMS + CODE_ITEMS))
                    if mc:
                        q = (
                            f"{item}\nA) {rng.randint(1, 99)} B) {rng.randint(1, 99)} "
                            f"C) {rng.randint(1, 99)} D) {rng.randint(1, 99)}\nAnswer:"
                        )
                        self.emit(
                            rng,
                            t,
                            acct,
                            acct.keys[j % 2],
                            ip,
                            CHAT,
                            model,
                            None,
                            [("user", q)],
                            1,
                            1,
                            extra={"temperature": 0, "logprobs": True, "top_logprobs": 5},
                        )
                    else:
                        q = f"{item}\nLet's think step by step."
                        self.emit(
                            rng,
                            t,
                            acct,
                            acct.keys[j % 2],
                            ip,
                            CHAT,
                            model,
                            None,
                            [("user", q)],
                            2048,
                            int(rng.uniform(250, 900)),
                            steps=True,
                            extra={"temperature": 0, "seed": 1234},
                            reasoning_tokens=int(rng.uniform(500, 3000)) if model == NEW_GPT else 0,
                        )
                    t += rng.uniform(0.5, 4)

    def tutoring_apps(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"tutor{i}")
            acct = self.account("tutoring_app", False, None, nkeys=2)
            ips = [self.dc_ip(rng) for _ in range(4)]
            api = rng.choice([CHAT, RESP])
            for ts in self.diurnal_times(rng, rng.uniform(350, 600), -5, floor=0.05):
                item = self.fill(rng, rng.choice(MATH_ITEMS))
                self.emit(
                    rng,
                    ts,
                    acct,
                    rng.choice(acct.keys),
                    rng.choice(ips),
                    api,
                    "gpt-4o",
                    "You are a patient maths tutor for high-school students. "
                    "Always explain step by step and check the answer.",
                    [("user", item)],
                    1200,
                    int(rng.uniform(300, 800)),
                    steps=True,
                )

    def campus_students(self, n: int) -> None:
        rng0 = self.sub("campus")
        nat = [self.dc_ip(rng0, (128, 32, rng0.randint(0, 255))) for _ in range(2)]
        pset = [self.fill(rng0, rng0.choice(MATH_ITEMS + CODE_ITEMS)) for _ in range(12)]
        deadline = START + self.days * DAY - 20 * 3600
        for i in range(n):
            rng = self.sub(f"student{i}")
            acct = self.account("campus_students", False, None)
            api = rng.choice([CHAT, CHAT, MSGS])
            model = "gpt-4o-mini" if api == CHAT else "claude-haiku-4-5"
            for ts in self.human_times(rng, rng.uniform(4, 12), -5, (10, 26), 3):
                q = (
                    rng.choice(pset)
                    if rng.random() < 0.6
                    else self.fill(rng, rng.choice(CASUAL_TOPICS))
                )
                self.emit(
                    rng,
                    ts,
                    acct,
                    acct.keys[0],
                    rng.choice(nat),
                    api,
                    model,
                    None,
                    [("user", q + " Can you explain step by step?")],
                    2048,
                    int(rng.uniform(300, 900)),
                    steps=True,
                )
            # The deadline crunch: the whole class works the set in the same evening.
            for _ in range(rng.randint(5, 15)):
                ts = deadline + rng.uniform(-5, 0) * 3600
                self.emit(
                    rng,
                    ts,
                    acct,
                    acct.keys[0],
                    rng.choice(nat),
                    api,
                    model,
                    None,
                    [("user", rng.choice(pset) + " explain step by step pls")],
                    2048,
                    int(rng.uniform(300, 900)),
                    steps=True,
                )

    def early_adopters(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"early{i}")
            acct = self.account("early_adopter", False, None)
            ip = self.resi_ip(rng)
            tz = rng.choice([-8, -5, 1])
            for ts in self.human_times(rng, rng.uniform(10, 30), tz):
                model = "gpt-4.1"
                if ts > START + RELEASE_OFFSET:
                    model = NEW_GPT
                prompt = self.fill(rng, rng.choice(CASUAL_TOPICS + CODE_TASKS + MATH_ITEMS))
                prompt = prompt.replace("{code}", rng.choice(CODE_SNIPPETS)).replace(
                    "{err}", "an error"
                )
                self.emit(
                    rng,
                    ts,
                    acct,
                    acct.keys[0],
                    ip,
                    CHAT,
                    model,
                    None,
                    [("user", prompt)],
                    4096,
                    int(rng.lognormvariate(math.log(500), 0.6)),
                    reasoning_tokens=int(rng.uniform(200, 2500)) if model == NEW_GPT else 0,
                )
            # Release afternoon: a burst of trying the new model.
            t = START + RELEASE_OFFSET + rng.uniform(0.2, 4) * 3600
            for _ in range(rng.randint(30, 90)):
                prompt = self.fill(rng, rng.choice(MATH_ITEMS + CODE_ITEMS + CASUAL_TOPICS))
                self.emit(
                    rng,
                    t,
                    acct,
                    acct.keys[0],
                    ip,
                    CHAT,
                    NEW_GPT,
                    None,
                    [("user", prompt)],
                    8192,
                    int(rng.lognormvariate(math.log(700), 0.5)),
                    reasoning_tokens=int(rng.uniform(500, 4000)),
                )
                t += rng.lognormvariate(math.log(60), 0.8)

    def synthetic_qa_team(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"qa{i}")
            acct = self.account("synthetic_qa_team", False, None)
            ip = self.dc_ip(rng)
            for ts in self.human_times(rng, rng.uniform(60, 120), 1, (9, 18), 15):
                task = rng.choice(RUBRIC_TASKS).format(
                    q="Customer asks: " + self.fill(rng, rng.choice(SUPPORT_TICKETS)),
                    a="Our bot replied: " + rng.choice(ANSWER_SNIPPETS),
                    b=rng.choice(ANSWER_SNIPPETS),
                    n=10,
                )
                self.emit(
                    rng,
                    ts,
                    acct,
                    acct.keys[0],
                    ip,
                    MSGS,
                    "claude-sonnet-4-5",
                    None,
                    [("user", task)],
                    1500,
                    int(rng.uniform(200, 500)),
                )

    # ------------------------------------------------------------ harvester archetypes

    def harvest_prompt(self, rng: random.Random, domain: str, lang: str = "en") -> str:
        bank = {
            "math": MATH_ITEMS,
            "code": CODE_ITEMS,
            "chem": SCIENCE_ITEMS,
            "med": MED_ITEMS,
            "legal": LEGAL_ITEMS,
        }[domain]
        item = self.fill(rng, rng.choice(bank))
        coerce = rng.choice(COERCE) if lang == "en" else COERCE_ML[lang]
        head = SOLVE_ML.get(lang, "") if rng.random() < 0.5 else ""
        parts = [p for p in (head, item, coerce) if p]
        if rng.random() < 0.3:
            parts.reverse()
        return "\n\n".join(parts) if rng.random() < 0.5 else " ".join(parts)

    def firehose(self, n: int) -> None:
        for i in range(n):
            rng = self.sub(f"firehose{i}")
            acct = self.account("firehose", True, None)
            ip = self.dc_ip(rng)
            model = rng.choice(["o3-mini", "gpt-4.1"])
            t = START + rng.uniform(0, 6) * 3600
            idx = 0
            while t < self.end:
                idx += 1
                item = self.fill(rng, rng.choice(MATH_ITEMS + CODE_ITEMS))
                prompt = (
                    f"[task {idx}] {item}\nShow every step of your reasoning in full "
                    "detail, then give the final answer."
                )
                self.emit(
                    rng,
                    t,
                    acct,
                    acct.keys[0],
                    ip,
                    CHAT,
                    model,
                    "You are a world-class expert. Never skip steps.",
                    [("user", prompt)],
                    4096,
                    int(rng.uniform(1200, 3000)),
                    steps=True,
                    reasoning_tokens=int(rng.uniform(1000, 6000)) if model == "o3-mini" else 0,
                )
                t += rng.uniform(150, 260)

    def logprob_probers(self, n: int) -> None:
        vocab = ["yes", "no", "true", "false", "A", "B", "C", "D", "positive", "negative"]
        for i in range(n):
            rng = self.sub(f"logprob{i}")
            acct = self.account("logprob_prober", True, None, nkeys=2)
            ip = self.dc_ip(rng)
            t = START + rng.uniform(0, 12) * 3600
            while t < self.end:
                item = self.fill(rng, rng.choice(MATH_ITEMS + CASUAL_TOPICS + SCIENCE_ITEMS))
                extra: Json = {"logprobs": True, "top_logprobs": 20, "temperature": 0}
                if rng.random() < 0.5:
                    # Sweeping biases over a candidate set recovers the hidden distribution.
                    extra["logit_bias"] = {
                        str(rng.randint(1000, 100000)): rng.choice([-100, 100, 5, -5])
                        for _ in range(rng.randint(1, 10))
                    }
                prompt = f"{item}\nAnswer with one word from: {', '.join(rng.sample(vocab, 4))}."
                self.emit(
                    rng,
                    t,
                    acct,
                    rng.choice(acct.keys),
                    ip,
                    CHAT,
                    "gpt-4o",
                    None,
                    [("user", prompt)],
                    rng.randint(1, 3),
                    rng.randint(1, 3),
                    extra=extra,
                )
                t += rng.expovariate(1 / 200.0)

    def swarm(self, n: int, campaign: str = "camp-swarm") -> None:
        rng = self.sub("swarm")
        accts = [self.account("swarm", True, campaign) for _ in range(n)]
        proxy_pool = [self.resi_ip(rng) for _ in range(max(20, n // 3))]
        acct_ip = {a.name: rng.sample(proxy_pool, 3) for a in accts}
        acct_api = {a.name: rng.choice([CHAT, CHAT, RESP]) for a in accts}
        langs = [
            "en",
            "en",
            "en",
            "es",
            "fr",
            "de",
            "pt",
            "ru",
            "zh",
            "ja",
            "ko",
            "ar",
            "hi",
            "tr",
            "vi",
            "id",
            "it",
        ]
        per_acct_day = rng.uniform(16, 26)
        rate = n * per_acct_day / DAY
        t = START + rng.uniform(0, 3600)
        rr = 0
        item_lang: list[str] = []
        base_item = ""
        # Accounts join over the first day: rivals ramp up rather than switch on at once.
        joined = {a.name: START + rng.uniform(0, 0.8) * DAY for a in accts}
        pivot_at = START + RELEASE_OFFSET + rng.uniform(2, 8) * 3600
        while t < self.end:
            t += rng.expovariate(rate)
            acct = accts[rr % n]
            rr += 1
            if t < joined[acct.name]:
                continue
            api = acct_api[acct.name]
            model = "gpt-4.1" if t < pivot_at else NEW_GPT
            if rng.random() < 0.10:
                prompt = self.fill(rng, rng.choice(CASUAL_TOPICS))
                self.emit(
                    rng,
                    t,
                    acct,
                    acct.keys[0],
                    rng.choice(acct_ip[acct.name]),
                    api,
                    model,
                    None,
                    [("user", prompt)],
                    1024,
                    int(rng.uniform(150, 400)),
                )
                continue
            # Multilingual sweep: the same item is asked in several languages by different
            # accounts, so no single account shows the sweep.
            if not item_lang:
                base_seed = rng.getrandbits(32)
                base_item = str(base_seed)
                item_lang = rng.sample(langs, rng.randint(3, 7))
            lang = item_lang.pop()
            irng = random.Random(f"{base_item}")
            domain = irng.choice(["math", "math", "code"])
            prompt = self.harvest_prompt(irng, domain, lang)
            self.emit(
                rng,
                t,
                acct,
                acct.keys[0],
                rng.choice(acct_ip[acct.name]),
                api,
                model,
                None,
                [("user", prompt)],
                rng.choice([1024, 1500, 2048]),
                int(rng.uniform(400, 950)),
                steps=True,
                lang=lang,
                reasoning_tokens=int(rng.uniform(300, 2000)) if model == NEW_GPT else 0,
            )

    def rubric_mill(self, n: int) -> None:
        rng = self.sub("rubric")
        blocks = [(45, rng.randint(0, 255), rng.randint(0, 255)) for _ in range(2)]
        for i in range(n):
            arng = self.sub(f"rubric{i}")
            acct = self.account("rubric_mill", True, "camp-rubric", nkeys=arng.randint(2, 4))
            ips = [self.dc_ip(arng, arng.choice(blocks)) for _ in range(2)]
            api = arng.choice([CHAT, MSGS, RESP])
            model = {CHAT: "gpt-4.1", RESP: "gpt-4.1", MSGS: "claude-sonnet-4-5"}[api]
            tz = arng.choice([-5, 0, 3, 8])
            for ts in self.human_times(arng, arng.uniform(50, 90), tz, (8, 21), 8):
                if arng.random() < 0.15:
                    prompt = self.fill(arng, arng.choice(CASUAL_TOPICS))
                    out = int(arng.uniform(150, 400))
                else:
                    q = self.fill(arng, arng.choice(MATH_ITEMS + CODE_ITEMS + LEGAL_ITEMS))
                    prompt = arng.choice(RUBRIC_TASKS).format(
                        q=q,
                        a=arng.choice(ANSWER_SNIPPETS),
                        b=arng.choice(ANSWER_SNIPPETS),
                        n=arng.choice([5, 10, 20]),
                    )
                    out = int(arng.uniform(350, 900))
                self.emit(
                    arng,
                    ts,
                    acct,
                    arng.choice(acct.keys),
                    arng.choice(ips),
                    api,
                    model,
                    None,
                    [("user", prompt)],
                    2000,
                    out,
                )

    def trace_miners(self, n: int) -> None:
        rng = self.sub("trace")
        block = (38, rng.randint(0, 255), rng.randint(0, 255))
        accts = [self.account("trace_miner", True, "camp-trace", nkeys=2) for _ in range(n)]
        t = START + rng.uniform(0, 7200)
        k = 0
        while t < self.end:
            t += rng.expovariate(n * 70 / DAY)
            acct = accts[k % n]
            k += 1
            domain = rng.choice(["math", "code", "chem"])
            prompt = self.harvest_prompt(rng, domain)
            prompt += " Keep your complete thinking visible; do not summarise it."
            model = "claude-sonnet-4-5" if t < START + RELEASE_OFFSET + 5 * 3600 else NEW_CLAUDE
            self.emit(
                rng,
                t,
                acct,
                rng.choice(acct.keys),
                self.dc_ip(rng, block),
                MSGS,
                model,
                None,
                [("user", prompt)],
                20000,
                int(rng.uniform(500, 1400)),
                steps=True,
                thinking_budget=rng.choice([8000, 12000, 16000]),
            )

    def hydra(self, n: int) -> None:
        rng = self.sub("hydra")
        gateways = [self.dc_ip(rng) for _ in range(3)]
        for i in range(n):
            arng = self.sub(f"hydra{i}")
            acct = self.account("hydra_reseller", True, "camp-hydra", nkeys=arng.randint(15, 25))
            for ts in self.diurnal_times(arng, arng.uniform(250, 400), arng.choice([8, 3])):
                key = arng.choice(acct.keys)
                api = arng.choice([CHAT, CHAT, MSGS])
                model = "gpt-4o" if api == CHAT else "claude-sonnet-4-5"
                if arng.random() < 0.65:
                    if arng.random() < 0.5:
                        prompt = self.fill(arng, arng.choice(CASUAL_TOPICS))
                    else:
                        prompt = (
                            self.fill(arng, arng.choice(CODE_TASKS))
                            .replace("{code}", arng.choice(CODE_SNIPPETS))
                            .replace("{err}", "an error")
                        )
                    self.emit(
                        arng,
                        ts,
                        acct,
                        key,
                        arng.choice(gateways),
                        api,
                        model,
                        None,
                        [("user", prompt)],
                        2048,
                        int(arng.lognormvariate(math.log(300), 0.6)),
                    )
                else:
                    self.emit(
                        arng,
                        ts,
                        acct,
                        key,
                        arng.choice(gateways),
                        api,
                        model,
                        None,
                        [("user", self.harvest_prompt(arng, "legal"))],
                        3000,
                        int(arng.uniform(600, 1500)),
                        steps=True,
                    )

    def pivot_sprinters(self, n: int) -> None:
        rng = self.sub("pivot")
        block = (64, rng.randint(0, 255), rng.randint(0, 255))
        accts = [self.account("pivot_sprinter", True, "camp-pivot") for _ in range(n)]
        t = START + RELEASE_OFFSET + rng.uniform(1, 5) * 3600
        k = 0
        while t < self.end:
            t += rng.expovariate(n * 350 / DAY)
            acct = accts[k % n]
            k += 1
            api = CHAT if k % 3 else RESP
            prompt = self.harvest_prompt(rng, rng.choice(["math", "code", "chem", "med"]))
            self.emit(
                rng,
                t,
                acct,
                acct.keys[0],
                self.dc_ip(rng, block),
                api,
                NEW_GPT,
                None,
                [("user", prompt)],
                4000,
                int(rng.uniform(500, 1500)),
                steps=True,
                reasoning_tokens=int(rng.uniform(1000, 8000)),
            )

    def careful_solos(self) -> None:
        for i, domain in enumerate(["med", "chem", "agent"]):
            rng = self.sub(f"careful{i}")
            acct = self.account("careful_solo", True, None, nkeys=3)
            ips = [self.resi_ip(rng) for _ in range(2)]
            tz = rng.choice([-5, 1, 8])
            api = [MSGS, CHAT, RESP][i]
            model = {CHAT: "gpt-4.1", RESP: "gpt-4.1", MSGS: "claude-sonnet-4-5"}[api]
            for ts in self.human_times(rng, rng.uniform(100, 150), tz, (8, 24), 10):
                key = rng.choice(acct.keys)
                if rng.random() < rng.choice([0.25, 0.35]):
                    self.emit(
                        rng,
                        ts,
                        acct,
                        key,
                        rng.choice(ips),
                        api,
                        model,
                        None,
                        [("user", self.fill(rng, rng.choice(CASUAL_TOPICS)))],
                        1024,
                        int(rng.uniform(150, 400)),
                    )
                elif domain == "agent":
                    # Harvests whole tool-use trajectories by replaying synthetic tool results.
                    turns: list[tuple[str, str]] = [("user", rng.choice(AGENT_GOALS))]
                    for _ in range(rng.randint(1, 6)):
                        turns.append(("assistant", "calling a tool"))
                        turns.append(("tool", self.fill(rng, DOC_CHUNK)[:400]))
                    self.emit(
                        rng,
                        ts,
                        acct,
                        key,
                        rng.choice(ips),
                        api,
                        model,
                        "You are an autonomous agent. Think aloud before each action.",
                        turns,
                        1500,
                        int(rng.uniform(300, 700)),
                        tools=TOOLS,
                    )
                else:
                    prompt = self.harvest_prompt(rng, domain)
                    if rng.random() < 0.4:
                        prompt = prompt.split("\n\n")[0]
                    self.emit(
                        rng,
                        ts,
                        acct,
                        key,
                        rng.choice(ips),
                        api,
                        model,
                        None,
                        [("user", prompt)],
                        rng.choice([800, 1000, 1200]),
                        int(rng.uniform(300, 700)),
                        steps=rng.random() < 0.6,
                    )

    # ------------------------------------------------------------ driver

    def build(self) -> None:
        self.casual_users(420)
        self.app_backends(7)
        self.tool_agents(16)
        self.rag_backends(6)
        self.code_assistants(30)
        self.batch_classifiers(3)
        self.translation_saas(2)
        self.eval_labs(2)
        self.tutoring_apps(1)
        self.campus_students(40)
        self.early_adopters(8)
        self.synthetic_qa_team(2)
        self.firehose(2)
        self.logprob_probers(2)
        self.swarm(200)
        self.rubric_mill(30)
        self.trace_miners(10)
        self.hydra(4)
        self.pivot_sprinters(6)
        self.careful_solos()

    def write(self, out: str) -> tuple[int, int]:
        self.recs.sort(key=lambda r: (r.ts, r.account))
        with open(out, "w", encoding="utf-8") as fh:
            for i, r in enumerate(self.recs, 1):
                fh.write(
                    json.dumps(
                        {
                            "id": f"r-{i:06d}",
                            "ts": round(r.ts, 3),
                            "account": r.account,
                            "api_key_id": r.key,
                            "client_ip": r.ip,
                            "path": r.path,
                            "request": r.request,
                            "response": r.response,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        labels = sorted(self.accounts, key=lambda a: a.name)
        with open(out + ".labels.jsonl", "w", encoding="utf-8") as fh:
            for a in labels:
                fh.write(
                    json.dumps(
                        {
                            "account": a.name,
                            "archetype": a.archetype,
                            "harvester": a.harvester,
                            "campaign": a.campaign,
                        }
                    )
                    + "\n"
                )
        return len(self.recs), len(labels)


def main() -> None:
    ap = argparse.ArgumentParser(description="held-out distillation traffic generator")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.days < 1:
        ap.error("--days must be at least 1")
    gen = Gen(args.seed, args.days)
    gen.build()
    nrec, nacct = gen.write(args.out)
    print(f"wrote {nrec} records for {nacct} accounts to {args.out} (+ .labels.jsonl)")


if __name__ == "__main__":
    main()
