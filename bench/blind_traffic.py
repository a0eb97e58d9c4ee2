"""SEEN (sixth session: development data since its one held-out measurement in the fifth session).

Blind traffic generator for distillguard, written without reading the detector, its
policies, its simulator or any other traffic generator in this repository.

Usage:
    .venv/bin/python bench/blind_traffic.py --seed 1 --days 3 --out /tmp/x.jsonl

writes /tmp/x.jsonl (traffic records in the CONTRACT.md "Traffic record" format, one JSON
object per line, ascending ts) and /tmp/x.jsonl.labels.jsonl (one line per account that
appears in the traffic: {"account", "archetype", "harvester", "campaign"}).  Stdlib only;
all randomness comes from random.Random(<string derived from --seed>), so a seed always
gives byte-identical files.  Time starts at 2026-05-11T00:00:00Z (a Monday).  A new
model, "gpt-5.5", is released 41 h in (17:00 UTC on day 2) when --days >= 3.  Response
text is cheap filler capped at a few hundred characters; usage numbers are the real ones.

Roughly 860 accounts (about 270 harvesters: 10 campaigns plus 11 single keys) and
100-120k records for --days 3, ~10 s.  Volumes per archetype are set in BENIGN_PLAN and
HARVEST_PLAN at the bottom of the file.

Benign archetypes (about two thirds of the accounts):
  casual_chat          individuals in many countries and languages, sessions of a few
                       turns, home / mobile CGNAT / commercial-VPN IPs (shared by strangers).
  developer_tinkerer   app developers: "Say this is a test", parameter sweeps, JSON mode,
                       tool calling, the odd logprobs or n>1 call, nightly CI smoke tests
                       that repeat the same prompts, and a burst of tries on the new model.
  support_bot          customer-support product backends: long fixed system prompt, varied
                       end-user messages, tools, diurnal load from the customer base.
  writing_saas         writing tools: templated rewrite/summarize/headline calls, n=3.
  rag_enterprise       retrieval QA: long context, short answers, temperature 0.
  coding_agent_user    people using popular OSS coding agents: identical scaffolds (system
                       prompt + tools) across unrelated accounts, long tool loops.
  classification_pipeline  high-volume labelling with max_tokens 1-5, logprobs/top_logprobs,
                       fixed logit_bias label sets, nightly batches at steady throughput.
  eval_benchmarking    eval teams: public benchmark items (the same prompts in every lab),
                       zero-shot CoT, pass@k with n=10, multilingual MGSM sweeps, judge
                       prompts, and a large burst on the new model within hours of release.
  llm_judge_pipeline   companies grading their own bot's transcripts with rubric / pairwise
                       judge prompts in nightly batches.
  synthetic_data_product  product teams generating descriptions, quizzes, NPC lines,
                       fixtures, intent paraphrases for their own products: templated,
                       long outputs, night batches.
  localization         UI strings swept across 20-38 locales per deploy.
  edu_tutor_platform   tutoring backends asking for step-by-step explanations, reasoning
                       models, school-hours load.
  classroom_cohort     students of one course: separate accounts behind the campus NAT,
                       the same assignment text, a lab session and a deadline-night burst.
  enterprise_teams     one company's team accounts behind the same corporate egress IPs.
  api_aggregator       routers/resellers: many keys, global 24/7 mixed traffic, add the
                       new model at once.
  research_logprobs    academics: calibration with top_logprobs=20, perplexity via echo on
                       /v1/completions, logit_bias steering sweeps, self-consistency n=10-20.
  power_user_reasoning scientists/quants/engineers living on reasoning models with long
                       outputs in one narrow domain; early adopters of the new model.
  tenant_platform      a website-chatbot vendor that opens one low-volume API account per
                       client business: ~70 accounts, the same system-prompt template and
                       the vendor's few cloud IPs (a benign look-alike of a key swarm).

Harvester archetypes (a spread of skill; campaigns share one label "campaign"):
  blunt_scraper        single keys, one VPS IP, one CoT-coercing template, flat 24/7 rate,
                       hundreds of long answers a day, 429s and retries.
  reasoning_farm       24 keys, two hosting /24s, central round-robin scheduler, reasoning
                       models with visible summaries / thinking, <reasoning> tags; moves
                       part of the load to the new model after half a day.
  lowrate_swarm        120 keys at ~20 requests/key/day over a residential proxy pool, human-
                       like per-persona timing, 14 paraphrased templates, narrow math+code
                       focus, some public-dataset items, 15% decoy chat, fast pivot.
  hydra_reseller       20 accounts behind six relay IPs reselling access: genuine (mostly
                       Chinese-language) customer traffic mixed with CoT harvesting that
                       fills the night.
  rubric_harvest       12 keys on 3 shared IPs producing reward-model / preference data:
                       detailed rubric critiques, pairwise preferences, ideal rewrites.
  logprob_prober       3 keys: max_tokens=1 top_logprobs=20 on random prompts, then logit_bias
                       sweeps over token-id blocks (logit / weight extraction).
  agent_trajectory_harvest  25 keys behind a k8s NAT running synthetic sandbox tasks through
                       one fixed tool scaffold around the clock.
  multilingual_sweep   15 keys: each seed question asked in ~20 languages, languages split
                       across keys, waves every half hour.
  careful_single       single keys that pass for power users: one narrow domain, natural
                       varied phrasing, follow-ups, working-hours sessions, home IP.
  distribution_sampler 5 keys: n=8 at temperature 1 and top_logprobs=20 on long outputs
                       (soft-label distillation), the same prompts spread over the keys.
  sleeper_pivot        30 keys that warm up with a few chat requests a day, then switch to
                       high-volume reasoning harvesting on the new model 0.5-4 h after release.
  self_instruct_startup  4 keys: Self-Instruct / Evol-Instruct generation, then answering
                       every generated instruction with long "world-class" responses.
"""

# ruff: noqa: E501, RUF001

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time

T0 = 1778457600.0  # 2026-05-11T00:00:00Z, a Monday
HOUR = 3600.0
DAY = 86400.0
NEW_MODEL = "gpt-5.5"
CAP = 300  # response text is capped; usage keeps the real token counts


# --------------------------------------------------------------------------- helpers


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam < 40:
        lim = math.exp(-lam)
        k, p = 0, r.random()
        while p > lim:
            k += 1
            p *= r.random()
        return k
    return max(0, round(r.gauss(lam, math.sqrt(lam))))


def lognorm(r, median, sigma):
    return median * math.exp(r.gauss(0.0, sigma))


def geom(r, mean, lo=1, hi=60):
    p = 1.0 / max(1.0, mean - lo + 1.0)
    k = lo
    while k < hi and r.random() > p:
        k += 1
    return k


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def ntok(s):
    if not s:
        return 0
    return (len(s.encode("utf-8")) + 3) // 4


def hexid(r, n):
    return f"{r.getrandbits(4 * n):0{n}x}"


def wchoice(r, pairs):
    return r.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


# local-time activity curves, index = local hour
# fmt: off
OFFICE = (0.04, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.7, 1.0, 1.0, 0.9, 0.7, 0.9, 1.0, 1.0, 0.9, 0.7, 0.45, 0.35, 0.3, 0.25, 0.15, 0.07)
CONSUMER = (0.35, 0.2, 0.1, 0.06, 0.05, 0.06, 0.12, 0.25, 0.4, 0.55, 0.65, 0.7, 0.75, 0.7, 0.7, 0.7, 0.7, 0.75, 0.85, 0.95, 1.0, 0.95, 0.8, 0.55)
STUDENT = (0.5, 0.3, 0.15, 0.08, 0.04, 0.03, 0.05, 0.15, 0.5, 0.8, 0.9, 0.85, 0.6, 0.8, 0.9, 0.85, 0.7, 0.6, 0.6, 0.8, 1.0, 1.0, 0.9, 0.7)
LONGDAY = (0.2, 0.1, 0.05, 0.03, 0.03, 0.05, 0.1, 0.3, 0.6, 0.9, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 0.9, 0.8, 0.7, 0.7, 0.8, 0.8, 0.6, 0.4)
NIGHTLOW = (0.6, 0.7, 0.8, 0.8, 0.8, 0.7, 0.5, 0.35, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.25, 0.35, 0.5)
FLAT = (1.0,) * 24

TZ = {
    "us": (-7, -6, -5, -4, -4, -4, -7),
    "eu": (0, 1, 2, 2, 2, 3),
    "asia": (5.5, 7, 8, 8, 8, 9, 9),
    "latam": (-5, -3, -3, -6),
    "other": (3, 4, 10, -10, 12),
}
REGION_W = (("us", 36), ("eu", 28), ("asia", 24), ("latam", 8), ("other", 4))

RESI = {
    "us": (24, 47, 67, 68, 69, 71, 73, 75, 76, 96, 97, 98, 99, 107, 108, 173, 174),
    "eu": (2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 109, 176, 178, 188, 212, 213, 217),
    "asia": (1, 14, 27, 36, 39, 42, 49, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 175, 180, 182, 183, 202, 203, 210, 211, 218, 219, 220, 221, 222, 223),
    "latam": (177, 179, 181, 186, 187, 189, 190, 191, 200, 201),
    "other": (41, 102, 105, 154, 196, 197),
}
EDU = (128, 129, 130, 131, 132, 134, 136, 137, 140, 141, 142, 143, 146, 147, 149, 152, 155, 169, 171)
CLOUD = {
    "aws": ((3, 80), (3, 91), (18, 204), (18, 118), (52, 14), (52, 23), (54, 86), (54, 160), (35, 170), (44, 192), (13, 52)),
    "gcp": ((34, 66), (34, 82), (34, 123), (35, 185), (35, 199), (35, 230), (104, 154), (34, 147)),
    "azure": ((20, 42), (20, 84), (20, 119), (40, 76), (40, 112), (52, 170), (51, 107), (4, 236)),
    "hetzner": ((5, 161), (65, 108), (65, 109), (88, 198), (95, 216), (116, 202), (135, 181), (138, 201), (144, 76), (159, 69), (168, 119), (178, 63)),
    "do": ((104, 131), (134, 122), (137, 184), (138, 68), (142, 93), (143, 198), (146, 190), (157, 230), (159, 65), (159, 89), (161, 35), (164, 90), (165, 22), (167, 71), (178, 62), (188, 166), (206, 189)),
    "ovh": ((51, 38), (51, 68), (51, 75), (51, 89), (51, 91), (54, 36), (137, 74), (141, 94), (145, 239), (147, 135), (149, 202), (151, 80), (158, 69)),
    "alibaba": ((8, 209), (8, 210), (8, 218), (47, 74), (47, 88), (47, 242), (47, 243), (47, 245), (47, 251), (47, 254)),
    "tencent": ((43, 128), (43, 129), (43, 131), (43, 134), (43, 153), (43, 156), (43, 159), (101, 32), (119, 28), (129, 226), (150, 109), (162, 14), (170, 106)),
    "vultr": ((45, 32), (45, 63), (45, 76), (45, 77), (66, 42), (78, 141), (95, 179), (104, 156), (108, 61), (136, 244), (139, 180), (140, 82), (149, 28), (155, 138), (207, 148)),
    "linode": ((45, 33), (45, 56), (45, 79), (50, 116), (66, 175), (69, 164), (139, 144), (139, 162), (172, 104), (173, 255), (192, 46)),
}
V6 = ("2600:1700", "2601:1c2", "2603:6010", "2a02:8108", "2a01:cb00", "2a02:a210", "2405:201", "2001:ee0", "2804:14c", "2406:3003")
# fmt: on


def pick_region(r):
    return wchoice(r, REGION_W)


def resi_ip(r, region):
    return f"{r.choice(RESI[region])}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def resi_ip6(r):
    return r.choice(V6) + ":" + ":".join(f"{r.getrandbits(16):x}" for _ in range(6))


def edu_ip(r):
    return f"{r.choice(EDU)}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def cloud_ip(r, prov):
    a, b = r.choice(CLOUD[prov])
    return f"{a}.{b}.{r.randrange(256)}.{r.randrange(1, 255)}"


def block24(r, prov):
    a, b = r.choice(CLOUD[prov])
    return f"{a}.{b}.{r.randrange(256)}."


def is_reasoning(model):
    return model.startswith(("o1", "o3", "o4", "gpt-5"))


# --------------------------------------------------------------------------- filler text

# fmt: off
PROSE_SENT = (
    "The key idea is to break the problem into smaller pieces and handle each one separately.",
    "In practice, this depends on the size of the input and how often the data changes.",
    "A common mistake is to forget the edge case where the list is empty.",
    "You can think of it as a trade-off between speed and memory usage.",
    "Historically, this approach became popular in the late nineteenth century.",
    "Most experts recommend starting with a small experiment before committing to a larger plan.",
    "If you are unsure, it is usually safer to check the official documentation first.",
    "The result follows directly from the definition once we substitute the known values.",
    "This works because each step preserves the invariant we established at the beginning.",
    "There are three main factors to consider: cost, reliability, and ease of maintenance.",
    "Keep in mind that local regulations may differ, so verify the details for your area.",
    "A good rule of thumb is to spend about ten minutes a day practicing consistently.",
    "The second option is more flexible, but it requires a bit more setup.",
    "For example, if the price rises by ten percent, demand typically falls by a smaller amount.",
    "To make the flavor richer, add the garlic at the end so it does not burn.",
    "Note that the function returns a new list rather than modifying the original one.",
    "The temperature should stay between eighteen and twenty-four degrees for best results.",
    "In summary, both approaches are valid, and the right choice depends on your goals.",
    "Here the complexity is dominated by the sorting step, which takes n log n time.",
    "Many people find it helpful to write down their goals and review them weekly.",
    "The author uses this scene to show how the character has changed since the opening chapter.",
    "When the concentration doubles, the reaction rate increases by a factor of four.",
    "You might also consider asking a colleague to review the draft before sending it.",
    "The error usually means that a variable was used before it was assigned a value.",
    "On the other hand, the cheaper option can be good enough for simple tasks.",
    "After that, let the mixture rest for at least thirty minutes in the refrigerator.",
    "This gives us a quadratic equation, which we can solve with the usual formula.",
    "In most cases, restarting the service clears the stale connection.",
    "If the symptoms persist for more than a few days, it is worth talking to a doctor.",
    "The museum is about a fifteen-minute walk from the main station.",
    "Each paragraph should focus on a single idea and connect it to your main argument.",
    "We can verify the answer by plugging it back into the original equation.",
    "Because the graph has no cycles, a topological order always exists.",
    "Try to keep the tone friendly but direct, and end with a clear next step.",
    "The data suggests a moderate correlation, but it does not prove causation.",
    "Let me know if you would like a shorter version or a different format.",
    "As a result, the total cost over five years is lower even though the upfront price is higher.",
    "The trick is to iterate from the end of the array so earlier values are not overwritten.",
    "Plants in this zone usually need watering twice a week during the summer months.",
    "This clause limits liability to the amount paid under the agreement in the prior twelve months.",
    "The policy applies to all full-time employees after their probation period ends.",
    "Make sure the environment variables are loaded before the application starts.",
    "Scaling horizontally adds more machines, while scaling vertically adds more power to one machine.",
    "The poem uses repetition to build a sense of longing toward the final stanza.",
    "With a budget of that size, you can comfortably cover accommodation and local transport.",
    "Therefore the probability is the number of favorable outcomes divided by the total number of outcomes.",
    "The index makes lookups fast, but every write now has to update it as well.",
    "Consider adding a short summary at the top so readers can skim the main points.",
    "Rinse the lentils thoroughly and simmer them until they are soft but not mushy.",
    "Finally, we combine the two partial results to obtain the answer.",
    "Substituting the second equation into the first eliminates one of the variables.",
    "By induction, the statement holds for every positive integer n.",
    "The customer should receive a confirmation email within a few minutes.",
    "Your order has been handed to the carrier and is expected to arrive soon.",
)
ZH_SENT = (
    "首先，我们需要明确问题的已知条件和求解目标。",
    "这个方法的核心思想是把大问题拆分成几个小问题。",
    "根据题意，我们可以列出下面的方程。",
    "需要注意的是，边界情况往往容易被忽略。",
    "总的来说，两种方案各有优缺点，要根据实际情况选择。",
    "接下来，我们逐步验证每一个中间结果。",
    "如果你还有其他问题，欢迎继续提问。",
    "因此，最终答案可以通过代入原式进行检验。",
    "从时间复杂度来看，这个算法是比较高效的。",
    "建议你先从简单的例子入手，再逐步推广到一般情况。",
    "这里我们用归纳法来证明这个结论。",
    "旅行的时候最好提前预订酒店和门票。",
)
CODE_SNIPPETS = (
    "def solve(nums, k):\n    seen = {0: 1}\n    total = count = 0\n    for x in nums:\n        total = (total + x) % k\n        count += seen.get(total, 0)\n        seen[total] = seen.get(total, 0) + 1\n    return count\n",
    "def longest(s, k):\n    left = 0\n    freq = {}\n    best = 0\n    for right, ch in enumerate(s):\n        freq[ch] = freq.get(ch, 0) + 1\n        while len(freq) > k:\n            freq[s[left]] -= 1\n            if not freq[s[left]]:\n                del freq[s[left]]\n            left += 1\n        best = max(best, right - left + 1)\n    return best\n",
    "import heapq\n\ndef dijkstra(adj, src):\n    dist = {src: 0}\n    pq = [(0, src)]\n    while pq:\n        d, u = heapq.heappop(pq)\n        if d > dist.get(u, float('inf')):\n            continue\n        for v, w in adj[u]:\n            if d + w < dist.get(v, float('inf')):\n                dist[v] = d + w\n                heapq.heappush(pq, (dist[v], v))\n    return dist\n",
    "function debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}\n",
    "SELECT c.name, SUM(o.amount) AS revenue\nFROM customers c JOIN orders o ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY revenue DESC\nLIMIT 5;\n",
)
# fmt: on


def _corpus():
    cr = random.Random("blind-traffic/corpus")
    en = " ".join(cr.choice(PROSE_SENT) for _ in range(3000))
    zh = "".join(cr.choice(ZH_SENT) for _ in range(600))
    return en, zh


PROSE, ZH = _corpus()


def prose(r, nch):
    nch = max(1, int(nch))
    i = r.randrange(0, len(PROSE) - nch - 200)
    j = PROSE.find(". ", i, i + 200)
    i = j + 2 if j >= 0 else i
    s = PROSE[i : i + nch]
    k = s.rfind(" ")
    return s[:k] if k > nch // 2 else s


def zh_text(r, nch):
    nch = max(1, int(nch))
    i = r.randrange(0, len(ZH) - nch - 1)
    return ZH[i : i + nch]


LANG_TEXT = {}  # filled after LANGS is defined


def make_text(r, style, vis, cap=CAP):
    if vis <= 0:
        return ""
    nch = min(cap, vis * 4)
    if style.startswith("label:"):
        return style[6:]
    if style == "prose":
        return prose(r, nch)
    if style == "zh":
        return zh_text(r, min(cap // 2, vis))
    if style.startswith("lang:"):
        base = LANG_TEXT.get(style[5:], "")
        if not base:
            return prose(r, nch)
        s = (base + " ") * (1 + nch // max(1, len(base)))
        return s[: max(4, nch // 2)]
    if style == "steps":
        part = max(20, (nch - 60) // 3)
        s = (
            "Let's work through this step by step.\n\nStep 1: "
            + prose(r, part)
            + "\nStep 2: "
            + prose(r, part)
            + "\nStep 3: "
            + prose(r, part)
        )
        return (s[: nch - 20] + f"\n\nFinal answer: {r.randint(2, 9999)}") if nch > 80 else s[:nch]
    if style == "xml":
        s = (
            "<reasoning>\n"
            + prose(r, max(10, nch - 60))
            + "\n</reasoning>\n<answer>"
            + str(r.randint(2, 9999))
            + "</answer>"
        )
        return s
    if style == "code":
        code = r.choice(CODE_SNIPPETS)
        s = (
            "Here is one way to do it:\n\n```\n"
            + code
            + "```\n\n"
            + prose(r, max(10, nch - len(code) - 40))
        )
        return s[: max(nch, 60)]
    if style == "json":
        d = {
            "label": r.choice(("billing", "technical", "account", "other")),
            "confidence": round(r.uniform(0.5, 0.99), 2),
        }
        if vis > 30:
            d["summary"] = prose(r, min(nch, 200))
        return json.dumps(d)
    if style == "critique":
        part = max(20, (nch - 80) // 3)
        return f"Correctness: {prose(r, part)} Score: {r.randint(3, 9)}/10\nCompleteness: {prose(r, part)} Score: {r.randint(3, 9)}/10\nClarity: {prose(r, part)} Score: {r.randint(3, 9)}/10"[
            : max(nch, 60)
        ]
    if style == "verdict":
        return prose(r, max(10, nch - 12)) + f" Rating: [[{r.randint(2, 10)}]]"
    if style == "pref":
        return prose(r, max(10, nch - 8)) + " [[" + r.choice("AAB") + "]]"
    if style == "list":
        part = max(15, nch // 4)
        return "\n".join(f"{i}. {prose(r, part)}" for i in range(1, 5))[:nch]
    return prose(r, nch)


def make_reasoning(r, think, kind):
    nch = min(300, think * 4)
    if kind == "summary":
        return (
            "**"
            + r.choice(
                (
                    "Analyzing the problem",
                    "Breaking down the task",
                    "Checking the constraints",
                    "Planning the approach",
                )
            )
            + "**\n\n"
            + prose(r, nch)
        )
    return r.choice(
        (
            "Let me think about this carefully. ",
            "Okay, so the question asks ",
            "Let me work through this. ",
            "",
        )
    ) + prose(r, nch)


# --------------------------------------------------------------------------- prompt banks

# fmt: off
BANK = {
    "city": ("Lisbon", "Kyoto", "Mexico City", "Istanbul", "Hanoi", "Prague", "Cape Town", "Buenos Aires", "Seoul", "Marrakech", "Vancouver", "Edinburgh", "Bangkok", "Reykjavik", "Melbourne", "Nairobi", "Barcelona", "Chicago", "Bali", "Copenhagen", "Dubrovnik", "Oaxaca", "Tbilisi", "Singapore", "Montreal", "Porto", "Krakow", "Taipei", "Lima", "Amsterdam"),
    "dish": ("lasagna", "chicken curry", "pad thai", "banana bread", "shakshuka", "ramen", "vegan chili", "sourdough", "tacos al pastor", "mushroom risotto", "dal", "pho", "paella", "brownies", "falafel", "bibimbap", "quiche", "gnocchi", "butter chicken", "fried rice"),
    "doc": ("cover letter", "resignation letter", "wedding toast", "LinkedIn summary", "product description", "apology email", "birthday message", "README", "project proposal", "self-review", "tweet thread", "blog post intro"),
    "purpose": ("a junior data analyst role", "my landlord about a broken heater", "a team offsite", "my sister's wedding", "a grant application", "a client who missed a payment", "my neighbor about noise", "a software engineering internship", "a coworker who is leaving", "a school fundraiser"),
    "concept": ("recursion", "closures", "dependency injection", "eventual consistency", "gradient descent", "compound interest", "inflation", "photosynthesis", "the Krebs cycle", "quantum entanglement", "Bayes' theorem", "the CAP theorem", "OAuth2", "public-key cryptography", "supply and demand", "plate tectonics", "mRNA vaccines", "black holes", "index funds", "the placebo effect", "transformers in machine learning", "opportunity cost", "the Doppler effect", "natural selection", "TCP vs UDP", "database indexing", "Docker containers", "the electoral college", "carbon credits", "p-values"),
    "tone": ("more professional", "friendlier", "more concise", "more persuasive", "less formal", "more confident", "warmer", "more neutral"),
    "pet": ("dog", "cat", "rabbit", "parrot", "hamster", "puppy", "kitten"),
    "pet_b": ("scratching the couch", "barking at night", "not eating much", "chewing shoes", "hiding under the bed", "drinking a lot of water", "pulling on the leash"),
    "error": ("TypeError: 'NoneType' object is not subscriptable", "KeyError: 'id'", "TypeError: undefined is not a function", "segmentation fault (core dumped)", "Error: connect ECONNREFUSED 127.0.0.1:5432", "IndexError: list index out of range", "java.lang.NullPointerException", "CORS policy: No 'Access-Control-Allow-Origin' header", "ModuleNotFoundError: No module named 'numpy'", "Permission denied (publickey)", "error[E0382]: borrow of moved value", "fatal: refusing to merge unrelated histories"),
    "lang": ("Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "C++", "Kotlin", "Swift", "Ruby", "PHP"),
    "framework": ("React", "Django", "Flask", "FastAPI", "Next.js", "Spring Boot", "Rails", "Express", "Vue", "Svelte", "pandas", "PyTorch", "Kubernetes", "Docker", "Terraform"),
    "fw_task": ("set up authentication", "paginate results", "write unit tests", "handle file uploads", "deploy to production", "connect to PostgreSQL", "add caching", "stream responses", "handle timezones properly", "run background jobs"),
    "business": ("coffee shop", "dog grooming business", "bakery", "bike repair shop", "tutoring service", "history podcast", "indie game studio", "plant shop", "cleaning company", "food truck"),
    "book": ("Dune", "Pride and Prejudice", "The Midnight Library", "Sapiens", "1984", "Project Hail Mary", "The Great Gatsby", "Atomic Habits", "Beloved", "The Three-Body Problem", "Circe", "Norwegian Wood"),
    "food": ("a banana", "two slices of pizza", "a cup of cooked rice", "a big mac", "an avocado", "100g of almonds", "a glass of red wine", "a bowl of oatmeal"),
    "season": ("spring", "summer", "fall", "winter"),
    "zone": ("5b", "6a", "7a", "8b", "9a", "10"),
    "sport": ("running", "swimming", "cycling", "climbing", "tennis", "boxing", "yoga", "rowing"),
    "language": ("Spanish", "French", "German", "Japanese", "Italian", "Portuguese", "Korean", "Dutch", "Turkish", "Polish"),
    "sentence": ("me and him was going to the store yesterday but it were closed", "Please find attached the report which I have wrote last week.", "i think we should of started the project earlier", "Their going to announce the results tomorrow morning", "We need to make sure everyone are on the same page before the launch.", "The datas shows that sales has increased a lot", "Can you send me the informations about the meeting?", "I has been working here since three years."),
    "short": ("where is the train station", "I would like a table for two", "thank you for your help", "how much does this cost", "I'm allergic to peanuts", "see you next week"),
    "poem_topic": ("the ocean at night", "my grandmother's kitchen", "autumn leaves", "a city waking up", "losing a friend", "coffee", "a rainy Monday", "the first day of spring", "an old dog"),
    "joke_topic": ("programmers", "cats", "accountants", "coffee", "meetings", "physics", "dentists"),
    "symptom": ("a sore throat", "a mild headache", "lower back pain", "a dry cough", "itchy eyes", "a stiff neck", "heartburn"),
    "decision": ("renting vs buying a house", "leasing a car", "going back to school at 35", "freelancing full time", "moving to a new city for a job", "getting a second cat", "switching from Android to iPhone"),
    "negotiation": ("a higher salary", "rent with my landlord", "a car price at the dealership", "a deadline extension", "a better phone plan"),
    "unit": ("miles to km", "fahrenheit to celsius", "cups of flour to grams", "pounds to kg", "square feet to square meters"),
    "history": ("the fall of the Berlin Wall", "the Meiji Restoration", "the Cuban Missile Crisis", "the Black Death", "the Apollo 11 landing", "the partition of India", "the Haitian Revolution", "the printing revolution in Europe"),
    "sms": ("hey are we still on for saturday??", "sorry I forgot your birthday :(", "can u pick up the kids at 5", "did you see what happened at work today", "I got the job!!!"),
    "ask": ("a friend who wants to borrow money", "an extra project at work", "a wedding I can't afford to attend", "volunteering this weekend"),
    "hobby": ("gardening", "board games", "photography", "hiking", "baking", "anime", "woodworking", "chess", "astronomy"),
    "team_topic": ("the office move next month", "the new on-call schedule", "a delayed release", "quarterly goals", "a holiday party"),
    "topic": ("the ocean", "autumn", "startups", "robots", "coffee", "the moon", "friendship", "mountains"),
    "country": ("Canada", "Australia", "Brazil", "Kenya", "Norway", "Vietnam", "Peru", "Egypt", "Poland", "New Zealand"),
    "code": CODE_SNIPPETS,
}
_SLOT = re.compile(r"\{(\w+)\}")
# fmt: on


def fill(r, tpl):
    def sub(m):
        k = m.group(1)
        if k == "n":
            return str(r.randint(2, 12))
        if k == "num":
            return str(r.randint(10, 5000))
        if k == "para":
            return prose(r, r.randint(200, 700))
        if k == "email":
            return (
                r.choice(NAMES).lower()
                + "."
                + r.choice(("smith", "garcia", "kim", "muller", "rossi", "tanaka"))
                + "@"
                + r.choice(("gmail.com", "outlook.com", "acme.io", "example.org"))
            )
        v = BANK.get(k)
        return r.choice(v) if v else m.group(0)

    return _SLOT.sub(sub, tpl)


# fmt: off
CASUAL_EN = (
    "what's a good recipe for {dish} that doesn't take more than 30 minutes?",
    "give me a {n}-day itinerary for {city}, I like food and walking",
    "can you help me write a {doc} for {purpose}?",
    "explain {concept} like I'm 5",
    "what is the difference between {concept} and {concept}?",
    "rewrite this to sound {tone}: {sentence}",
    "can you check the grammar: {sentence}",
    "my {pet} keeps {pet_b}, is that normal?",
    "I'm getting {error} in my {lang} code, what does it usually mean?",
    "how do I {fw_task} in {framework}?",
    "suggest 10 names for a {business}",
    "summarize the plot of {book} without spoilers",
    "recommend {n} books similar to {book}",
    "how many calories are in {food}?",
    "what should I plant in {season} in zone {zone}?",
    "make me a {n}-week {sport} plan for a beginner",
    "how do you say '{short}' in {language}?",
    "write a short poem about {poem_topic}",
    "tell me a joke about {joke_topic}",
    "I've had {symptom} for {n} days, when should I see a doctor?",
    "what are the pros and cons of {decision}?",
    "tips for negotiating {negotiation}?",
    "convert {num} {unit}",
    "what caused {history}?",
    "explain {history} in a few paragraphs",
    "is understanding {concept} actually important for a job in tech?",
    "I have {n} hours to study {concept} for an exam, how should I spend them",
    "help me reply to this text from my friend: '{sms}'",
    "what's a polite way to say no to {ask}?",
    "plan a birthday party for a {n}-year-old who likes {hobby}",
    "gift ideas for someone who likes {hobby}? budget ${num}",
    "write a {doc} for {purpose}, keep it under 200 words",
    "how does {concept} work?",
    "can you give me a weekly meal plan that includes {dish}",
    "{lang} or {lang} for a first programming language?",
    "what are some fun things to do in {city} with kids?",
    "draft a message to my team about {team_topic}",
    "I'm bored, give me {n} ideas for a weekend project involving {hobby}",
    "fix this code:\n{code}",
    "what does this code do?\n\n{code}",
    "how can I make this faster?\n{code}",
    "What's the capital of {country} and what is it known for?",
    "write a product description for my handmade {hobby} kit",
    "is it safe to travel to {city} in {season}?",
)
FOLLOW_EN = (
    "thanks! can you make it shorter?",
    "can you give me another option?",
    "what about {city}?",
    "why?",
    "can you explain that last part again?",
    "make it {tone}",
    "that didn't work, I still get {error}",
    "in bullet points please",
    "can you add more detail to step 2?",
    "ok and what if I only have {n} days?",
    "translate that to {language}",
    "hmm are you sure about that?",
    "can you put that in a table?",
    "great, now a shorter version for a text message",
    "perfect thanks",
    "can you do the same for {dish}?",
)
CASUAL_XX = {
    "es": ("¿Me das una receta fácil para la cena de hoy?", "Explícame qué es la inflación con un ejemplo sencillo", "Ayúdame a escribir un correo a mi jefe para pedir {n} días de vacaciones", "¿Qué me recomiendas visitar en {city}?", "Corrige la gramática de este texto: ayer fuimos a la playa y hací mucho calor", "¿Cómo puedo aprender Python si no tengo experiencia?", "Dame ideas para el cumpleaños de mi hija de {n} años", "¿Cuál es la diferencia entre un crédito y un préstamo personal?"),
    "pt": ("Me ajuda a escrever uma mensagem de desculpas para um cliente?", "Quais são os melhores lugares para visitar em {city}?", "Explique o que são juros compostos de forma simples", "Como faço para organizar meus estudos para o vestibular?", "Me dá uma receita de bolo de cenoura sem glúten", "Escreva uma legenda para um post sobre meu novo café"),
    "fr": ("Peux-tu m'aider à rédiger une lettre de motivation pour un stage ?", "Que voir à {city} en {n} jours ?", "Explique-moi la photosynthèse simplement", "Corrige les fautes : je suis allé au magasin et j'ai acheter du pain", "Comment négocier une augmentation de salaire ?", "Donne-moi une recette de quiche sans lardons"),
    "de": ("Kannst du mir helfen, eine Bewerbung als Werkstudent zu schreiben?", "Was sollte ich in {city} unbedingt sehen?", "Erkläre mir den Unterschied zwischen Brutto und Netto", "Wie kann ich meine Wohnung im Winter günstiger heizen?", "Schreib mir ein kurzes Gedicht über den Herbst", "Wie kündige ich meinen Handyvertrag richtig?"),
    "zh": ("帮我写一封请假邮件，需要请{n}天假", "{city}有什么好玩的地方推荐吗？", "用简单的话解释一下什么是机器学习", "这段Python代码为什么报错？list index out of range", "给我推荐几本适合初学者的经济学书", "帮我把这段话翻译成英文：我们下周一开会讨论项目进度", "如何提高英语口语？", "写一段产品介绍，产品是一款智能保温杯", "周末带孩子去哪里玩比较好？", "帮我润色一下这段自我介绍"),
    "ja": ("{city}で{n}日間の旅行プランを考えてください", "敬語でメールを書くのを手伝ってください", "機械学習とは何か簡単に説明してください", "転職の面接でよく聞かれる質問は何ですか？", "簡単な夕食のレシピを教えてください"),
    "ko": ("{city} 여행 일정 {n}일짜리 짜줘", "자기소개서 첫 문장 좀 다듬어줘", "주식과 채권의 차이를 쉽게 설명해줘", "파이썬으로 엑셀 파일 읽는 방법 알려줘", "다이어트 식단 추천해줘"),
    "id": ("Bantu saya menulis email lamaran kerja untuk posisi admin", "Apa saja tempat wisata menarik di {city}?", "Jelaskan apa itu inflasi dengan bahasa sederhana", "Resep nasi goreng yang enak gimana?"),
    "ru": ("Помоги написать резюме для позиции junior-разработчика", "Что посмотреть в {city} за {n} дня?", "Объясни простыми словами, что такое блокчейн", "Как выучить английский быстрее?", "Напиши поздравление коллеге с днём рождения"),
    "hi": ("mujhe {n} din ki leave application likhni hai, help karo", "मुझे {city} में घूमने के लिए कुछ जगहें बताओ", "machine learning kya hota hai simple words me samjhao", "ek achha sa caption chahiye mere travel photo ke liye"),
    "tr": ("{city} için {n} günlük gezi planı hazırlar mısın?", "İş başvurusu için ön yazı yazmama yardım eder misin?", "Enflasyon nedir, basitçe anlatır mısın?"),
    "vi": ("Giải thích lạm phát là gì một cách đơn giản", "Gợi ý lịch trình du lịch {city} {n} ngày", "Viết giúp tôi một email xin nghỉ phép"),
}
REGION_LANGS = {
    "us": (("en", 94), ("es", 6)),
    "eu": (("en", 52), ("de", 12), ("fr", 10), ("es", 8), ("pt", 4), ("ru", 8), ("tr", 6)),
    "asia": (("en", 40), ("zh", 20), ("ja", 10), ("ko", 8), ("hi", 10), ("id", 6), ("vi", 6)),
    "latam": (("es", 50), ("pt", 30), ("en", 20)),
    "other": (("en", 70), ("ru", 15), ("tr", 15)),
}
# fmt: on


def casual_prompt(r, lang="en"):
    if lang == "en":
        return fill(r, r.choice(CASUAL_EN))
    return fill(r, r.choice(CASUAL_XX[lang]))


def followup(r, lang="en"):
    if lang == "en":
        return fill(r, r.choice(FOLLOW_EN))
    return fill(r, r.choice(CASUAL_XX[lang]))


# ---- problems (math / code / science / domain questions)

# fmt: off
NAMES = ("Maria", "Ahmed", "Chen", "Priya", "Lucas", "Aisha", "Kenji", "Olga", "Diego", "Fatima", "Noah", "Emma", "Liam", "Sofia", "Ravi", "Yuki", "Omar", "Zara", "Ivan", "Mei", "Tom", "Nadia", "Jonas", "Leila")
ITEMS = ("apples", "marbles", "stickers", "pencils", "cookies", "books", "cards", "stamps", "shells", "coins", "eggs", "cupcakes")
# fmt: on


def _m_word(r):
    n, it = r.choice(NAMES), r.choice(ITEMS)
    a, b, c, d = r.randint(5, 90), r.randint(2, 9), r.randint(3, 24), r.randint(1, 30)
    return f"{n} has {a} {it}. {n} buys {b} packs with {c} {it} in each pack, then gives {d} {it} to a friend and sells half of the rest. How many {it} does {n} have left?"


def _m_rate(r):
    a, b, c, p = r.randint(2, 9), r.randint(10, 20), r.randint(100, 900), r.randint(5, 60)
    return f"Pipe A fills a tank in {a} hours and pipe B empties it in {b} hours. The {c}-liter tank starts {p}% full and both pipes are opened. How long until the tank is full?"


def _m_sys(r):
    a, b, c, d, e, f = (r.randint(1, 15) for _ in range(6))
    return f"Solve the system of equations: {a}x + {b}y = {c * 7}, {d}x - {e}y = {f * 3}."


def _m_nt(r):
    return f"How many positive integers n <= {r.choice((100, 500, 1000, 2026, 10000))} satisfy that n^2 + {r.randint(1, 60)} is divisible by {r.choice((7, 11, 13, 17, 19, 23))}?"


def _m_dice(r):
    n = r.randint(2, 6)
    return f"If {n} fair six-sided dice are rolled, what is the probability that the sum is at least {r.randint(n * 3, n * 5)}?"


def _m_comb(r):
    return f"In how many ways can {r.randint(6, 12)} people sit around a round table if {r.randint(2, 3)} particular people refuse to sit next to each other?"


def _m_geo(r):
    a, b = r.randint(5, 30), r.randint(5, 30)
    c = r.randint(abs(a - b) + 1, a + b - 1)
    return f"A triangle has side lengths {a}, {b}, and {c}. Find its area and the radius of its inscribed circle."


def _m_seq(r):
    return f"Let a_1 = {r.randint(1, 9)} and a_(n+1) = {r.randint(2, 7)}*a_n + {r.randint(1, 9)} for n >= 1. Find the remainder when a_{r.randint(20, 2026)} is divided by {r.choice((7, 9, 11, 13, 100, 1000))}."


def _m_int(r):
    return f"Evaluate the integral from 0 to infinity of x^{r.randint(2, 7)} * e^(-{r.randint(2, 9)}x) dx, and explain each step."


def _m_opt(r):
    return f"Find the minimum value of {r.randint(2, 40)}/x + {r.randint(1, 9)}x^2 for x > 0, and the x at which it is attained."


def _m_mod(r):
    return f"Find the last three digits of {r.randint(3, 99)}^{r.randint(100, 9999)}."


def _m_fin(r):
    return f"An investment of ${r.randint(1, 50) * 1000} earns {r.choice((3.5, 4, 4.25, 5, 6.5, 7))}% annual interest compounded monthly. After how many years does it first exceed ${r.randint(60, 300) * 1000}?"


def _m_phys(r):
    return f"A ball is thrown straight up at {r.randint(5, 40)} m/s from a height of {r.randint(1, 80)} m. Ignoring air resistance, when does it hit the ground and how fast is it moving at impact?"


def _m_chem(r):
    return f"How many grams of {r.choice(('NaCl', 'KOH', 'CuSO4', 'glucose', 'NaHCO3', 'CaCl2'))} are needed to prepare {r.choice((100, 250, 500, 1000))} mL of a {r.choice((0.05, 0.1, 0.25, 0.5, 1.5))} M solution?"


def _m_prob2(r):
    return f"A bag contains {r.randint(3, 10)} red and {r.randint(3, 10)} blue balls. {r.randint(2, 4)} balls are drawn without replacement. What is the probability that at least two are red?"


def _m_poly(r):
    a, b = r.randint(2, 9), r.randint(2, 30)
    return f"Let P(x) = x^3 - {a}x^2 + {b}x - {r.randint(1, 40)}. If r, s, t are its roots, compute r^2 + s^2 + t^2 and 1/r + 1/s + 1/t."


# fmt: off
MATH_FAMS = (_m_word, _m_rate, _m_sys, _m_nt, _m_dice, _m_comb, _m_geo, _m_seq, _m_int, _m_opt, _m_mod, _m_fin, _m_phys, _m_chem, _m_prob2, _m_poly)
HARD_FAMS = (_m_nt, _m_comb, _m_seq, _m_int, _m_opt, _m_mod, _m_poly, _m_geo, _m_prob2)

CODE_TASKS = (
    "Given an array of n integers and an integer k, count the contiguous subarrays whose sum is divisible by k.",
    "Given a string s, return the length of the longest substring with at most k distinct characters.",
    "Given a weighted directed graph with n nodes and m edges, find the shortest path from node 1 to every node when you may make at most one edge free.",
    "Given n intervals, find the minimum number of intervals to remove so that the rest do not overlap.",
    "Design a data structure that supports insert, delete and getRandom in O(1) average time.",
    "Given a binary tree, return the maximum path sum between any two nodes.",
    "Given a grid of 0s and 1s, count the islands when diagonal neighbours also connect.",
    "Implement an LRU cache with capacity k supporting get and put in O(1).",
    "Given a list of words, find all pairs (i, j) such that words[i] + words[j] is a palindrome.",
    "Given coin denominations and a target amount, count the combinations that make up the amount modulo 1e9+7.",
    "Given a tree with n nodes, answer q queries for the lowest common ancestor of two nodes.",
    "Given an integer array, find the length of the longest strictly increasing subsequence.",
    "Given a string, find the minimum number of insertions to make it a palindrome.",
    "Given n jobs with deadlines and profits, schedule them to maximize total profit.",
    "Given an n x m matrix of integers, find the maximum-sum submatrix.",
    "Given daily stock prices, find the maximum profit with at most k transactions.",
    "Merge k sorted linked lists into one sorted list.",
    "Find the shortest path from the top-left to the bottom-right of a grid where you may remove at most k obstacles.",
    "Given a string and a dictionary, return every way to segment the string into dictionary words.",
    "Count the inversions in an array of n integers.",
    "Given n points in the plane, find the closest pair.",
    "Implement a trie that supports insert, search and counting words with a given prefix.",
    "Given a directed graph, detect whether it has a cycle and return one if it does.",
    "Answer q range-minimum queries with point updates on an array of n integers.",
    "Find the k-th smallest element in the union of two sorted arrays.",
    "Given a permutation, find the minimum number of adjacent swaps needed to sort it.",
    "Count the number of distinct substrings of a string of length n.",
    "Given n tasks with dependencies, find the minimum time to finish all of them with unlimited workers.",
)
SCIENCE = (
    "the sky is blue during the day but red at sunset", "ice floats on water", "metals feel colder than wood at the same temperature", "the Moon always shows the same face to Earth", "antibiotics do not work against viruses", "a bicycle stays upright when it moves", "salt lowers the freezing point of water", "transistors can act as switches", "high-altitude cooking takes longer", "a prism splits white light into colours", "the seasons happen", "airplane wings generate lift", "enzymes speed up reactions", "stars twinkle but planets mostly do not", "batteries lose capacity in the cold", "a spinning top does not fall over", "superconductors expel magnetic fields", "the heart has four chambers", "tides occur twice a day", "catalysts do not change the equilibrium constant",
)
NAMES2 = ("Alice", "Bob", "Carol", "Dave", "Erin", "Frank")
# fmt: on


def q_math(r, hard=False):
    return r.choice(HARD_FAMS if hard else MATH_FAMS)(r)


def q_code(r):
    s = f"{r.choice(CODE_TASKS)} Constraints: 1 <= n <= {10 ** r.randint(3, 6)}, values up to {10 ** r.randint(4, 9)}."
    return s + r.choice(
        (
            "",
            " Write the solution in Python.",
            " Write the solution in C++.",
            " Give an efficient algorithm and analyze its complexity.",
            f" Write the solution in {r.choice(BANK['lang'])}.",
        )
    )


def q_sci(r):
    return (
        r.choice(
            (
                "Explain why ",
                "Why is it that ",
                "Give a detailed physical explanation of why ",
                "Explain, from first principles, why ",
            )
        )
        + r.choice(SCIENCE)
        + "."
    )


def q_logic(r):
    ppl = r.sample(NAMES2, 3)
    return f"On an island, knights always tell the truth and knaves always lie. {ppl[0]} says: '{ppl[1]} is a knave.' {ppl[1]} says: '{ppl[0]} and {ppl[2]} are the same kind.' {ppl[2]} says: 'Exactly {r.randint(1, 2)} of us are knights.' Who is a knight and who is a knave?"


def problem(r, mix=(45, 35, 12, 8), hard=False):
    k = r.choices((0, 1, 2, 3), mix)[0]
    if k == 0:
        return q_math(r, hard), "math"
    if k == 1:
        return q_code(r), "code"
    if k == 2:
        return q_sci(r), "sci"
    return q_logic(r), "logic"


def gsm_item(idx):
    return random.Random(f"public/gsm8k/{idx}").choice(
        (_m_word, _m_rate, _m_fin, _m_prob2, _m_phys)
    )(random.Random(f"public/gsm8k/{idx}/q"))


def math_item(idx):
    return random.Random(f"public/math/{idx}").choice(HARD_FAMS)(
        random.Random(f"public/math/{idx}/q")
    )


# fmt: off
MMLU_SUBJ = ("high_school_biology", "college_physics", "professional_law", "econometrics", "world_religions", "clinical_knowledge", "computer_security", "moral_scenarios", "high_school_macroeconomics", "anatomy", "formal_logic", "marketing")
# fmt: on


def mmlu_item(idx):
    q = random.Random(f"public/mmlu/{idx}")
    subj = q.choice(MMLU_SUBJ)
    c = q.choice(BANK["concept"])
    opts = [prose(q, q.randint(30, 70)) for _ in range(4)]
    stem = q.choice(
        (
            "Which of the following best describes {c}?",
            "Which statement about {c} is correct?",
            "A student claims that {c} explains the observation below. Which option supports the claim?",
            "Which of the following is NOT a consequence of {c}?",
        )
    ).format(c=c)
    return subj, stem, opts, "ABCD"[q.randrange(4)]


def humaneval_item(idx):
    q = random.Random(f"public/humaneval/{idx}")
    fname = q.choice(
        (
            "below_zero",
            "sort_third",
            "count_nums",
            "move_one_ball",
            "prime_fib",
            "fizz_buzz",
            "largest_divisor",
            "triples_sum_to_zero",
            "is_palindrome",
            "strange_sort_list",
            "digit_sum",
            "encrypt",
        )
    )
    return f'def {fname}(numbers: list) -> int:\n    """ {prose(q, q.randint(80, 220))}\n    >>> {fname}([1, 2, 3])\n    {q.randint(0, 9)}\n    """\n'


# ---- languages for multilingual sweeps and localisation

# fmt: off
LANGS = {
    "es": ("español", "Resuelve el siguiente problema paso a paso y explica tu razonamiento en detalle:"),
    "fr": ("français", "Résous le problème suivant étape par étape en expliquant ton raisonnement en détail :"),
    "de": ("Deutsch", "Löse die folgende Aufgabe Schritt für Schritt und erkläre deinen Lösungsweg ausführlich:"),
    "pt": ("português", "Resolva o seguinte problema passo a passo e explique seu raciocínio em detalhes:"),
    "it": ("italiano", "Risolvi il seguente problema passo dopo passo, spiegando il tuo ragionamento in dettaglio:"),
    "ru": ("русский", "Реши следующую задачу шаг за шагом и подробно объясни своё рассуждение:"),
    "zh": ("中文", "请一步一步地解决下面的问题，并详细解释你的推理过程："),
    "ja": ("日本語", "次の問題をステップごとに解き、推論過程を詳しく説明してください："),
    "ko": ("한국어", "다음 문제를 단계별로 풀고 추론 과정을 자세히 설명해 주세요:"),
    "ar": ("العربية", "حل المسألة التالية خطوة بخطوة واشرح طريقة تفكيرك بالتفصيل:"),
    "hi": ("हिन्दी", "निम्नलिखित समस्या को चरण दर चरण हल करें और अपने तर्क को विस्तार से समझाएँ:"),
    "id": ("Bahasa Indonesia", "Selesaikan soal berikut langkah demi langkah dan jelaskan penalaranmu secara rinci:"),
    "tr": ("Türkçe", "Aşağıdaki problemi adım adım çöz ve akıl yürütmeni ayrıntılı olarak açıkla:"),
    "vi": ("Tiếng Việt", "Hãy giải bài toán sau từng bước và giải thích chi tiết lập luận của bạn:"),
    "pl": ("polski", "Rozwiąż poniższe zadanie krok po kroku i szczegółowo wyjaśnij swoje rozumowanie:"),
    "nl": ("Nederlands", "Los het volgende probleem stap voor stap op en leg je redenering uitgebreid uit:"),
    "th": ("ภาษาไทย", "จงแก้โจทย์ต่อไปนี้ทีละขั้นตอนและอธิบายเหตุผลอย่างละเอียด:"),
    "uk": ("українська", "Розв'яжи наступну задачу крок за кроком і детально поясни своє міркування:"),
    "fa": ("فارسی", "مسئله زیر را گام به گام حل کن و استدلال خود را به تفصیل توضیح بده:"),
    "sw": ("Kiswahili", "Tatua tatizo lifuatalo hatua kwa hatua na ueleze hoja yako kwa kina:"),
    "bn": ("বাংলা", "নিচের সমস্যাটি ধাপে ধাপে সমাধান করো এবং তোমার যুক্তি বিস্তারিতভাবে ব্যাখ্যা করো:"),
}
# fmt: on
for _k, (_name, _instr) in LANGS.items():
    LANG_TEXT[_k] = _instr
# fmt: off
LOCALES = ("es-ES", "es-MX", "fr-FR", "fr-CA", "de-DE", "it-IT", "pt-BR", "pt-PT", "nl-NL", "sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL", "cs-CZ", "hu-HU", "ro-RO", "tr-TR", "el-GR", "ru-RU", "uk-UA", "ar-SA", "he-IL", "hi-IN", "th-TH", "vi-VN", "id-ID", "ms-MY", "ja-JP", "ko-KR", "zh-CN", "zh-TW", "bg-BG", "hr-HR", "sk-SK", "lt-LT", "lv-LV", "et-EE")
UI_STRINGS = (
    "You have {count} unread messages", "Your session has expired. Please sign in again.", "Add to cart", "Free shipping on orders over {amount}", "Are you sure you want to delete this file?", "Payment failed. Please check your card details.", "Invite your team", "Upgrade to Pro", "Last seen {time} ago", "Search products, brands and more", "Your password must contain at least 8 characters", "Export as CSV", "We couldn't find any results for \"{query}\"", "Welcome back, {name}!", "Notifications", "Save changes", "Two-factor authentication is enabled", "Your order has shipped", "Try again", "Terms of Service", "Drag and drop files here, or <b>browse</b>", "{count} items selected", "This feature is only available on the Business plan", "Connect your calendar", "Your trial ends in {days} days", "Undo", "Mark all as read", "Something went wrong on our end.", "Choose a delivery slot", "Share link copied to clipboard",
)
# fmt: on


# --------------------------------------------------------------------------- world


class Acct:
    __slots__ = ("arch", "blocks", "camp", "err", "harv", "id", "keys", "mct", "n", "r")


class World:
    def __init__(self, seed, days):
        self.seed = str(seed)
        self.days = math.ceil(days)
        self.t0 = T0
        self.t1 = T0 + days * DAY
        self.t_rel = T0 + min(41 * HOUR, 0.57 * days * DAY)
        self.ids = random.Random(f"blind-traffic/{self.seed}/ids")
        self.used = set()
        self.recs = []
        self.accts = []
        self.seq = 0
        pr = self.sub("pools")
        self.vpn = [
            cloud_ip(pr, pr.choice(("vultr", "ovh", "linode", "do", "hetzner"))) for _ in range(28)
        ]
        self.cgnat = {reg: [resi_ip(pr, reg) for _ in range(10)] for reg in RESI}

    def sub(self, tag):
        return random.Random(f"blind-traffic/{self.seed}/{tag}")

    def uid(self, prefix, n):
        while True:
            s = prefix + hexid(self.ids, n)
            if s not in self.used:
                self.used.add(s)
                return s

    def campaign(self):
        return self.uid("camp-", 6)

    def account(self, arch, harv, camp=None, nkeys=1, err=0.002):
        a = Acct()
        a.id = self.uid("acct-", 10)
        a.keys = [self.uid("k-", 12) for _ in range(nkeys)]
        a.arch, a.harv, a.camp, a.err, a.n = arch, harv, camp, err, 0
        a.r = self.sub("acct/" + a.id)
        a.mct = a.r.random() < 0.3
        a.blocks = a.r.random() < 0.4
        self.accts.append(a)
        return a

    def local(self, day, hour, tz):
        return self.t0 + day * DAY + (hour - tz) * HOUR

    def emit(self, ts, a, key, ip, path, req, resp):
        if self.t0 <= ts < self.t1:
            self.seq += 1
            a.n += 1
            self.recs.append((round(ts, 3), self.seq, a.id, key, ip, path, req, resp))


def hourly(w, r, per_day, curve, tz=0.0, sigma=0.35, start=None, end=None):
    """Non-homogeneous Poisson arrival times following a local-time curve."""
    tot = sum(curve)
    start = w.t0 if start is None else max(start, w.t0)
    end = w.t1 if end is None else min(end, w.t1)
    out, mult = [], {}
    hi = int((start - w.t0) // HOUR)
    while w.t0 + hi * HOUR < end:
        t = w.t0 + hi * HOUR
        d = int((hi + tz) // 24)
        if d not in mult:
            mult[d] = math.exp(r.gauss(0.0, sigma))
        lam = per_day * curve[int((hi + tz) % 24)] / tot * mult[d]
        for _ in range(poisson(r, lam)):
            x = t + r.random() * HOUR
            if start <= x < end:
                out.append(x)
        hi += 1
    out.sort()
    return out


# fmt: off
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "messages": "/v1/messages", "completions": "/v1/completions"}
# fmt: on


def tools_for(api, tools):
    if not tools:
        return None
    if api == "messages":
        return [{"name": n, "description": d, "input_schema": s} for n, d, s in tools]
    if api == "responses":
        return [
            {"type": "function", "name": n, "description": d, "parameters": s} for n, d, s in tools
        ]
    return [
        {"type": "function", "function": {"name": n, "description": d, "parameters": s}}
        for n, d, s in tools
    ]


def rparams(api, model, effort=None, summary=None, budget=0):
    """Reasoning knobs in the shape each API takes."""
    if api == "messages":
        return {"thinking": {"type": "enabled", "budget_tokens": budget}} if budget else {}
    if not is_reasoning(model) or not effort:
        return {}
    if api == "responses":
        d = {"effort": effort}
        if summary:
            d["summary"] = summary
        return {"reasoning": d}
    if api == "chat":
        return {"reasoning_effort": effort}
    return {}


def think_for(r, model, effort, scale=1.0):
    if not is_reasoning(model):
        return 0
    base = {"minimal": 40, "low": 300, "medium": 1100, "high": 3600}.get(effort or "medium", 1100)
    return int(lognorm(r, base * scale, 0.6))


def simple(api, a, turns):
    """[(role, text)] -> the API's message list (system handled by call)."""
    if api == "responses" and len(turns) == 1 and a.blocks:
        return turns[0][1]
    if api == "messages" and a.blocks:
        return [{"role": ro, "content": [{"type": "text", "text": tx}]} for ro, tx in turns]
    return [{"role": ro, "content": tx} for ro, tx in turns]


def call(
    w,
    a,
    ts,
    key,
    ip,
    api,
    model,
    msgs,
    *,
    system=None,
    max_tokens=None,
    out=300,
    think=0,
    show_think=None,
    style="prose",
    params=None,
    tools=None,
    n=1,
    stream=False,
    tool_call=None,
    cap=CAP,
    err=None,
):
    """Emit one request/response record (plus a failed attempt first, sometimes).

    Returns (response, time the client has the full answer)."""
    r = a.r
    path = PATHS[api]
    req = {"model": model}
    if api == "chat":
        req["messages"] = ([{"role": "system", "content": system}] if system else []) + msgs
        if max_tokens is not None:
            req["max_completion_tokens" if (is_reasoning(model) or a.mct) else "max_tokens"] = (
                max_tokens
            )
    elif api == "responses":
        if system:
            req["instructions"] = system
        req["input"] = msgs
        if max_tokens is not None:
            req["max_output_tokens"] = max_tokens
    elif api == "messages":
        req["max_tokens"] = max_tokens if max_tokens is not None else 4096
        if system:
            req["system"] = system
        req["messages"] = msgs
    else:
        req["prompt"] = msgs
        req["max_tokens"] = max_tokens if max_tokens is not None else 16
    tl = tools_for(api, tools)
    if tl:
        req["tools"] = tl
    if params:
        req.update(params)
    if stream and api != "completions":
        req["stream"] = True
        if api == "chat":
            req["stream_options"] = {"include_usage": True}
    if api == "messages" and "thinking" in req:
        think = think or int(lognorm(r, req["thinking"]["budget_tokens"] * 0.35, 0.5))
        think = min(think, req["thinking"]["budget_tokens"])
    # a failed attempt, retried by the client
    e = a.err if err is None else err
    if e and r.random() < e:
        st = 429 if r.random() < 0.8 else r.choice((500, 503))
        zero = (
            {"input_tokens": 0, "output_tokens": 0}
            if api == "messages"
            else {"prompt_tokens": 0, "completion_tokens": 0}
        )
        w.emit(
            ts,
            a,
            key,
            ip,
            path,
            req,
            {"status": st, "text": "", "reasoning": None, "usage": zero, "finish_reason": None},
        )
        ts += r.uniform(0.5, 3.0) if st != 429 else r.uniform(2.0, 30.0)
    # usage
    pt = (
        3
        + ntok(system)
        + (ntok(msgs) if isinstance(msgs, str) else ntok(json.dumps(msgs, ensure_ascii=False)))
    )
    if tl:
        pt += ntok(json.dumps(tl))
    if api == "completions":
        limit = req["max_tokens"]
    elif max_tokens is not None:
        limit = max_tokens
    else:
        limit = 100000 if is_reasoning(model) else 16384
    vis = max(0, int(out))
    th = max(0, int(think))
    if th + vis >= limit:
        fin = "length"
        th = min(th, limit)
        vis = limit - th
    else:
        fin = "tool_calls" if tool_call else "stop"
    per = th + vis
    total = per
    ths = th
    for _ in range(n - 1):
        extra = min(limit, int(per * r.uniform(0.7, 1.3)))
        total += extra
        ths += int(th * extra / per) if per else 0
    text = (
        "" if (tool_call and fin != "length" and api == "chat") else make_text(r, style, vis, cap)
    )
    if tool_call and api == "messages" and fin != "length":
        text = text[: r.choice((0, 0, 60, 120))]
    reasoning = None
    if th and show_think:
        reasoning = make_reasoning(r, th, show_think)
    if api == "messages":
        usage = {"input_tokens": pt, "output_tokens": total}
    else:
        usage = {"prompt_tokens": pt, "completion_tokens": total}
        if ths:
            usage["completion_tokens_details"] = {"reasoning_tokens": ths}
    resp = {
        "status": 200,
        "text": text,
        "reasoning": reasoning,
        "usage": usage,
        "finish_reason": fin,
    }
    if tool_call and fin == "tool_calls":
        resp["tool_calls"] = [{"name": tool_call[0], "arguments": json.dumps(tool_call[1])}]
    w.emit(ts, a, key, ip, path, req, resp)
    speed = r.uniform(45, 140)
    done = ts + 0.25 + pt / 9000.0 + total / max(1, n) / speed * (1.0 if n == 1 else 1.3)
    return resp, done


# --------------------------------------------------------------------------- agents

# fmt: off
AGENT_TOOLS = {
    "read_file": ("Read a file from the workspace.", {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}),
    "edit_file": ("Replace an exact string in a file.", {"type": "object", "properties": {"path": {"type": "string"}, "old_str": {"type": "string"}, "new_str": {"type": "string"}}, "required": ["path", "old_str", "new_str"]}),
    "run_command": ("Run a shell command and return stdout/stderr.", {"type": "object", "properties": {"command": {"type": "string"}, "timeout": {"type": "integer"}}, "required": ["command"]}),
    "search_code": ("Search the repository with a regular expression.", {"type": "object", "properties": {"pattern": {"type": "string"}, "glob": {"type": "string"}}, "required": ["pattern"]}),
    "list_dir": ("List a directory.", {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}),
    "bash": ("Execute a bash command in the sandbox.", {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}),
    "python": ("Execute Python code and return the output.", {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]}),
    "str_replace_editor": ("View, create and edit files.", {"type": "object", "properties": {"command": {"type": "string", "enum": ["view", "create", "str_replace", "insert"]}, "path": {"type": "string"}, "old_str": {"type": "string"}, "new_str": {"type": "string"}, "file_text": {"type": "string"}}, "required": ["command", "path"]}),
    "web_search": ("Search the web and return the top results.", {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}),
    "write_file": ("Write content to a file.", {"type": "object", "properties": {"path": {"type": "string"}, "content": {"type": "string"}}, "required": ["path", "content"]}),
    "submit": ("Submit the final answer and end the episode.", {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}),
    "run_sql": ("Run a read-only SQL query against the analytics warehouse.", {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}),
}
# fmt: on


def toolset(names):
    return [(n, AGENT_TOOLS[n][0], AGENT_TOOLS[n][1]) for n in names]


# fmt: off
MODS = ("parser", "auth", "billing", "api/routes", "models/user", "utils/dates", "cache", "worker", "cli", "storage/s3", "search/index", "payments/stripe", "notifications", "config")
# fmt: on


def tool_args(r, name):
    mod = r.choice(MODS)
    if name in ("read_file", "list_dir"):
        return {"path": f"src/{mod}.py" if name == "read_file" else f"src/{mod.split('/')[0]}"}
    if name == "edit_file":
        return {
            "path": f"src/{mod}.py",
            "old_str": prose(r, r.randint(30, 120)),
            "new_str": prose(r, r.randint(30, 160)),
        }
    if name in ("run_command", "bash"):
        return {
            "command": r.choice(
                (
                    f"pytest -x tests/test_{mod.split('/')[-1]}.py",
                    "git status",
                    "git diff --stat",
                    "ls -la",
                    f"grep -rn 'def ' src/{mod}.py | head",
                    "npm test -- --silent",
                    "python -m mypy src",
                    "cat requirements.txt",
                    "make build",
                )
            )
        }
    if name == "search_code":
        return {
            "pattern": r.choice(
                ("def handle_", "TODO", "class .*Error", "import requests", "retry")
            ),
            "glob": "**/*.py",
        }
    if name == "python":
        return {"code": "import pandas as pd\ndf = pd.read_csv('data.csv')\nprint(df.describe())"}
    if name == "str_replace_editor":
        return {"command": r.choice(("view", "str_replace")), "path": f"/repo/src/{mod}.py"}
    if name == "web_search":
        return {"query": f"{r.choice(BANK['framework'])} {r.choice(BANK['fw_task'])}"}
    if name == "write_file":
        return {"path": f"src/{mod}_new.py", "content": r.choice(CODE_SNIPPETS)}
    if name == "run_sql":
        return {
            "query": "SELECT date_trunc('week', created_at) AS wk, count(*) FROM orders GROUP BY 1 ORDER BY 1 DESC LIMIT 12"
        }
    return {"answer": prose(r, 60)}


def tool_result(r, name):
    if name in ("run_command", "bash"):
        return r.choice(
            (
                "===== 1 failed, 23 passed in 2.31s =====\nFAILED tests/test_parser.py::test_empty_input - AssertionError: assert None == []",
                "On branch main\nChanges not staged for commit:\n  modified:   src/cache.py",
                "ok\n",
                'Traceback (most recent call last):\n  File "src/worker.py", line 88, in run\n    job = queue.pop()\nIndexError: pop from empty list',
                "Success: no issues found in 42 source files",
            )
        )
    if name in ("read_file", "str_replace_editor"):
        return r.choice(CODE_SNIPPETS)[: r.randint(120, 300)]
    if name == "search_code":
        return "\n".join(
            f"src/{r.choice(MODS)}.py:{r.randint(3, 400)}: {prose(r, 50)}" for _ in range(3)
        )
    if name == "web_search":
        return "\n".join(f"[{i}] {prose(r, 80)}" for i in range(1, 4))
    if name == "python":
        return "       count        mean         std\nx  1200.0000   14.22000    3.10221\ny  1200.0000    0.48100    0.49984"
    if name == "run_sql":
        return "wk,count\n2026-05-04,1832\n2026-04-27,1790\n2026-04-20,1655"
    return "ok"


def agent_msgs(api, events):
    out = []
    for ev in events:
        k = ev[0]
        if k in ("user", "assistant"):
            out.append({"role": k, "content": ev[1]})
        elif k == "call":
            _, cid, name, args, pre = ev
            if api == "chat":
                out.append(
                    {
                        "role": "assistant",
                        "content": pre or None,
                        "tool_calls": [
                            {
                                "id": cid,
                                "type": "function",
                                "function": {"name": name, "arguments": json.dumps(args)},
                            }
                        ],
                    }
                )
            elif api == "messages":
                out.append(
                    {
                        "role": "assistant",
                        "content": ([{"type": "text", "text": pre}] if pre else [])
                        + [{"type": "tool_use", "id": cid, "name": name, "input": args}],
                    }
                )
            else:
                out.append(
                    {
                        "type": "function_call",
                        "call_id": cid,
                        "name": name,
                        "arguments": json.dumps(args),
                    }
                )
        elif k == "result":
            _, cid, text = ev
            if api == "chat":
                out.append({"role": "tool", "tool_call_id": cid, "content": text})
            elif api == "messages":
                out.append(
                    {
                        "role": "user",
                        "content": [{"type": "tool_result", "tool_use_id": cid, "content": text}],
                    }
                )
            else:
                out.append({"type": "function_call_output", "call_id": cid, "output": text})
    return out


def call_id(r, api):
    return ("toolu_01" if api == "messages" else "call_") + "".join(
        r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(22)
    )


def agent_task(
    w,
    a,
    t,
    key,
    ip,
    api,
    model,
    system,
    tools,
    events,
    nturns,
    *,
    tool_gap=(0.5, 8.0),
    mt=8192,
    think_kw=None,
    stream=False,
    params=None,
):
    """Run one agent task appended to `events`; returns finish time."""
    r = a.r
    names = [x[0] for x in tools]
    for k in range(nturns):
        last = k == nturns - 1
        think = 0
        p = dict(params or {})
        if think_kw:
            p.update(rparams(api, model, **think_kw))
            think = (
                think_for(r, model, think_kw.get("effort"), 0.4)
                if api != "messages"
                else int(lognorm(r, 600, 0.7))
            )
        msgs = agent_msgs(api, events)
        if last:
            resp, t = call(
                w,
                a,
                t,
                key,
                ip,
                api,
                model,
                msgs,
                system=system,
                max_tokens=mt,
                out=int(lognorm(r, 220, 0.6)),
                think=think,
                tools=tools,
                stream=stream,
                params=p or None,
            )
            events.append(("assistant", resp["text"] or "Done."))
            return t
        name = r.choice([x for x in names if x != "submit"] or names)
        args = tool_args(r, name)
        out = 40 + ntok(json.dumps(args)) + r.randint(0, 120)
        cid = call_id(r, api)
        resp, t = call(
            w,
            a,
            t,
            key,
            ip,
            api,
            model,
            msgs,
            system=system,
            max_tokens=mt,
            out=out,
            think=think,
            tools=tools,
            stream=stream,
            tool_call=(name, args),
            params=p or None,
        )
        if resp["finish_reason"] == "length":
            return t
        events.append(("call", cid, name, args, resp["text"] if api == "messages" else None))
        events.append(("result", cid, tool_result(r, name)))
        t += r.uniform(*tool_gap)
    return t


# --------------------------------------------------------------------------- more banks

# fmt: off
BANK.update(
    {
        "company": ("Acme Analytics", "Brightline Logistics", "Kestrel Health", "Northwind Foods", "Orbital Labs", "Pinecone Legal", "Quanta Retail", "Sunbeam Travel"),
        "review": ("The blender is loud but it crushes ice in seconds. Worth it.", "Arrived broken and support never answered my emails.", "It's fine. Does what it says, nothing special.", "Absolutely love this jacket, I get compliments every time!", "The app crashes every time I try to upload a photo.", "Delivery was two days late but the product is great.", "Terrible quality, the seams came apart after one wash.", "Good value for the price, would buy again."),
        "expense": ("client dinners", "home office equipment", "conference travel", "mobile phone bills", "training courses"),
        "system_name": ("the data warehouse", "Salesforce", "the production Kubernetes cluster", "Jira admin", "the finance shared drive"),
        "datatype": ("customer emails", "support call recordings", "application logs", "payroll records"),
        "os": ("macOS", "Windows 11", "Ubuntu"),
        "tier": ("Enterprise", "Business", "Starter"),
        "item": ("blender", "jacket", "router", "phone case", "office chair", "headphones", "coffee maker"),
        "day": ("yesterday", "on Monday", "last week", "two days ago"),
        "screen": ("checkout", "settings", "profile", "cart", "login"),
        "endpoint": ("/users", "/orders", "/invoices", "/search", "/reports"),
        "cmd": ("npm run build", "pytest", "docker compose up", "cargo test", "make deploy"),
        "char": ("Captain Mara Vell", "Detective Ruiz", "Elowen the herbalist", "Unit K-7", "Professor Okafor"),
        "role": ("starship captain", "hard-boiled detective", "village healer", "rogue android", "archaeologist"),
        "setting": ("a dying space station", "1940s Los Angeles", "an enchanted forest", "a flooded megacity", "a desert excavation"),
        "thing": ("a hidden door", "a coded letter", "a stranger's diary", "an alarm nobody else can hear", "a map with her own name on it"),
    }
)

CASUAL_MODELS = {
    "chat": (("gpt-4o-mini", 25), ("gpt-4.1-mini", 18), ("gpt-5-mini", 16), ("gpt-4o", 12), ("gpt-4.1", 8), ("gpt-5", 8), ("o4-mini", 5), ("gpt-4.1-nano", 4), ("gpt-5-nano", 4)),
    "messages": (("claude-haiku-4-5", 45), ("claude-sonnet-4-5", 50), ("claude-opus-4-1", 5)),
    "responses": (("gpt-5-mini", 35), ("gpt-5", 25), ("gpt-4.1", 20), ("gpt-4o-mini", 20)),
}
# fmt: on


def lang_style(lang):
    return "prose" if lang == "en" else "zh" if lang == "zh" else "lang:" + lang


def pick_api_model(r, weights=(("chat", 72), ("messages", 14), ("responses", 14))):
    api = wchoice(r, weights)
    return api, wchoice(r, CASUAL_MODELS[api])


def temp_params(model, temp):
    return {} if (temp is None or is_reasoning(model)) else {"temperature": temp}


# --------------------------------------------------------------------------- benign


def gen_casual_chat(w, n):
    for _ in range(n):
        a = w.account("casual_chat", False)
        r = a.r
        reg = pick_region(r)
        tz = r.choice(TZ[reg])
        lang = wchoice(r, REGION_LANGS[reg])
        home = resi_ip6(r) if r.random() < 0.2 else resi_ip(r, reg)
        vpn, mobile = r.random() < 0.1, r.random() < 0.35
        spd = clamp(lognorm(r, 1.3, 0.9), 0.15, 9.0)
        curve = CONSUMER if r.random() < 0.65 else OFFICE
        api, model = pick_api_model(r)
        stream = r.random() < 0.6
        mt = (
            r.choice((1024, 2048, 4096, 8192))
            if api == "messages"
            else r.choice((None, None, None, 1024, 2048, 4096, 800))
        )
        temp = r.choice((None, None, None, 0.7, 1.0, 0.5))
        adopt = (
            (w.t_rel + r.uniform(1, 30) * HOUR)
            if (api != "messages" and r.random() < 0.15)
            else None
        )
        system = r.choice(
            (
                None,
                None,
                None,
                "You are a helpful assistant.",
                "You are a friendly assistant. Answer concisely.",
            )
        )
        for s in hourly(w, r, spd, curve, tz, 0.6):
            ip = (
                r.choice(w.vpn)
                if vpn
                else (r.choice(w.cgnat[reg]) if mobile and r.random() < 0.4 else home)
            )
            t, turns = s, []
            for j in range(geom(r, 2.6, 1, 14)):
                if j == 0 or r.random() < 0.2:
                    turns = []
                    p = casual_prompt(r, lang)
                else:
                    p = followup(r, lang)
                turns.append(("user", p))
                m = NEW_MODEL if adopt and t > adopt and r.random() < 0.75 else model
                eff = r.choice((None, "low", "medium")) if is_reasoning(m) else None
                par = rparams(api, m, eff)
                par.update(temp_params(m, temp))
                resp, t = call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    api,
                    m,
                    simple(api, a, turns),
                    system=system,
                    max_tokens=mt,
                    out=lognorm(r, 300 if lang == "en" else 240, 0.7),
                    think=think_for(r, m, eff),
                    style=lang_style(lang),
                    params=par or None,
                    stream=stream,
                )
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(10, 240)


# fmt: off
DEV_PROMPTS = (
    "Say this is a test.", "hello", "Hi!", "What is 2+2?", "Write a haiku about {topic}.", "ping", "List three colors.",
    "Extract the name, email and company from this text and respond in JSON: 'Hi, I'm {lang} dev Sam from {company}, reach me at {email}.'",
    "Classify the sentiment of this review as positive, negative or neutral: '{review}'",
    "Summarize in one sentence: {para}", "Translate to French: {short}",
    "Write a SQL query that returns the top 5 customers by revenue from customers(id, name) and orders(id, customer_id, amount).",
    "Return a JSON object describing a fictional user with fields name, age, city.", "You are a pirate. Introduce yourself in two sentences.",
    "What's the capital of {country}?", "Write a regex that matches ISO 8601 dates.", "Tell me a fun fact about {topic}.", "Generate 5 fake but realistic email addresses.",
    "how do I {fw_task} in {framework}?", "Write a {lang} function that reverses a linked list.",
)
DEV_TOOLS = [
    ("get_weather", "Get the current weather for a location.", {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}),
    ("search_products", "Search the product catalog.", {"type": "object", "properties": {"query": {"type": "string"}, "max_results": {"type": "integer"}}, "required": ["query"]}),
]
# fmt: on


def gen_developer(w, n):
    g = w.sub("gen/developer")
    for _ in range(n):
        a = w.account("developer_tinkerer", False, nkeys=g.choice((1, 1, 1, 2, 3)), err=0.01)
        r = a.r
        reg = wchoice(r, (("us", 40), ("eu", 30), ("asia", 25), ("latam", 5)))
        tz = r.choice(TZ[reg])
        home, office = resi_ip(r, reg), resi_ip(r, reg)
        api, model = pick_api_model(r, (("chat", 70), ("responses", 15), ("messages", 15)))
        alt = wchoice(r, CASUAL_MODELS[api])
        active = [r.random() < 0.7 for _ in range(w.days + 2)]
        sessions = [
            (s, None)
            for s in hourly(w, r, 2.2, LONGDAY, tz, 0.5)
            if active[int((s - w.t0 + tz * HOUR) // DAY) + 1]
        ]
        if r.random() < 0.45:
            sessions.append((w.t_rel + r.uniform(0.3, 8) * HOUR, "newmodel"))
        for s, kind in sessions:
            kind = kind or wchoice(
                r,
                (
                    ("probe", 30),
                    ("sweep", 15),
                    ("json", 15),
                    ("tools", 12),
                    ("logprobs", 8),
                    ("n", 7),
                    ("general", 13),
                ),
            )
            api_s = "chat" if (kind == "newmodel" and api == "messages") else api
            if api_s == "messages" and kind in ("logprobs", "n", "json"):
                kind = "probe"
            ip = (
                office
                if OFFICE[int((s - w.t0) / HOUR + tz) % 24] > 0.5 and r.random() < 0.6
                else home
            )
            key = r.choice(a.keys)
            t = s
            base = fill(r, r.choice(DEV_PROMPTS))
            for j in range(geom(r, 7, 2, 30)):
                prompt = base if r.random() < 0.55 else fill(r, r.choice(DEV_PROMPTS))
                m = model if r.random() < 0.7 else alt
                if kind == "newmodel":
                    m = NEW_MODEL if (j % 2 == 0 or api == "messages") else model
                par, tools, nn, mt, out, style = (
                    {},
                    None,
                    1,
                    r.choice((None, 256, 512, 1000)),
                    lognorm(r, 120, 0.9),
                    "prose",
                )
                if kind == "sweep" and not is_reasoning(m):
                    par["temperature"] = r.choice((0, 0.2, 0.5, 0.7, 1.0, 1.2))
                    if r.random() < 0.3:
                        par["top_p"] = r.choice((0.5, 0.9, 1.0))
                elif kind == "json":
                    prompt = fill(r, DEV_PROMPTS[7])
                    if api_s == "chat":
                        par["response_format"] = {"type": "json_object"}
                    else:
                        par["text"] = {"format": {"type": "json_object"}}
                    style, out = "json", r.randint(20, 80)
                elif kind == "tools":
                    tools = DEV_TOOLS
                    prompt = fill(
                        r,
                        r.choice(
                            (
                                "What's the weather in {city}?",
                                "Find me running shoes under $100",
                                "Is it raining in {city} right now?",
                            )
                        ),
                    )
                elif kind == "logprobs" and api_s == "chat" and not is_reasoning(m):
                    par.update(
                        {
                            "logprobs": True,
                            "top_logprobs": r.choice((2, 3, 5, 10)),
                            "temperature": 0,
                        }
                    )
                    prompt = fill(r, DEV_PROMPTS[8])
                    mt, out, style = (
                        r.choice((1, 5, 50)),
                        r.randint(1, 30),
                        "label:" + r.choice(("positive", "negative", "neutral")),
                    )
                elif kind == "n" and api_s == "chat":
                    nn = r.choice((2, 3, 4))
                    par["n"] = nn
                    if not is_reasoning(m):
                        par["temperature"] = r.choice((0.8, 1.0))
                if api_s == "messages" and mt is None:
                    mt = 1024
                eff = r.choice(("minimal", "low", "medium", "high")) if is_reasoning(m) else None
                par.update(rparams(api_s, m, eff))
                tc = (
                    ("get_weather", {"location": fill(r, "{city}")})
                    if tools and r.random() < 0.7
                    else None
                )
                _resp, t = call(
                    w,
                    a,
                    t,
                    key,
                    ip,
                    api_s,
                    m,
                    simple(api_s, a, [("user", prompt)]),
                    max_tokens=mt,
                    out=out,
                    think=think_for(r, m, eff),
                    style=style,
                    params=par or None,
                    tools=tools,
                    n=nn,
                    tool_call=tc,
                )
                t += r.uniform(3, 90)
        if r.random() < 0.3:  # nightly CI smoke test from a hosted runner
            ci_ip = cloud_ip(r, "azure")
            ci_prompts = [fill(r, r.choice(DEV_PROMPTS)) for _ in range(r.randint(4, 15))]
            ci_model = model if api != "messages" else "gpt-4o-mini"
            for d in range(w.days + 1):
                t = w.local(d, r.choice((2, 3, 4)), tz) + r.uniform(0, 900)
                ip = cloud_ip(r, "azure") if r.random() < 0.5 else ci_ip
                for p in ci_prompts:
                    par = {} if is_reasoning(ci_model) else {"temperature": 0, "seed": 1234}
                    _, t = call(
                        w,
                        a,
                        t,
                        a.keys[-1],
                        ip,
                        "chat",
                        ci_model,
                        [{"role": "user", "content": p}],
                        max_tokens=200,
                        out=r.randint(5, 120),
                        params=par or None,
                    )
                    t += r.uniform(0.1, 1.5)


# fmt: off
CO_PRE = ("Parcel", "Bright", "Nimbus", "Loom", "Fit", "Trip", "Verde", "Spark", "Pet", "Code", "Medi", "Quill", "Green", "Swift", "Blue", "Nova", "Urban", "Happy", "Lumen", "Harbor")
CO_SUF = ("ly", "Bank", "Fiber", "Home", "Nest", "Nook", "Grocer", "Cell", "Pantry", "Crate", "Care", "Pad", "Box", "Go", "Hub", "Mart")
BIZ = ("parcel delivery service", "digital bank", "home internet provider", "furniture retailer", "fitness app", "travel booking site", "online grocery store", "mobile carrier", "pet supply store", "developer tools company", "telehealth clinic", "note-taking app", "electricity supplier", "fashion marketplace", "car rental company", "language-learning app")
POLICY = (
    "Never promise refunds above the order value.", "Always ask for the order number before looking up an order.", "Do not give medical, legal, or financial advice.",
    "Escalate to a human agent if the customer asks for one twice.", "Keep answers under 120 words unless the customer asks for detail.", "Use the customer's first name if it is known.",
    "Refunds are processed within 5-7 business days.", "Do not share internal ticket IDs.", "If the customer is upset, acknowledge their frustration before anything else.",
    "For account deletion requests, link to the help center article.", "Reply in the customer's language.", "Do not discuss competitors or their prices.",
    "Never ask for full card numbers or passwords.", "We do not ship to PO boxes.", "Premium members get free returns within 60 days.",
    "Support hours are 8am-8pm local time, Monday to Saturday.", "Do not speculate about outages; point to the status page.", "Offer a callback if the issue involves billing disputes over $200.",
)
INTENTS = (
    "where is my order #{num}? it was supposed to arrive {day}", "I want to return the {item}, how do I do that?", "I was charged twice for my last payment",
    "how do I reset my password, the email never arrives", "can I change the delivery address for order {num}?", "your app keeps crashing when I open the {screen} screen",
    "cancel my subscription please", "do you ship to {country}?", "the {item} I received is damaged", "why is my internet so slow in the evenings",
    "I need an invoice for my company for order {num}", "how do I upgrade to the premium plan?", "is there a student discount?", "I can't log in, it says my account is locked",
    "hola, mi pedido {num} no ha llegado", "bonjour, je voudrais annuler ma commande {num}", "hallo, ich wurde doppelt belastet",
)
SUPPORT_FOLLOW = ("ok thanks", "it's {num}", "that doesn't help, can I talk to a human?", "how long will that take?", "and what if it doesn't arrive by friday?", "great, thank you!", "I already tried that", "can you send me the link?")
SUPPORT_TOOLS = [
    ("lookup_order", "Look up an order by its number.", {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}),
    ("create_ticket", "Create a ticket for a human agent.", {"type": "object", "properties": {"summary": {"type": "string"}, "priority": {"type": "string", "enum": ["low", "normal", "high"]}}, "required": ["summary"]}),
    ("get_account_status", "Get the status of the customer's account.", {"type": "object", "properties": {"customer_id": {"type": "string"}}, "required": ["customer_id"]}),
]
# fmt: on


def gen_support_bot(w, n):
    g = w.sub("gen/support")
    for _ in range(n):
        a = w.account("support_bot", False, nkeys=g.choice((1, 2)), err=0.003)
        r = a.r
        co, biz = r.choice(CO_PRE) + r.choice(CO_SUF), r.choice(BIZ)
        reg = wchoice(r, (("us", 40), ("eu", 35), ("asia", 15), ("latam", 10)))
        tz = r.choice(TZ[reg])
        prov = r.choice(("aws", "gcp", "azure"))
        ips = [cloud_ip(r, prov) for _ in range(r.randint(2, 4))]
        office = resi_ip(r, reg)
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1-mini"), 30),
                (("chat", "gpt-4o-mini"), 25),
                (("messages", "claude-haiku-4-5"), 20),
                (("responses", "gpt-5-mini"), 10),
                (("chat", "gpt-4.1"), 15),
            ),
        )
        tools = SUPPORT_TOOLS if r.random() < 0.6 else None
        system = (
            f"You are {r.choice(('Ava', 'Sam', 'Max', 'Nova', 'Kai', 'Robin'))}, the virtual support assistant for {co}, a {biz}.\n\nGuidelines:\n"
            + "\n".join("- " + x for x in r.sample(POLICY, r.randint(8, 14)))
        )
        stream = r.random() < 0.7
        per_day = clamp(lognorm(r, 48, 0.8), 10, 350)
        mt = r.choice((400, 600, 800, 1000))
        temp = r.choice((None, 0.2, 0.3, 0.5))
        for s in hourly(w, r, per_day / 2.2, CONSUMER, tz, 0.25):
            staging = len(a.keys) > 1 and r.random() < 0.04
            key, ip = (a.keys[1], office) if staging else (a.keys[0], r.choice(ips))
            uid = "u_" + hexid(r, 10)
            sysd = system + f"\n\nToday's date: {time.strftime('%Y-%m-%d', time.gmtime(s))}."
            events, t = [], s
            for j in range(geom(r, 2.2, 1, 6)):
                events.append(("user", fill(r, r.choice(INTENTS if j == 0 else SUPPORT_FOLLOW))))
                par = temp_params(model, temp)
                if api == "chat":
                    par["user"] = uid
                elif api == "messages":
                    par["metadata"] = {"user_id": uid}
                if tools and r.random() < 0.3:
                    name = r.choice(("lookup_order", "create_ticket", "get_account_status"))
                    args = (
                        {"order_id": str(r.randint(100000, 999999))}
                        if name == "lookup_order"
                        else {"summary": prose(r, 60), "priority": "normal"}
                        if name == "create_ticket"
                        else {"customer_id": "c_" + hexid(r, 8)}
                    )
                    cid = call_id(r, api)
                    resp, t = call(
                        w,
                        a,
                        t,
                        key,
                        ip,
                        api,
                        model,
                        agent_msgs(api, events),
                        system=sysd,
                        max_tokens=mt,
                        out=r.randint(20, 60),
                        tools=tools,
                        params=par or None,
                        stream=stream,
                        tool_call=(name, args),
                    )
                    events += [
                        ("call", cid, name, args, None),
                        (
                            "result",
                            cid,
                            json.dumps(
                                {
                                    "status": r.choice(
                                        ("in_transit", "delivered", "open", "active")
                                    ),
                                    "eta": "2026-05-15",
                                }
                            ),
                        ),
                    ]
                    t += r.uniform(0.2, 1.0)
                resp, t = call(
                    w,
                    a,
                    t,
                    key,
                    ip,
                    api,
                    model,
                    agent_msgs(api, events),
                    system=sysd,
                    max_tokens=mt,
                    out=lognorm(r, 110, 0.5),
                    tools=tools,
                    params=par or None,
                    stream=stream,
                )
                events.append(("assistant", resp["text"] or "..."))
                t += r.uniform(15, 150)


# fmt: off
WRITING_TPL = (
    "Rewrite the following text to be {tone}. Keep the original meaning and return only the rewritten text.\n\nText:\n{para}",
    "Summarize the following in 3 bullet points:\n\n{para}",
    "Write 3 alternative headlines for this article. Return them as a numbered list.\n\n{para}",
    "Continue writing the following paragraph in the same style:\n\n{para}",
    "Fix grammar and spelling. Return only the corrected text.\n\n{para}",
    "Turn these notes into a friendly email to {purpose}:\n\n{para}",
    "Make this paragraph {tone} and about 30% shorter:\n\n{para}",
)
# fmt: on


def gen_writing_saas(w, n):
    for _ in range(n):
        a = w.account("writing_saas", False, err=0.003)
        r = a.r
        reg = wchoice(r, (("us", 55), ("eu", 35), ("asia", 10)))
        tz = r.choice(TZ[reg])
        prov = r.choice(("aws", "gcp", "do", "hetzner"))
        ips = [cloud_ip(r, prov) for _ in range(r.randint(1, 3))]
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1-mini"), 35),
                (("chat", "gpt-4o"), 20),
                (("messages", "claude-sonnet-4-5"), 25),
                (("chat", "gpt-4o-mini"), 20),
            ),
        )
        app = r.choice(("Inkwell", "Draftly", "ProsePal", "WriteRight", "Polish", "Scribeo"))
        system = f"You are the writing engine behind {app}. Follow the user's instruction exactly. Never add commentary before or after the result."
        variants = r.random() < 0.5
        per_day = clamp(lognorm(r, 42, 0.7), 8, 300)
        for s in hourly(w, r, per_day, CONSUMER if r.random() < 0.5 else OFFICE, tz, 0.3):
            tpl = r.choice(WRITING_TPL)
            nn = (
                r.choice((2, 3))
                if (variants and api == "chat" and "headlines" not in tpl and r.random() < 0.35)
                else 1
            )
            par = {"temperature": r.choice((0.7, 0.9, 1.0)) if nn > 1 else 0.4}
            if nn > 1:
                par["n"] = nn
            if api == "chat":
                par["user"] = "usr_" + hexid(r, 6)
            call(
                w,
                a,
                s,
                a.keys[0],
                r.choice(ips),
                api,
                model,
                simple(api, a, [("user", fill(r, tpl))]),
                system=system,
                max_tokens=r.choice((800, 1500, 2000)),
                out=lognorm(r, 220, 0.6),
                params=par,
                n=nn,
                stream=r.random() < 0.5,
            )


# fmt: off
RAG_Q = (
    "What is the reimbursement limit for {expense}?", "How many vacation days do new employees get?", "What's the process to request access to {system_name}?",
    "Who approves purchases over ${num}?", "What is our data retention policy for {datatype}?", "How do I set up the VPN on {os}?", "When is the next open enrollment period?",
    "What are the SLA terms for {tier} customers?", "Can contractors use company laptops for personal projects?", "What's the escalation path for a P1 incident?",
)
# fmt: on


def gen_rag_enterprise(w, n):
    for _ in range(n):
        a = w.account("rag_enterprise", False)
        r = a.r
        reg = wchoice(r, (("us", 50), ("eu", 40), ("asia", 10)))
        tz = r.choice(TZ[reg])
        ips = [cloud_ip(r, r.choice(("azure", "aws"))) for _ in range(r.randint(1, 2))]
        api = wchoice(r, (("chat", 75), ("responses", 25)))
        model = (
            r.choice(("gpt-4.1", "gpt-4.1-mini", "gpt-4o"))
            if api == "chat"
            else r.choice(("gpt-4.1", "gpt-5-mini"))
        )
        co = r.choice(BANK["company"])
        system = f"You are the internal knowledge assistant for {co}. Answer only from the provided context. If the answer is not in the context, say you don't know. Cite sources like [doc-2]."
        per_day = clamp(lognorm(r, 32, 0.7), 6, 200)
        for s in hourly(w, r, per_day, OFFICE, tz, 0.3):
            docs = "\n\n".join(
                f"[doc-{i}] (source: {r.choice(('handbook', 'it-wiki', 'policies', 'sales-playbook'))}/{hexid(r, 4)}.md) {prose(r, r.randint(250, 700))}"
                for i in range(1, r.randint(3, 5))
            )
            q = fill(r, r.choice(RAG_Q))
            par = {} if is_reasoning(model) else {"temperature": 0}
            par.update(rparams(api, model, "low"))
            call(
                w,
                a,
                s,
                a.keys[0],
                r.choice(ips),
                api,
                model,
                simple(api, a, [("user", f"Context:\n{docs}\n\nQuestion: {q}")]),
                system=system,
                max_tokens=r.choice((512, 800, 1024)),
                out=lognorm(r, 140, 0.5),
                think=think_for(r, model, "low"),
                params=par or None,
            )


# fmt: off
SCAFFOLDS = (
    ("You are an expert software engineer working in the user's repository through tools. Inspect files before editing them. Make minimal, focused changes that match the existing style. After editing, run the relevant tests. Never invent file contents; read them. When you are done, briefly summarize what you changed and why. Be concise; the user sees your messages in a terminal.", ("read_file", "edit_file", "run_command", "search_code", "list_dir")),
    ("You are a coding assistant with access to a bash shell and a file editor inside the user's project. Work step by step: explore, reproduce, fix, verify. Prefer small diffs. Do not run destructive commands. Report the final state clearly.", ("bash", "str_replace_editor")),
    ("You are a data analysis agent. You can run Python in a notebook kernel and read-only SQL against the analytics warehouse. Show the queries you ran and explain results in plain language with the key numbers.", ("python", "run_sql", "write_file")),
)
CODING_TASKS = (
    "add pagination to the {endpoint} endpoint", "fix the failing test in tests/test_parser.py", "refactor src/cache.py to use async IO",
    "why does `{error}` happen when I run `{cmd}`?", "write unit tests for src/billing.py", "add a --dry-run flag to the cli",
    "upgrade {framework} and fix whatever breaks", "the build got slow this week, find out why", "rename UserRecord to Account everywhere",
    "add retry with exponential backoff to the http client", "how did weekly orders change over the last quarter?", "find anomalies in yesterday's payment data",
    "review my last commit for bugs", "make the date parsing handle timezones", "document the public functions in src/utils/dates.py",
)
# fmt: on


def gen_coding_agent_user(w, n):
    for _ in range(n):
        a = w.account("coding_agent_user", False, err=0.004)
        r = a.r
        reg = wchoice(r, (("us", 45), ("eu", 35), ("asia", 15), ("latam", 5)))
        tz = r.choice(TZ[reg])
        home, office = resi_ip(r, reg), resi_ip(r, reg)
        sc = wchoice(r, ((0, 45), (1, 35), (2, 20)))
        system, names = SCAFFOLDS[sc]
        tools = toolset(names)
        api, model = wchoice(
            r,
            (
                (("messages", "claude-sonnet-4-5"), 50),
                (("chat", "gpt-5"), 20),
                (("chat", "gpt-4.1"), 15),
                (("responses", "gpt-5"), 10),
                (("chat", "o4-mini"), 5),
            ),
        )
        think_kw = None
        if api == "messages" and r.random() < 0.4:
            think_kw = {"budget": r.choice((2048, 4000, 8000))}
        elif is_reasoning(model):
            think_kw = {"effort": r.choice(("low", "medium"))}
        switch = w.t_rel + r.uniform(2, 20) * HOUR if r.random() < 0.35 else None
        for s in hourly(w, r, clamp(lognorm(r, 1.4, 0.5), 0.3, 5), OFFICE, tz, 0.5):
            ip = office if r.random() < 0.6 else home
            t, events = s, []
            api_s, model_s, tk = api, model, think_kw
            if switch and s > switch:
                api_s, model_s, tk = (
                    ("responses" if api == "responses" else "chat"),
                    NEW_MODEL,
                    {"effort": "medium"},
                )
            for _task in range(geom(r, 1.8, 1, 4)):
                if len(events) > 36:
                    events = [("user", "Summary of the session so far: " + prose(r, 600))]
                events.append(("user", fill(r, r.choice(CODING_TASKS))))
                mt = 16000 if tk and tk.get("budget") else 8192
                t = agent_task(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    api_s,
                    model_s,
                    system,
                    tools,
                    events,
                    geom(r, 7, 2, 18),
                    tool_gap=(0.4, 12.0),
                    mt=mt,
                    think_kw=tk,
                    stream=True,
                )
                t += r.uniform(90, 1200)


# fmt: off
CLS_TASKS = (
    ("Classify the sentiment of the customer review as exactly one of: positive, negative, neutral.", ("positive", "negative", "neutral"), "review"),
    ("Route the support ticket to one team. Answer with exactly one of: billing, technical, account, shipping, other.", ("billing", "technical", "account", "shipping", "other"), "ticket"),
    ("Does the following user comment violate the community guidelines (harassment, spam, hate, self-harm)? Answer yes or no.", ("yes", "no"), "comment"),
    ("Assign the product title to one category: Electronics, Home & Kitchen, Beauty, Sports, Toys, Books, Clothing, Grocery, Automotive, Pet Supplies. Answer with the category only.", ("Electronics", "Home & Kitchen", "Beauty", "Sports", "Toys", "Books", "Clothing", "Grocery", "Automotive", "Pet Supplies"), "product"),
    ("Classify the search query intent as one of: navigational, informational, transactional, local.", ("navigational", "informational", "transactional", "local"), "query"),
    ("Does the text contain personal data (names, emails, phone numbers, addresses)? Answer true or false.", ("true", "false"), "ticket"),
    ("Is this email a sales lead? Answer lead or not_lead.", ("lead", "not_lead"), "email"),
)
PROD_ADJ = ("Wireless", "Stainless Steel", "Organic", "Kids'", "Waterproof", "Ergonomic", "Heavy-Duty", "Vintage", "Portable", "Smart")
PROD_NOUN = ("Earbuds", "Water Bottle", "Dog Shampoo", "Yoga Mat", "Building Blocks Set", "Desk Lamp", "Car Phone Mount", "Running Shorts", "Coffee Beans", "Cookbook", "Face Serum", "Blender")
# fmt: on


def cls_item(r, kind):
    if kind == "review":
        return fill(r, "{review}") + r.choice(("", " " + prose(r, r.randint(20, 160))))
    if kind == "ticket":
        return fill(r, r.choice(INTENTS)) + r.choice(("", " " + prose(r, r.randint(20, 200))))
    if kind == "comment":
        return r.choice(
            (
                "great video!!",
                "check out my channel for free crypto",
                "this is the dumbest take I've ever seen",
                "thanks for sharing, very helpful",
                "who else is watching in 2026?",
                "you people are pathetic",
            )
        ) + r.choice(("", " " + prose(r, 60)))
    if kind == "product":
        return f"{r.choice(('Acme', 'Zenko', 'Orbi', 'Halden', 'Pupster', 'Nordic Trail'))} {r.choice(PROD_ADJ)} {r.choice(PROD_NOUN)}, {r.choice(('Black', 'Blue', '2-Pack', '500ml', 'Large', 'Family Size'))}"
    if kind == "query":
        return r.choice(
            (
                "{city} weather",
                "buy {item} online",
                "how does {concept} work",
                "facebook login",
                "{dish} near me",
                "cheap flights to {city}",
                "{item} reviews",
            )
        )
    return f"Subject: {r.choice(('Pricing question', 'Partnership', 'Re: invoice', 'Demo request', 'Newsletter'))}\n\n{prose(r, r.randint(80, 300))}"


def gen_classification(w, n):
    for _ in range(n):
        a = w.account("classification_pipeline", False, err=0.005)
        r = a.r
        instr, labels, kind = r.choice(CLS_TASKS)
        reg = wchoice(r, (("us", 50), ("eu", 35), ("asia", 15)))
        tz = r.choice(TZ[reg])
        ips = [cloud_ip(r, r.choice(("aws", "gcp"))) for _ in range(r.randint(1, 2))]
        legacy = r.random() < 0.12
        model = (
            "gpt-3.5-turbo-instruct"
            if legacy
            else wchoice(
                r,
                (
                    ("gpt-4.1-nano", 30),
                    ("gpt-4o-mini", 35),
                    ("gpt-4.1-mini", 25),
                    ("gpt-5-nano", 10),
                ),
            )
        )
        use_lp = not is_reasoning(model) and r.random() < 0.6
        top = r.choice((1, 2, 3, 5, 5, 10, 20))
        bias = (
            {str(r.randint(1000, 100000)): 100 for _ in labels}
            if (not is_reasoning(model) and r.random() < 0.35)
            else None
        )
        mt = r.choice((1, 2, 3, 5, 10)) if not is_reasoning(model) else 512
        fewshot = ""
        if r.random() < 0.3:
            fewshot = "".join(
                f"Text: {cls_item(r, kind)}\nLabel: {r.choice(labels)}\n\n"
                for _ in range(r.randint(2, 5))
            )
        batch = r.random() < 0.6
        per_day = clamp(lognorm(r, 130, 0.7), 30, 1000)
        if batch:
            times = []
            for d in range(w.days + 1):
                t = w.local(d, r.uniform(0.5, 4), tz)
                rate = r.uniform(1.0, 6.0)
                for _ in range(int(per_day * math.exp(r.gauss(0, 0.25)))):
                    times.append(t)
                    t += r.expovariate(rate)
        else:
            times = hourly(w, r, per_day, OFFICE if r.random() < 0.5 else CONSUMER, tz, 0.25)
        for t in times:
            lab = r.choice(labels)
            text = cls_item(r, kind)
            if legacy:
                par = {"temperature": 0, "logprobs": min(5, top)} if use_lp else {"temperature": 0}
                if bias:
                    par["logit_bias"] = bias
                call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    r.choice(ips),
                    "completions",
                    model,
                    f"{instr}\n\n{fewshot}Text: {text}\nLabel:",
                    max_tokens=mt,
                    out=r.randint(1, 3),
                    style="label:" + lab,
                    params=par,
                )
                continue
            par = {} if is_reasoning(model) else {"temperature": 0}
            if use_lp:
                par.update({"logprobs": True, "top_logprobs": top})
            if bias:
                par["logit_bias"] = bias
            par.update(rparams("chat", model, "minimal"))
            call(
                w,
                a,
                t,
                a.keys[0],
                r.choice(ips),
                "chat",
                model,
                [{"role": "user", "content": f"{fewshot}Text: {text}\nLabel:"}],
                system=instr,
                max_tokens=mt,
                out=r.randint(1, 3),
                think=think_for(r, model, "minimal"),
                style="label:" + lab,
                params=par,
            )


# fmt: off
MT_QUESTIONS = (
    "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting cultural experiences and must-see attractions.",
    "Draft a professional email seeking your supervisor's feedback on the 'Quarterly Financial Report' you prepared.",
    "Describe a vivid and unique character, using strong imagery and creative language.",
    "Implement a function to find the median of two sorted arrays of different sizes with O(1) space and O(n) time.",
    "Suppose you are a mathematician and poet. You always write your proofs as short poems. Prove the square root of 2 is irrational.",
    "Which word does not belong with the others? tyre, steering wheel, car, engine",
    "Explain what's base rate fallacy and list five specific examples of how politicians use it for campaigns.",
    "Write a persuasive essay to convince your friend to volunteer as a guest speaker at a local event.",
)
IFEVAL_TPL = (
    "Write a {n}-paragraph essay about {concept}. Separate paragraphs with ***. Do not use any commas.",
    "Write a limerick about {topic}. Your entire response should be in lowercase letters.",
    "Write a cover letter for {purpose}. Highlight at least 3 sections with markdown, i.e. *highlighted section*.",
    "Describe {city} in exactly {n} sentences, and end your response with 'Is there anything else I can help with?'",
)
JUDGE_SINGLE = 'Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by providing a short explanation. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".\n\n[Question]\n{q}\n\n[The Start of Assistant\'s Answer]\n{ans}\n[The End of Assistant\'s Answer]'
JUDGE_PAIR = 'Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below. You should choose the assistant that follows the user\'s instructions and answers the user\'s question better. Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision. Output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.\n\n[User Question]\n{q}\n\n[The Start of Assistant A\'s Answer]\n{a}\n[The End of Assistant A\'s Answer]\n\n[The Start of Assistant B\'s Answer]\n{b}\n[The End of Assistant B\'s Answer]'
MGSM_COT = {"es": "Pregunta: {q}\nRespuesta paso a paso:", "fr": "Question : {q}\nRéponse étape par étape :", "de": "Frage: {q}\nSchritt-für-Schritt-Antwort:", "ru": "Задача: {q}\nПошаговое решение:", "zh": "问题：{q}\n逐步解答：", "ja": "問題：{q}\nステップごとの答え：", "th": "โจทย์: {q}\nคำตอบทีละขั้นตอน:", "sw": "Swali: {q}\nJibu la Hatua kwa Hatua:", "bn": "প্রশ্ন: {q}\nধাপে ধাপে উত্তর:", "id": "Soal: {q}\nJawaban langkah demi langkah:"}
SUITES = ("mmlu", "gsm8k_cot", "math500", "humaneval", "mgsm", "mtbench", "ifeval")
# fmt: on


def eval_call(w, a, t, key, ip, lab, suite, idx, model):
    r = a.r
    api = "messages" if model.startswith("claude") else "chat"
    reas = is_reasoning(model)
    eff = lab["effort"] if reas else None
    par = {} if reas else {"temperature": 0}
    par.update(rparams(api, model, eff))
    think = think_for(r, model, eff)
    if suite == "mmlu":
        subj, stem, opts, ans = mmlu_item(idx)
        shots = ""
        if lab["fewshot"]:
            for k in range(3):
                _s2, st2, o2, a2 = mmlu_item(90000 + k)
                shots += f"{st2}\nA. {o2[0]}\nB. {o2[1]}\nC. {o2[2]}\nD. {o2[3]}\nAnswer: {a2}\n\n"
        p = f"The following are multiple choice questions (with answers) about {subj.replace('_', ' ')}.\n\n{shots}{stem}\nA. {opts[0]}\nB. {opts[1]}\nC. {opts[2]}\nD. {opts[3]}\nAnswer:"
        if not reas and api == "chat" and lab["logprobs"]:
            par.update({"logprobs": True, "top_logprobs": 5})
        mt = 4096 if reas else (1 if api == "chat" else 5)
        return call(
            w,
            a,
            t,
            key,
            ip,
            api,
            model,
            [{"role": "user", "content": p}],
            max_tokens=mt,
            out=1,
            think=think,
            style="label:" + ans,
            params=par or None,
        )
    if suite in ("gsm8k_cot", "math500"):
        q = gsm_item(idx) if suite == "gsm8k_cot" else math_item(idx)
        p = (
            f"Q: {q}\nA: Let's think step by step."
            if suite == "gsm8k_cot" and not reas
            else f"Solve the following math problem. Put your final answer within \\boxed{{}}.\n\n{q}"
        )
        mt = 32768 if reas else (512 if suite == "gsm8k_cot" else 2048)
        if suite == "math500" and reas:
            think = think_for(r, model, eff, 1.6)
        return call(
            w,
            a,
            t,
            key,
            ip,
            api,
            model,
            [{"role": "user", "content": p}],
            max_tokens=mt,
            out=lognorm(r, 190 if suite == "gsm8k_cot" else 420, 0.4),
            think=think,
            style="steps",
            params=par or None,
        )
    if suite == "humaneval":
        p = (
            "Complete the following Python function. Return only the code.\n\n```python\n"
            + humaneval_item(idx)
            + "```"
        )
        k = lab["passk"]
        if not reas:
            par["temperature"] = 0.8 if k > 1 else 0.0
        if api == "chat" and k > 1:
            par["n"] = k
            return call(
                w,
                a,
                t,
                key,
                ip,
                api,
                model,
                [{"role": "user", "content": p}],
                max_tokens=None if reas else 512,
                out=lognorm(r, 130, 0.4),
                think=think,
                style="code",
                params=par,
                n=k,
            )
        res = None
        for _ in range(k):
            res = call(
                w,
                a,
                t,
                key,
                ip,
                api,
                model,
                [{"role": "user", "content": p}],
                max_tokens=1024 if api == "messages" else (None if reas else 512),
                out=lognorm(r, 130, 0.4),
                think=think,
                style="code",
                params=par or None,
            )
            t += r.uniform(0.05, 0.6)
        return res
    if suite == "mgsm":
        q = gsm_item(idx % 250)
        res = None
        for code, tpl in MGSM_COT.items():
            res = call(
                w,
                a,
                t,
                key,
                ip,
                api,
                model,
                [{"role": "user", "content": tpl.replace("{q}", q)}],
                max_tokens=4096 if reas else 1024,
                out=lognorm(r, 230, 0.4),
                think=think,
                style="lang:" + code,
                params=par or None,
            )
            t += r.uniform(0.05, 0.5)
        return res
    if suite == "mtbench":
        q = MT_QUESTIONS[idx % len(MT_QUESTIONS)]
        resp, t2 = call(
            w,
            a,
            t,
            key,
            ip,
            api,
            model,
            [{"role": "user", "content": q}],
            max_tokens=4096 if api == "messages" else None,
            out=lognorm(r, 450, 0.4),
            think=think,
            params=par or None,
        )
        jm = lab["judge"]
        return call(
            w,
            a,
            t2 + r.uniform(0.5, 20),
            key,
            ip,
            "chat",
            jm,
            [{"role": "user", "content": JUDGE_SINGLE.format(q=q, ans=resp["text"])}],
            max_tokens=2048,
            out=lognorm(r, 220, 0.3),
            style="verdict",
            params={"temperature": 0} if not is_reasoning(jm) else None,
        )
    p = fill(r, IFEVAL_TPL[idx % len(IFEVAL_TPL)])
    return call(
        w,
        a,
        t,
        key,
        ip,
        api,
        model,
        [{"role": "user", "content": p}],
        max_tokens=4096 if api == "messages" else None,
        out=lognorm(r, 420, 0.4),
        think=think,
        params=par or None,
    )


def gen_eval_lab(w, n):
    g = w.sub("gen/eval")
    for _ in range(n):
        a = w.account("eval_benchmarking", False, nkeys=g.randint(1, 3), err=0.01)
        r = a.r
        reg = wchoice(r, (("us", 55), ("eu", 30), ("asia", 15)))
        tz = r.choice(TZ[reg])
        ips = [cloud_ip(r, r.choice(("gcp", "aws", "azure"))) for _ in range(r.randint(1, 3))]
        suites = r.sample(SUITES, r.randint(3, 6))
        lab = {
            "effort": r.choice(("medium", "high")),
            "fewshot": r.random() < 0.4,
            "logprobs": r.random() < 0.5,
            "passk": r.choice((1, 5, 10, 10)),
            "judge": r.choice(("gpt-4.1", "gpt-4o", "o3")),
        }
        old = r.sample(
            (
                "gpt-4.1",
                "gpt-4o",
                "gpt-5",
                "gpt-5-mini",
                "o3",
                "o4-mini",
                "claude-sonnet-4-5",
                "gpt-4.1-mini",
            ),
            3,
        )
        runs = []
        for d in range(w.days):
            for _ in range(poisson(r, 0.35)):
                runs.append(
                    (
                        w.local(d, r.uniform(8, 23), tz),
                        r.choice(suites),
                        r.choice(old),
                        r.randint(30, 120),
                    )
                )
        if r.random() < 0.85:
            t = w.t_rel + r.uniform(0.4, 6) * HOUR
            for s in r.sample(suites, min(len(suites), r.randint(2, 3))):
                runs.append((t, s, NEW_MODEL, r.randint(60, 160)))
                t += r.uniform(0.1, 2.5) * HOUR
        for start, suite, model, size in runs:
            conc = r.choice((4, 8, 16, 32))
            key, ip = r.choice(a.keys), r.choice(ips)
            t = start
            per = 0.6 if suite == "mmlu" else 6.0 if suite in ("math500", "mtbench") else 3.0
            if is_reasoning(model):
                per *= 4
            if suite in ("mgsm", "humaneval"):
                size = max(10, size // 4)
            for idx in range(size):
                eval_call(w, a, t, key, ip, lab, suite, idx, model)
                t += r.expovariate(min(12.0, conc / per))


def gen_llm_judge(w, n):
    for _ in range(n):
        a = w.account("llm_judge_pipeline", False)
        r = a.r
        reg = wchoice(r, (("us", 55), ("eu", 35), ("asia", 10)))
        tz = r.choice(TZ[reg])
        ip = cloud_ip(r, r.choice(("aws", "gcp", "azure")))
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1"), 35),
                (("chat", "gpt-4o"), 20),
                (("messages", "claude-sonnet-4-5"), 20),
                (("chat", "o4-mini"), 15),
                (("chat", "o3"), 10),
            ),
        )
        modes = r.sample(("single", "pair", "rubric"), r.randint(1, 2))
        co = r.choice(CO_PRE) + r.choice(CO_SUF)
        batch = clamp(lognorm(r, 80, 0.6), 25, 300)
        times = []
        for d in range(w.days + 1):
            t = w.local(d, r.uniform(1, 5), tz)
            for _ in range(int(batch * math.exp(r.gauss(0, 0.2)))):
                times.append(t)
                t += r.expovariate(r.uniform(0.5, 3))
        times += hourly(w, r, clamp(lognorm(r, 15, 0.5), 3, 60), CONSUMER, tz, 0.3)
        for t in sorted(times):
            mode = r.choice(modes)
            q = fill(r, r.choice(INTENTS + CASUAL_EN[:20]))
            if mode == "single":
                p, out, style = (
                    JUDGE_SINGLE.format(q=q, ans=prose(r, r.randint(250, 900))),
                    lognorm(r, 200, 0.35),
                    "verdict",
                )
            elif mode == "pair":
                p, out, style = (
                    JUDGE_PAIR.format(
                        q=q, a=prose(r, r.randint(200, 700)), b=prose(r, r.randint(200, 700))
                    ),
                    lognorm(r, 240, 0.35),
                    "pref",
                )
            else:
                conv = f"Customer: {q}\nAssistant: {prose(r, r.randint(150, 500))}"
                p, out, style = (
                    f"You are a QA reviewer for {co}'s support assistant. Read the conversation and score the assistant's final reply.\nReturn JSON with keys: accuracy (1-5), empathy (1-5), policy_compliant (true/false), resolved (true/false), notes (one sentence).\n\nConversation:\n{conv}",
                    lognorm(r, 70, 0.3),
                    "json",
                )
            par = {} if is_reasoning(model) else {"temperature": 0}
            par.update(rparams(api, model, "low"))
            if mode == "rubric" and api == "chat":
                par["response_format"] = {"type": "json_object"}
            call(
                w,
                a,
                t,
                a.keys[0],
                ip,
                api,
                model,
                [{"role": "user", "content": p}],
                max_tokens=1024,
                out=out,
                think=think_for(r, model, "low"),
                style=style,
                params=par or None,
            )


# fmt: off
SYNTH_JOBS = (
    ("Write a compelling product description (120-180 words) for the product below. End with 3 bullet-point highlights.\n\nName: {pname}\nCategory: {cat}\nMaterial: {mat}\nColor: {color}\nPrice: ${num}", 260, "prose"),
    ("Create {n} multiple-choice questions with 4 options each for a grade {grade} lesson on {concept}. Mark the correct answer. Return JSON.", 800, "json"),
    ("Write 6 lines of dialogue for a {npc} in a fantasy town who {situation}. Keep each line under 20 words.", 200, "list"),
    ("Generate {n} realistic but fictional customer records as a JSON array with fields name, email, address, signup_date, plan.", 700, "json"),
    ("Write a {tone2} promotional email for our {season} sale targeting {segment}. Include a subject line.", 320, "prose"),
    ("Write a 1200-word SEO article titled '{title}'. Use H2 headings and a FAQ section at the end.", 1700, "prose"),
    ("Generate 20 different ways a customer might ask to {intent}. One per line, no numbering.", 300, "list"),
)
SYNTH_SLOTS = {
    "pname": ("Aurora Desk Lamp", "TrailMate Backpack", "Cloudstep Sneakers", "Brewmaster Kettle", "Zen Garden Kit", "Nomad Power Bank", "Silk Pillowcase"),
    "cat": ("Home & Kitchen", "Outdoor", "Footwear", "Electronics", "Beauty"),
    "mat": ("recycled aluminum", "organic cotton", "bamboo", "stainless steel", "vegan leather"),
    "color": ("matte black", "sage green", "sand", "navy", "terracotta"),
    "grade": ("6", "7", "8", "9", "10"),
    "npc": ("blacksmith", "innkeeper", "city guard", "fortune teller", "merchant"),
    "situation": ("has just been robbed", "suspects the player is a spy", "is celebrating a festival", "needs help finding a lost child"),
    "tone2": ("playful", "urgent", "elegant", "friendly"),
    "segment": ("returning customers", "new subscribers", "lapsed buyers", "VIP members"),
    "title": ("How to Choose a Running Shoe", "10 Ways to Save on Groceries", "Beginner's Guide to Houseplants", "What Is a Heat Pump?", "Packing List for a Week in Japan"),
    "intent": ("cancel their subscription", "change their delivery address", "get a refund", "reset their password", "talk to a human"),
}
BANK.update(SYNTH_SLOTS)
# fmt: on


def gen_synthetic_product(w, n):
    for _ in range(n):
        a = w.account("synthetic_data_product", False, err=0.004)
        r = a.r
        reg = wchoice(r, (("us", 50), ("eu", 35), ("asia", 15)))
        tz = r.choice(TZ[reg])
        ips = [
            cloud_ip(r, r.choice(("aws", "gcp", "hetzner", "do"))) for _ in range(r.randint(1, 2))
        ]
        jobs = r.sample(SYNTH_JOBS, r.randint(1, 2))
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1-mini"), 30),
                (("chat", "gpt-4o"), 20),
                (("chat", "gpt-4.1"), 15),
                (("messages", "claude-haiku-4-5"), 15),
                (("messages", "claude-sonnet-4-5"), 20),
            ),
        )
        temp = r.choice((0.7, 0.8, 0.9, 1.0))
        per_night = clamp(lognorm(r, 90, 0.6), 20, 400)
        times = []
        for d in range(w.days + 1):
            t = w.local(d, r.uniform(0, 5), tz)
            rate = r.uniform(0.3, 2.0)
            for _ in range(int(per_night * math.exp(r.gauss(0, 0.3)))):
                times.append(t)
                t += r.expovariate(rate)
        times += hourly(w, r, 8, OFFICE, tz, 0.5)
        for t in times:
            tpl, med, style = r.choice(jobs)
            nn = r.choice((1, 1, 2, 3)) if (api == "chat" and med < 400) else 1
            par = {"temperature": temp}
            if nn > 1:
                par["n"] = nn
            call(
                w,
                a,
                t,
                a.keys[0],
                r.choice(ips),
                api,
                model,
                simple(api, a, [("user", fill(r, tpl))]),
                system=r.choice(
                    (
                        None,
                        "You are a helpful assistant that writes high-quality content for an e-commerce and education company.",
                    )
                ),
                max_tokens=3000 if med > 1000 else 1500,
                out=lognorm(r, med, 0.3),
                style=style,
                params=par,
                n=nn,
            )


def gen_localization(w, n):
    for _ in range(n):
        a = w.account("localization", False, err=0.004)
        r = a.r
        reg = wchoice(r, (("us", 40), ("eu", 50), ("asia", 10)))
        tz = r.choice(TZ[reg])
        ip = cloud_ip(r, r.choice(("aws", "gcp", "azure")))
        locs = r.sample(LOCALES, r.randint(20, len(LOCALES)))
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1-mini"), 35),
                (("chat", "gpt-4o"), 25),
                (("messages", "claude-haiku-4-5"), 20),
                (("chat", "gpt-4.1"), 20),
            ),
        )
        batch_mode = r.random() < 0.4
        app = r.choice(
            (
                "a food delivery app",
                "a banking app",
                "a project management tool",
                "a fitness tracker",
                "an online store",
            )
        )
        system = f"You are a professional software localizer for {app}. Use the platform's established terminology, keep strings short, and preserve placeholders, HTML tags and punctuation."
        for d in range(w.days):
            for _ in range(poisson(r, 1.0)):
                t = w.local(d, r.uniform(9, 19), tz)
                strings = r.sample(UI_STRINGS, r.randint(3, 10))
                for loc in locs:
                    style = "lang:" + loc[:2] if loc[:2] in LANG_TEXT else "prose"
                    par = {"temperature": r.choice((0, 0.2))}
                    if batch_mode:
                        body = json.dumps(
                            {f"key_{i}": s for i, s in enumerate(strings)}, ensure_ascii=False
                        )
                        p = f"Translate the values of this JSON object from English (en-US) to {loc}. Keep the keys unchanged and return only valid JSON.\n\n{body}"
                        call(
                            w,
                            a,
                            t,
                            a.keys[0],
                            ip,
                            api,
                            model,
                            simple(api, a, [("user", p)]),
                            system=system,
                            max_tokens=2048,
                            out=len(strings) * r.randint(10, 18),
                            style=style,
                            params=par,
                        )
                        t += r.uniform(0.2, 2.0)
                        continue
                    for s in strings:
                        p = f'Translate the following UI string from English (en-US) to {loc}. Preserve placeholders such as {{count}} and any HTML tags exactly. Return only the translated string.\n\nString: "{s}"'
                        call(
                            w,
                            a,
                            t,
                            a.keys[0],
                            ip,
                            api,
                            model,
                            simple(api, a, [("user", p)]),
                            system=system,
                            max_tokens=256,
                            out=r.randint(4, 30),
                            style=style,
                            params=par,
                        )
                        t += r.uniform(0.1, 1.2)


# fmt: off
TUTOR_WRAP = ("{q}", "{q} i dont get it", "can you explain step by step how to solve this? {q}", "{q}\nplease explain every step", "help!! {q}", "how do i start this one: {q}", "is the answer {num}? {q}")
TUTOR_FOLLOW = ("why did you divide there?", "i still dont understand step {n}", "can you give me a similar practice problem?", "what's the formula for that again?", "ok i got {num}, is that right?", "can you explain it more simply?")
EASY_FAMS = (_m_word, _m_sys, _m_geo, _m_dice, _m_rate, _m_phys, _m_chem, _m_fin)
# fmt: on


def gen_edu_tutor(w, n):
    for _ in range(n):
        a = w.account("edu_tutor_platform", False, err=0.003)
        r = a.r
        reg = wchoice(r, (("us", 45), ("eu", 20), ("asia", 25), ("latam", 10)))
        tz = r.choice(TZ[reg])
        ips = [cloud_ip(r, r.choice(("aws", "gcp"))) for _ in range(2)]
        app = r.choice(("StudyBuddy", "MathMentor", "Brainwave", "TutorNest", "Eureka Learning"))
        api, model = wchoice(
            r,
            (
                (("chat", "o4-mini"), 25),
                (("chat", "gpt-4.1-mini"), 30),
                (("responses", "gpt-5-mini"), 20),
                (("messages", "claude-haiku-4-5"), 15),
                (("chat", "gpt-4o-mini"), 10),
            ),
        )
        system = f"You are the tutor in {app}, helping students aged 12-18 with math and science. Always explain step by step, check the student's understanding, use simple language, and do not just give the final answer without showing the reasoning."
        per_day = clamp(lognorm(r, 80, 0.6), 15, 300)
        for s in hourly(w, r, per_day / 1.8, STUDENT, tz, 0.3):
            uid = "stu_" + hexid(r, 8)
            turns, t = [], s
            for j in range(geom(r, 1.8, 1, 5)):
                if j == 0:
                    q = r.choice(EASY_FAMS)(r) if r.random() < 0.8 else q_sci(r)
                    turns.append(("user", fill(r, r.choice(TUTOR_WRAP).replace("{q}", q))))
                else:
                    turns.append(("user", fill(r, r.choice(TUTOR_FOLLOW))))
                eff = "medium" if is_reasoning(model) else None
                par = rparams(api, model, eff)
                if api == "chat":
                    par["user"] = uid
                resp, t = call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    r.choice(ips),
                    api,
                    model,
                    simple(api, a, turns),
                    system=system,
                    max_tokens=2000 if api == "messages" else None,
                    out=lognorm(r, 380, 0.4),
                    think=think_for(r, model, eff),
                    style="steps",
                    params=par or None,
                    stream=True,
                )
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(30, 300)


# fmt: off
COURSES = (
    ("CS 161 Data Structures", ("Implement a singly linked list in C with insert, delete, and reverse functions.", "What is the time complexity of inserting into a binary heap and why?", "Write a recursive function that returns the number of ways to climb n stairs taking 1 or 2 steps at a time.", "Explain the difference between BFS and DFS and when to use each.", "Given an array, write a function that returns the second largest element without sorting.", "Prove that a tree with n nodes has exactly n-1 edges.", "Implement a hash table with separate chaining in Java.", "What is amortized analysis? Use dynamic arrays as an example.")),
    ("STAT 200 Intro to Statistics", ("A sample of 40 students has mean 72 and standard deviation 8. Construct a 95% confidence interval for the population mean.", "Explain the difference between Type I and Type II errors.", "When should you use a paired t-test instead of a two-sample t-test?", "Compute the correlation coefficient for x = 1,2,3,4,5 and y = 2,4,5,4,5.", "What does a p-value of 0.03 mean in plain words?", "Explain the central limit theorem with an example.", "How do you interpret the slope in a simple linear regression?", "What's the difference between standard deviation and standard error?")),
    ("ECON 101 Principles of Microeconomics", ("Explain price elasticity of demand and compute it when price rises from $4 to $5 and quantity falls from 100 to 80.", "What is deadweight loss and why does a tax create it?", "Compare perfect competition and monopoly in terms of price and output.", "Explain the difference between marginal cost and average cost with an example.", "Why do price ceilings cause shortages?", "What is comparative advantage? Give a two-country example.")),
)
STUDENT_WRAP = ("{p}", "can you help me with this homework question: {p}", "{p}\n\nhere is what i have so far:\n{code}", "explain how to approach this: {p}", "I got {num} for this, is it right? {p}", "{p} (explain simply pls)", "{p}")
# fmt: on


def gen_classroom(w, sizes):
    for size in sizes:
        g = w.sub(f"gen/classroom/{size}")
        _course, probs = g.choice(COURSES)
        reg = wchoice(g, (("us", 60), ("eu", 25), ("asia", 15)))
        tz = g.choice(TZ[reg])
        campus = [edu_ip(g) for _ in range(g.randint(2, 3))]
        lab_day = 0 if w.days < 2 else g.choice((0, 1))
        due_day = min(w.days - 1, lab_day + 1)
        for _ in range(size):
            a = w.account("classroom_cohort", False)
            r = a.r
            home = resi_ip(r, reg) if r.random() < 0.8 else resi_ip6(r)
            api, model = wchoice(
                r,
                (
                    (("chat", "gpt-4o-mini"), 45),
                    (("chat", "gpt-5-mini"), 30),
                    (("messages", "claude-haiku-4-5"), 15),
                    (("chat", "gpt-4.1-mini"), 10),
                ),
            )
            events = []
            if r.random() < 0.85:
                t = w.local(lab_day, 14 + r.uniform(0, 1.3), tz)
                events += [
                    (t + k * r.uniform(60, 500), "campus", "hw") for k in range(r.randint(2, 8))
                ]
            if r.random() < 0.7:
                t = w.local(due_day, r.uniform(18, 23.9), tz)
                events += [
                    (t + k * r.uniform(60, 400), "any", "hw") for k in range(r.randint(3, 12))
                ]
            events += [
                (t, "any", "casual")
                for t in hourly(w, r, clamp(lognorm(r, 1.0, 0.7), 0.1, 5), STUDENT, tz, 0.5)
            ]
            for t, where, kind in sorted(events):
                ip = (
                    r.choice(campus)
                    if where == "campus"
                    or (9 <= ((t - w.t0) / HOUR + tz) % 24 <= 17 and r.random() < 0.5)
                    else home
                )
                if kind == "hw":
                    p = fill(r, r.choice(STUDENT_WRAP).replace("{p}", r.choice(probs)))
                else:
                    p = casual_prompt(r)
                call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    api,
                    model,
                    simple(api, a, [("user", p)]),
                    max_tokens=2048 if api == "messages" else None,
                    out=lognorm(r, 380, 0.5),
                    params=rparams(api, model, "low") or None,
                    think=think_for(r, model, "low"),
                    stream=True,
                )


# fmt: off
TEAM_PROFILES = (
    ("support", ("Draft a reply to this customer email. Be empathetic and concise.\n\n{para}", "Summarize this support thread and list the next actions:\n\n{para}")),
    ("marketing", ("Write 5 LinkedIn post ideas about {concept} for our B2B audience.", "Rewrite this landing page section to be {tone}:\n\n{para}")),
    ("engineering", ("how do I {fw_task} in {framework}?", "review this code:\n{code}", "I'm getting {error}, what could cause it?")),
    ("legal", ("Summarize the key obligations and risks in this clause:\n\n{para}", "Compare these two indemnification clauses:\n\nA: {para}\n\nB: {para}")),
    ("data", ("Write a SQL query that computes monthly active users by country from events(user_id, ts, country).", "Explain this query and suggest an index:\n{code}")),
    ("hr", ("Draft a job description for a {lang} developer.", "Write interview questions to assess teamwork.")),
    ("sales", ("Write a follow-up email after a demo with a prospect in the {biz2} industry.", "Summarize these call notes into a CRM update:\n\n{para}")),
)
BANK["biz2"] = BIZ
# fmt: on


def gen_enterprise(w, sizes):
    for size in sizes:
        g = w.sub(f"gen/enterprise/{size}")
        reg = wchoice(g, (("us", 50), ("eu", 40), ("asia", 10)))
        tz = g.choice(TZ[reg])
        egress = [resi_ip(g, reg) for _ in range(g.randint(2, 3))] + (
            [cloud_ip(g, "gcp")] if g.random() < 0.5 else []
        )
        std_api, std_model = g.choice(
            (("chat", "gpt-4.1"), ("messages", "claude-sonnet-4-5"), ("responses", "gpt-5"))
        )
        for _ in range(size):
            a = w.account("enterprise_teams", False, nkeys=g.choice((1, 1, 2)))
            r = a.r
            _team, tpls = r.choice(TEAM_PROFILES)
            auto = r.random() < 0.2
            for t in hourly(w, r, clamp(lognorm(r, 16, 0.6), 3, 80), OFFICE, tz, 0.4):
                eff = "low" if is_reasoning(std_model) else None
                call(
                    w,
                    a,
                    t,
                    r.choice(a.keys),
                    r.choice(egress),
                    std_api,
                    std_model,
                    simple(std_api, a, [("user", fill(r, r.choice(tpls)))]),
                    max_tokens=2048 if std_api == "messages" else None,
                    out=lognorm(r, 320, 0.5),
                    think=think_for(r, std_model, eff),
                    params=rparams(std_api, std_model, eff) or None,
                    stream=r.random() < 0.5,
                )
            if auto:  # nightly digest script from the same egress
                for d in range(w.days + 1):
                    t = w.local(d, 2 + r.random(), tz)
                    for _ in range(r.randint(15, 60)):
                        call(
                            w,
                            a,
                            t,
                            a.keys[0],
                            egress[0],
                            std_api,
                            std_model,
                            simple(
                                std_api,
                                a,
                                [
                                    (
                                        "user",
                                        "Summarize this ticket in two sentences and tag its product area:\n\n"
                                        + prose(r, r.randint(200, 800)),
                                    )
                                ],
                            ),
                            max_tokens=300,
                            out=lognorm(r, 70, 0.3),
                            think=think_for(r, std_model, "minimal"),
                            params=rparams(std_api, std_model, "minimal") or None,
                        )
                        t += r.uniform(1, 6)


# fmt: off
ROLEPLAY = ("Continue the story. {char} has just discovered {thing}.", "*{char} looks up from the desk* So you finally came. What do you want?", "Stay in character and describe what {char} does next when the lights go out in {setting}.")
# fmt: on


def mixed_request(r, profile, lang):
    """A genuine end-user request behind a router: (prompt, system, out, style, temp)."""
    if profile == "casual":
        return (
            casual_prompt(r, lang),
            None,
            lognorm(r, 280, 0.7),
            lang_style(lang),
            r.choice((None, 0.7, 1.0)),
        )
    if profile == "coding":
        p = fill(
            r,
            r.choice(
                (
                    "how do I {fw_task} in {framework}?",
                    "fix this code:\n{code}",
                    "I'm getting {error}, what does it mean?",
                    "write a {lang} script that renames all files in a folder by date",
                )
            ),
        )
        return (
            p,
            r.choice((None, "You are an expert programmer.")),
            lognorm(r, 450, 0.6),
            "code",
            r.choice((None, 0.2)),
        )
    if profile == "roleplay":
        return (
            fill(r, r.choice(ROLEPLAY)),
            fill(r, "You are {char}, a {role} in {setting}. Stay in character. Write vividly."),
            lognorm(r, 380, 0.5),
            "prose",
            r.choice((0.9, 1.0, 1.1)),
        )
    if profile == "translate":
        return (
            f"Translate into {r.choice(BANK['language'])}:\n\n{prose(r, r.randint(100, 600))}",
            None,
            lognorm(r, 180, 0.5),
            "prose",
            0.3,
        )
    q, _ = problem(r, (50, 30, 15, 5))
    return q, None, lognorm(r, 600, 0.6), "steps", None


def gen_api_aggregator(w, n):
    g = w.sub("gen/aggregator")
    for _ in range(n):
        a = w.account("api_aggregator", False, nkeys=g.randint(20, 60), err=0.006)
        r = a.r
        prov = r.sample(("aws", "gcp", "hetzner", "ovh", "do"), 2)
        ips = [cloud_ip(r, r.choice(prov)) for _ in range(r.randint(4, 8))]
        kinfo = []
        for _k in a.keys:
            reg = pick_region(r)
            kinfo.append(
                (
                    wchoice(
                        r,
                        (
                            ("casual", 40),
                            ("coding", 25),
                            ("roleplay", 15),
                            ("translate", 8),
                            ("problem", 12),
                        ),
                    ),
                    wchoice(r, REGION_LANGS[reg]),
                    r.lognormvariate(0, 1.2),
                )
            )
        wts = [x[2] for x in kinfo]
        add_new = w.t_rel + r.uniform(0.3, 2) * HOUR
        per_day = clamp(lognorm(r, 280, 0.4), 100, 900)
        for t in hourly(w, r, per_day, NIGHTLOW if r.random() < 0.3 else FLAT, 0, 0.2):
            i = r.choices(range(len(a.keys)), wts)[0]
            profile, lang, _ = kinfo[i]
            p, system, out, style, temp = mixed_request(r, profile, lang)
            api, model = pick_api_model(r, (("chat", 80), ("messages", 20)))
            if t > add_new and api == "chat" and r.random() < 0.3:
                model = NEW_MODEL
            par = rparams(api, model, "medium" if is_reasoning(model) else None)
            par.update(temp_params(model, temp))
            if api == "chat" and r.random() < 0.5:
                par["user"] = hexid(r, 16)
            call(
                w,
                a,
                t,
                a.keys[i],
                r.choice(ips),
                api,
                model,
                simple(api, a, [("user", p)]),
                system=system,
                max_tokens=4096 if api == "messages" else r.choice((None, 2048, 4096)),
                out=out,
                think=think_for(r, model, "medium"),
                style=style,
                params=par or None,
                stream=r.random() < 0.7,
            )


def gen_research(w, n):
    for _ in range(n):
        a = w.account("research_logprobs", False, nkeys=a_keys(w), err=0.008)
        r = a.r
        reg = wchoice(r, (("us", 50), ("eu", 35), ("asia", 15)))
        tz = r.choice(TZ[reg])
        ips = [edu_ip(r) for _ in range(r.randint(1, 2))] + [cloud_ip(r, "gcp")]
        projects = r.sample(
            ("calibration", "perplexity", "steering", "self_consistency", "uncertainty"),
            r.randint(2, 3),
        )
        steer_ids = [str(r.randint(300, 60000)) for _ in range(r.randint(2, 6))]
        steer_tpl = r.choice(
            (
                "The {occ} said that",
                "Q: Is the following statement true? {fact}\nA:",
                "My {occ} friend is",
            )
        )
        for t0 in hourly(w, r, 1.6, LONGDAY, tz, 0.5):
            proj = r.choice(projects)
            ip, t = r.choice(ips), t0
            size = r.randint(30, 160)
            base = r.randrange(0, 5000)
            model = r.choice(("gpt-4o-mini", "gpt-4.1-mini", "gpt-4o", "gpt-4.1"))
            for k in range(size):
                if proj == "calibration":
                    _subj, stem, opts, ans = mmlu_item(base + k)
                    p = f"{stem}\nA. {opts[0]}\nB. {opts[1]}\nC. {opts[2]}\nD. {opts[3]}\nAnswer with a single letter."
                    par = {"temperature": 0, "logprobs": True, "top_logprobs": 20}
                    if r.random() < 0.5:
                        par["logit_bias"] = {"32": 5, "33": 5, "34": 5, "35": 5}
                    call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        "chat",
                        model,
                        [{"role": "user", "content": p}],
                        max_tokens=1,
                        out=1,
                        style="label:" + ans,
                        params=par,
                    )
                elif proj == "perplexity":
                    m = r.choice(("davinci-002", "babbage-002"))
                    call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        "completions",
                        m,
                        prose(r, r.randint(300, 1400)),
                        max_tokens=0,
                        out=0,
                        params={"echo": True, "logprobs": r.choice((0, 1, 5))},
                    )
                elif proj == "steering":
                    b = r.choice((-10, -5, -2, -1, 1, 2, 5, 10))
                    p = steer_tpl.replace(
                        "{occ}", r.choice(("nurse", "engineer", "teacher", "CEO", "pilot", "chef"))
                    ).replace("{fact}", prose(r, 80))
                    call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        "chat",
                        model,
                        [{"role": "user", "content": p}],
                        max_tokens=r.choice((1, 5, 20)),
                        out=r.randint(1, 20),
                        params={
                            "temperature": 0,
                            "logprobs": True,
                            "top_logprobs": 20,
                            "logit_bias": {tid: b for tid in steer_ids},
                        },
                    )
                elif proj == "self_consistency":
                    nn = r.choice((10, 20))
                    call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        "chat",
                        model,
                        [
                            {
                                "role": "user",
                                "content": f"Q: {gsm_item(base + k)}\nA: Let's think step by step.",
                            }
                        ],
                        max_tokens=512,
                        out=lognorm(r, 170, 0.3),
                        style="steps",
                        params={"temperature": 0.7, "n": nn},
                        n=nn,
                    )
                else:
                    call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        "chat",
                        model,
                        [
                            {
                                "role": "user",
                                "content": fill(
                                    r,
                                    r.choice(
                                        (
                                            "What caused {history}?",
                                            "Who wrote {book}?",
                                            "Explain {concept} in two sentences.",
                                        )
                                    ),
                                ),
                            }
                        ],
                        max_tokens=300,
                        out=lognorm(r, 120, 0.4),
                        params={"temperature": 1.0, "logprobs": True, "top_logprobs": 5},
                    )
                t += r.expovariate(r.uniform(0.8, 4.0))


def a_keys(w):
    return 1 + (w.ids.random() < 0.3)


# fmt: off
PHYS_Q = (
    "A {m} kg block slides down a {ang} degree incline with coefficient of kinetic friction {mu}. Find its acceleration and the time to slide {d} m from rest.",
    "Derive the period of small oscillations of a uniform rod of length {d} m pivoted at a distance {f} m from one end.",
    "A {c} microfarad capacitor charged to {v} V discharges through a {res} kOhm resistor. Derive the energy dissipated as a function of time.",
    "Estimate the Reynolds number for water flowing at {v} m/s through a {d} cm pipe, and say whether the flow is laminar or turbulent.",
)
ML_Q = (
    "Derive the gradient of the softmax cross-entropy loss with respect to the logits, and explain why it is numerically stable to compute it from the logits directly.",
    "Why does layer normalization help training stability in transformers? Compare pre-LN and post-LN.",
    "Prove that the KL divergence is non-negative and explain when it is zero.",
    "Explain the bias-variance trade-off for k-nearest neighbours as k varies from 1 to n.",
    "Derive the closed-form solution of ridge regression and show how it relates to the SVD of X.",
    "Explain why Adam can fail to converge on some convex problems and how AMSGrad fixes it.",
)
CLIN_Q = "A {age}-year-old {sex} presents with {s1}, {s2} and {s3}. Labs show {lab}. What is the most likely diagnosis, and what are the next steps in management?"
CLIN = {"sex": ("man", "woman"), "s1": ("fever", "fatigue", "chest pain", "weight loss", "joint pain"), "s2": ("night sweats", "shortness of breath", "a rash on the cheeks", "polyuria", "jaundice"), "s3": ("a productive cough", "ankle swelling", "confusion", "abdominal pain", "blurred vision"), "lab": ("a hemoglobin of 9.1 g/dL", "a sodium of 128 mmol/L", "an elevated troponin", "ALT 420 U/L", "a glucose of 310 mg/dL", "positive ANA")}
CHEM_Q = ("Propose a synthesis of {target} from {start}, explaining the mechanism of each step.", "Predict the major product when {start} is treated with {reagent}, and explain the regiochemistry and stereochemistry.")
CHEM = {"target": ("ibuprofen", "benzocaine", "2-methyl-2-hexanol", "cyclohexanone oxime", "aspirin", "a trans-alkene"), "start": ("toluene", "benzene", "1-hexyne", "cyclohexanol", "2-butanone", "styrene"), "reagent": ("HBr and peroxides", "OsO4 then NaHSO3", "mCPBA", "LDA then methyl iodide", "NaBH4", "Br2 in water")}
LAW_Q = "Under {jur} law, analyze whether {scen}. Identify the relevant doctrines and the likely outcome."
LAW = {"jur": ("New York", "English", "California", "Delaware", "German"), "scen": ("a verbal promise to extend a lease is enforceable", "a non-compete clause signed by a junior engineer is valid", "a website's browsewrap terms bind a user", "a supplier can claim force majeure for a port strike", "an employee's side project belongs to the employer")}
FIN_Q = ("Price a European {cp} option with S={S}, K={K}, r={rr}%, sigma={sig}%, T={T} years using Black-Scholes, and compute delta, gamma and vega.", "A bond with face value 1000 pays a {c}% annual coupon for {n} years. Compute its price at a yield of {y}% and its modified duration.", "Derive the minimum-variance hedge ratio for hedging a position in asset A with futures on asset B given correlation {rho}, and compute it for sigma_A={sig}% and sigma_B={sig2}%.")
# fmt: on


def _numfill(r, s, extra=None):
    nums = {
        "m": r.randint(1, 20),
        "ang": r.choice((15, 20, 30, 37, 45)),
        "mu": r.choice((0.1, 0.2, 0.25, 0.35)),
        "d": r.randint(2, 40),
        "f": round(r.uniform(0.1, 0.9), 2),
        "c": r.choice((2, 4, 5, 10, 47)),
        "v": r.randint(2, 40),
        "res": r.choice((1, 2.2, 4.7, 10)),
        "age": r.randint(19, 85),
        "cp": r.choice(("call", "put")),
        "S": r.randint(50, 200),
        "K": r.randint(50, 200),
        "rr": r.choice((1, 2.5, 4, 5)),
        "sig": r.randint(12, 60),
        "sig2": r.randint(12, 60),
        "T": r.choice((0.25, 0.5, 1, 2)),
        "y": r.choice((3, 4.5, 6, 7.25)),
        "n": r.randint(2, 30),
        "rho": round(r.uniform(0.3, 0.95), 2),
    }
    for k, v in (extra or {}).items():
        nums[k] = r.choice(v)
    return _SLOT.sub(lambda m: str(nums.get(m.group(1), m.group(0))), s)


def domain_q(r, dom):
    if dom == "olympiad_math":
        return q_math(r, True)
    if dom == "competitive_programming":
        return q_code(r)
    if dom == "physics":
        return _numfill(r, r.choice(PHYS_Q))
    if dom == "ml_theory":
        return r.choice(ML_Q)
    if dom == "clinical":
        return _numfill(r, CLIN_Q, CLIN)
    if dom == "organic_chem":
        return _numfill(r, r.choice(CHEM_Q), CHEM)
    if dom == "contract_law":
        return _numfill(r, LAW_Q, LAW)
    return _numfill(r, r.choice(FIN_Q))


# fmt: off
DOMAINS = ("olympiad_math", "competitive_programming", "physics", "ml_theory", "clinical", "organic_chem", "contract_law", "quant_finance")
OPENERS = ("", "", "Quick question. ", "I've been stuck on this for a while. ", "Working through a problem set: ", "For a project I'm doing: ", "Okay, next one. ", "Hey, ", "Can you help with this? ", "Sanity check please: ")
CLOSERS = ("", "", " Thanks!", " Please be rigorous.", " I want to understand the reasoning, not just the answer.", " Explain it like you would to a colleague.", " Keep it reasonably concise.", " Show the derivation.", " What's the cleanest approach?")
DEEP_FOLLOW = ("Can you double-check step {n}?", "What if the numbers were doubled?", "Is there a simpler way to see this?", "Can you write that up as a short proof?", "How would this change with {num} instead?", "Write it in C++ instead.", "What's the most common mistake here?", "Thanks. Can you give me a harder variant?")
# fmt: on


def natural(r, q):
    return r.choice(OPENERS) + q + r.choice(CLOSERS)


def reasoning_setup(r):
    """A power user's (or careful harvester's) favourite reasoning endpoints."""
    opts = [
        ("chat", "o3", {"effort": "high"}),
        ("responses", "gpt-5", {"effort": "high", "summary": "auto"}),
        ("messages", "claude-sonnet-4-5", {"budget": r.choice((8000, 16000))}),
        ("messages", "claude-opus-4-1", {"budget": r.choice((8000, 16000))}),
        ("chat", "gpt-5", {"effort": r.choice(("medium", "high"))}),
    ]
    return r.sample(opts, 2)


def reasoning_call(
    w, a, t, key, ip, setup, prompt_turns, out_med, new=False, stream=True, style="steps"
):
    r = a.r
    api, model, kw = setup
    if new:
        api, model, kw = (
            ("responses" if api == "responses" else "chat"),
            NEW_MODEL,
            {"effort": "high", "summary": "auto"} if api == "responses" else {"effort": "high"},
        )
    par = rparams(api, model, **kw)
    think = (
        think_for(r, model, kw.get("effort"))
        if api != "messages"
        else int(lognorm(r, kw["budget"] * 0.35, 0.5))
    )
    show = (
        "summary"
        if (api == "responses" and kw.get("summary"))
        else "thinking"
        if api == "messages"
        else None
    )
    mt = (kw["budget"] + 8000) if api == "messages" else r.choice((None, None, 32000, 25000))
    return call(
        w,
        a,
        t,
        key,
        ip,
        api,
        model,
        simple(api, a, prompt_turns),
        max_tokens=mt,
        out=lognorm(r, out_med, 0.5),
        think=think,
        show_think=show,
        style=style,
        params=par or None,
        stream=stream,
    )


def gen_power_user(w, n):
    for _ in range(n):
        a = w.account("power_user_reasoning", False, err=0.004)
        r = a.r
        reg = wchoice(r, (("us", 45), ("eu", 35), ("asia", 20)))
        tz = r.choice(TZ[reg])
        home, office = resi_ip(r, reg), (edu_ip(r) if r.random() < 0.4 else resi_ip(r, reg))
        dom = r.choice(DOMAINS)
        setups = reasoning_setup(r)
        adopt = w.t_rel + r.uniform(0.5, 6) * HOUR if r.random() < 0.6 else None
        for s in hourly(w, r, clamp(lognorm(r, 9, 0.5), 2, 30), LONGDAY, tz, 0.5):
            ip = office if r.random() < 0.6 else home
            t, turns = s, []
            setup = r.choice(setups)
            for j in range(geom(r, 2.2, 1, 8)):
                if j == 0 or r.random() < 0.4:
                    turns = [("user", natural(r, domain_q(r, dom)))]
                else:
                    turns.append(("user", fill(r, r.choice(DEEP_FOLLOW))))
                new = bool(adopt and t > adopt and r.random() < 0.7)
                resp, t = reasoning_call(w, a, t, a.keys[0], ip, setup, turns, 900, new=new)
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(60, 900)


# fmt: off
TENANT_SYS = "You are the assistant on {name}'s website. Answer visitors' questions about opening hours, services, prices and bookings using the business profile below. If you are unsure, suggest contacting the business directly. Keep replies short and friendly.\n\nBusiness profile:\n{profile}"
TENANT_KIND = ("Dental", "Bistro", "Yoga Studio", "Auto Repair", "Hair Salon", "Law Office", "Vet Clinic", "Bakery", "Gym", "Florist", "Physiotherapy", "Driving School")
TENANT_Q = ("are you open on sunday?", "how much does a {svc} cost?", "can I book an appointment for tomorrow at {n}pm?", "do you take walk-ins?", "where are you located?", "do you have parking?", "is there a cancellation fee?", "do you offer gift cards?", "what are your opening hours this week?", "do you speak {language}?")
BANK["svc"] = ("cleaning", "haircut", "oil change", "consultation", "check-up", "class pass", "birthday cake", "bouquet", "lesson")
# fmt: on


def gen_tenant_platform(w, n):
    """A website-chatbot vendor that opens one API account per client business."""
    g = w.sub("gen/tenant")
    ips = [cloud_ip(g, "aws") for _ in range(g.randint(3, 5))]
    model = g.choice(("gpt-4o-mini", "gpt-4.1-mini"))
    for _ in range(n):
        a = w.account("tenant_platform", False)
        r = a.r
        tz = r.choice(TZ[wchoice(r, (("us", 50), ("eu", 35), ("other", 15)))])
        name = r.choice(CO_PRE) + " " + r.choice(TENANT_KIND)
        system = TENANT_SYS.replace("{name}", name).replace(
            "{profile}", prose(r, r.randint(300, 700))
        )
        for s in hourly(w, r, clamp(lognorm(r, 12, 0.9), 1, 60) / 1.6, CONSUMER, tz, 0.5):
            turns, t, uid = [], s, "visitor_" + hexid(r, 8)
            for _j in range(geom(r, 1.6, 1, 5)):
                turns.append(("user", fill(r, r.choice(TENANT_Q))))
                resp, t = call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    r.choice(ips),
                    "chat",
                    model,
                    simple("chat", a, turns),
                    system=system,
                    max_tokens=400,
                    out=lognorm(r, 80, 0.5),
                    params={"temperature": 0.3, "user": uid},
                    stream=True,
                )
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(10, 120)


# --------------------------------------------------------------------------- harvesters

# fmt: off
BLUNT_TPL = (
    "Solve the following problem. Think step by step, show all of your intermediate reasoning in detail, and then give the final answer on its own line prefixed with 'Final answer:'.\n\nProblem: {q}",
    "Answer the following question with a detailed, step-by-step explanation of your reasoning. Be thorough and do not skip any steps.\n\nQuestion: {q}",
    "You will be given a problem. First, think through the problem carefully step by step, explaining every step of your reasoning. Then provide the final answer.\n\n### Problem\n{q}\n\n### Step-by-step reasoning",
)
# fmt: on


def gen_blunt(w, n):
    for _ in range(n):
        a = w.account("blunt_scraper", True, None, err=0.025)
        r = a.r
        ip = cloud_ip(r, r.choice(("hetzner", "do", "ovh", "alibaba", "vultr")))
        tpl = r.choice(BLUNT_TPL)
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1"), 30),
                (("chat", "gpt-4o"), 20),
                (("messages", "claude-sonnet-4-5"), 25),
                (("chat", "o3"), 15),
                (("chat", "gpt-5"), 10),
            ),
        )
        mix = r.choice(((70, 20, 5, 5), (20, 70, 5, 5), (40, 30, 25, 5)))
        gap = DAY / r.uniform(220, 420)
        pivot = w.t_rel + r.uniform(0.2, 3) * HOUR if r.random() < 0.4 else None
        temp = r.choice((0.7, 0, 1.0, None))
        system = r.choice(
            (
                "You are a helpful assistant.",
                "You are an expert tutor who always explains your reasoning step by step.",
                None,
            )
        )
        t = w.t0 + r.uniform(0, gap)
        while t < w.t1:
            q, _ = problem(r, mix)
            ap, m = ("chat", NEW_MODEL) if (pivot and t > pivot) else (api, model)
            eff = "high" if is_reasoning(m) else None
            par = rparams(ap, m, eff)
            par.update(temp_params(m, temp))
            call(
                w,
                a,
                t,
                a.keys[0],
                ip,
                ap,
                m,
                simple(ap, a, [("user", tpl.replace("{q}", q))]),
                system=system,
                max_tokens=16000 if is_reasoning(m) else 4096,
                out=lognorm(r, 1100, 0.45),
                think=think_for(r, m, eff),
                style="steps",
                params=par or None,
            )
            t += gap * r.uniform(0.85, 1.15)


# fmt: off
FARM_SYS = "You are an expert problem solver. Before answering, reason through the problem thoroughly inside <reasoning></reasoning> tags: restate the problem, consider multiple approaches, carry out every computation carefully, and verify each step. Then give the final answer inside <answer></answer> tags."
# fmt: on


def gen_reasoning_farm(w, n):
    camp = w.campaign()
    g = w.sub("gen/farm")
    prov = g.choice(("ovh", "hetzner"))
    blocks = [block24(g, prov) for _ in range(2)]
    workers = []
    for _ in range(n):
        a = w.account("reasoning_farm", True, camp, err=0.01)
        ip = g.choice(blocks) + str(g.randint(2, 250))
        workers.append(
            (
                a,
                ip,
                g.choice(
                    (("responses", "o3"), ("messages", "claude-sonnet-4-5"), ("responses", "gpt-5"))
                ),
            )
        )
    agg_gap = DAY / (g.uniform(70, 100) * n)
    pivot = w.t_rel + g.uniform(8, 20) * HOUR
    t = w.t0 + g.uniform(0, 60)
    order = []
    while t < w.t1:
        if not order:
            order = list(range(n))
            g.shuffle(order)
        a, ip, (api, model) = workers[order.pop()]
        r = a.r
        q, _ = problem(r, (55, 30, 15, 0), hard=r.random() < 0.5)
        if t > pivot and r.random() < 0.6:
            api, model = "responses", NEW_MODEL
        if api == "messages":
            par, think, show = (
                rparams(api, model, budget=16000),
                int(lognorm(r, 6000, 0.5)),
                "thinking",
            )
        else:
            par, think, show = (
                rparams(api, model, "high", "detailed"),
                think_for(r, model, "high", 1.5),
                "summary",
            )
        call(
            w,
            a,
            t,
            a.keys[0],
            ip,
            api,
            model,
            simple(api, a, [("user", q)]),
            system=FARM_SYS,
            max_tokens=32000,
            out=lognorm(r, 1200, 0.4),
            think=think,
            show_think=show,
            style="xml",
            params=par,
        )
        t += agg_gap * (0.7 + 0.3 * g.expovariate(1.0))


# fmt: off
SWARM_TPL = (
    "Can you work through this carefully? I'd like to see every step of your reasoning, not just the answer.\n\n{q}",
    "{q}\n\nPlease explain your thought process step by step.",
    "I'm stuck on this one: {q} Walk me through how you'd approach it, including anything you'd try that doesn't work.",
    "{q}\n\nShow your work.",
    "Help me understand how to solve this. {q}",
    "{q} Think it through out loud before answering.",
    "Here's a problem from my practice set:\n{q}\nHow would you solve it? Please be detailed.",
    "{q}\n\nExplain the reasoning behind each step so I can learn the method.",
    "Problem: {q}\n\nI want a full worked solution with justification for each step.",
    "{q}",
    "Could you solve this and explain why each step is valid? {q}",
    "Let's do this one together, step by step: {q}",
    "{q}\n\nBefore giving the answer, reason about the possible approaches and pick the best one.",
    "Please give a rigorous, step-by-step solution: {q}",
)
SWARM_FOLLOW = ("Can you verify that answer another way?", "Now solve the same problem in general form.", "Are there edge cases your solution misses?", "What is the time complexity, and can it be improved?")
# fmt: on


def gen_swarm(w, n):
    camp = w.campaign()
    g = w.sub("gen/swarm")
    pool = [
        resi_ip(g, wchoice(g, (("us", 35), ("eu", 25), ("asia", 25), ("latam", 10), ("other", 5))))
        for _ in range(600)
    ]
    lag = g.uniform(2, 8) * HOUR
    for _ in range(n):
        a = w.account("lowrate_swarm", True, camp, err=0.004)
        r = a.r
        tz = r.choice(TZ[pick_region(r)])
        curve = r.choice((CONSUMER, OFFICE, LONGDAY, STUDENT))
        per_day = clamp(lognorm(r, 21, 0.25), 10, 40)
        setup = wchoice(
            r,
            (
                (("messages", "claude-sonnet-4-5"), 40),
                (("chat", "gpt-5"), 30),
                (("chat", "gpt-4.1"), 30),
            ),
        )
        tpls = r.sample(SWARM_TPL, r.randint(3, 6))
        mt = r.choice((4000, 8000, 8192, 16000))
        stream = r.random() < 0.5
        off = {d for d in range(w.days + 1) if r.random() < 0.1}
        spd = r.uniform(3, 7)
        for s in hourly(w, r, spd, curve, tz, 0.3):
            if int((s - w.t0) // DAY) in off:
                continue
            ip, t, turns, last_decoy = r.choice(pool), s, [], True
            for _j in range(max(1, round(per_day / spd * r.uniform(0.6, 1.4)))):
                api, model = setup
                if t > w.t_rel + lag and r.random() < 0.75:
                    api, model = "chat", NEW_MODEL
                if r.random() < 0.15:
                    turns, out, style, last_decoy = (
                        [("user", casual_prompt(r))],
                        lognorm(r, 250, 0.6),
                        "prose",
                        True,
                    )
                elif turns and not last_decoy and r.random() < 0.2:
                    turns.append(("user", r.choice(SWARM_FOLLOW)))
                    out, style = lognorm(r, 700, 0.4), "steps"
                else:
                    if r.random() < 0.3:
                        q = (
                            gsm_item(r.randrange(7473))
                            if r.random() < 0.5
                            else math_item(r.randrange(12000))
                        )
                    else:
                        q, _ = problem(r, (55, 40, 3, 2), hard=r.random() < 0.5)
                    turns, out, style, last_decoy = (
                        [("user", r.choice(tpls).replace("{q}", q))],
                        lognorm(r, 1100, 0.45),
                        "steps",
                        False,
                    )
                if api == "messages":
                    par, think, show, m2 = (
                        rparams(api, model, budget=6000),
                        0,
                        "thinking",
                        max(mt, 10000),
                    )
                else:
                    eff = "high" if is_reasoning(model) else None
                    par, think, show, m2 = (
                        rparams(api, model, eff),
                        think_for(r, model, eff),
                        None,
                        (max(mt, 16000) if eff else mt),
                    )
                resp, t = call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    api,
                    model,
                    simple(api, a, turns),
                    max_tokens=m2,
                    out=out,
                    think=think,
                    show_think=show,
                    style=style,
                    params=par or None,
                    stream=stream,
                )
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(20, 240)


# fmt: off
ZH_HARVEST = ("请一步一步地详细推理，并给出最终答案。\n\n{q}", "请详细解答下面的问题，写出完整的思考过程：\n{q}", "{q}\n\n请先分析题目，再逐步推导，最后给出答案。")
# fmt: on


def gen_hydra(w, n):
    camp = w.campaign()
    g = w.sub("gen/hydra")
    relays = [cloud_ip(g, g.choice(("tencent", "alibaba"))) for _ in range(6)]
    for _ in range(n):
        a = w.account("hydra_reseller", True, camp, nkeys=g.randint(2, 3), err=0.01)
        r = a.r
        cust = clamp(lognorm(r, 45, 0.4), 15, 120)
        switch = w.t_rel + r.uniform(0.5, 3) * HOUR
        for t in hourly(w, r, cust, CONSUMER, 8, 0.25):
            lang = wchoice(r, (("zh", 60), ("en", 25), ("ja", 5), ("ko", 5), ("ru", 5)))
            profile = wchoice(
                r,
                (("casual", 55), ("coding", 25), ("roleplay", 8), ("translate", 7), ("problem", 5)),
            )
            p, system, out, style, temp = mixed_request(r, profile, lang)
            api, model = pick_api_model(r, (("chat", 80), ("messages", 20)))
            if t > switch and api == "chat" and r.random() < 0.5:
                model = NEW_MODEL
            par = rparams(api, model, "medium" if is_reasoning(model) else None)
            par.update(temp_params(model, temp))
            call(
                w,
                a,
                t,
                r.choice(a.keys),
                r.choice(relays),
                api,
                model,
                simple(api, a, [("user", p)]),
                system=system,
                max_tokens=4096 if api == "messages" else None,
                out=out,
                think=think_for(r, model, "medium"),
                style=style,
                params=par or None,
                stream=r.random() < 0.8,
            )
        for t in hourly(w, r, cust * r.uniform(0.35, 0.7), NIGHTLOW, 8, 0.2):
            q, _ = problem(r, (50, 35, 15, 0), hard=r.random() < 0.5)
            zh = r.random() < 0.6
            p = r.choice(ZH_HARVEST if zh else BLUNT_TPL).replace("{q}", q)
            api, model = wchoice(
                r,
                (
                    (("chat", "gpt-5"), 35),
                    (("messages", "claude-sonnet-4-5"), 35),
                    (("chat", "o3"), 30),
                ),
            )
            if t > switch and r.random() < 0.7:
                api, model = "chat", NEW_MODEL
            if api == "messages":
                par, think, show, mt = rparams(api, model, budget=10000), 0, "thinking", 16000
            else:
                par, think, show, mt = (
                    rparams(api, model, "high"),
                    think_for(r, model, "high"),
                    None,
                    None,
                )
            call(
                w,
                a,
                t,
                r.choice(a.keys),
                r.choice(relays),
                api,
                model,
                simple(api, a, [("user", p)]),
                max_tokens=mt,
                out=lognorm(r, 1200, 0.4),
                think=think,
                show_think=show,
                style="zh" if zh else "steps",
                params=par,
                stream=r.random() < 0.8,
            )


# fmt: off
RUBRIC_TPL = "You are an expert evaluator. Grade the response below against the rubric.\n\n### Instruction\n{instr}\n\n### Response\n{resp}\n\n### Rubric\n1. Correctness and factual accuracy (1-10)\n2. Helpfulness and completeness (1-10)\n3. Reasoning quality (1-10)\n4. Clarity and organization (1-10)\n5. Harmlessness (1-10)\n\nFor each criterion, write a detailed critique that quotes the response, explains its strengths and weaknesses, and justifies the score. Then give an overall score from 1 to 10 and list concrete improvements."
PREF_TPL = "Below are an instruction and two candidate responses.\n\n### Instruction\n{instr}\n\n### Response A\n{a}\n\n### Response B\n{b}\n\nCompare the two responses in depth. Analyze correctness, helpfulness, reasoning and style point by point, then state which one is better and by how much on a scale from -3 (A much better) to 3 (B much better). Explain your reasoning before giving the verdict."
REWRITE_TPL = "Here is an instruction and a flawed response.\n\n### Instruction\n{instr}\n\n### Response\n{resp}\n\nFirst list every problem with the response. Then write an ideal response to the instruction that fixes all of them."
# fmt: on


def any_instruction(r):
    k = r.random()
    if k < 0.35:
        return casual_prompt(r)
    if k < 0.7:
        return problem(r)[0]
    if k < 0.85:
        return fill(r, r.choice(WRITING_TPL))
    return fill(r, r.choice(ROLEPLAY + IFEVAL_TPL))


def gen_rubric(w, n):
    camp = w.campaign()
    g = w.sub("gen/rubric")
    ips = [cloud_ip(g, "aws") for _ in range(3)]
    accts = []
    for _ in range(n):
        a = w.account("rubric_harvest", True, camp, err=0.008)
        accts.append(
            (
                a,
                wchoice(
                    a.r,
                    (
                        (("chat", "gpt-4.1"), 40),
                        (("messages", "claude-opus-4-1"), 30),
                        (("chat", "o3"), 30),
                    ),
                ),
            )
        )
    t = w.t0 + g.uniform(0, 2) * HOUR
    while t < w.t1:
        tj = t
        for _ in range(g.randint(60, 160)):
            a, (api, model) = g.choice(accts)
            r = a.r
            instr = any_instruction(r)
            kind = wchoice(r, (("rubric", 45), ("pref", 35), ("rewrite", 20)))
            if kind == "rubric":
                p, out, style = (
                    RUBRIC_TPL.format(instr=instr, resp=prose(r, r.randint(300, 1200))),
                    lognorm(r, 900, 0.35),
                    "critique",
                )
            elif kind == "pref":
                p, out, style = (
                    PREF_TPL.format(
                        instr=instr,
                        a=prose(r, r.randint(250, 900)),
                        b=prose(r, r.randint(250, 900)),
                    ),
                    lognorm(r, 700, 0.35),
                    "pref",
                )
            else:
                p, out, style = (
                    REWRITE_TPL.format(instr=instr, resp=prose(r, r.randint(250, 900))),
                    lognorm(r, 900, 0.35),
                    "prose",
                )
            eff = "high" if is_reasoning(model) else None
            par = rparams(api, model, eff)
            par.update(temp_params(model, 0))
            call(
                w,
                a,
                tj,
                a.keys[0],
                g.choice(ips),
                api,
                model,
                simple(api, a, [("user", p)]),
                max_tokens=16000 if eff else 4096,
                out=out,
                think=think_for(r, model, eff),
                style=style,
                params=par or None,
            )
            tj += g.expovariate(g.uniform(0.3, 0.8))
        t += g.uniform(2, 4) * HOUR


WORDS = PROSE.split()[:4000]


def gen_prober(w, n):
    camp = w.campaign()
    for i in range(n):
        a = w.account("logprob_prober", True, camp, err=0.01)
        r = a.r
        ip = cloud_ip(r, "gcp")
        legacy = i == n - 1
        model = (
            "gpt-3.5-turbo-instruct"
            if legacy
            else r.choice(("gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano"))
        )
        gap = DAY / r.uniform(250, 420)
        switch = w.t0 + r.uniform(0.6, 1.2) * DAY
        tid = r.randrange(0, 5000)
        fixed = [prose(r, r.randint(40, 240)) for _ in range(r.randint(8, 30))]
        t = w.t0 + r.uniform(0, 600)
        while t < w.t1:
            if t < switch:
                p = (
                    " ".join(r.choice(WORDS) for _ in range(r.randint(5, 40)))
                    if r.random() < 0.6
                    else prose(r, r.randint(40, 400))
                )
                bias = None
            else:
                size, b = r.choice((50, 100, 200, 300)), r.choice((20, 40, 60, 100))
                bias = {str(tid + k): b for k in range(size)}
                tid = (tid + size) % 199000
                p = r.choice(fixed)
            tok = "label:" + r.choice(("the", " of", ",", " and", ".", " a", " to"))
            if legacy:
                par = {"logprobs": 5, "temperature": 0}
                if bias:
                    par["logit_bias"] = bias
                call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    "completions",
                    model,
                    p,
                    max_tokens=1,
                    out=1,
                    style=tok,
                    params=par,
                )
            else:
                par = {
                    "logprobs": True,
                    "top_logprobs": 20,
                    "temperature": r.choice((0, 1)) if bias is None else 0,
                }
                if bias:
                    par["logit_bias"] = bias
                call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    "chat",
                    model,
                    [{"role": "user", "content": p}],
                    max_tokens=1,
                    out=1,
                    style=tok,
                    params=par,
                )
            t += gap * r.uniform(0.5, 1.5)


# fmt: off
HARV_AGENT_SYS = "You are an autonomous agent operating in a sandboxed Linux environment with internet access. Complete the task fully without asking the user questions. Before every action, think step by step about what you know and what to do next, and explain your reasoning. Use the tools provided. When the task is complete, call submit with your final answer."
HARV_TASKS = (
    "In /workspace/{repo}, the test `tests/test_{mod}.py::test_{fn}` fails with `{error}`. Find the root cause and fix it without breaking other tests.",
    "Write a Python script that downloads https://data.example.org/{hex}.csv, computes the {stat} of column `{col}` grouped by `{grp}`, and saves a bar chart to out.png.",
    "Research the question: {rq} Use web_search and cite at least three sources in your final answer.",
    "Set up a {framework} project in /workspace/app with a REST endpoint {endpoint} and tests; make sure all tests pass.",
    "Find and fix the security vulnerability in /workspace/{repo}/src/{mod}.py and add a regression test.",
    "Solve this task and verify the result by running code: {q}",
)
HSLOTS = {"repo": ("flask-todo", "ledgerlite", "imgtools", "pyparse", "tinyhttp", "etl-jobs", "chatops-bot", "geo-utils"), "mod": ("parser", "auth", "cache", "models", "views", "utils"), "fn": ("empty_input", "unicode", "timeout", "large_file", "roundtrip", "pagination"), "stat": ("median", "mean", "95th percentile", "count"), "col": ("price", "duration", "score", "revenue"), "grp": ("region", "category", "month", "user_type"), "rq": ("What are the main causes of the 2008 financial crisis?", "How do lithium-iron-phosphate batteries compare to NMC for home storage?", "Which programming languages grew fastest on GitHub last year and why?", "What is the current evidence on intermittent fasting and longevity?")}
# fmt: on


def harv_task(r):
    def sub(m):
        k = m.group(1)
        if k in HSLOTS:
            return r.choice(HSLOTS[k])
        if k == "hex":
            return hexid(r, 8)
        if k == "q":
            return problem(r)[0]
        return fill(r, m.group(0))

    return _SLOT.sub(sub, r.choice(HARV_TASKS))


def gen_agent_harvest(w, n):
    camp = w.campaign()
    g = w.sub("gen/agentfarm")
    nat = [cloud_ip(g, "aws") for _ in range(4)]
    tools = toolset(("bash", "python", "read_file", "write_file", "web_search", "submit"))
    accts = []
    for _ in range(n):
        a = w.account("agent_trajectory_harvest", True, camp, err=0.006)
        accts.append(
            (
                a,
                wchoice(
                    a.r, ((("messages", "claude-sonnet-4-5"), 60), (("responses", "gpt-5"), 40))
                ),
            )
        )
    pivot = w.t_rel + g.uniform(4, 10) * HOUR
    for _worker in range(2):
        t = w.t0 + g.uniform(0, 1800)
        while t < w.t1:
            a, (api, model) = g.choice(accts)
            r = a.r
            tk = {"budget": 4000} if api == "messages" else {"effort": "high", "summary": "auto"}
            if t > pivot and r.random() < 0.5:
                api, model, tk = "responses", NEW_MODEL, {"effort": "high", "summary": "auto"}
            events = [("user", harv_task(r))]
            t = agent_task(
                w,
                a,
                t,
                a.keys[0],
                g.choice(nat),
                api,
                model,
                HARV_AGENT_SYS,
                tools,
                events,
                geom(r, 12, 5, 25),
                tool_gap=(0.2, 3.0),
                mt=16000,
                think_kw=tk,
            )
            t += g.uniform(10, 40) * 60


def gen_multilingual(w, n):
    camp = w.campaign()
    g = w.sub("gen/multiling")
    blocks = [block24(g, "hetzner") for _ in range(4)]
    codes = list(LANGS)
    accts = []
    for _ in range(n):
        a = w.account("multilingual_sweep", True, camp, err=0.008)
        ip = g.choice(blocks) + str(g.randint(2, 250))
        mine = set(g.sample(codes, g.randint(4, 6)))
        accts.append(
            (
                a,
                ip,
                mine,
                g.choice(
                    (("chat", "gpt-4.1"), ("messages", "claude-sonnet-4-5"), ("chat", "gpt-4o"))
                ),
            )
        )
    for c in codes:  # make sure every language is covered
        if not any(c in x[2] for x in accts):
            g.choice(accts)[2].add(c)
    t = w.t0 + g.uniform(0, 1800)
    while t < w.t1:
        if g.random() > 0.2:
            for _ in range(g.choice((1, 1, 2))):
                q = problem(g, (50, 20, 30, 0))[0]
                for c in codes:
                    a, ip, _, (api, model) = g.choice([x for x in accts if c in x[2]])
                    p = f"{LANGS[c][1]}\n\n{q}\n\n({LANGS[c][0]})"
                    call(
                        w,
                        a,
                        t + g.uniform(0, 600),
                        a.keys[0],
                        ip,
                        api,
                        model,
                        simple(api, a, [("user", p)]),
                        max_tokens=4096,
                        out=lognorm(a.r, 1000, 0.4),
                        style="lang:" + c,
                        params=temp_params(model, 0.3) or None,
                    )
        t += g.uniform(40, 80) * 60


def gen_careful_single(w, n):
    for _ in range(n):
        a = w.account("careful_single", True, None, err=0.004)
        r = a.r
        reg = wchoice(r, (("us", 35), ("eu", 25), ("asia", 35), ("latam", 5)))
        tz = r.choice(TZ[reg])
        home, mobile = resi_ip(r, reg), r.random() < 0.5
        dom = r.choice(DOMAINS)
        setups = reasoning_setup(r)
        adopt = w.t_rel + r.uniform(3, 12) * HOUR
        for s in hourly(w, r, r.uniform(5, 9), LONGDAY, tz, 0.3):
            ip = r.choice(w.cgnat[reg]) if mobile and r.random() < 0.15 else home
            setup, turns, t = r.choice(setups), [], s
            for j in range(geom(r, 9, 3, 25)):
                if j == 0 or r.random() < 0.7:
                    turns = [("user", natural(r, domain_q(r, dom)))]
                else:
                    turns.append(("user", fill(r, r.choice(DEEP_FOLLOW))))
                resp, t = reasoning_call(
                    w, a, t, a.keys[0], ip, setup, turns, 1000, new=t > adopt and r.random() < 0.8
                )
                turns.append(("assistant", resp["text"] or "..."))
                t += r.uniform(40, 400)


def gen_distribution(w, n):
    camp = w.campaign()
    g = w.sub("gen/distrib")
    ips = [cloud_ip(g, "gcp") for _ in range(2)]
    pools = {}

    def pool(h):
        if h not in pools:
            pr = w.sub(f"distpool/{h}")
            pools[h] = [any_instruction(pr) for _ in range(40)]
        return pools[h]

    for _ in range(n):
        a = w.account("distribution_sampler", True, camp, err=0.006)
        r = a.r
        model = r.choice(("gpt-4.1", "gpt-4o", "gpt-4.1-mini"))
        for t in hourly(w, r, r.uniform(80, 130), FLAT, 0, 0.15):
            p = r.choice(pool(int((t - w.t0) // HOUR)))
            if r.random() < 0.55:
                par, nn, out = {"n": 8, "temperature": 1.0, "top_p": 1.0}, 8, lognorm(r, 350, 0.4)
            else:
                par, nn, out = (
                    {"temperature": 1.0, "logprobs": True, "top_logprobs": 20},
                    1,
                    lognorm(r, 500, 0.4),
                )
            call(
                w,
                a,
                t,
                a.keys[0],
                r.choice(ips),
                "chat",
                model,
                [{"role": "user", "content": p}],
                max_tokens=1024,
                out=out,
                params=par,
                n=nn,
            )


# fmt: off
SLEEPER_TPL = ("{q}\n\nThink carefully and explain your full reasoning before answering.", "Provide a complete, rigorous solution with all intermediate steps:\n\n{q}", "{q}\n\nWalk through the solution step by step, then state the final answer clearly.", "Solve: {q}", "Explain in depth, step by step: {q}")
# fmt: on


def gen_sleeper(w, n):
    camp = w.campaign()
    g = w.sub("gen/sleeper")
    shared = block24(g, "vultr")
    for i in range(n):
        a = w.account("sleeper_pivot", True, camp, err=0.01)
        r = a.r
        ip = (
            shared + str(r.randint(2, 250))
            if i < n // 3
            else cloud_ip(r, r.choice(("do", "linode", "vultr", "ovh")))
        )
        tz = r.choice(TZ[pick_region(r)])
        start = w.t_rel + r.uniform(0.5, 4) * HOUR
        wm = r.choice(("gpt-4o-mini", "gpt-4.1-mini"))
        for t in hourly(w, r, r.uniform(2, 6), CONSUMER, tz, 0.4, end=start):
            call(
                w,
                a,
                t,
                a.keys[0],
                ip,
                "chat",
                wm,
                [{"role": "user", "content": casual_prompt(r)}],
                out=lognorm(r, 250, 0.6),
            )
        api = "chat" if r.random() < 0.6 else "responses"
        tpls = r.sample(SLEEPER_TPL, 2)
        for t in hourly(w, r, r.uniform(90, 140), FLAT, 0, 0.15, start=start):
            q, _ = problem(r, (55, 35, 10, 0), hard=r.random() < 0.6)
            par = rparams(api, NEW_MODEL, "high", "detailed" if api == "responses" else None)
            call(
                w,
                a,
                t,
                a.keys[0],
                ip,
                api,
                NEW_MODEL,
                simple(api, a, [("user", r.choice(tpls).replace("{q}", q))]),
                max_tokens=32000,
                out=lognorm(r, 1300, 0.4),
                think=think_for(r, NEW_MODEL, "high", 1.3),
                show_think="summary" if api == "responses" else None,
                style="steps",
                params=par,
            )


# fmt: off
SELF_INSTRUCT = "You are asked to come up with a set of 20 diverse task instructions. These task instructions will be given to a GPT model and we will evaluate the GPT model for completing the instructions.\n\nHere are the requirements:\n1. Try not to repeat the verb for each instruction to maximize diversity.\n2. The language used for the instruction also should be diverse.\n3. The type of instructions should be diverse: open-ended generation, classification, editing, reasoning, coding, etc.\n4. The instructions should be in English.\n5. The instructions should be 1 to 2 sentences long.\n\nList of 20 tasks:\n{seeds}"
EVOL = "I want you to act as a Prompt Rewriter. Your objective is to rewrite a given prompt into a more complex version to make those famous AI systems (e.g., ChatGPT and GPT4) a bit harder to handle. But the rewritten prompt must be reasonable and must be understood and responded by humans.\nYou should complicate the given prompt using the following method:\n{method}\n\n#The Given Prompt#:\n{p}\n\n#Rewritten Prompt#:"
EVOL_METHODS = ("Add one more constraint or requirement into #The Given Prompt#.", "If #The Given Prompt# can be solved with just a few simple thinking processes, rewrite it to explicitly request multiple-step reasoning.", "Replace a general concept with a more specific concept.", "Increase the depth and breadth of the inquiry.")
ANSWER_SYS = "You are a world-class assistant. Provide the most helpful, detailed, accurate and well-structured response possible. Explain your reasoning where relevant."
# fmt: on


def gen_self_instruct(w, n):
    camp = w.campaign()
    g = w.sub("gen/selfinst")
    reg = g.choice(("asia", "eu", "us"))
    tz = g.choice(TZ[reg])
    office, aws = resi_ip(g, reg), cloud_ip(g, "aws")
    for _ in range(n):
        a = w.account("self_instruct_startup", True, camp, err=0.008)
        r = a.r
        api, model = wchoice(
            r,
            (
                (("chat", "gpt-4.1"), 40),
                (("chat", "gpt-4o"), 25),
                (("messages", "claude-sonnet-4-5"), 35),
            ),
        )
        t = w.t0 + r.uniform(0, 3) * HOUR
        while t < w.t1:
            lh = ((t - w.t0) / HOUR + tz) % 24
            ip = office if 9 <= lh < 19 else aws
            seeds = "\n".join(f"{k}. {any_instruction(r)}" for k in range(1, 4))
            _, t = call(
                w,
                a,
                t,
                a.keys[0],
                ip,
                api,
                model,
                simple(api, a, [("user", SELF_INSTRUCT.format(seeds=seeds))]),
                max_tokens=2048,
                out=lognorm(r, 900, 0.3),
                style="list",
                params=temp_params(model, 1.0) or None,
            )
            for _k in range(r.randint(15, 22)):
                t += r.uniform(3, 30)
                ins = any_instruction(r)
                if r.random() < 0.3:
                    _, t = call(
                        w,
                        a,
                        t,
                        a.keys[0],
                        ip,
                        api,
                        model,
                        simple(
                            api, a, [("user", EVOL.format(method=r.choice(EVOL_METHODS), p=ins))]
                        ),
                        max_tokens=1024,
                        out=lognorm(r, 120, 0.4),
                        params=temp_params(model, 0.7) or None,
                    )
                    t += r.uniform(2, 20)
                _, t = call(
                    w,
                    a,
                    t,
                    a.keys[0],
                    ip,
                    api,
                    model,
                    simple(api, a, [("user", ins)]),
                    system=ANSWER_SYS,
                    max_tokens=4096,
                    out=lognorm(r, 900, 0.45),
                    style="steps" if r.random() < 0.4 else "prose",
                    params=temp_params(model, 0.7) or None,
                )
            t += r.uniform(1, 4) * HOUR


# --------------------------------------------------------------------------- main

# fmt: off
BENIGN_PLAN = (
    (gen_casual_chat, 180), (gen_developer, 60), (gen_support_bot, 30), (gen_writing_saas, 20), (gen_rag_enterprise, 25),
    (gen_coding_agent_user, 45), (gen_classification, 14), (gen_eval_lab, 12), (gen_llm_judge, 10), (gen_synthetic_product, 12),
    (gen_localization, 8), (gen_edu_tutor, 10), (gen_classroom, (32, 26)), (gen_enterprise, (18, 14)), (gen_api_aggregator, 4),
    (gen_research, 8), (gen_power_user, 15), (gen_tenant_platform, 70),
)
HARVEST_PLAN = (
    (gen_blunt, 5), (gen_reasoning_farm, 24), (gen_swarm, 120), (gen_hydra, 20), (gen_rubric, 12), (gen_prober, 3),
    (gen_agent_harvest, 25), (gen_multilingual, 15), (gen_careful_single, 6), (gen_distribution, 5), (gen_sleeper, 30), (gen_self_instruct, 4),
)
# fmt: on


def build(seed, days):
    w = World(seed, days)
    plan = list(BENIGN_PLAN + HARVEST_PLAN)
    w.sub("plan").shuffle(plan)  # interleave account creation so id order says nothing
    for fn, arg in plan:
        fn(w, arg)
    w.recs.sort(key=lambda x: (x[0], x[1]))
    return w


def write(w, out):
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    seen = {}
    with open(out, "w", encoding="utf-8") as f:
        for i, (ts, _s, acct, key, ip, path, req, resp) in enumerate(w.recs, 1):
            seen[acct] = seen.get(acct, 0) + 1
            f.write(
                dumps(
                    {
                        "id": f"r-{i:07d}",
                        "ts": ts,
                        "account": acct,
                        "api_key_id": key,
                        "client_ip": ip,
                        "path": path,
                        "request": req,
                        "response": resp,
                    }
                )
                + "\n"
            )
    with open(out + ".labels.jsonl", "w", encoding="utf-8") as f:
        for a in sorted(w.accts, key=lambda x: x.id):
            if a.id in seen:
                f.write(
                    json.dumps(
                        {
                            "account": a.id,
                            "archetype": a.arch,
                            "harvester": a.harv,
                            "campaign": a.camp,
                        }
                    )
                    + "\n"
                )
    return seen


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Blind held-out traffic generator (see module docstring)."
    )
    ap.add_argument("--seed", default="1")
    ap.add_argument("--days", type=float, default=3.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t = time.time()
    w = build(args.seed, args.days)
    seen = write(w, args.out)
    if not args.quiet:
        by = {}
        for a in w.accts:
            if a.id in seen:
                d = by.setdefault((a.harv, a.arch), [0, 0])
                d[0] += 1
                d[1] += seen[a.id]
        print(
            f"{len(w.recs)} records, {len(seen)} accounts ({sum(1 for a in w.accts if a.id in seen and a.harv)} harvesters) in {time.time() - t:.1f}s",
            file=sys.stderr,
        )
        for (h, arch), (na, nr) in sorted(by.items()):
            print(
                f"  {'H' if h else 'B'} {arch:26s} accounts={na:4d} records={nr:6d}",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
