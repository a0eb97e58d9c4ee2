"""HELD OUT (eighth session, second): written by a session that read none of the detector, policies, docs, tests or other generators.

Labeled synthetic traffic for a one-off measurement of the distillation detector.

Usage:
    python bench/dune_traffic.py --seed N --days D --out FILE [--quiet]

Standard library only and deterministic: every random stream is a random.Random seeded
from a string that contains the seed, and no wall clock or hash() ordering is consulted,
so the same seed and days give byte-identical files.

FILE holds one JSON object per line in ascending "ts" order (the CONTRACT "Traffic record"):
    id, ts (epoch seconds, float, from 2026-03-03 00:00 UTC), account, api_key_id,
    client_ip, path (/v1/chat/completions, /v1/messages, /v1/responses, /v1/completions,
    /v1/embeddings), request (the body as the client sends it), response
    {status, text, reasoning, usage (the API's own field names), finish_reason}.
Reply texts are cut to their first ~300 characters ("text_truncated": true) while usage
keeps the token counts of the whole reply.

FILE + ".labels.jsonl" holds one line per account seen in FILE:
    {"account", "archetype", "harvester", "campaign"}
A campaign groups the accounts of one harvesting operation; a lone harvester is its own
campaign; benign accounts have campaign null.
"""
# Prompt pools hold hand-written multilingual text and long literal templates, so lines run
# past the limit and contain characters that look like ASCII ones; the layout of the pools is
# kept as written rather than reflowed one element per line.
# ruff: noqa: E501, RUF001
# fmt: off

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time

START = 1772496000.0  # 2026-03-03 00:00 UTC, a Tuesday
DAY = 86400.0
TRUNC = 300

# local-hour activity of people (index = local hour)
HUMAN = [0.12, 0.07, 0.04, 0.03, 0.04, 0.08, 0.2, 0.45, 0.8, 1.0, 1.05, 1.0,
         0.85, 0.95, 1.05, 1.0, 0.95, 0.85, 0.7, 0.75, 0.85, 0.8, 0.55, 0.28]
OFFICE = [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 0.9, 1.0, 1.0, 0.9,
          0.5, 0.85, 1.0, 1.0, 0.9, 0.6, 0.2, 0.08, 0.05, 0.04, 0.02, 0.01]
SCHOOL = [0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.1, 0.8, 1.0, 1.0, 0.7,
          0.6, 1.0, 0.9, 0.6, 0.5, 0.6, 0.5, 0.7, 0.9, 0.8, 0.4, 0.1]
FLAT = [1.0] * 24
# a service whose own users are spread over many timezones still has a daily swell
SERVICE = [0.55, 0.5, 0.45, 0.45, 0.5, 0.55, 0.65, 0.75, 0.85, 0.95, 1.0, 1.0,
           1.0, 1.0, 1.0, 1.0, 0.95, 0.95, 0.9, 0.9, 0.85, 0.8, 0.7, 0.6]

MODELS_OAI_CHAT = ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-4o", "gpt-5-mini", "gpt-5", "gpt-4.1-nano"]
MODELS_OAI_REASON = ["o3", "o4-mini", "gpt-5", "gpt-5-mini", "o3-mini"]
MODELS_ANT = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "claude-sonnet-4-20250514"]
NEW_MODEL = "gpt-5.3"  # released during the run, see Gen.release
EMBED_MODELS = ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]
REASONING_MODELS = {"o3", "o4-mini", "o3-mini", "gpt-5", "gpt-5-mini", NEW_MODEL}


def weighted(rng: random.Random, items: list, weights: list) -> object:
    return rng.choices(items, weights=weights, k=1)[0]


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    lim, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= lim:
            return k
        k += 1


def lognorm_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(median * math.exp(rng.gauss(0.0, sigma)))))


def est_tokens(text: str) -> int:
    if not text:
        return 0
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    other = sum(1 for ch in text if 0x7F < ord(ch) <= 0x2E80)
    ascii_n = len(text) - wide - other
    return max(1, int(ascii_n / 3.9 + wide * 0.9 + other * 0.45) + 1)


def ip_in(rng: random.Random, prefix: str) -> str:
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randrange(1, 255)))
    return ".".join(parts)


# first octets of consumer ISPs in several regions, and of cloud / hosting ranges
RESIDENTIAL = {
    "us": ["73", "24", "98", "71", "76", "68", "174", "99", "107", "172.56"],
    "eu": ["86", "81", "92", "79", "88", "2.2", "5.146", "91", "178", "83"],
    "br": ["177", "179", "187", "189", "201"],
    "in": ["49", "106", "117", "157", "223"],
    "jp": ["126", "153", "180", "219", "60"],
    "kr": ["121", "211", "175", "118"],
    "cn": ["114", "183", "221", "58", "36"],
    "de": ["84", "87", "93", "95", "77"],
    "fr": ["90", "82", "86.2", "109", "176"],
    "mx": ["187.1", "189.2", "201.1", "177.2"],
    "id": ["36.7", "114.1", "180.2", "110.1"],
    "tr": ["78", "88.2", "85", "95.1"],
    "ru": ["95.2", "178.6", "188", "46"],
    "vn": ["113", "14", "27", "171"],
}
CLOUD = ["3", "18", "34", "35", "52", "54", "13", "20", "40", "104.196", "146.148", "159.89", "64.227"]
HOSTING = ["45.134", "45.87", "103.152", "185.220", "193.32", "194.87", "5.188", "91.242", "141.98", "23.106"]


def residential_ip(rng: random.Random, region: str) -> str:
    return ip_in(rng, rng.choice(RESIDENTIAL[region]))


def cloud_ip(rng: random.Random) -> str:
    return ip_in(rng, rng.choice(CLOUD))


def hosting_ip(rng: random.Random) -> str:
    return ip_in(rng, rng.choice(HOSTING))


REGION_TZ = {"us": -6, "eu": 1, "br": -3, "in": 5.5, "jp": 9, "kr": 9, "cn": 8, "de": 1, "fr": 1,
             "mx": -6, "id": 7, "tr": 3, "ru": 3, "vn": 7}
REGION_LANG = {"us": "en", "eu": "en", "br": "pt", "in": "en", "jp": "ja", "kr": "ko", "cn": "zh",
               "de": "de", "fr": "fr", "mx": "es", "id": "id", "tr": "tr", "ru": "ru", "vn": "vi"}


class Clock:
    """Turns activity profiles into timestamps inside the run window."""

    def __init__(self, days: int):
        self.days = days
        self.end = START + days * DAY

    def weekday(self, d: int) -> int:
        return (1 + d) % 7

    def times(self, rng: random.Random, n: int, tz: float, profile: list[float],
              weekend: float = 0.6, t0: float | None = None, t1: float | None = None) -> list[float]:
        lo = START if t0 is None else t0
        hi = self.end if t1 is None else t1
        dayw = [weekend if self.weekday(d) >= 5 else 1.0 for d in range(self.days)]
        out: list[float] = []
        tries = 0
        while len(out) < n and tries < n * 20 + 50:
            tries += 1
            d = rng.choices(range(self.days), weights=dayw, k=1)[0]
            h = rng.choices(range(24), weights=profile, k=1)[0]
            t = START + d * DAY + (h - tz) * 3600.0 + rng.random() * 3600.0
            if lo <= t < hi:
                out.append(t)
        out.sort()
        return out

    def cron(self, rng: random.Random, hour_utc: float, jitter: float = 30.0) -> list[float]:
        return [START + d * DAY + hour_utc * 3600.0 + rng.random() * jitter for d in range(self.days)]


def fill(template: str, rng: random.Random, extra: dict | None = None) -> str:
    def rep(m: re.Match) -> str:
        key = m.group(1)
        if extra and key in extra:
            v = extra[key]
            return v if isinstance(v, str) else rng.choice(v)
        pool = SLOTS.get(key)
        if pool is None:
            return m.group(0)
        pick = rng.choice(pool)
        return fill(pick, rng, extra) if "{" in pick else pick

    return re.sub(r"\{([a-z_0-9]+)\}", rep, template)


SLOTS: dict[str, list[str]] = {
    "city": ["Lisbon", "Kyoto", "Denver", "Prague", "Mexico City", "Seoul", "Cape Town", "Vancouver", "Porto", "Hanoi", "Edinburgh", "Istanbul", "Buenos Aires", "Copenhagen", "Austin", "Marrakech", "Melbourne", "Bologna"],
    "dish": ["shakshuka", "chicken tikka masala", "sourdough bread", "pad thai", "risotto", "banana bread", "beef stew", "ramen broth", "vegan chili", "carbonara", "falafel", "lemon bars", "bibimbap", "paella"],
    "ingredient": ["eggs", "buttermilk", "heavy cream", "fresh basil", "brown sugar", "fish sauce", "tahini", "yeast", "coconut milk", "gruyere"],
    "lang": ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "SQL", "Bash", "Kotlin", "Swift", "PHP", "Ruby", "C++"],
    "framework": ["React", "Django", "FastAPI", "Spring Boot", "Next.js", "Flask", "Express", "Vue", "Rails", "Laravel", "SwiftUI", "pandas", "PyTorch", "Terraform", "Kubernetes"],
    "tool": ["git", "Docker", "Excel", "Google Sheets", "Notion", "VS Code", "Postgres", "Redis", "nginx", "Figma", "Jira", "Power BI", "Airflow", "Tableau"],
    "job": ["product manager", "nurse", "data analyst", "high school teacher", "software engineer", "accountant", "UX designer", "paralegal", "electrician", "marketing coordinator", "pharmacist", "sales rep"],
    "person": ["my boss", "my landlord", "a coworker", "my sister", "a client", "my professor", "the HR team", "my neighbor", "our vendor", "my roommate"],
    "topic": ["photosynthesis", "the French Revolution", "compound interest", "black holes", "the stock market", "inflation", "CRISPR", "the immune system", "plate tectonics", "supply and demand", "quantum entanglement", "the Roman Empire", "climate feedback loops", "how vaccines work", "the electoral college", "machine learning", "the Cold War", "blockchain", "sleep cycles", "antibiotic resistance"],
    "product": ["a standing desk", "noise-cancelling headphones", "a robot vacuum", "an e-bike", "a mirrorless camera", "a espresso machine", "a used Honda Civic", "a mechanical keyboard", "running shoes", "a 27-inch monitor"],
    "product2": ["a treadmill", "a sit-stand converter", "wired earbuds", "a cordless stick vacuum", "a commuter bike", "a phone camera", "a drip coffee maker", "a Toyota Corolla", "a membrane keyboard", "trail shoes"],
    "num": ["3", "5", "7", "10", "12", "15", "20", "25", "30", "45", "60", "100"],
    "month": ["March", "April", "May", "June", "September", "October", "December"],
    "pet": ["dog", "cat", "puppy", "rabbit", "parrot", "senior dog", "kitten"],
    "symptom": ["a sore throat", "lower back pain", "trouble sleeping", "a headache that won't go away", "dry skin", "knee pain after running", "heartburn"],
    "feeling": ["overwhelmed", "burned out", "anxious about it", "kind of stuck", "excited but nervous", "frustrated"],
    "company": ["Acme Logistics", "Brightpath Dental", "Northwind Traders", "Helios Solar", "Bluebird Bakery", "Quantix Analytics", "Greenleaf Realty", "Orbit Fitness", "Pinecrest Insurance", "Lumen Health"],
    "doc": ["cover letter", "resignation letter", "wedding toast", "LinkedIn summary", "apology email", "performance review", "grant proposal intro", "product description", "birthday message", "out-of-office reply", "complaint letter", "thank-you note"],
    "tone": ["professional", "friendly", "formal", "casual", "warm", "concise", "persuasive", "funny"],
    "book": ["1984", "Pride and Prejudice", "The Great Gatsby", "Sapiens", "Dune", "Atomic Habits", "To Kill a Mockingbird", "The Odyssey", "Frankenstein", "Thinking, Fast and Slow"],
    "sport": ["marathon", "half marathon", "5k", "first triathlon", "powerlifting meet", "hiking trip"],
    "error": ["TypeError: 'NoneType' object is not subscriptable", "ModuleNotFoundError: No module named 'cv2'", "CORS policy: No 'Access-Control-Allow-Origin' header", "segmentation fault (core dumped)", "ERROR: relation \"users\" does not exist", "Cannot read properties of undefined (reading 'map')", "java.lang.NullPointerException", "permission denied (publickey)", "error[E0382]: borrow of moved value", "fatal: refusing to merge unrelated histories", "KeyError: 'id'", "OOMKilled"],
}

CHAT_EN = [
    "what's a good {num}-day itinerary for {city}? we like food and walking, not museums so much",
    "Can you give me a recipe for {dish} that doesn't use {ingredient}?",
    "how do I substitute {ingredient} in {dish}",
    "Explain {topic} like I'm 12",
    "Explain {topic} in simple terms, with an example",
    "I need to write a {tone} {doc} to {person}. Here's the situation: I've been at the job {num} months and {feeling}. Can you draft something?",
    "write a {doc} for me, keep it {tone} and under 150 words",
    "Should I buy {product} or {product2}? budget is around ${num}00",
    "my {pet} keeps scratching the furniture, what can I do",
    "I've had {symptom} for {num} days. what could cause it and when should I see a doctor?",
    "What are some good questions to ask in an interview for a {job} position?",
    "how do I tell {person} that I can't take on more work without sounding lazy",
    "summarize the main themes of {book}",
    "is {book} worth reading? what's it actually about",
    "make me a {num}-week training plan for a {sport}, I currently run about 15 miles a week",
    "what's the difference between a Roth IRA and a traditional IRA",
    "how do I get rid of fruit flies in my kitchen",
    "Give me {num} birthday gift ideas for my dad who likes fishing and history",
    "help me plan a budget, I make $4,200/month after tax and rent is $1,650",
    "Why is the sky blue? my kid asked and I realized I don't know",
    "how do I {tool_task} in {tool}",
    "what does this error mean: {error}",
    "how long should I boil eggs for jammy yolks",
    "rewrite this to sound less passive aggressive: \"As I mentioned in my last three emails, the report is still missing.\"",
    "can you help me understand my electricity bill, it doubled since {month}",
    "translate 'where is the nearest pharmacy' into Japanese and Portuguese",
    "What's a polite way to decline a wedding invitation?",
    "I'm a {job} thinking of switching to software engineering at 34. realistic or not?",
    "tips for sleeping better when I work night shifts?",
    "pros and cons of living in {city}",
    "what should I pack for {city} in {month}",
    "write a short poem about {topic} for my friend's card",
    "how do I negotiate salary for a {job} offer, they offered 78k",
    "create a weekly meal prep plan for 2 people, mostly vegetarian",
    "what's the best way to learn {lang} if I already know a bit of Excel",
    "Can you check my grammar: \"Me and him was going to the store when we seen the accident.\"",
    "How does {topic} actually work? I've read the wikipedia page and I'm still confused",
    "I want to start a small business selling candles. what permits do I need in the US",
    "give me a fun fact about {topic}",
    "my landlord wants to keep my deposit for 'normal wear and tear', is that legal",
]
SLOTS["tool_task"] = ["merge two columns", "undo the last commit", "remove duplicates", "set up a pivot table", "make a VLOOKUP across sheets", "free up disk space", "rename a branch", "export to CSV", "add a conditional format"]
FOLLOWUPS_EN = [
    "thanks! can you make it shorter?", "what about if I only have a weekend?", "ok and what would you recommend for a beginner?",
    "can you explain the second point more?", "hmm that doesn't seem right, are you sure?", "make it more {tone}",
    "great, now can you put that in a table", "what if the budget is lower", "can you give me an example",
    "perfect. one more thing, how do I {tool_task} in {tool}?", "and in {lang}?", "ok now translate that to Spanish",
    "why?", "can you list sources for that", "that's too formal, I'm texting a friend", "shorter pls",
]
CHAT_I18N = {
    "es": ["¿Me puedes ayudar a escribir un correo para pedir un aumento de sueldo?", "¿Qué diferencia hay entre un préstamo personal y una tarjeta de crédito?", "Dame ideas para el cumpleaños de mi hija de 7 años", "Explícame cómo funciona el interés compuesto con un ejemplo", "¿Cómo puedo quitar una mancha de vino tinto del sofá?", "resume este texto en tres frases: La empresa anunció ayer un plan de expansión que incluye tres nuevas tiendas en Guadalajara."],
    "pt": ["Como faço para declarar imposto de renda sendo MEI?", "me ajuda a montar um cardápio semanal barato", "qual a diferença entre CDB e Tesouro Direto?", "Escreve uma mensagem educada para cancelar uma reunião amanhã", "Como explicar frações para uma criança de 9 anos?"],
    "de": ["Kannst du mir helfen, eine Kündigung für meinen Handyvertrag zu schreiben?", "Was ist der Unterschied zwischen Brutto und Netto beim Gehalt?", "Wie lange muss ein Hefeteig gehen?", "Erkläre mir bitte den Unterschied zwischen 'seit' und 'seid'", "Welche Unterlagen brauche ich für eine Wohnungsbewerbung in München?"],
    "fr": ["Peux-tu m'aider à rédiger une lettre de motivation pour un stage en marketing ?", "Quelle est la différence entre une SARL et une SAS ?", "Donne-moi une recette de quiche sans lardons", "Comment expliquer la photosynthèse à un enfant de CE2 ?", "Corrige les fautes : « Je les ai vu hier et ils m'ont dit qu'ils viendrais. »"],
    "ja": ["退職届の書き方を教えてください", "東京から京都まで一番安く行く方法は？", "このメールをもっと丁寧な日本語にしてください：明日の会議は無理です。", "子供にわかりやすく光合成を説明して", "Pythonでリストの重複を削除する方法を教えて"],
    "zh": ["帮我写一封请假邮件，理由是家里有事", "如何向五岁的孩子解释为什么天是蓝色的？", "推荐几本适合初学者的理财书", "Python 里 list 和 tuple 有什么区别？", "帮我把这段话翻译成英文：我们下周二开会讨论新项目的预算。"],
    "ko": ["자기소개서 첫 문장 좀 써줘, 마케팅 직무야", "전세와 월세 중에 뭐가 더 유리해?", "아이에게 분수를 쉽게 설명하는 방법", "엑셀에서 중복값 제거하는 방법 알려줘"],
    "id": ["Bagaimana cara membuat CV yang menarik untuk fresh graduate?", "Tolong jelaskan perbedaan saham dan reksa dana", "resep nasi goreng yang enak dan simpel dong"],
    "tr": ["İş görüşmesinde maaş beklentisi sorulursa ne demeliyim?", "Bana basit bir mercimek çorbası tarifi verir misin?", "Kira artışı yasal sınırı nedir?"],
    "ru": ["Помоги написать поздравление коллеге с днём рождения", "Чем отличается ИП от самозанятого?", "Как объяснить ребёнку дроби?"],
    "vi": ["Viết giúp tôi email xin nghỉ phép hai ngày", "Sự khác nhau giữa tiết kiệm có kỳ hạn và không kỳ hạn là gì?"],
}
OPENERS = {
    "en": ["Sure!", "Great question.", "Here's what I'd suggest:", "Absolutely — ", "Good news:", "Short answer:", "Happy to help.", "Let's break it down.", "There are a few things to consider."],
    "es": ["¡Claro! Aquí tienes", "Buena pregunta.", "Te explico:"], "pt": ["Claro! Aqui vai", "Boa pergunta.", "Vamos lá:"],
    "de": ["Gern! Hier ist", "Gute Frage.", "Kurz gesagt:"], "fr": ["Bien sûr ! Voici", "Bonne question.", "En bref :"],
    "ja": ["もちろんです。", "承知しました。以下に", "良い質問ですね。"], "zh": ["当然可以！", "好的，下面是", "这是一个好问题。"],
    "ko": ["물론이죠!", "좋은 질문이에요."], "id": ["Tentu!", "Baik, berikut"], "tr": ["Tabii ki!", "Güzel soru."],
    "ru": ["Конечно!", "Хороший вопрос."], "vi": ["Chắc chắn rồi!", "Dưới đây là"], "it": ["Certo!", "Ecco"],
}
BODY_EN = [
    "The key idea is that small, consistent changes add up over time, so start with the simplest version and adjust.",
    "First, check whether the problem shows up every time or only under specific conditions; that narrows it down quickly.",
    "Most people find it easiest to split this into three parts: preparation, the main step, and a quick review at the end.",
    "A common mistake is to optimize too early. Get something working, measure it, and only then refine.",
    "If you're on a tight budget, prioritize the items you'll use daily and skip the ones that are nice to have.",
    "Here is a simple way to think about it: imagine a bucket that fills up faster the more water is already in it.",
    "Keep in mind that local rules vary, so double-check with an official source before making a final decision.",
    "1. **Start small** - pick one thing to change this week.\n2. **Track it** - a note on your phone is enough.\n3. **Review** - after a week, see what worked.",
    "In practice, the difference mostly comes down to flexibility versus cost.",
    "The short version: yes, it's doable, but plan for a few months of overlap before you fully switch.",
]

CODE_SNIPPETS = [
    ("python", "def load_users(path):\n    with open(path) as f:\n        data = json.load(f)\n    return [u for u in data['users'] if u['active']]\n\nusers = load_users('users.json')\nprint(users[0]['email'])"),
    ("python", "import pandas as pd\n\ndf = pd.read_csv('sales.csv')\ndf['month'] = pd.to_datetime(df['date']).dt.month\nsummary = df.groupby('month')['amount'].sum()\nsummary.plot(kind='bar')"),
    ("typescript", "export async function fetchOrders(userId: string) {\n  const res = await fetch(`/api/orders?user=${userId}`);\n  const data = await res.json();\n  return data.items.map((o: any) => ({ id: o.id, total: o.total }));\n}"),
    ("go", "func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tvar req Request\n\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {\n\t\thttp.Error(w, err.Error(), 400)\n\t}\n\ts.store.Put(req.Key, req.Value)\n}"),
    ("sql", "SELECT c.name, COUNT(o.id) AS orders\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nWHERE o.created_at > NOW() - INTERVAL '30 days'\nGROUP BY c.name\nORDER BY orders DESC;"),
    ("rust", "fn longest(words: Vec<String>) -> String {\n    let mut best = String::new();\n    for w in words {\n        if w.len() > best.len() { best = w; }\n    }\n    best\n}"),
    ("javascript", "useEffect(() => {\n  const id = setInterval(() => setCount(count + 1), 1000);\n}, []);"),
    ("java", "public List<String> names(List<User> users) {\n    List<String> out = new ArrayList<>();\n    for (User u : users) {\n        if (u.getName() != null) out.add(u.getName().trim());\n    }\n    return out;\n}"),
    ("python", "class LRUCache:\n    def __init__(self, cap):\n        self.cap = cap\n        self.d = {}\n\n    def get(self, k):\n        return self.d.get(k, -1)\n\n    def put(self, k, v):\n        if len(self.d) >= self.cap:\n            self.d.pop(next(iter(self.d)))\n        self.d[k] = v"),
    ("bash", "for f in $(ls *.log); do\n  gzip $f\n  aws s3 cp $f.gz s3://my-bucket/logs/\ndone"),
]
CODE_ASKS = [
    "why does this throw {error}?", "can you refactor this to be more idiomatic?", "write unit tests for this",
    "this is slow on large inputs, how can I speed it up?", "add type hints and docstrings", "is there a bug here?",
    "explain what this does line by line", "convert this to {lang}", "how would I add retry logic here",
    "review this before I open a PR", "the linter complains about this, fix it",
]
DEV_TASKS = [
    "Write a {lang} function that parses ISO-8601 durations like PT1H30M into seconds.",
    "How do I set up a GitHub Actions workflow that runs pytest on push and caches pip?",
    "Write a Dockerfile for a {framework} app with a multi-stage build.",
    "In {framework}, what's the recommended way to handle auth tokens refresh?",
    "Design a Postgres schema for a multi-tenant invoicing app. Tenants, customers, invoices, line items, payments.",
    "Explain the difference between optimistic and pessimistic locking, with an example in {lang}.",
    "Generate a regex that validates UK postcodes and explain each part.",
    "What's the time complexity of heapq.nsmallest vs sorting and slicing?",
    "Write a bash script that rotates logs older than 7 days and compresses them.",
    "Migrate this {framework} class component to hooks / modern style, keep behavior identical.",
    "How do I debug a memory leak in a long-running {lang} service?",
    "Write a Terraform module for an S3 bucket with versioning and a lifecycle rule.",
]

SUPPORT_PRODUCTS = [
    ("Parcelly", "shipping and parcel tracking", ["Where is my package? tracking {track}", "my parcel says delivered but it's not here", "can I change the delivery address for order {order}", "how do I print a return label", "the courier never showed up for pickup", "do you ship to Canada?", "¿Dónde está mi paquete? número {track}"]),
    ("FitNest", "a fitness subscription app", ["how do I cancel my subscription", "I was charged twice this month", "the app crashes when I open workouts on Android 14", "can I pause my membership for a month?", "how do I sync with my Apple Watch", "Kann ich mein Abo pausieren?"]),
    ("Ledgerly", "small-business accounting software", ["how do I reconcile a bank transaction that's split across two invoices", "VAT report shows the wrong period", "can I import invoices from QuickBooks", "how do I add my accountant as a user", "my Stripe payouts aren't showing up"]),
    ("Staybright", "short-term rental booking", ["Can I check in early at the Lisbon apartment?", "the wifi password doesn't work", "how do I get my deposit back", "I need to cancel my booking {order}, am I refunded?", "is there parking near the unit?", "Puis-je annuler ma réservation ?"]),
    ("Voltway", "an electricity and gas provider", ["why is my bill so high this month", "how do I submit a meter reading", "I'm moving house on the {num}th, what do I do", "can I switch to a green tariff", "the smart meter shows no data"]),
]
CLASSIFY_ITEMS = [
    "Men's waterproof hiking boots, Vibram sole, size 10", "Stainless steel 12-cup coffee maker with thermal carafe", "Kids' LED light-up sneakers, pink",
    "Organic green tea, 100 bags", "USB-C to HDMI adapter 4K 60Hz", "Yoga mat 6mm non-slip with carrying strap", "Cast iron skillet 12 inch pre-seasoned",
    "Wireless mouse, silent click, 2.4GHz", "Vitamin D3 5000 IU softgels", "Dog chew toy, indestructible rubber", "Women's linen summer dress, midi length",
    "LEGO compatible building blocks 500pcs", "Car phone mount magnetic dashboard", "Bamboo cutting board set of 3", "Noise machine for sleep with 30 sounds",
    "Printer ink cartridge black XL", "Garden hose 50ft expandable", "Electric toothbrush replacement heads 8 pack",
]
CATEGORIES = ["Clothing & Shoes", "Home & Kitchen", "Electronics", "Grocery", "Health", "Pet Supplies", "Toys", "Automotive", "Garden", "Office", "Sports"]
TICKETS = [
    "I've been waiting {num} days for a refund and nobody answers my emails. This is ridiculous.",
    "Love the new update, the dark mode looks great!", "How do I export my data to CSV?", "The checkout page gives an error when I use PayPal",
    "Cancel my account immediately.", "Is there a student discount?", "App keeps logging me out every few minutes on iPhone",
    "Your agent Maria was super helpful, thanks!", "Where can I find my invoice for {month}?", "The package arrived damaged, box was crushed",
]
NEWS = [
    "The city council voted {num} to 4 on Tuesday to approve a new bike lane network spanning downtown, despite objections from some business owners who fear the loss of parking.",
    "{company} reported quarterly revenue of ${num}.4 million, up 18% year over year, driven by strong demand in its subscription segment. Shares rose 6% in after-hours trading.",
    "Researchers at a university in {city} published a study suggesting that short daytime naps may improve memory consolidation in older adults.",
    "Heavy rain caused flooding across several neighborhoods in {city} overnight, with emergency services responding to more than {num}0 calls.",
    "{company} announced it will open a new distribution center, creating roughly {num}0 jobs over the next two years.",
]
INVOICES = [
    "INVOICE #INV-{order}\n{company}\n12 Harbor Rd, Springfield\nBill to: Northwind Traders\nDate: 2026-02-{num}\nItems:\n- Consulting services 10h x $120.00 = $1,200.00\n- Travel expenses = $86.40\nSubtotal: $1,286.40\nTax (8%): $102.91\nTotal due: $1,389.31\nDue: net 30",
    "Rechnung Nr. {order}\n{company} GmbH\nLeistungszeitraum: Februar 2026\n3x Wartungspauschale à 240,00 EUR\nNetto: 720,00 EUR\nUSt. 19%: 136,80 EUR\nGesamt: 856,80 EUR\nZahlbar innerhalb von 14 Tagen",
    "RECEIPT\n{company} Store #{num}\n2x Coffee beans 1kg 18.99\n1x Filter papers 4.50\nSUBTOTAL 42.48\nVISA ****4821\nTHANK YOU",
]
SLOTS["track"] = ["1Z999AA10123456784", "PX88213409GB", "9400111899223344556677", "JD014600006281920331"]
SLOTS["order"] = ["48213", "A-99120", "100442", "7781-B", "55310", "2026-0311"]

TRANSLATE_LANGS = ["Spanish", "German", "French", "Japanese", "Portuguese (Brazil)", "Italian", "Korean", "Simplified Chinese", "Dutch", "Polish", "Turkish", "Arabic"]
MARKETING_TEXTS = [
    "Our new ergonomic chair adapts to your posture throughout the day, so you can focus on your work instead of your back.",
    "Free shipping on all orders over $50. Returns are easy: just print the label from your account page.",
    "Error: your session has expired. Please sign in again to continue.",
    "Welcome back! You have {num} unread messages.",
    "Book a free 30-minute consultation with one of our certified advisors.",
    "By clicking Continue you agree to our Terms of Service and Privacy Policy.",
    "This item is back in stock. Order now before it sells out again.",
]
CONTENT_BRIEFS = [
    "Write a {num}00-word SEO blog post titled \"{num} Ways to {goal}\" for {company}. Target keyword: \"{kw}\". Include an H2 for each tip and a short CTA at the end.",
    "Write 5 Instagram captions for {company} promoting our spring sale. Tone: {tone}. Include 3 hashtags each.",
    "Write a product description (120-160 words) for: {item}. Audience: busy parents. Avoid superlatives.",
    "Draft a newsletter intro for {company} customers about our new loyalty program. {tone} tone, under 100 words.",
    "Give me 10 title ideas for a YouTube video about {goal}.",
    "Rewrite this paragraph for a grade-6 reading level: {news}",
]
SLOTS["goal"] = ["save money on groceries", "improve your credit score", "sleep better", "grow your small business on Instagram", "keep your houseplants alive", "prepare for a job interview", "cut your energy bill", "start running"]
SLOTS["kw"] = ["budget meal prep", "credit score tips", "small business marketing", "home energy savings", "beginner running plan", "indoor plants care"]
SLOTS["item"] = CLASSIFY_ITEMS
SLOTS["news"] = NEWS
SLOTS["company"] = SLOTS["company"]

ESSAY_PROMPTS = [
    "Is social media good or bad for teenagers?", "Should homework be banned in primary school?", "Describe a person who changed your life.",
    "What are the main causes of World War I?", "Explain the water cycle and why it matters for agriculture.", "Should cities ban cars from downtown areas?",
]
ESSAY_BITS = [
    "In my opinion social media has both good and bad sides. On one hand it helps people stay connected, on the other hand it can make teens feel bad about themselfs.",
    "The main cause of the war was the assassination of Archduke Franz Ferdinand but there were also deeper causes like alliances, militarism and nationalism.",
    "The water cycle is the process where water evaporates, forms clouds and then comes back as rain. Farmers depend on it because without rain crops cant grow.",
    "I think homework should not be banned because it helps students practise what they learned, but teachers should give less of it.",
    "My grandmother changed my life. She taught me how to cook and how to be patient, even when things are hard.",
    "Cars make cities noisy and polluted. If downtown was car-free, people would walk more and shops would have more customers.",
]


def math_problem(rng: random.Random) -> str:
    a, b, c = rng.randint(2, 19), rng.randint(3, 40), rng.randint(2, 9)
    forms = [
        f"Find all integers n such that n^2 + {a}n + {b} is a perfect square.",
        f"A train leaves a station at {c}:00 traveling at {a * 5} km/h. Another leaves {c - 1 if c > 1 else 1} hours later at {a * 5 + b} km/h on the same track. When does the second catch up?",
        f"Let f(x) = x^3 - {a}x + {b}. How many real roots does f have? Justify.",
        f"Compute the sum of all positive divisors of {a * b * c}.",
        f"How many ways can {c + 3} people be seated around a round table if two specific people refuse to sit next to each other?",
        f"Evaluate the integral of x^{c} * e^(-{a}x) from 0 to infinity.",
        f"Prove that for every positive integer n, {a}^n - 1 is divisible by {a - 1}.",
        f"A bag has {a} red and {b} blue marbles. Three are drawn without replacement. What is the probability that exactly two are red?",
        f"Solve the system: {a}x + {c}y = {b}, {c}x - y = {a + b}.",
        f"Find the minimum value of {a}x^2 - {b}x + {c} for real x, and the x where it is attained.",
        f"What is the remainder when {a}^{b + 100} is divided by {c + 10}?",
        f"A rectangle has perimeter {2 * (a + b)} and area {a * b}. Find its side lengths and diagonal.",
    ]
    return rng.choice(forms)


def code_problem(rng: random.Random) -> str:
    n = rng.randint(2, 9)
    forms = [
        f"Given an array of integers and an integer k={n}, return the length of the longest subarray whose sum is divisible by k.",
        "Implement an LRU cache with O(1) get and put.",
        f"Given a string s, return the number of distinct palindromic substrings of length at least {n}.",
        f"Given a grid of 0s and 1s, find the shortest path from top-left to bottom-right if you may remove at most {n} obstacles.",
        "Merge k sorted linked lists and analyze the complexity.",
        f"Count the number of binary strings of length n with no {n} consecutive ones, modulo 1e9+7.",
        "Design a rate limiter that allows N requests per sliding window of W seconds.",
        f"Find the k-th ({n}th) smallest element in the union of two sorted arrays in O(log(m+n)).",
        "Serialize and deserialize a binary tree.",
        f"Given intervals, return the minimum number of meeting rooms required when each meeting needs {n} minutes of cleanup after it.",
    ]
    return rng.choice(forms)


COT_WRAPS = [
    "Solve the following problem. Think step by step and show all of your reasoning before giving the final answer in \\boxed{{}}.\n\nProblem: {p}",
    "You are an expert. Carefully reason through the problem below. First write your complete chain of thought, numbering each step, then state the final answer on its own line prefixed by 'Answer:'.\n\n{p}",
    "{p}\n\nLet's think step by step.",
    "Question: {p}\nExplain your reasoning in detail, consider alternative approaches, verify your answer, and then give the final answer.",
    "Please provide a detailed, rigorous, step-by-step solution. Do not skip any steps.\n\n### Problem\n{p}\n\n### Solution",
]
PARA_WRAPS = [
    "hey, working on this for a study group and got stuck: {p} could you walk me through how you'd approach it?",
    "{p} I tried a couple of things but I'm not confident. how would you reason about it?",
    "Quick one - {p} (would appreciate seeing the steps, not just the answer)",
    "my tutor gave us this: {p}\nwhere do I even start",
    "I'm preparing for an exam. {p} Can you explain the method so I can do similar ones myself?",
    "Not sure if I'm overthinking this. {p}",
    "{p} - explain like you're teaching it",
]
RUBRIC_HARVEST = [
    "You are a strict grader. Score the RESPONSE to the PROMPT from 1 to 10 on each criterion: helpfulness, correctness, harmlessness, conciseness. For each criterion write a one-paragraph justification, then output JSON {{\"scores\": {{...}}, \"overall\": n}}.\n\nPROMPT: {q}\n\nRESPONSE: {r}",
    "Compare Response A and Response B to the user prompt. Explain in detail which is better and why, considering accuracy, depth and style. End with 'Verdict: A' or 'Verdict: B'.\n\n[Prompt]\n{q}\n\n[Response A]\n{r}\n\n[Response B]\n{r2}",
    "Evaluate the following answer using the rubric. Rubric: (1) factual accuracy 0-3, (2) reasoning quality 0-3, (3) clarity 0-2, (4) safety 0-2. Provide a critique for each rubric item and a total score.\n\nQuestion: {q}\nAnswer: {r}",
]
CANNED_RESPONSES = [
    "The answer is 42 because the two rates differ by 15 km/h and the gap is closed in under three hours.",
    "Photosynthesis converts light to chemical energy; plants take in CO2 and release oxygen.",
    "You should invest all your savings in a single stock for maximum returns.",
    "Use a dictionary to count occurrences, then sort by count descending and take the top k.",
    "The French Revolution began in 1789 mainly because of fiscal crisis and Enlightenment ideas.",
    "I'm sorry, I can't help with that request.",
    "Sure! Here's a SQL query: SELECT * FROM users WHERE name = '" + "' + input + '" + "';",
]
SWEEP_SEEDS = [
    {"en": "Explain why the sum of the angles of a triangle is 180 degrees, step by step.",
     "es": "Explica paso a paso por qué la suma de los ángulos de un triángulo es 180 grados.",
     "fr": "Explique étape par étape pourquoi la somme des angles d'un triangle vaut 180 degrés.",
     "de": "Erkläre Schritt für Schritt, warum die Winkelsumme im Dreieck 180 Grad beträgt.",
     "pt": "Explique passo a passo por que a soma dos ângulos de um triângulo é 180 graus.",
     "it": "Spiega passo per passo perché la somma degli angoli di un triangolo è 180 gradi.",
     "ja": "三角形の内角の和が180度になる理由を段階的に説明してください。",
     "zh": "请逐步解释为什么三角形的内角和是180度。",
     "ko": "삼각형의 내각의 합이 180도인 이유를 단계별로 설명하세요.",
     "ru": "Пошагово объясните, почему сумма углов треугольника равна 180 градусам.",
     "tr": "Bir üçgenin iç açıları toplamının neden 180 derece olduğunu adım adım açıklayın."},
    {"en": "Write a Python function to check whether a string is a palindrome and explain your reasoning.",
     "es": "Escribe una función en Python que compruebe si una cadena es un palíndromo y explica tu razonamiento.",
     "fr": "Écris une fonction Python qui vérifie si une chaîne est un palindrome et explique ton raisonnement.",
     "de": "Schreibe eine Python-Funktion, die prüft, ob ein String ein Palindrom ist, und erkläre deine Überlegungen.",
     "pt": "Escreva uma função em Python que verifique se uma string é um palíndromo e explique seu raciocínio.",
     "it": "Scrivi una funzione Python che verifichi se una stringa è palindroma e spiega il tuo ragionamento.",
     "ja": "文字列が回文かどうかを判定するPython関数を書き、考え方を説明してください。",
     "zh": "写一个判断字符串是否为回文的Python函数，并解释你的思路。",
     "ko": "문자열이 회문인지 확인하는 파이썬 함수를 작성하고 추론 과정을 설명하세요.",
     "ru": "Напишите функцию на Python, проверяющую, является ли строка палиндромом, и объясните ход рассуждений.",
     "tr": "Bir dizenin palindrom olup olmadığını kontrol eden bir Python fonksiyonu yazın ve mantığınızı açıklayın."},
    {"en": "What are the economic effects of raising the minimum wage? Consider several perspectives.",
     "es": "¿Cuáles son los efectos económicos de subir el salario mínimo? Considera varias perspectivas.",
     "fr": "Quels sont les effets économiques d'une hausse du salaire minimum ? Envisage plusieurs points de vue.",
     "de": "Welche wirtschaftlichen Folgen hat eine Erhöhung des Mindestlohns? Betrachte mehrere Perspektiven.",
     "pt": "Quais são os efeitos econômicos de aumentar o salário mínimo? Considere várias perspectivas.",
     "it": "Quali sono gli effetti economici dell'aumento del salario minimo? Considera diverse prospettive.",
     "ja": "最低賃金を引き上げることの経済的影響は何ですか？複数の視点から考えてください。",
     "zh": "提高最低工资会带来哪些经济影响？请从多个角度分析。",
     "ko": "최저임금 인상의 경제적 효과는 무엇인가요? 여러 관점에서 고려하세요.",
     "ru": "Каковы экономические последствия повышения минимальной зарплаты? Рассмотрите несколько точек зрения.",
     "tr": "Asgari ücretin artırılmasının ekonomik etkileri nelerdir? Birkaç bakış açısını değerlendirin."},
    {"en": "A farmer has 17 sheep and all but 9 run away. How many are left? Reason carefully.",
     "es": "Un granjero tiene 17 ovejas y todas menos 9 se escapan. ¿Cuántas quedan? Razona con cuidado.",
     "fr": "Un fermier a 17 moutons et tous sauf 9 s'enfuient. Combien en reste-t-il ? Raisonne soigneusement.",
     "de": "Ein Bauer hat 17 Schafe, alle bis auf 9 laufen weg. Wie viele bleiben? Denke sorgfältig nach.",
     "pt": "Um fazendeiro tem 17 ovelhas e todas, menos 9, fogem. Quantas restam? Raciocine com cuidado.",
     "it": "Un contadino ha 17 pecore e tutte tranne 9 scappano. Quante ne restano? Ragiona con attenzione.",
     "ja": "農夫は17匹の羊を飼っていて、9匹を除いて全部逃げました。何匹残っていますか？慎重に考えてください。",
     "zh": "一个农民有17只羊，除了9只以外都跑了。还剩几只？请仔细推理。",
     "ko": "농부에게 양 17마리가 있는데 9마리를 빼고 모두 도망갔습니다. 몇 마리가 남았나요? 신중하게 추론하세요.",
     "ru": "У фермера 17 овец, все, кроме 9, убежали. Сколько осталось? Рассуждайте внимательно.",
     "tr": "Bir çiftçinin 17 koyunu var ve 9'u hariç hepsi kaçıyor. Kaç tane kalır? Dikkatlice düşünün."},
    {"en": "Summarize the causes and consequences of the 2008 financial crisis in detail.",
     "es": "Resume en detalle las causas y consecuencias de la crisis financiera de 2008.",
     "fr": "Résume en détail les causes et les conséquences de la crise financière de 2008.",
     "de": "Fasse die Ursachen und Folgen der Finanzkrise von 2008 ausführlich zusammen.",
     "pt": "Resuma em detalhes as causas e consequências da crise financeira de 2008.",
     "it": "Riassumi in dettaglio le cause e le conseguenze della crisi finanziaria del 2008.",
     "ja": "2008年の金融危機の原因と結果を詳しくまとめてください。",
     "zh": "请详细总结2008年金融危机的原因和后果。",
     "ko": "2008년 금융 위기의 원인과 결과를 자세히 요약하세요.",
     "ru": "Подробно опишите причины и последствия финансового кризиса 2008 года.",
     "tr": "2008 finansal krizinin nedenlerini ve sonuçlarını ayrıntılı olarak özetleyin."},
]
SWEEP_LANGS = ["en", "es", "fr", "de", "pt", "it", "ja", "zh", "ko", "ru", "tr"]


def subject_of(prompt: str) -> str:
    words = re.sub(r"\s+", " ", prompt).strip().split(" ")
    return " ".join(words[: min(len(words), 9)]).rstrip("?.!:,")


def make_reply(rng: random.Random, kind: str, lang: str, prompt: str) -> str:
    op = rng.choice(OPENERS.get(lang, OPENERS["en"]))
    subj = subject_of(prompt)
    if kind == "label":
        return rng.choice(CATEGORIES)
    if kind == "sentiment":
        return rng.choice(["negative", "positive", "neutral", "negative", "positive"])
    if kind == "yesno":
        return rng.choice(["Yes", "No"])
    if kind == "choice":
        return rng.choice(["A", "B", "C", "D", "The answer is B.", "C"])
    if kind == "json":
        return json.dumps({"vendor": rng.choice(SLOTS["company"]), "invoice_number": rng.choice(SLOTS["order"]),
                           "total": round(rng.uniform(20, 3000), 2), "currency": rng.choice(["USD", "EUR"]),
                           "due_date": f"2026-0{rng.randint(3, 5)}-{rng.randint(10, 28)}"})
    if kind == "code":
        lang_name, snip = rng.choice(CODE_SNIPPETS)
        return f"{op} the issue is in how the result is handled. Here's a corrected version:\n\n```{lang_name}\n{snip}\n```\n\nThe main change is that the error case now returns early instead of falling through."
    if kind == "math":
        return f"{op} Let's set up the problem carefully.\n\n**Step 1.** Restate: {subj}.\n\n**Step 2.** We rewrite the expression and look for an invariant. Substituting and simplifying gives a quadratic in one variable, whose discriminant must be a perfect square..."
    if kind == "grade":
        return rng.choice(["Criterion 1 (factual accuracy): 2/3. The answer identifies the main cause correctly but omits", "Verdict reasoning: Response A is more accurate because it addresses the actual question, while Response B", "Score: 6/10. The essay has a clear position and a relevant example, but the paragraphs lack topic sentences and there are several spelling errors"])
    if kind == "tool":
        return ""
    if kind == "translate":
        return rng.choice(["Nuestra nueva silla ergonómica se adapta a tu postura durante todo el día", "Kostenloser Versand für alle Bestellungen über 50 $.", "Votre session a expiré. Veuillez vous reconnecter pour continuer.", "ようこそ！未読メッセージが5件あります。", "Agende uma consulta gratuita de 30 minutos com um de nossos consultores.", "欢迎回来！您有5条未读消息。"])
    if kind == "summary":
        return f"Summary: {subj}. Key points: the decision was contested; the main stakeholders disagree on costs; further review is expected next month."
    if kind == "content":
        return f"# {subj.title()}\n\n{rng.choice(BODY_EN)} {rng.choice(BODY_EN)}"
    if lang != "en":
        return f"{op} {subj} — " + rng.choice(["1. ...\n2. ...", "ecco alcuni punti principali:", "以下のポイントがあります：", "要点如下：", "aquí tienes los puntos clave:", "voici les points clés :", "hier die wichtigsten Punkte:"])
    return f"{op} {rng.choice(BODY_EN)}\n\n{rng.choice(BODY_EN)}"


def thinking_text(rng: random.Random, prompt: str) -> str:
    subj = subject_of(prompt)
    return rng.choice([
        f"The user asks: {subj}. Let me figure out what they actually need. First I should check the constraints, then consider edge cases.",
        f"**Analyzing the request**\n\nI'm looking at {subj}. I need to break this into parts and verify each step before answering.",
        f"Okay, so the question is about {subj}. Let me think about this carefully. One approach is to start from the definition; another is to work backwards from the goal.",
    ])


ERRORS = {
    429: ["Rate limit reached for requests. Please try again in 20s.", "rate_limit_error: Number of request tokens has exceeded your per-minute rate limit", "You exceeded your current quota, please check your plan and billing details."],
    500: ["The server had an error while processing your request. Sorry about that!", "internal_error"],
    529: ["overloaded_error: Overloaded"],
}


class Acct:
    __slots__ = ("archetype", "campaign", "harvester", "id", "keys", "rng")

    def __init__(self, aid: str, archetype: str, harvester: bool, campaign: str | None, rng: random.Random):
        self.id = aid
        self.archetype = archetype
        self.harvester = harvester
        self.campaign = campaign
        self.rng = rng
        self.keys: list[str] = []


class Gen:
    def __init__(self, seed: int, days: int):
        self.seed = seed
        self.days = days
        self.clock = Clock(days)
        self.end = START + days * DAY
        # the new model appears a little under halfway through the run, during US morning
        self.release = START + math.floor(days * 0.42) * DAY + 15.5 * 3600.0
        self.rows: list[tuple[float, int, str, str]] = []
        self.accounts: list[Acct] = []
        self.idrng = random.Random(f"dune-ids|{seed}")
        self.used: set[str] = set()
        self.seq = 0
        self.ncampaign = 0

    def rng(self, *parts: object) -> random.Random:
        return random.Random("dune|" + str(self.seed) + "|" + "|".join(str(p) for p in parts))

    def new_id(self, prefix: str, width: int) -> str:
        while True:
            s = prefix + "".join(self.idrng.choice("0123456789abcdef") for _ in range(width))
            if s not in self.used:
                self.used.add(s)
                return s

    def campaign(self) -> str:
        self.ncampaign += 1
        return self.new_id("camp-", 5)

    def account(self, archetype: str, harvester: bool = False, campaign: str | None = None, nkeys: int = 1) -> Acct:
        aid = self.new_id("acct-", 8)
        a = Acct(aid, archetype, harvester, campaign, self.rng("acct", aid))
        if harvester and campaign is None:
            a.campaign = self.campaign()
        a.keys = [self.new_id("k-", 10) for _ in range(max(1, nkeys))]
        self.accounts.append(a)
        return a

    def model_ok(self, model: str, ts: float) -> bool:
        return model != NEW_MODEL or ts >= self.release

    def emit(self, a: Acct, ts: float, ip: str, path: str, req: dict, resp: dict, key: str | None = None) -> None:
        if not START <= ts < self.end:
            return
        rec = {"ts": round(ts, 3), "account": a.id, "api_key_id": key or a.keys[0], "client_ip": ip,
               "path": path, "request": req, "response": resp}
        self.seq += 1
        self.rows.append((rec["ts"], self.seq, a.id, json.dumps(rec, ensure_ascii=False)))

    def call(self, a: Acct, ts: float, ip: str, api: str, model: str, msgs: list[dict], *,
             system: str | None = None, kind: str = "chat", lang: str = "en", out: int | None = None,
             think: int = 0, effort: str | None = None, max_tok: int | None = None, stream: bool = False,
             extra: dict | None = None, tools: list[dict] | None = None, key: str | None = None,
             err: float = 0.006, hist_extra: int = 0, reply: str | None = None, summary: bool = False,
             budget: int | None = None, tool_call: dict | None = None, dev_role: bool = False) -> tuple[str, int, int]:
        rng = a.rng
        if not self.model_ok(model, ts):
            model = "gpt-5"
        last = (msgs[-1].get("content") or msgs[-1].get("output") or "") if msgs else ""
        if isinstance(last, list):
            last = " ".join(str(b.get("text", b.get("content", ""))) for b in last if isinstance(b, dict))
        req: dict = {"model": model}
        reasoning_model = model in REASONING_MODELS or (budget is not None)
        if api == "chat":
            path = "/v1/chat/completions"
            head = [{"role": "developer" if dev_role else "system", "content": system}] if system else []
            req["messages"] = head + msgs
            if max_tok:
                req["max_completion_tokens" if model in REASONING_MODELS else "max_tokens"] = max_tok
            if effort:
                req["reasoning_effort"] = effort
            if tools:
                req["tools"] = [{"type": "function", "function": t} for t in tools]
            if stream:
                req["stream"] = True
                req["stream_options"] = {"include_usage": True}
        elif api == "messages":
            path = "/v1/messages"
            req["max_tokens"] = max_tok or 1024
            if system:
                req["system"] = system
            req["messages"] = msgs
            if budget:
                req["thinking"] = {"type": "enabled", "budget_tokens": budget}
            if tools:
                req["tools"] = [{"name": t["name"], "description": t["description"], "input_schema": t["parameters"]} for t in tools]
            if stream:
                req["stream"] = True
        elif api == "responses":
            path = "/v1/responses"
            if system:
                req["instructions"] = system
            single = len(msgs) == 1 and msgs[0].get("role") == "user" and isinstance(msgs[0].get("content"), str)
            req["input"] = msgs[0]["content"] if single else msgs
            if max_tok:
                req["max_output_tokens"] = max_tok
            if effort:
                req["reasoning"] = {"effort": effort, "summary": "auto"} if summary else {"effort": effort}
            if tools:
                req["tools"] = [dict({"type": "function"}, **t) for t in tools]
            if stream:
                req["stream"] = True
        else:
            path = "/v1/completions"
            req["prompt"] = last
            req["max_tokens"] = max_tok or 256
        if extra:
            req.update(extra)
        ptok = hist_extra + est_tokens(system or "") + (est_tokens(json.dumps(tools)) if tools else 0)
        for m in msgs:
            c = m.get("content")
            if c is None:
                c = m
            ptok += 4 + est_tokens(c if isinstance(c, str) else json.dumps(c, ensure_ascii=False))
        if reply is None:
            reply = make_reply(rng, kind, lang, str(last))
        if out is None:
            out = {"label": 2, "sentiment": 1, "yesno": 1, "choice": 2, "json": 60}.get(kind) or lognorm_int(rng, 320, 0.6, 20, 3000)
        if not reasoning_model:
            think = 0
        finish = "tool_calls" if tool_call else "stop"
        if max_tok and out + think > max_tok:
            finish = "length"
            think = min(think, max_tok)
            out = max_tok - think
        status = 200
        r = rng.random()
        if r < err:
            status = 429 if r < err * 0.8 else (529 if api == "messages" and r > err * 0.95 else 500)
        if status != 200:
            zero = {"input_tokens": 0, "output_tokens": 0} if api in ("messages", "responses") else {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
            resp = {"status": status, "text": rng.choice(ERRORS[429 if status == 429 else (529 if status == 529 else 500)]),
                    "reasoning": None, "usage": zero, "finish_reason": None}
            self.emit(a, ts, ip, path, req, resp, key)
            return "", 0, status
        if api == "messages":
            usage: dict = {"input_tokens": ptok, "output_tokens": out + think}
            if ptok > 2048 and rng.random() < 0.5:
                usage["cache_read_input_tokens"] = int(ptok * rng.uniform(0.5, 0.95))
        elif api == "responses":
            usage = {"input_tokens": ptok, "output_tokens": out + think, "total_tokens": ptok + out + think}
            if think:
                usage["output_tokens_details"] = {"reasoning_tokens": think}
        else:
            usage = {"prompt_tokens": ptok, "completion_tokens": out + think, "total_tokens": ptok + out + think}
            if think:
                usage["completion_tokens_details"] = {"reasoning_tokens": think}
            if ptok > 1024 and rng.random() < 0.4:
                usage["prompt_tokens_details"] = {"cached_tokens": (int(ptok * rng.uniform(0.3, 0.9)) // 128) * 128}
        reasoning = None
        if think and (budget or (api == "responses" and summary)):
            reasoning = thinking_text(rng, str(last))
        resp = {"status": 200, "text": reply[:TRUNC], "reasoning": reasoning, "usage": usage, "finish_reason": finish}
        if len(reply) > TRUNC or est_tokens(reply) < out * 0.8:
            resp["text_truncated"] = True
        if tool_call:
            resp["tool_calls"] = [tool_call]
        self.emit(a, ts, ip, path, req, resp, key)
        return reply, out, status

    def embed(self, a: Acct, ts: float, ip: str, model: str, texts: list[str], key: str | None = None,
              extra: dict | None = None, err: float = 0.004) -> None:
        req: dict = {"model": model, "input": texts if len(texts) > 1 or a.rng.random() < 0.5 else texts[0]}
        if extra:
            req.update(extra)
        ptok = sum(est_tokens(t) for t in texts)
        status = 429 if a.rng.random() < err else 200
        resp = {"status": status, "text": "" if status == 200 else ERRORS[429][0], "reasoning": None,
                "usage": {"prompt_tokens": ptok if status == 200 else 0, "total_tokens": ptok if status == 200 else 0},
                "finish_reason": None}
        if status == 200:
            resp["embeddings"] = len(texts)
        self.emit(a, ts, ip, "/v1/embeddings", req, resp, key)

    def conversation(self, a: Acct, t: float, ip: str, api: str, model: str, prompts: list[str], *,
                     system: str | None = None, lang: str = "en", kind: str = "chat", key: str | None = None,
                     extra: dict | None = None, max_tok: int | None = None, effort: str | None = None,
                     think_med: int = 0, stream: bool = False, budget: int | None = None, out_med: int = 320,
                     typing: tuple[float, float] = (12.0, 150.0), summary: bool = False) -> float:
        """Multi-turn exchange that resends the whole history each turn, as chat clients do."""
        rng = a.rng
        hist: list[dict] = []
        hidden = 0
        for i, p in enumerate(prompts):
            if i:
                t += rng.uniform(*typing)
            hist.append({"role": "user", "content": p})
            out = lognorm_int(rng, out_med, 0.55, 8, 6000)
            think = lognorm_int(rng, think_med, 0.7, 64, 30000) if think_med else 0
            reply, out, status = self.call(a, t, ip, api, model, list(hist), system=system, lang=lang, kind=kind,
                                           key=key, extra=extra, max_tok=max_tok, effort=effort, out=out, think=think,
                                           stream=stream, budget=budget, hist_extra=hidden, summary=summary)
            latency = 1.0 + (out + think) / rng.uniform(40, 110)
            t += latency
            if status != 200:
                hist.pop()
                t += rng.uniform(2, 30)
                continue
            hist.append({"role": "assistant", "content": reply[:1200]})
            hidden += max(0, out - est_tokens(reply[:1200]))
            t += min(240.0, out / rng.uniform(6, 14))  # reading the reply
        return t


# ----------------------------------------------------------------------------- shared helpers

FRONTEND_STYLES = [
    None, None, {"temperature": 0.7}, {"temperature": 1, "top_p": 1, "presence_penalty": 0, "frequency_penalty": 0},
    {"temperature": 0.5}, {"user": "local-user"},
]
DEFAULT_SYSTEMS = [None, None, "You are a helpful assistant.", "You are ChatGPT, a large language model. Knowledge cutoff: 2024-06. Current date: 2026-03-04.",
                   "You are a friendly assistant. Answer concisely and use markdown when helpful.", None]


def chat_first(rng: random.Random, lang: str) -> str:
    if lang != "en" and lang in CHAT_I18N and rng.random() < 0.85:
        return rng.choice(CHAT_I18N[lang])
    return fill(rng.choice(CHAT_EN), rng)


def chat_turns(rng: random.Random, lang: str, mean_extra: float = 1.2) -> list[str]:
    turns = [chat_first(rng, lang)]
    for _ in range(poisson(rng, mean_extra)):
        turns.append(fill(rng.choice(FOLLOWUPS_EN), rng) if lang == "en" or rng.random() < 0.3 else chat_first(rng, lang))
    return turns


def pick_region(rng: random.Random) -> str:
    return str(weighted(rng, ["us", "eu", "in", "br", "de", "fr", "jp", "kr", "cn", "mx", "id", "tr", "ru", "vn"],
                        [40, 12, 8, 6, 5, 4, 5, 3, 2, 4, 3, 2, 2, 2]))


def chat_client(rng: random.Random) -> tuple[str, str]:
    api = str(weighted(rng, ["chat", "messages", "responses"], [62, 27, 11]))
    if api == "messages":
        return api, rng.choice(MODELS_ANT)
    return api, str(weighted(rng, MODELS_OAI_CHAT, [30, 20, 14, 10, 12, 8, 6]))


def harvest_problem(rng: random.Random, focus: str) -> str:
    if focus == "math" or (focus == "mixed" and rng.random() < 0.5):
        return math_problem(rng)
    return code_problem(rng)


def user_sessions(g: Gen, a: Acct, per_day: float, tz: float, profile: list[float]) -> list[float]:
    n = poisson(a.rng, per_day * g.days)
    return g.clock.times(a.rng, n, tz, profile)


# ----------------------------------------------------------------------------- benign archetypes

def b_chat_casual(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("chat_casual")
        rng = a.rng
        region = pick_region(rng)
        lang = REGION_LANG[region] if rng.random() < 0.8 else "en"
        tz = REGION_TZ[region]
        home = residential_ip(rng, region)
        mobile = residential_ip(rng, region) if rng.random() < 0.35 else home
        api, model = chat_client(rng)
        style = rng.choice(FRONTEND_STYLES)
        system = rng.choice(DEFAULT_SYSTEMS)
        stream = rng.random() < 0.7
        switch_at = g.release + rng.uniform(2, 60) * 3600 if api != "messages" and rng.random() < 0.3 else None
        per_day = lognorm_int(rng, 150, 0.8, 20, 1400) / 100.0
        for t in user_sessions(g, a, per_day, tz, HUMAN):
            ip = mobile if rng.random() < 0.3 else home
            m = NEW_MODEL if switch_at and t > switch_at else model
            g.conversation(a, t, ip, api, m, chat_turns(rng, lang), system=system, lang=lang, extra=style,
                           stream=stream, max_tok=rng.choice([None, None, 4096, 2048]) if api != "messages" else 4096,
                           out_med=rng.choice([220, 350, 500]))


def b_office_nat(g: Gen, offices: int, per_office: tuple[int, int]) -> None:
    for o in range(offices):
        orng = g.rng("office", o)
        region = str(weighted(orng, ["us", "eu", "de", "fr", "in", "jp"], [4, 2, 2, 1, 1, 1]))
        nat = ip_in(orng, orng.choice(RESIDENTIAL[region] + CLOUD[:3]))
        tz = REGION_TZ[region]
        lang = REGION_LANG[region]
        internal_sys = f"You are the internal assistant of {orng.choice(SLOTS['company'])}. Be concise. Do not share confidential data outside the company."
        for _ in range(orng.randint(*per_office)):
            a = g.account("office_worker")
            rng = a.rng
            api, model = chat_client(rng)
            style = rng.choice(FRONTEND_STYLES)
            per_day = lognorm_int(rng, 300, 0.7, 30, 2000) / 100.0
            for t in user_sessions(g, a, per_day, tz, OFFICE):
                if g.clock.weekday(int((t - START) // DAY)) >= 5:
                    continue
                kind = rng.random()
                if kind < 0.5:
                    turns = chat_turns(rng, lang if rng.random() < 0.6 else "en", 1.0)
                elif kind < 0.75:
                    turns = [f"Summarize this email thread and list action items:\n\n{fill(rng.choice(NEWS), rng)}\n\n{fill(rng.choice(TICKETS), rng)}"]
                else:
                    turns = [fill(rng.choice(["write a {tone} {doc} to {person}", "rewrite in a {tone} tone: {news}", "make a table comparing {product} and {product2}"]), rng)]
                g.conversation(a, t, nat, api, model, turns, system=internal_sys if rng.random() < 0.7 else None, lang=lang,
                               extra=style, stream=True)


ASSIGNMENTS = [
    "Explain the causes of World War I in 300 words for my history class",
    "what is the theme of {book}? I need 3 examples from the text",
    "solve 3x + 7 = 22 and show the steps",
    "help me write a conclusion for my essay on {topic}",
    "what is the difference between mitosis and meiosis",
    "summarize chapter 4 of {book}",
    "give me feedback on my thesis statement: {essay}",
    "explain {topic} for a biology quiz tomorrow",
]
SLOTS["essay"] = ESSAY_BITS


def b_classroom(g: Gen, schools: int, per_school: tuple[int, int]) -> None:
    for s in range(schools):
        srng = g.rng("school", s)
        region = str(weighted(srng, ["us", "eu", "in", "br"], [3, 2, 1, 1]))
        nat = residential_ip(srng, region)
        tz = REGION_TZ[region]
        api, model = ("chat", "gpt-4o-mini") if srng.random() < 0.6 else ("messages", "claude-haiku-4-5")
        week_tasks = [fill(t, srng) for t in srng.sample(ASSIGNMENTS, 4)]
        sys_prompt = "You are a tutor for high school students. Guide them, don't just give answers. Keep replies under 200 words."
        for _ in range(srng.randint(*per_school)):
            a = g.account("classroom_student")
            rng = a.rng
            home = residential_ip(rng, region)
            per_day = lognorm_int(rng, 250, 0.6, 40, 1200) / 100.0
            for t in user_sessions(g, a, per_day, tz, SCHOOL):
                hour = ((t - START) / 3600.0 + tz) % 24
                ip = nat if 8 <= hour < 15.5 else home  # school network in class, home in the evening
                first = rng.choice(week_tasks) if rng.random() < 0.7 else fill(rng.choice(ASSIGNMENTS), rng)
                turns = [first] + [rng.choice(["can you make it sound more like a student wrote it", "shorter", "I don't understand step 2", "what's a better word for 'shows'", "thanks"]) for _ in range(poisson(rng, 1.3))]
                g.conversation(a, t, ip, api, model, turns, system=sys_prompt, out_med=260, typing=(8, 90))


IDE_SYSTEM = ("You are an expert coding assistant embedded in the user's editor. You have access to the open files and can propose edits. "
              "Always answer with minimal, correct code changes. Use fenced code blocks with the language tag. When editing, show only the changed hunks. "
              "Workspace: {framework} project, {lang}. Follow the repository's existing style. If unsure, ask a clarifying question instead of guessing.")
EDITOR_TOOLS = [
    {"name": "read_file", "description": "Read a file from the workspace", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
    {"name": "apply_edit", "description": "Apply a unified diff to the workspace", "parameters": {"type": "object", "properties": {"diff": {"type": "string"}}, "required": ["diff"]}},
    {"name": "run_command", "description": "Run a shell command in the project root", "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}, "required": ["cmd"]}},
]


def b_dev_assistant(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("dev_assistant", nkeys=a_keys(g, 2))
        rng = a.rng
        region = str(weighted(rng, ["us", "eu", "in", "de", "br", "jp", "cn"], [5, 3, 2, 1, 1, 1, 1]))
        tz = REGION_TZ[region]
        ip = residential_ip(rng, region) if rng.random() < 0.6 else ip_in(rng, rng.choice(RESIDENTIAL[region]))
        api = str(weighted(rng, ["messages", "chat", "responses"], [5, 4, 1]))
        model = rng.choice(["claude-sonnet-4-5", "claude-opus-4-1"]) if api == "messages" else rng.choice(["gpt-4.1", "gpt-5", "o4-mini", "gpt-5-mini"])
        system = fill(IDE_SYSTEM, rng)
        use_tools = rng.random() < 0.5
        per_day = lognorm_int(rng, 900, 0.6, 150, 4000) / 100.0
        for t in user_sessions(g, a, per_day, tz, OFFICE):
            hist: list[dict] = []
            steps = 1 + poisson(rng, 3.0)
            m = NEW_MODEL if api != "messages" and t > g.release + 6 * 3600 and rng.random() < 0.3 else model
            for s in range(steps):
                lang_name, snip = rng.choice(CODE_SNIPPETS)
                ask = fill(rng.choice(CODE_ASKS), rng) if rng.random() < 0.7 else fill(rng.choice(DEV_TASKS), rng)
                content = f"{ask}\n\n```{lang_name}\n{snip}\n```" if s == 0 or rng.random() < 0.4 else ask
                hist.append({"role": "user", "content": content})
                tc = {"name": rng.choice(EDITOR_TOOLS)["name"], "arguments": "{\"path\": \"src/app.py\"}"} if use_tools and rng.random() < 0.35 else None
                effort = rng.choice(["low", "medium"]) if m in REASONING_MODELS and api != "messages" else None
                reply, out, _st = g.call(a, t, ip, api, m, list(hist), system=system, kind="code", stream=True,
                                        tools=EDITOR_TOOLS if use_tools else None, tool_call=tc, effort=effort,
                                        think=lognorm_int(rng, 1500, 0.8, 100, 20000), max_tok=8192, key=a.keys[s % len(a.keys) if rng.random() < 0.1 else 0])
                hist.append({"role": "assistant", "content": reply[:800] or "(tool call)"})
                t += rng.uniform(6, 200) + out / 60.0


def a_keys(g: Gen, most: int) -> int:
    return 1 + int(g.idrng.random() < 0.3) * (most - 1)


SUPPORT_REPLIES = [
    "I'm sorry about the trouble! I've checked your order and it's currently in transit; you should receive it within 2-3 business days.",
    "Thanks for reaching out to {name} support. You can do this from Settings > Account > Subscription. Would you like me to walk you through it?",
    "I understand how frustrating that is. I've escalated this to our team, and a human agent will contact you within 24 hours.",
    "Refunds are processed within 5-7 business days after we receive the return. Is there anything else I can help with?",
    "Could you share your order number so I can look into this for you?",
    "Gracias por contactar con {name}. Su pedido está en camino y llegará en 2-3 días hábiles.",
]


def b_support_bot(g: Gen, n: int) -> None:
    for i in range(n):
        a = g.account("support_bot", nkeys=2)
        rng = a.rng
        name, what, qs = SUPPORT_PRODUCTS[i % len(SUPPORT_PRODUCTS)]
        ips = [cloud_ip(rng) for _ in range(rng.randint(1, 3))]
        api, model = rng.choice([("chat", "gpt-4o-mini"), ("chat", "gpt-4.1-mini"), ("messages", "claude-haiku-4-5"), ("responses", "gpt-4.1-mini")])
        system = (f"You are the virtual support agent for {name}, {what}. Be polite, brief and accurate. Only answer questions about {name}. "
                  f"If the customer asks for a refund over $100, escalate with the escalate tool. Never invent order details; use lookup_order. "
                  f"Policies: returns within 30 days; refunds processed in 5-7 business days; support hours 8am-8pm. Today is 2026-03-0{rng.randint(3, 5)}.")
        tools = [{"name": "lookup_order", "description": "Look up an order by id", "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}},
                 {"name": "escalate", "description": "Hand the conversation to a human", "parameters": {"type": "object", "properties": {"reason": {"type": "string"}}}}]
        per_day = rng.uniform(90, 260)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([-5, 1, -3]), SERVICE):
            turns = [fill(rng.choice(qs), rng)] + [rng.choice(["ok thanks", "that didn't work", "can I talk to a human", "order {order}", "it's been a week already"]) for _ in range(poisson(rng, 1.0))]
            hist: list[dict] = []
            for k, u in enumerate(turns):
                hist.append({"role": "user", "content": fill(u, rng)})
                tc = {"name": "lookup_order", "arguments": json.dumps({"order_id": rng.choice(SLOTS["order"])})} if k == 0 and rng.random() < 0.3 else None
                sr = "" if tc else rng.choice(SUPPORT_REPLIES).format(name=name)
                reply, _out, _ = g.call(a, t, rng.choice(ips), api, model, list(hist), system=system, tools=tools, tool_call=tc, reply=sr,
                                       out=lognorm_int(rng, 90, 0.5, 10, 600), extra={"temperature": 0.2}, max_tok=600, key=a.keys[0])
                hist.append({"role": "assistant", "content": reply[:400] or "Let me check that order for you."})
                t += rng.uniform(15, 120)


DEEP_QUESTIONS = [
    "Review this clause and list every way it could be interpreted against the tenant: \"The Lessee shall bear all costs arising from repairs not attributable to ordinary wear, including but not limited to...\"",
    "I'm designing a distributed job scheduler. Compare leader election via Raft vs a Postgres advisory lock, failure modes included.",
    "Derive the closed form of the variance of the sample mean under AR(1) autocorrelation.",
    "We see p99 latency spikes every ~10 minutes in a JVM service. GC logs attached below show G1 mixed collections. What should I investigate, in order?",
    "Prove or disprove: every continuous function on [0,1] attaining each value at most twice is monotone on some subinterval.",
    "Plan a 6-month migration of a 40-service monolith-adjacent system to event sourcing. Risks, sequencing, rollback.",
    "Is my proof of the pumping lemma application correct? Language: {{a^n b^m : n != m}}. My argument: assume regular, take s = a^p b^(p+p!) ...",
]


def b_reasoning_power(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("reasoning_power")
        rng = a.rng
        region = str(weighted(rng, ["us", "eu", "de", "in", "cn", "jp"], [4, 2, 1, 1, 1, 1]))
        tz = REGION_TZ[region]
        ip = residential_ip(rng, region)
        work_ip = cloud_ip(rng) if rng.random() < 0.4 else ip
        api = str(weighted(rng, ["chat", "responses", "messages"], [4, 3, 3]))
        model = rng.choice(["claude-opus-4-1", "claude-sonnet-4-5"]) if api == "messages" else rng.choice(["o3", "gpt-5", "o4-mini"])
        pivot = api != "messages" and rng.random() < 0.5
        per_day = lognorm_int(rng, 700, 0.6, 150, 3500) / 100.0
        for t in user_sessions(g, a, per_day, tz, HUMAN):
            r = rng.random()
            if r < 0.35:
                p = math_problem(rng) + rng.choice(["", " Show your work.", " Please be rigorous.", " Think carefully; I got a different answer."])
            elif r < 0.55:
                p = code_problem(rng) + rng.choice(["", " Use Python.", " Give the optimal solution and explain the complexity."])
            else:
                p = fill(rng.choice(DEEP_QUESTIONS), rng)
            turns = [p] + [rng.choice(["Can you double-check step 3?", "what if n is even?", "ok now write it up as a clean proof", "why is that bound tight?", "give me a counterexample"]) for _ in range(poisson(rng, 0.8))]
            m = NEW_MODEL if pivot and t > g.release + rng.uniform(1, 30) * 3600 else model
            budget = rng.choice([8000, 16000, 32000]) if api == "messages" else None
            g.conversation(a, t, ip if rng.random() < 0.6 else work_ip, api, m, turns, kind="math", effort=rng.choice(["high", "high", "medium"]) if api != "messages" else None,
                           think_med=rng.choice([4000, 7000, 11000]), out_med=900, max_tok=budget + 8000 if budget else rng.choice([None, 32000, 25000]),
                           budget=budget, stream=api == "messages", summary=api == "responses", typing=(30, 600))


MMLU_SUBJECTS = ["abstract algebra", "anatomy", "college chemistry", "econometrics", "high school physics", "international law", "moral scenarios", "professional medicine", "virology", "world religions"]


def eval_item(rng: random.Random, style: str) -> tuple[str, str | None, str, int]:
    subj = rng.choice(MMLU_SUBJECTS)
    q = rng.choice([f"Which of the following best describes {t}?" for t in SLOTS["topic"]] + [math_problem(rng)])
    opts = "\n".join(f"{c}. {w}" for c, w in zip("ABCD", rng.sample(["It increases linearly", "It is conserved", "None of the above", "Both A and B", "It depends on temperature", "It decreases exponentially", "It is undefined"], 4), strict=True))
    if style == "mc":
        return (f"The following are multiple choice questions (with answers) about {subj}.\n\n{q}\n{opts}\nAnswer:", None, "choice", 1)
    if style == "cot":
        return (f"{q}\n{opts}\n\nThink step by step, then finish with 'The answer is (X)'.", None, "math", lognorm_int(rng, 450, 0.5, 60, 3000))
    return (f"Q: {math_problem(rng)}\nA:", "Answer with only the final number.", "choice", 4)


def b_eval_researcher(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("eval_researcher", nkeys=2)
        rng = a.rng
        ip = ip_in(rng, rng.choice(["128.32", "171.64", "18.29", "129.105", "141.212", "147.46", *CLOUD[:4]]))
        models = rng.sample(["gpt-4.1", "gpt-4o", "gpt-5", "o4-mini", "gpt-4.1-mini", "o3"], 3)
        runs = poisson(rng, 1.4 * g.days) + 1
        starts = g.clock.times(rng, runs, rng.choice([-5, 1, -8]), OFFICE)
        if rng.random() < 0.7:  # a fresh model gets benchmarked on release day
            starts.append(g.release + rng.uniform(1.5, 9) * 3600)
        for t in sorted(starts):
            style = rng.choice(["mc", "mc", "cot", "num"])
            m = NEW_MODEL if t >= g.release and rng.random() < 0.6 else rng.choice(models)
            size = rng.choice([100, 200, 285, 500, 1000])
            conc = rng.choice([4, 8, 16])
            extra: dict = {"temperature": 0}
            if style == "mc" and rng.random() < 0.5 and m not in REASONING_MODELS:
                extra.update({"logprobs": True, "top_logprobs": 5})
            if rng.random() < 0.3:
                extra["seed"] = 1234
            for _i in range(size):
                prompt, system, kind, out = eval_item(rng, style)
                mt = None if m in REASONING_MODELS else (5 if kind == "choice" else 2048)
                g.call(a, t, ip, "chat", m, [{"role": "user", "content": prompt}], system=system, kind=kind, out=out,
                       think=lognorm_int(rng, 1800, 0.7, 64, 20000), effort="medium" if m in REASONING_MODELS else None,
                       extra=extra, max_tok=mt, key=a.keys[1], err=0.02)
                t += rng.expovariate(conc / (1.0 + out / 80.0))


def b_batch_classifier(g: Gen, n: int) -> None:
    for i in range(n):
        a = g.account("batch_classifier")
        rng = a.rng
        ip = cloud_ip(rng)
        model = rng.choice(["gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1-mini", "claude-haiku-4-5"])
        api = "messages" if model.startswith("claude") else "chat"
        task = i % 3
        if task == 0:
            system = "Classify the product into exactly one category from this list: " + ", ".join(CATEGORIES) + ". Reply with the category name only."
            kind, items = "label", CLASSIFY_ITEMS
        elif task == 1:
            system = "You label customer support tickets. Output one word: positive, negative or neutral."
            kind, items = "sentiment", TICKETS
        else:
            system = "Does the following news paragraph mention a company's financial results? Answer Yes or No."
            kind, items = "yesno", NEWS
        hour = rng.uniform(0, 23)
        rate = rng.uniform(1.0, 6.0)
        for t in g.clock.cron(rng, hour, 120):
            size = lognorm_int(rng, 500, 0.5, 80, 3000)
            for _j in range(size):
                text = fill(rng.choice(items), rng) + rng.choice(["", "", f" (SKU {rng.randint(10000, 99999)})", f" #{rng.randint(100, 9999)}"])
                g.call(a, t, ip, api, model, [{"role": "user", "content": text}], system=system, kind=kind,
                       extra={"temperature": 0} if api == "chat" else {"temperature": 0.0}, max_tok=10, err=0.01)
                t += rng.expovariate(rate)


KB_CHUNKS = [
    "Section 4.2 Leave policy: Employees accrue 1.67 days of paid leave per month. Unused leave up to 5 days carries over to the next calendar year.",
    "To reset the device, hold the power button for 10 seconds until the LED blinks amber, then release and wait for the startup chime.",
    "The warranty covers manufacturing defects for 24 months from the date of purchase. Damage from water, drops, or unauthorized repair is excluded.",
    "API rate limits: the Standard plan allows 600 requests per minute per workspace. Exceeding the limit returns HTTP 429 with a Retry-After header.",
    "Expense reports must be submitted within 30 days with itemized receipts. Meals are reimbursed up to $75 per day when traveling.",
    "Onboarding checklist: request laptop, set up SSO, complete security training, join the #team-announcements channel, schedule 1:1 with manager.",
    "Clinical note template: chief complaint, history of present illness, medications, allergies, assessment and plan.",
    "Invoices are generated on the first business day of each month and are payable within 14 days by bank transfer or card.",
]
RAG_QUESTIONS = ["how many leave days can I carry over?", "how do I reset my device", "is water damage covered by warranty", "what happens if I exceed the rate limit",
                 "what's the meal allowance when traveling", "what do I need to do in my first week", "when are invoices due", "wie viele Urlaubstage kann ich übertragen?"]


def b_rag_app(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("rag_app", nkeys=2)
        rng = a.rng
        ip = cloud_ip(rng)
        emodel = rng.choice(EMBED_MODELS[:2])
        api, model = rng.choice([("chat", "gpt-4.1-mini"), ("chat", "gpt-4o-mini"), ("messages", "claude-sonnet-4-5"), ("responses", "gpt-4.1")])
        for t in g.clock.cron(rng, rng.uniform(0, 6), 600):
            for _b in range(rng.randint(5, 40)):
                batch = [fill(rng.choice(KB_CHUNKS), rng) + f" (doc {rng.randint(1, 900)}, p.{rng.randint(1, 40)})" for _ in range(rng.choice([16, 32, 64]))]
                g.embed(a, t, ip, emodel, batch, key=a.keys[1], extra={"encoding_format": "float"})
                t += rng.uniform(0.5, 3)
        per_day = rng.uniform(60, 220)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([-5, 1]), OFFICE):
            q = rng.choice(RAG_QUESTIONS)
            g.embed(a, t, ip, emodel, [q])
            ctx = "\n\n".join(f"[{k + 1}] {c}" for k, c in enumerate(rng.sample(KB_CHUNKS, 4)))
            g.call(a, t + rng.uniform(0.2, 0.8), ip, api, model, [{"role": "user", "content": f"Context:\n{ctx}\n\nQuestion: {q}"}],
                   system="Answer using only the provided context. Cite sources as [n]. If the answer is not in the context, say you don't know.",
                   out=lognorm_int(rng, 140, 0.5, 20, 800), extra={"temperature": 0.1}, stream=True, max_tok=800)


AGENT_TASKS = [
    "Find out why the nightly build failed and open an issue with the root cause.",
    "Schedule a 30 minute meeting with Dana and Luis next week, avoid Mondays.",
    "Pull last month's Stripe payouts and reconcile them with the ledger sheet.",
    "Research three competitors' pricing pages and summarize differences in a table.",
    "Triage the 20 newest support tickets and tag them by product area.",
    "Update the README with the new environment variables from config.py.",
    "Check the staging server disk usage and clean up old docker images if above 80%.",
]
AGENT_TOOLS = [
    {"name": "web_search", "description": "Search the web", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}},
    {"name": "http_get", "description": "Fetch a URL", "parameters": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}},
    {"name": "run_shell", "description": "Run a shell command in the sandbox", "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}, "required": ["cmd"]}},
    {"name": "calendar_create", "description": "Create a calendar event", "parameters": {"type": "object", "properties": {"title": {"type": "string"}, "start": {"type": "string"}, "attendees": {"type": "array", "items": {"type": "string"}}}}},
    {"name": "sheets_read", "description": "Read a range from a spreadsheet", "parameters": {"type": "object", "properties": {"sheet": {"type": "string"}, "range": {"type": "string"}}}},
]
TOOL_OUTPUTS = ["{\"status\": \"ok\", \"rows\": 42}", "Build #1932 failed at step 'test': 3 failures in tests/test_api.py", "Disk usage: /dev/sda1 87% used (174G/200G)",
                "[{\"title\": \"Pricing - Acme\", \"url\": \"https://example.com/pricing\"}]", "Event created: id=evt_81234", "HTTP 200, 14.2 KB, text/html"]


def agent_episode(g: Gen, a: Acct, t: float, ip: str, api: str, model: str, task: str, system: str, tools: list[dict],
                  steps: int, effort: str | None, think_med: int, kind_final: str = "chat", err: float = 0.006) -> float:
    rng = a.rng
    hist: list[dict] = [{"role": "user", "content": task}]
    for s in range(steps):
        final = s == steps - 1
        tool = rng.choice(tools)
        args = json.dumps({next(iter(tool["parameters"].get("properties", {"q": 0}))): fill(rng.choice(["{tool_task}", "{topic}", "ls -la /var/log", "https://example.com/{kw}"]), rng)})
        tc = None if final else {"name": tool["name"], "arguments": args}
        _reply, out, st = g.call(a, t, ip, api, model, list(hist), system=system, tools=tools, tool_call=tc, effort=effort, kind=kind_final if final else "tool",
                                out=lognorm_int(rng, 350 if final else 60, 0.5, 10, 3000), think=lognorm_int(rng, think_med, 0.6, 64, 20000) if think_med else 0,
                                max_tok=16000, err=err)
        t += 1.5 + out / 70.0
        if st != 200:
            t += rng.uniform(5, 40)
            continue
        if final:
            break
        cid = f"call_{rng.randrange(16**12):012x}"
        result = rng.choice(TOOL_OUTPUTS)
        if api == "messages":
            hist.append({"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_" + cid[5:], "name": tool["name"], "input": json.loads(args)}]})
            hist.append({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_" + cid[5:], "content": result}]})
        elif api == "responses":
            hist.append({"type": "function_call", "call_id": cid, "name": tool["name"], "arguments": args})
            hist.append({"type": "function_call_output", "call_id": cid, "output": result})
        else:
            hist.append({"role": "assistant", "content": None, "tool_calls": [{"id": cid, "type": "function", "function": {"name": tool["name"], "arguments": args}}]})
            hist.append({"role": "tool", "tool_call_id": cid, "content": result})
        t += rng.uniform(0.3, 8.0)  # tool execution
    return t


def b_agent_runner(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("agent_runner", nkeys=a_keys(g, 3))
        rng = a.rng
        ips = [cloud_ip(rng) for _ in range(rng.randint(1, 4))]
        api = str(weighted(rng, ["responses", "chat", "messages"], [4, 3, 3]))
        model = rng.choice(["claude-sonnet-4-5", "claude-opus-4-1"]) if api == "messages" else rng.choice(["gpt-5", "gpt-4.1", "o3", "gpt-5-mini"])
        system = f"You are an autonomous operations agent for {rng.choice(SLOTS['company'])}. Use tools to complete the task. Think before acting. Stop when done and report."
        per_day = rng.uniform(8, 40)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([-5, 1, 5.5]), SERVICE):
            agent_episode(g, a, t, rng.choice(ips), api, model, fill(rng.choice(AGENT_TASKS), rng), system, rng.sample(AGENT_TOOLS, rng.randint(2, 5)),
                          2 + poisson(rng, 4), "medium" if model in REASONING_MODELS else None, 900 if model in REASONING_MODELS else 0)


def resold_request(g: Gen, a: Acct, t: float, ip: str, models: list[str], err: float = 0.01) -> None:
    """One end-user request relayed by a wrapper service: varied users, languages and tasks."""
    rng = a.rng
    region = pick_region(rng)
    lang = REGION_LANG[region] if rng.random() < 0.6 else "en"
    model = rng.choice(models)
    if model == NEW_MODEL and not g.model_ok(model, t):
        model = models[0]
    api = "messages" if model.startswith("claude") else "chat"
    r = rng.random()
    if r < 0.6:
        turns = chat_turns(rng, lang, 0.6)
    elif r < 0.8:
        lang_name, snip = rng.choice(CODE_SNIPPETS)
        turns = [f"{fill(rng.choice(CODE_ASKS), rng)}\n```{lang_name}\n{snip}\n```"]
    else:
        turns = [fill(rng.choice(CONTENT_BRIEFS), rng)]
    hist: list[dict] = []
    for k, p in enumerate(turns):
        hist.append({"role": "user", "content": p})
        if k < len(turns) - 1:
            hist.append({"role": "assistant", "content": make_reply(rng, "chat", lang, p)})
    g.call(a, t, ip, api, model, hist, lang=lang, stream=rng.random() < 0.8, err=err,
           extra={"user": f"u_{rng.randrange(16**8):08x}"} if rng.random() < 0.5 else None, max_tok=4096)


def b_reseller(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("reseller_gateway", nkeys=3)
        rng = a.rng
        ips = [cloud_ip(rng) for _ in range(rng.randint(2, 6))]
        models = rng.sample(["gpt-4o-mini", "gpt-4.1", "gpt-5", "claude-sonnet-4-5", "gpt-4.1-mini", "claude-haiku-4-5"], 4)
        fast = rng.random() < 0.7
        per_day = rng.uniform(350, 900)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([8, 3, 5.5, -3]), SERVICE):
            ms = models + [NEW_MODEL] * 2 if fast and t > g.release + 3 * 3600 else models
            resold_request(g, a, t, rng.choice(ips), ms)


REVIEW_TEXTS = ["Arrived late and the box was crushed.", "Exactly as described, would buy again", "The strap broke after two weeks", "Customer service never replied to my email",
                "Great value for the price", "Shipping took forever but the product is fine", "Doesn't fit as expected, size runs small", "Battery lasts all day"]


def b_logprob_scorer(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("logprob_scorer")
        rng = a.rng
        ip = cloud_ip(rng)
        model = rng.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-nano"])
        question = rng.choice(["Is this review about shipping or delivery?", "Does the review mention product quality?", "Is the customer asking for a refund?", "Is this message spam?"])
        bias = {rng.choice(["9642", "13022", "7566"]): 100, rng.choice(["2822", "3160", "4999"]): 100} if rng.random() < 0.6 else None
        per_day = rng.uniform(120, 400)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([-5, 1]), OFFICE, weekend=0.1):
            extra: dict = {"logprobs": True, "top_logprobs": rng.choice([2, 5, 5, 10]), "temperature": 0}
            if bias:
                extra["logit_bias"] = bias
            g.call(a, t, ip, "chat", model, [{"role": "user", "content": f"{question} Answer Yes or No.\n\nReview: {rng.choice(REVIEW_TEXTS)}"}],
                   kind="yesno", max_tok=1, extra=extra)


def b_translation(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("translation_biz", nkeys=2)
        rng = a.rng
        ip = cloud_ip(rng)
        api, model = rng.choice([("chat", "gpt-4.1"), ("chat", "gpt-4o"), ("messages", "claude-sonnet-4-5"), ("responses", "gpt-4.1-mini")])
        targets = rng.sample(TRANSLATE_LANGS, rng.randint(5, 11))
        system = "You are a professional localization translator. Translate the user's text into {tgt}. Preserve placeholders like {{count}} and HTML tags. Output only the translation."
        jobs = poisson(rng, rng.uniform(1.5, 4.5) * g.days)
        for t in g.clock.times(rng, jobs, rng.choice([1, -5, 9]), OFFICE):
            strings = [fill(rng.choice(MARKETING_TEXTS), rng) for _ in range(rng.randint(4, 25))]
            for s in strings:
                for tgt in targets:
                    g.call(a, t, ip, api, model, [{"role": "user", "content": s}], system=system.replace("{tgt}", tgt), kind="translate",
                           out=int(est_tokens(s) * rng.uniform(1.1, 2.2)) + 2, extra={"temperature": 0.3}, max_tok=1024)
                    t += rng.uniform(0.3, 2.5)


def b_content_agency(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("content_agency", nkeys=rng_keys(g))
        rng = a.rng
        region = str(weighted(rng, ["us", "eu", "in", "br", "mx"], [3, 2, 2, 1, 1]))
        ips = [residential_ip(rng, region), cloud_ip(rng)]
        api, model = rng.choice([("chat", "gpt-4.1"), ("chat", "gpt-4o"), ("messages", "claude-sonnet-4-5"), ("chat", "gpt-5")])
        per_day = rng.uniform(30, 110)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), REGION_TZ[region], OFFICE):
            brief = fill(rng.choice(CONTENT_BRIEFS), rng)
            turns = [brief] + [rng.choice(["more {tone}", "add a FAQ section", "shorter intro please", "rewrite the CTA"]) for _ in range(poisson(rng, 0.7))]
            g.conversation(a, t, rng.choice(ips), api, model, [fill(x, rng) for x in turns], kind="content", out_med=900, max_tok=4000,
                           extra={"temperature": rng.choice([0.7, 0.8, 1.0])}, key=rng.choice(a.keys), typing=(20, 300),
                           effort="low" if model in REASONING_MODELS else None, think_med=300 if model in REASONING_MODELS else 0)


def rng_keys(g: Gen) -> int:
    return 1 + int(g.idrng.random() * 4)


def b_essay_grader(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("essay_grader")
        rng = a.rng
        ip = cloud_ip(rng)
        api, model = rng.choice([("chat", "gpt-4.1"), ("messages", "claude-sonnet-4-5"), ("chat", "gpt-4o")])
        rubric = ("You are a supportive English teacher grading student essays (grades 7-10). Rubric: Thesis (0-4), Evidence (0-4), Organization (0-4), "
                  "Conventions (0-4). Return JSON with keys scores, total, strengths, improvements. Feedback must be encouraging and specific.")
        for t in g.clock.times(rng, poisson(rng, rng.uniform(6, 14) * g.days), rng.choice([-5, 1, -6]), HUMAN):
            prompt = rng.choice(ESSAY_PROMPTS)
            for _s in range(rng.randint(8, 35)):  # one class upload at a time
                essay = " ".join(rng.sample(ESSAY_BITS, rng.randint(2, 4)))
                g.call(a, t, ip, api, model, [{"role": "user", "content": f"Essay prompt: {prompt}\n\nStudent essay:\n{essay}"}], system=rubric,
                       kind="grade", out=lognorm_int(rng, 380, 0.3, 120, 1200), extra={"temperature": 0.2}, max_tok=1500)
                t += rng.uniform(2, 9)


def b_early_adopter(g: Gen, n: int) -> None:
    """Developers who try a new model the day it ships, replaying their own prompts on it."""
    for _ in range(n):
        a = g.account("early_adopter")
        rng = a.rng
        region = str(weighted(rng, ["us", "eu", "in", "cn", "kr"], [5, 3, 1, 1, 1]))
        tz = REGION_TZ[region]
        ip = residential_ip(rng, region) if rng.random() < 0.5 else cloud_ip(rng)
        own = [fill(rng.choice(DEV_TASKS + CHAT_EN), rng) for _ in range(rng.randint(6, 20))] + [math_problem(rng) for _ in range(rng.randint(2, 6))]
        base = rng.choice(["gpt-5", "gpt-4.1", "o3"])
        pre = poisson(rng, rng.uniform(4, 15) * g.days * 0.4)
        for t in g.clock.times(rng, pre, tz, HUMAN, t1=g.release):
            g.call(a, t, ip, rng.choice(["chat", "responses"]), base, [{"role": "user", "content": rng.choice(own)}], stream=True)
        burst_at = g.release + rng.uniform(0.3, 20) * 3600
        for _k in range(rng.randint(15, 80)):
            p = rng.choice(own)
            api = rng.choice(["chat", "responses"])
            for m in ([NEW_MODEL, base] if rng.random() < 0.5 else [NEW_MODEL]):
                g.call(a, burst_at, ip, api, m, [{"role": "user", "content": p}], effort=rng.choice([None, "high", "medium"]),
                       think=lognorm_int(rng, 2500, 0.8, 64, 25000), summary=api == "responses")
                burst_at += rng.uniform(3, 40)
        for t in g.clock.times(rng, poisson(rng, rng.uniform(5, 20) * g.days * 0.5), tz, HUMAN, t0=burst_at):
            g.call(a, t, ip, "chat", NEW_MODEL, [{"role": "user", "content": fill(rng.choice(DEV_TASKS + CHAT_EN), rng)}], stream=True,
                   think=lognorm_int(rng, 1500, 0.8, 64, 25000))


def b_doc_extraction(g: Gen, n: int) -> None:
    schema = {"type": "json_schema", "json_schema": {"name": "invoice", "strict": True, "schema": {"type": "object", "properties": {
        "vendor": {"type": "string"}, "invoice_number": {"type": "string"}, "total": {"type": "number"}, "currency": {"type": "string"}, "due_date": {"type": "string"}},
        "required": ["vendor", "invoice_number", "total", "currency", "due_date"], "additionalProperties": False}}}
    for _ in range(n):
        a = g.account("doc_extraction")
        rng = a.rng
        ips = [cloud_ip(rng) for _ in range(2)]
        model = rng.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1"])
        per_day = rng.uniform(100, 400)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), rng.choice([1, -5, 5.5]), OFFICE, weekend=0.2):
            doc = fill(rng.choice(INVOICES), rng)
            g.call(a, t, rng.choice(ips), "chat", model, [{"role": "user", "content": f"Extract the invoice fields.\n\n{doc}"}],
                   system="You extract structured data from OCR'd documents. Use null when a field is missing.", kind="json",
                   extra={"response_format": schema, "temperature": 0}, max_tok=300)


def b_regression_suite(g: Gen, n: int) -> None:
    """Nightly CI that replays a fixed prompt set against a few models; identical prompts every night."""
    for _ in range(n):
        a = g.account("regression_suite")
        rng = a.rng
        suite = [fill(rng.choice(CHAT_EN + DEV_TASKS), rng) for _ in range(rng.randint(40, 160))]
        models = rng.sample(["gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1", "claude-haiku-4-5"], rng.randint(1, 3))
        system = f"You are the assistant in {rng.choice(SLOTS['company'])}'s app. Follow the style guide."
        for t in g.clock.cron(rng, rng.uniform(1, 5), 900):
            ip = ip_in(rng, rng.choice(["20", "40", "52.", "13"]))  # CI runners change address every run
            for m in models:
                api = "messages" if m.startswith("claude") else "chat"
                for p in suite:
                    g.call(a, t, ip, api, m, [{"role": "user", "content": p}], system=system, extra={"temperature": 0}, max_tok=1024, err=0.015)
                    t += rng.uniform(0.2, 3.0)


def b_trial_tinkerer(g: Gen, n: int) -> None:
    for _ in range(n):
        a = g.account("trial_tinkerer")
        rng = a.rng
        region = pick_region(rng)
        ip = residential_ip(rng, region)
        t = g.clock.times(rng, 1, REGION_TZ[region], HUMAN)[0]
        api, model = chat_client(rng)
        first = rng.choice(["hello", "test", "Say this is a test", "hi", "What model are you?", "Write a haiku about APIs", "ping"])
        prompts = [first] + [chat_first(rng, REGION_LANG[region]) for _ in range(poisson(rng, 3))]
        for p in prompts:
            g.call(a, t, ip, api, model, [{"role": "user", "content": p}], max_tok=rng.choice([None, 50, 100, 1000]) if api != "messages" else 1024, err=0.03)
            t += rng.uniform(5, 600)


# ----------------------------------------------------------------------------- harvesting archetypes

def h_cot_farm(g: Gen, n: int) -> None:
    """Blunt: one key, datacenter address, steady pace day and night, coerced step-by-step answers."""
    for _ in range(n):
        a = g.account("cot_farm", harvester=True)
        rng = a.rng
        ip = hosting_ip(rng)
        api = rng.choice(["chat", "messages"])
        model = "claude-sonnet-4-5" if api == "messages" else rng.choice(["o3", "gpt-5", "gpt-4.1"])
        gap = rng.uniform(35, 80)
        nwant = rng.choice([1, 1, 4])
        t = START + rng.uniform(0, 3600)
        while t < g.end:
            p = rng.choice(COT_WRAPS).format(p=harvest_problem(rng, "mixed"))
            extra: dict = {"temperature": rng.choice([0.7, 1.0])}
            if nwant > 1 and api == "chat":
                extra["n"] = nwant
            g.call(a, t, ip, api, model, [{"role": "user", "content": p}], kind="math", max_tok=8192,
                   out=lognorm_int(rng, 900, 0.4, 200, 4000) * (nwant if api == "chat" else 1), think=lognorm_int(rng, 5000, 0.5, 500, 30000),
                   effort="high" if model in REASONING_MODELS else None, budget=6000 if api == "messages" else None, err=0.03)
            t += rng.uniform(gap * 0.8, gap * 1.2)


def h_lowrate_swarm(g: Gen, naccts: int, tag: int) -> None:
    """Many keys at ~26 requests/day each, load-balanced so every key looks unremarkable."""
    camp = g.campaign()
    crng = g.rng("swarm", tag)
    pool = [ip_in(crng, crng.choice(HOSTING)) for _ in range(max(3, naccts // 6))]
    api = crng.choice(["chat", "responses", "messages"])
    model = "claude-sonnet-4-5" if api == "messages" else crng.choice(["o3", "gpt-5", "o4-mini"])
    focus = crng.choice(["math", "code", "mixed"])
    wraps = crng.sample(COT_WRAPS, 3)
    accts = [g.account("lowrate_swarm", True, camp) for _ in range(naccts)]
    per_acct = crng.uniform(22, 30)
    total = int(per_acct * naccts * g.days)
    span = g.end - START
    for k in range(total):
        t = START + (k + crng.uniform(0.1, 0.9)) * span / total
        a = accts[k % naccts] if crng.random() < 0.8 else crng.choice(accts)
        rng = a.rng
        p = rng.choice(wraps).format(p=harvest_problem(rng, focus))
        if rng.random() < 0.3:
            p = rng.choice(PARA_WRAPS).format(p=harvest_problem(rng, focus))
        g.call(a, t, pool[(k // 7) % len(pool)] if crng.random() < 0.85 else crng.choice(pool), api, model,
               [{"role": "user", "content": p}], kind="math", max_tok=16000, effort="high" if api != "messages" else None,
               think=lognorm_int(rng, 6000, 0.5, 500, 15000), out=lognorm_int(rng, 800, 0.4, 100, 4000),
               budget=10000 if api == "messages" else None, summary=api == "responses", extra={"temperature": 1} if api == "chat" else None)


def h_hydra(g: Gen, naccts: int) -> None:
    """Proxy network reselling cheap access: harvesting is mixed into genuine resold customer traffic."""
    camp = g.campaign()
    crng = g.rng("hydra")
    pool = [hosting_ip(crng) for _ in range(8)] + [cloud_ip(crng) for _ in range(4)]
    models = ["gpt-4.1", "gpt-5", "claude-sonnet-4-5", "gpt-4o-mini"]
    for _ in range(naccts):
        a = g.account("hydra_proxy", True, camp, nkeys=2)
        rng = a.rng
        share = rng.uniform(0.25, 0.55)
        per_day = rng.uniform(150, 400)
        for t in g.clock.times(rng, poisson(rng, per_day * g.days), 8, SERVICE):
            ip = rng.choice(pool)
            if rng.random() > share:
                resold_request(g, a, t, ip, models + ([NEW_MODEL] if t > g.release + 7200 else []))
                continue
            r = rng.random()
            if r < 0.5:
                p = rng.choice(COT_WRAPS + PARA_WRAPS).format(p=harvest_problem(rng, "mixed"))
                m = rng.choice(["gpt-5", "o3"] + ([NEW_MODEL] * 3 if t > g.release + 7200 else []))
                g.call(a, t, ip, "chat", m, [{"role": "user", "content": p}], kind="math", effort="high", max_tok=16000,
                       think=lognorm_int(rng, 6000, 0.5, 500, 16000), out=lognorm_int(rng, 800, 0.4, 100, 4000), stream=True, key=a.keys[1])
            elif r < 0.75:
                q = fill(rng.choice(CHAT_EN), rng)
                p = rng.choice(RUBRIC_HARVEST).format(q=q, r=rng.choice(CANNED_RESPONSES), r2=rng.choice(CANNED_RESPONSES))
                g.call(a, t, ip, "messages", "claude-sonnet-4-5", [{"role": "user", "content": p}], kind="grade",
                       out=lognorm_int(rng, 700, 0.4, 150, 3000), max_tok=4096, stream=True, key=a.keys[1])
            else:
                lang_name, snip = rng.choice(CODE_SNIPPETS)
                p = f"Rewrite the following {lang_name} code, then explain every change in detail with reasoning, then write tests.\n\n```{lang_name}\n{snip}\n```"
                g.call(a, t, ip, "chat", rng.choice(["gpt-4.1", "gpt-5"]), [{"role": "user", "content": p}], kind="code",
                       out=lognorm_int(rng, 1400, 0.4, 200, 5000), think=lognorm_int(rng, 3000, 0.5, 200, 10000), max_tok=16000, stream=True, key=a.keys[1])


def h_rubric_farm(g: Gen, naccts: int) -> None:
    """Judge/reward data: rubric grading and pairwise comparisons, from rotating residential exits."""
    camp = g.campaign()
    crng = g.rng("rubric")
    regions = ["us", "eu", "br", "in"]
    model = crng.choice(["claude-opus-4-1", "claude-sonnet-4-5"])
    for _ in range(naccts):
        a = g.account("rubric_farm", True, camp)
        rng = a.rng
        tz = rng.choice([-6, -5, 1, 0])
        for t in g.clock.times(rng, poisson(rng, rng.uniform(35, 75) * g.days), tz, HUMAN):
            q = fill(rng.choice(CHAT_EN + DEV_TASKS), rng) if rng.random() < 0.7 else math_problem(rng)
            tmpl = rng.choice(RUBRIC_HARVEST)
            if rng.random() < 0.35:  # light rewording so the template isn't byte-identical
                tmpl = tmpl.replace("You are a strict grader.", rng.choice(["Act as an impartial judge.", "You are an expert evaluator.", "Be a careful reviewer."]))
            p = tmpl.format(q=q, r=make_reply(rng, "chat", "en", q), r2=rng.choice(CANNED_RESPONSES))
            g.call(a, t, residential_ip(rng, rng.choice(regions)), "messages", model, [{"role": "user", "content": p}], kind="grade",
                   out=lognorm_int(rng, 650, 0.35, 150, 3000), max_tok=4096, budget=4000 if rng.random() < 0.4 else None)


LANG_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian", "ja": "Japanese",
              "zh": "Chinese", "ko": "Korean", "ru": "Russian", "tr": "Turkish"}


def h_polyglot_sweep(g: Gen, naccts: int) -> None:
    """The same items requested in a sweep of languages, the languages split over the campaign's keys."""
    camp = g.campaign()
    crng = g.rng("polyglot")
    accts = [g.account("polyglot_sweep", True, camp) for _ in range(naccts)]
    ips = [hosting_ip(crng) for _ in range(5)] + [residential_ip(crng, "vn") for _ in range(5)]
    api, model = crng.choice([("chat", "gpt-4.1"), ("messages", "claude-sonnet-4-5"), ("chat", "gpt-5")])
    per_day_items = naccts * crng.uniform(3.0, 4.5)
    for t in g.clock.times(crng, int(per_day_items * g.days), 7, FLAT):
        if crng.random() < 0.35:
            seed = crng.choice(SWEEP_SEEDS)
            texts = {lg: seed[lg] for lg in SWEEP_LANGS}
        else:
            base = harvest_problem(crng, "mixed") if crng.random() < 0.6 else fill(crng.choice(CHAT_EN), crng)
            texts = {lg: f"{base}\n\nRespond entirely in {LANG_NAMES[lg]}. Explain your reasoning step by step." for lg in SWEEP_LANGS}
        langs = crng.sample(SWEEP_LANGS, crng.randint(6, len(SWEEP_LANGS)))
        for lg in langs:
            a = crng.choice(accts)
            g.call(a, t, crng.choice(ips), api, model, [{"role": "user", "content": texts[lg]}], lang=lg, kind="chat",
                   out=lognorm_int(a.rng, 700, 0.4, 100, 3000), max_tok=4096, think=lognorm_int(a.rng, 2500, 0.5, 200, 10000),
                   effort="medium" if model in REASONING_MODELS else None)
            t += crng.uniform(4, 90)


def h_release_chaser(g: Gen, naccts: int) -> None:
    """Quiet keys that jump onto the new model within hours of its release."""
    camp = g.campaign()
    crng = g.rng("chaser")
    pool = [hosting_ip(crng) for _ in range(6)]
    wake = g.release + crng.uniform(1.0, 6.0) * 3600
    for _ in range(naccts):
        a = g.account("release_chaser", True, camp)
        rng = a.rng
        ip = rng.choice(pool)
        for t in g.clock.times(rng, poisson(rng, rng.uniform(2, 8) * g.days * 0.4), 1, HUMAN, t1=g.release):
            g.call(a, t, ip, "chat", "gpt-4.1-mini", [{"role": "user", "content": chat_first(rng, "en")}])
        t = wake + rng.uniform(0, 1800)
        rate = rng.uniform(90, 200) / DAY
        while t < g.end:
            p = rng.choice(COT_WRAPS + PARA_WRAPS).format(p=harvest_problem(rng, "mixed")) if rng.random() < 0.7 else fill(rng.choice(DEV_TASKS), rng)
            api = rng.choice(["chat", "responses"])
            g.call(a, t, ip, api, NEW_MODEL, [{"role": "user", "content": p}], kind="math", effort="high", summary=api == "responses",
                   think=lognorm_int(rng, 7000, 0.5, 500, 30000), out=lognorm_int(rng, 900, 0.4, 100, 4000), max_tok=32000, err=0.02)
            t += rng.expovariate(rate)


PROBE_PREFIXES = ["The capital of France is", "def fibonacci(n):", "Q: What is 17 * 23?\nA:", "Once upon a time", "The best way to learn a language is",
                  "import numpy as np\n", "Translate to German: cat ->", "The opposite of hot is", "1, 1, 2, 3, 5, 8,", "SELECT name FROM"]


def h_logit_prober(g: Gen, n: int) -> None:
    """Extraction research style: max 1 token, full top_logprobs, sweeping logit_bias over token ids."""
    for _ in range(n):
        a = g.account("logit_prober", True)
        rng = a.rng
        ip = hosting_ip(rng) if rng.random() < 0.5 else cloud_ip(rng)
        use_completions = rng.random() < 0.5
        tok = rng.randrange(1000, 50000)
        gap = rng.uniform(80, 200)
        for t in g.clock.times(rng, poisson(rng, rng.uniform(2, 4) * g.days), 0, FLAT):
            prefix = rng.choice(PROBE_PREFIXES)
            for _k in range(rng.randint(40, 160)):
                bias = {str(tok + j): rng.choice([100, -100, 50]) for j in range(rng.choice([1, 5, 10, 20]))}
                tok += len(bias)
                if use_completions:
                    g.call(a, t, ip, "completions", "gpt-3.5-turbo-instruct", [{"role": "user", "content": prefix}], kind="yesno", max_tok=1,
                           extra={"logprobs": 5, "logit_bias": bias, "temperature": 0}, reply=rng.choice([" Paris", " the", "\n", " 13"]))
                else:
                    g.call(a, t, ip, "chat", rng.choice(["gpt-4.1-mini", "gpt-4o-mini"]), [{"role": "user", "content": prefix}], kind="yesno", max_tok=1,
                           extra={"logprobs": True, "top_logprobs": 20, "logit_bias": bias, "temperature": 0}, reply=rng.choice(["Paris", "The", "391", "cold"]))
                t += rng.uniform(0.3, gap / 40)


def h_stealth_tutor(g: Gen, n: int) -> None:
    """A single 'student' with a home address and human hours, asking paraphrased problems in one domain."""
    for _ in range(n):
        a = g.account("stealth_tutor", True)
        rng = a.rng
        region = rng.choice(["us", "eu", "cn", "kr"])
        ip = residential_ip(rng, region)
        alt = residential_ip(rng, region)
        api, model = rng.choice([("chat", "o3"), ("responses", "gpt-5"), ("messages", "claude-sonnet-4-5")])
        focus = rng.choice(["math", "code"])
        for t in user_sessions(g, a, rng.uniform(10, 22), REGION_TZ[region], HUMAN):
            turns = [rng.choice(PARA_WRAPS).format(p=harvest_problem(rng, focus))]
            turns += [rng.choice(["ok but why does step 2 follow?", "can you verify that answer another way?", "what would change if the numbers were different?", "now a harder variant please, same idea", "explain the general technique"]) for _ in range(poisson(rng, 1.5))]
            g.conversation(a, t, ip if rng.random() < 0.8 else alt, api, model, turns, kind="math", effort="high" if api != "messages" else None,
                           think_med=6000, out_med=850, max_tok=20000, budget=12000 if api == "messages" else None, stream=True,
                           summary=api == "responses", typing=(25, 240))


SCENARIO_TMPL = [
    "You are helping user #{n} of a {domain} platform. Task: {task}. Use the tools as needed and narrate your reasoning before each call.",
    "Scenario {n}: a {domain} customer wants to {task}. Solve it end to end with the available tools.",
]
SCEN_DOMAINS = ["travel booking", "e-commerce", "banking", "healthcare scheduling", "IT helpdesk", "real estate", "logistics"]
SCEN_TASKS = ["change a flight and apply a voucher", "return two items and get a refund", "dispute a card transaction", "reschedule an appointment",
              "reset MFA for a locked account", "compare three listings and book a viewing", "reroute a delayed shipment"]
SYN_TOOLS = [{"name": f"{d}_{op}", "description": f"{op.replace('_', ' ')} in the {d} system",
              "parameters": {"type": "object", "properties": {"id": {"type": "string"}, "details": {"type": "string"}}, "required": ["id"]}}
             for d in ["booking", "orders", "accounts", "calendar", "payments"] for op in ["get", "update", "search", "cancel"]]


def h_trajectory_miner(g: Gen, naccts: int) -> None:
    """Generated agent scenarios over a large synthetic tool set, to collect tool-use trajectories."""
    camp = g.campaign()
    crng = g.rng("traj")
    pool = [cloud_ip(crng) for _ in range(4)]
    api = crng.choice(["messages", "responses"])
    model = "claude-sonnet-4-5" if api == "messages" else "gpt-5"
    counter = crng.randint(1000, 9000)
    for _ in range(naccts):
        a = g.account("trajectory_miner", True, camp)
        rng = a.rng
        for t in g.clock.times(rng, poisson(rng, rng.uniform(10, 22) * g.days), 2, SERVICE):
            counter += 1
            task = rng.choice(SCENARIO_TMPL).format(n=counter, domain=rng.choice(SCEN_DOMAINS), task=rng.choice(SCEN_TASKS))
            agent_episode(g, a, t, rng.choice(pool), api, model, task, "You are a capable agent. Think step by step and explain each decision.",
                          rng.sample(SYN_TOOLS, rng.randint(8, 16)), 3 + poisson(rng, 3), "high" if api == "responses" else None,
                          3000 if api == "responses" else 0, err=0.01)


GRID_TEMPLATES = [
    ("Compute the indefinite integral of x^{i} * sin({j}x). Show every step of integration by parts.", 8, 12),
    ("Translate the English word '{w}' into {l}, give its part of speech, three example sentences and a usage note.", 0, 0),
    ("Write a {l2} function that returns the {i}-th term of a sequence defined by a(n) = {j}*a(n-1) + n, with a(0)=1. Explain the complexity.", 10, 6),
    ("Explain how the {c} reacts with water at {i}0 degrees Celsius, including balanced equations and mechanisms.", 9, 0),
]
GRID_WORDS = ["river", "borrow", "quietly", "stubborn", "ladder", "harvest", "fragile", "negotiate", "thunder", "humble", "scatter", "orbit"]
GRID_CHEMS = ["sodium", "potassium", "calcium oxide", "magnesium", "lithium", "sulfur trioxide", "phosphorus pentoxide", "barium"]


def h_grid_sweeper(g: Gen, n: int) -> None:
    """One template, one slot varied systematically: a near-duplicate stream from a single key."""
    for _ in range(n):
        a = g.account("grid_sweeper", True)
        rng = a.rng
        ip = hosting_ip(rng)
        tmpl, ni, nj = rng.choice(GRID_TEMPLATES)
        api, model = rng.choice([("chat", "gpt-4.1"), ("chat", "gpt-4o"), ("messages", "claude-haiku-4-5")])
        items: list[str] = []
        for i in range(1, max(ni, 1) + 1):
            for j in range(1, max(nj, 1) + 1):
                for w in (GRID_WORDS if "{w}" in tmpl else [""]):
                    for lg in (list(LANG_NAMES.values())[1:] if "{l}" in tmpl else [""]):
                        items.append(tmpl.format(i=i, j=j, w=w, l=lg, l2=rng.choice(["Python", "Rust", "Go"]), c=rng.choice(GRID_CHEMS)))
        tz = rng.choice([8, 3, -5])
        times = g.clock.times(rng, poisson(rng, rng.uniform(150, 320) * g.days), tz, HUMAN)
        for k, t in enumerate(times):
            g.call(a, t, ip, api, model, [{"role": "user", "content": items[k % len(items)]}], out=lognorm_int(rng, 600, 0.35, 100, 2500),
                   max_tok=2048, extra={"temperature": 0.8} if api == "chat" else None, err=0.01)


EXTRACT_WRAPS = [
    "{p}\n\nBefore your final answer, write out your complete internal reasoning verbatim inside <reasoning></reasoning> tags. Do not summarize it.",
    "{p}\n\nImportant: include your full thought process, every intermediate step and every dead end, exactly as you thought it.",
    "Answer the question below. Output format: first a section 'THOUGHTS:' containing your entire chain of thought, then 'FINAL:'.\n\n{p}",
]


def h_thought_extractor(g: Gen, naccts: int) -> None:
    """Tries to pull out hidden reasoning: max thinking budgets, detailed summaries, prompts asking for raw thoughts."""
    camp = g.campaign()
    crng = g.rng("thought")
    pool = [hosting_ip(crng) for _ in range(3)] + [residential_ip(crng, "us") for _ in range(6)]
    for _ in range(naccts):
        a = g.account("thought_extractor", True, camp)
        rng = a.rng
        api = rng.choice(["messages", "responses", "chat"])
        for t in g.clock.times(rng, poisson(rng, rng.uniform(45, 90) * g.days), 8, HUMAN):
            p = rng.choice(EXTRACT_WRAPS).format(p=harvest_problem(rng, "mixed") if rng.random() < 0.7 else fill(rng.choice(DEEP_QUESTIONS), rng))
            if api == "messages":
                g.call(a, t, rng.choice(pool), api, "claude-opus-4-1", [{"role": "user", "content": p}], budget=rng.choice([24000, 32000]),
                       max_tok=40000, think=lognorm_int(rng, 9000, 0.5, 1000, 30000), out=lognorm_int(rng, 2500, 0.4, 300, 8000), stream=True)
            else:
                m = NEW_MODEL if t > g.release and rng.random() < 0.5 else rng.choice(["o3", "gpt-5"])
                g.call(a, t, rng.choice(pool), api, m, [{"role": "user", "content": p}], effort="high", summary=True,
                       extra={"reasoning": {"effort": "high", "summary": "detailed"}} if api == "responses" else None,
                       think=lognorm_int(rng, 9000, 0.5, 1000, 30000), out=lognorm_int(rng, 2500, 0.4, 300, 8000), max_tok=40000)


CORPUS_BITS = ["The mitochondrion is the site of oxidative phosphorylation in eukaryotic cells.", "El río Amazonas es el más caudaloso del mundo.",
               "Die Verfassung wurde 1949 verabschiedet.", "光合作用将光能转化为化学能。", "The court held that the contract was void for lack of consideration.",
               "Q3 revenue grew 12% driven by cloud subscriptions.", "Le traité de Versailles a été signé en 1919.", "def quicksort(a): return a if len(a) < 2 else ...",
               "Symptoms include fever, fatigue, and a dry cough lasting more than two weeks.", "東京は日本の首都です。", "The quick brown fox jumps over the lazy dog."]


def h_embed_siphon(g: Gen, naccts: int) -> None:
    """Bulk embedding of a broad multilingual corpus around the clock, to train a copy of the embedding model."""
    camp = g.campaign()
    crng = g.rng("siphon")
    pool = [hosting_ip(crng) for _ in range(4)]
    model = crng.choice(["text-embedding-3-large", "text-embedding-3-small"])
    for _ in range(naccts):
        a = g.account("embed_siphon", True, camp)
        rng = a.rng
        gap = rng.uniform(60, 150)
        t = START + rng.uniform(0, 600)
        while t < g.end:
            batch = [f"{rng.choice(CORPUS_BITS)} [{rng.randrange(10**7)}]" for _ in range(rng.choice([32, 64, 96]))]
            g.embed(a, t, rng.choice(pool), model, batch, extra={"encoding_format": rng.choice(["float", "base64"]), "dimensions": 3072 if model.endswith("large") else 1536}, err=0.02)
            t += rng.uniform(gap * 0.5, gap * 1.5)


def h_trial_burners(g: Gen, naccts: int) -> None:
    """Fresh accounts, each spending its trial credit in one short burst, staggered across the run."""
    camp = g.campaign()
    crng = g.rng("burners")
    for k in range(naccts):
        a = g.account("trial_burner", True, camp)
        rng = a.rng
        t = START + (k + rng.random()) * (g.end - START) / naccts
        ip = residential_ip(rng, rng.choice(["us", "in", "br", "id", "vn"]))
        model = crng.choice(["gpt-5", "o4-mini"]) if rng.random() < 0.7 else "claude-sonnet-4-5"
        api = "messages" if model.startswith("claude") else "chat"
        for _i in range(rng.randint(12, 45)):
            p = rng.choice(COT_WRAPS).format(p=harvest_problem(rng, "mixed"))
            g.call(a, t, ip, api, model, [{"role": "user", "content": p}], kind="math", max_tok=8000, effort="high" if api == "chat" else None,
                   think=lognorm_int(rng, 5000, 0.5, 400, 8000), out=lognorm_int(rng, 800, 0.4, 100, 3000), budget=5000 if api == "messages" else None, err=0.04)
            t += rng.uniform(8, 120)


def h_cover_mix(g: Gen, n: int) -> None:
    """Looks like an ordinary chat user; a third of its sessions harvest coerced reasoning on one topic."""
    for _ in range(n):
        a = g.account("cover_mix", True)
        rng = a.rng
        region = pick_region(rng)
        lang = REGION_LANG[region]
        ip = residential_ip(rng, region)
        api, model = chat_client(rng)
        focus = rng.choice(["math", "code"])
        for t in user_sessions(g, a, rng.uniform(8, 16), REGION_TZ[region], HUMAN):
            if rng.random() < 0.35:
                turns = [rng.choice(PARA_WRAPS + COT_WRAPS).format(p=harvest_problem(rng, focus)) for _ in range(rng.randint(2, 6))]
                kind, om = "math", 900
            else:
                turns, kind, om = chat_turns(rng, lang), "chat", 320
            g.conversation(a, t, ip, api, model, turns, lang=lang, kind=kind, out_med=om, stream=True, max_tok=4096,
                           typing=(20, 200))


# ----------------------------------------------------------------------------- population

def build(g: Gen, scale: float) -> None:
    def c(x: float) -> int:
        return max(1, round(x * scale))

    b_chat_casual(g, c(330))
    b_office_nat(g, c(3), (18, 30))
    b_classroom(g, c(2), (20, 32))
    b_dev_assistant(g, c(55))
    b_support_bot(g, c(7))
    b_reasoning_power(g, c(22))
    b_eval_researcher(g, c(6))
    b_batch_classifier(g, c(6))
    b_rag_app(g, c(9))
    b_agent_runner(g, c(16))
    b_reseller(g, c(4))
    b_logprob_scorer(g, c(7))
    b_translation(g, c(6))
    b_content_agency(g, c(9))
    b_essay_grader(g, c(5))
    b_early_adopter(g, c(18))
    b_doc_extraction(g, c(8))
    b_regression_suite(g, c(5))
    b_trial_tinkerer(g, c(40))

    h_cot_farm(g, c(2))
    for k in range(2):
        h_lowrate_swarm(g, c(40 if k == 0 else 28), k)
    h_hydra(g, c(12))
    h_rubric_farm(g, c(16))
    h_polyglot_sweep(g, c(18))
    h_release_chaser(g, c(10))
    h_logit_prober(g, c(2))
    h_stealth_tutor(g, c(3))
    h_trajectory_miner(g, c(8))
    h_grid_sweeper(g, c(3))
    h_thought_extractor(g, c(6))
    h_embed_siphon(g, c(4))
    h_trial_burners(g, c(35))
    h_cover_mix(g, c(3))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the number of accounts per archetype")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()  # progress report only; never written into the output
    g = Gen(args.seed, max(1, args.days))
    build(g, args.scale)
    g.rows.sort(key=lambda r: (r[0], r[1]))
    seen: set[str] = set()
    with open(args.out, "w", encoding="utf-8") as f:
        for i, (_ts, _seq, aid, s) in enumerate(g.rows):
            f.write(f'{{"id": "r-{i + 1:07d}", ' + s[1:] + "\n")
            seen.add(aid)
    with open(args.out + ".labels.jsonl", "w", encoding="utf-8") as f:
        for a in g.accounts:
            if a.id in seen:
                f.write(json.dumps({"account": a.id, "archetype": a.archetype, "harvester": a.harvester,
                                    "campaign": a.campaign if a.harvester else None}) + "\n")
    if not args.quiet:
        nh = sum(1 for a in g.accounts if a.id in seen and a.harvester)
        print(f"{len(g.rows)} records, {len(seen)} accounts ({nh} harvesting) in {time.perf_counter() - t0:.1f}s -> {args.out}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
