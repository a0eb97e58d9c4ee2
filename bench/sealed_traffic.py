"""SEEN (sixth session: development data since its one held-out measurement, start 08e170b -> 72a62eb).

Usage:
    .venv/bin/python bench/sealed_traffic.py --seed 1 --days 3 --out /tmp/x.jsonl [--quiet]

Writes OUT (one traffic record per line, ascending ts, format of CONTRACT.md
"Traffic record") and OUT.labels.jsonl (one line per account: account,
archetype, harvester, campaign).  Standard library only; every random choice
comes from random.Random(f"sealed-{seed}") or generators derived from that
string, so the same seed and days give byte-identical files.
"""

import argparse
import datetime
import json
import math
import random
import time

START = 1780000000.0
DAY = 86400.0
HOUR = 3600.0

# --------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------
CHAT_MODELS = ["gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "gpt-4.1-nano"]
REASON_MODELS = ["o3", "o4-mini", "o3-mini"]
CLAUDE_MODELS = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]
NEW_OAI = "gpt-5.5"
NEW_CLAUDE = "claude-opus-5"
EMBED_MODELS = ["text-embedding-3-small", "text-embedding-3-large"]
OAI_REASONING = set(REASON_MODELS) | {NEW_OAI}
LEN_SCALE = 0.38  # global scale on generated completion lengths (keeps the file size bounded)

# --------------------------------------------------------------------------
# word pools
# --------------------------------------------------------------------------
PLANGS = [
    "Python",
    "TypeScript",
    "JavaScript",
    "Rust",
    "Go",
    "Java",
    "C++",
    "SQL",
    "Bash",
    "Kotlin",
    "Swift",
    "C#",
    "Ruby",
    "PHP",
    "Scala",
]
CODE_TASKS = [
    "implement an LRU cache with O(1) operations",
    "parse a CSV file that has quoted fields and embedded newlines",
    "debounce a function call",
    "merge overlapping intervals",
    "validate a JWT and extract its claims",
    "implement a token bucket rate limiter",
    "read a large file line by line without loading it into memory",
    "retry an HTTP request with exponential backoff",
    "deduplicate a list while keeping the original order",
    "find the k most frequent words in a text",
    "build a trie for prefix search",
    "compute Dijkstra shortest paths",
    "serialize a binary tree to a string and back",
    "paginate results from a REST API",
    "convert timestamps between time zones",
    "detect a cycle in a directed graph",
    "implement a thread-safe queue",
    "stream rows from Postgres into S3 as parquet",
    "write a websocket echo server",
    "flatten a nested JSON object",
    "compute a rolling average over a time window",
    "upload files in parallel with a concurrency limit",
    "schedule a job every weekday at 9am",
    "diff two lists of records by primary key",
    "implement binary search on a rotated sorted array",
    "memoize an expensive recursive function",
    "hash passwords securely",
    "parse command-line flags with subcommands",
    "batch database inserts",
    "write a middleware that logs request latency",
    "implement a simple state machine for order status",
    "read environment variables with defaults and validation",
    "resize images while keeping the aspect ratio",
    "implement pub/sub over Redis",
    "compute the Levenshtein distance",
    "generate a sitemap from a list of URLs",
    "cache API responses with a TTL",
    "sort a linked list in O(n log n)",
    "implement a bloom filter",
    "build a minimal dependency injection container",
]
CODE_ERRORS = [
    "TypeError: 'NoneType' object is not subscriptable",
    "segmentation fault (core dumped)",
    "error[E0382]: borrow of moved value",
    "TypeError: undefined is not a function",
    "java.lang.NullPointerException",
    "fatal error: all goroutines are asleep - deadlock!",
    "ModuleNotFoundError: No module named 'src'",
    "Access to fetch has been blocked by CORS policy",
    "IndexError: list index out of range",
    "error TS2339: Property 'id' does not exist on type '{}'",
    "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint",
    "RecursionError: maximum recursion depth exceeded",
    "panic: runtime error: index out of range [3] with length 3",
    "ValueError: too many values to unpack (expected 2)",
    "KeyError: 'user_id'",
    "Unhandled Promise rejection: ECONNREFUSED 127.0.0.1:5432",
    "OOMKilled (exit code 137)",
]
CODE_CONCEPTS = [
    "async/await",
    "generators",
    "closures",
    "interfaces",
    "traits",
    "generics",
    "decorators",
    "dependency injection",
    "the event loop",
    "mutexes",
    "channels",
    "virtual threads",
    "lifetimes",
    "list comprehensions",
    "pattern matching",
    "database indexes",
    "transactions",
    "memoization",
    "monads",
    "tail recursion",
    "the GIL",
    "React hooks",
    "ORMs",
    "connection pooling",
]
IDENTS = [
    "user",
    "items",
    "result",
    "data",
    "cfg",
    "resp",
    "buf",
    "node",
    "cache",
    "count",
    "total",
    "order",
    "payload",
    "rows",
    "idx",
    "key",
    "value",
    "session",
    "client",
    "queue",
    "parts",
    "line",
    "ctx",
    "batch",
]
FUNCS = [
    "load_config",
    "fetch_orders",
    "parse_row",
    "handle_event",
    "compute_total",
    "build_index",
    "retry",
    "normalize",
    "validate",
    "process_batch",
    "merge",
    "to_json",
    "get_user",
    "update_cache",
    "run",
]

SCI_TOPICS = [
    "photosynthesis",
    "entropy",
    "CRISPR gene editing",
    "plate tectonics",
    "quantum tunneling",
    "the Krebs cycle",
    "black hole evaporation",
    "mRNA vaccines",
    "superconductivity",
    "the greenhouse effect",
    "natural selection",
    "nuclear fusion",
    "the Doppler effect",
    "protein folding",
    "ocean acidification",
    "dark matter",
    "the immune response to viruses",
    "semiconductor band gaps",
    "circadian rhythms",
    "the Higgs mechanism",
    "radioactive decay",
    "enzyme kinetics",
    "the carbon cycle",
    "gravitational waves",
    "antibiotic resistance",
    "special relativity",
    "neurotransmitters",
    "lithium-ion batteries",
    "El Nino",
    "the Bernoulli principle",
    "catalysis",
    "the double-slit experiment",
    "stem cells",
    "the water cycle",
    "exoplanet detection",
    "Maxwell's equations",
    "photovoltaic cells",
    "the gut microbiome",
    "chaos theory",
    "Bayesian inference",
]
AUDIENCES = [
    "a 10-year-old",
    "a high school student",
    "an undergraduate",
    "a non-technical manager",
    "a PhD student",
    "my grandmother",
    "a software engineer",
    "a new employee",
    "a journalist",
]
DOCS = [
    "email",
    "cover letter",
    "blog post",
    "LinkedIn post",
    "product description",
    "press release",
    "short story",
    "poem",
    "speech",
    "newsletter",
    "apology letter",
    "meeting summary",
    "tweet thread",
    "job posting",
    "wedding toast",
    "README",
    "policy memo",
    "grant abstract",
]
TONES = [
    "friendly",
    "formal",
    "concise",
    "persuasive",
    "humorous",
    "empathetic",
    "professional",
    "casual",
    "inspiring",
    "neutral",
]
SUBJECTS = [
    "our new mobile app launch",
    "a delayed shipment",
    "remote work policy",
    "climate change",
    "a team offsite",
    "quarterly results",
    "a product recall",
    "my cat",
    "learning to code",
    "a community garden",
    "the move to a four-day week",
    "data privacy",
    "a charity run",
    "a bakery opening",
    "AI in healthcare",
    "our pricing change",
    "a farewell to a colleague",
    "electric cars",
    "a hiking trip in Patagonia",
    "the importance of sleep",
]
BIZ = [
    "a SWOT analysis for a coffee subscription startup",
    "a go-to-market plan for a B2B analytics tool",
    "OKRs for a customer success team",
    "a pricing strategy for a SaaS with three tiers",
    "an investor update for a seed-stage company",
    "a competitor analysis for a meal-kit service",
    "a hiring plan for a 20-person engineering team",
    "a risk register for a data-center migration",
    "a churn reduction plan",
    "a customer interview script",
    "a vendor evaluation matrix",
    "a one-page business plan for a dog-walking app",
    "a budget for a small marketing campaign",
    "an onboarding checklist for new sales reps",
    "talking points for a layoff announcement",
]
GENERAL_Q = [
    "What's a good 3-day itinerary for Lisbon?",
    "How do I make sourdough starter from scratch?",
    "Is it better to pay off debt or invest?",
    "How do I fix a leaking kitchen faucet?",
    "What are some good stretches for lower back pain?",
    "How does compound interest work?",
    "What should I pack for a week in Iceland in October?",
    "Recommend some sci-fi books like The Expanse",
    "How do I negotiate a higher salary?",
    "What is the difference between a Roth and traditional IRA?",
    "How can I improve my sleep?",
    "Give me a vegetarian dinner plan for the week",
    "How do I train for a half marathon in 12 weeks?",
    "What are the symptoms of burnout?",
    "How do I get rid of aphids on my tomatoes?",
    "Explain how mortgages work in simple terms",
    "Plan a birthday party for a 7 year old",
    "What's the best way to learn Spanish as an adult?",
    "How do I write a good resume with no experience?",
    "What should I consider when adopting a dog?",
    "How do solar panels work and are they worth it?",
    "What are good board games for 4 players?",
    "How do I deal with a difficult coworker?",
    "Suggest a name for my bakery",
    "How long should I boil an egg for a runny yolk?",
    "What causes inflation?",
]
PRODUCTS = [
    "wireless earbuds",
    "standing desk",
    "running shoes",
    "coffee grinder",
    "yoga mat",
    "smart thermostat",
    "backpack",
    "air purifier",
    "electric toothbrush",
    "gaming chair",
    "phone case",
    "blender",
    "winter jacket",
    "mechanical keyboard",
    "water bottle",
    "baby stroller",
]
SUPPORT_ISSUES = [
    "My order #{n} hasn't arrived yet and tracking hasn't updated in {d} days.",
    "I was charged twice for my subscription this month. Can you refund one?",
    "How do I reset my password? The reset email never comes.",
    "I want to cancel my plan but I can't find the button.",
    "The {p} I received is damaged. What are my options?",
    "Can I change the shipping address on order #{n}?",
    "Your app keeps crashing when I open the settings page.",
    "Do you ship to {c}? How long does it take?",
    "I used the promo code but the discount didn't apply.",
    "How do I add another user to my account?",
    "The {p} stopped working after {d} days. Is it under warranty?",
    "Why was my account suspended?",
    "Can I upgrade to the annual plan and get prorated credit?",
    "I never received the invoice for order #{n}.",
    "What is your return policy for {p}?",
]
COUNTRIES = [
    "Canada",
    "Germany",
    "Brazil",
    "Japan",
    "Australia",
    "India",
    "Mexico",
    "France",
    "Kenya",
    "South Korea",
    "Spain",
    "the UK",
    "Poland",
    "Turkey",
    "Indonesia",
    "Vietnam",
]
CITIES = [
    "Chicago",
    "Lyon",
    "Osaka",
    "Pune",
    "Porto",
    "Denver",
    "Leeds",
    "Austin",
    "Krakow",
    "Seoul",
]
MC_SUBJECTS = [
    "high school biology",
    "college chemistry",
    "professional law",
    "econometrics",
    "world history",
    "clinical knowledge",
    "formal logic",
    "computer security",
    "moral scenarios",
    "astronomy",
    "high school statistics",
    "philosophy",
    "virology",
    "marketing",
    "electrical engineering",
]

# generic sentence parts
SUBJ = [
    "this approach",
    "the model",
    "your code",
    "the algorithm",
    "the system",
    "the data",
    "the result",
    "this method",
    "the process",
    "the team",
    "the customer",
    "the market",
    "the reaction",
    "the equation",
    "the function",
    "each step",
    "the first option",
    "the second option",
    "the overall design",
    "this change",
    "the dataset",
    "the budget",
    "the schedule",
    "the patient",
    "the user",
    "the service",
    "the reader",
]
VERB = [
    "depends on",
    "improves",
    "reduces",
    "requires",
    "handles",
    "returns",
    "affects",
    "explains",
    "determines",
    "relies on",
    "increases",
    "simplifies",
    "avoids",
    "introduces",
    "supports",
    "changes",
    "limits",
    "balances",
    "clarifies",
    "protects",
    "captures",
    "depends heavily on",
    "tends to favor",
]
OBJ = [
    "the overall cost",
    "memory usage",
    "the final answer",
    "edge cases",
    "the response time",
    "the underlying assumption",
    "long-term growth",
    "data quality",
    "the error rate",
    "user trust",
    "the boundary conditions",
    "readability",
    "the initial value",
    "the key constraint",
    "energy transfer",
    "the main argument",
    "throughput",
    "customer satisfaction",
    "the total probability",
    "the risk profile",
]
TAILS = [
    "",
    "",
    " in most cases",
    " when the input is large",
    " under typical conditions",
    " without extra overhead",
    " for this use case",
    " over time",
    " in practice",
    " if you configure it correctly",
    " compared to the alternative",
    " at scale",
    " for small inputs",
    " as shown above",
]
OPENERS = [
    "",
    "",
    "",
    "In practice, ",
    "Generally, ",
    "Note that ",
    "For example, ",
    "As a result, ",
    "However, ",
    "In most cases, ",
    "Importantly, ",
    "To summarize, ",
    "Also, ",
    "That said, ",
    "On the other hand, ",
    "First, ",
    "Next, ",
    "Finally, ",
]
R_OPEN = [
    "Let me",
    "I need to",
    "First I'll",
    "Now I should",
    "I want to",
    "Let's",
    "Next, I'll",
    "I should",
]
R_VERB = [
    "check",
    "reconsider",
    "compute",
    "verify",
    "restate",
    "break down",
    "simplify",
    "look at",
    "enumerate",
    "double-check",
    "compare",
    "estimate",
]
R_OBJ = [
    "the constraints",
    "what the question is asking",
    "the edge case",
    "the second term",
    "the base case",
    "whether the units match",
    "the user's actual goal",
    "each option",
    "the boundary",
    "my earlier step",
    "the sign of the result",
    "the assumptions",
    "the total",
    "the rubric criteria",
    "the tool output",
]

LANGS = {
    "es": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "un",
            "una",
            "para",
            "con",
            "por",
            "los",
            "las",
            "se",
            "del",
            "como",
            "más",
            "pero",
            "sus",
            "ya",
            "este",
            "porque",
            "esta",
            "entre",
            "cuando",
            "muy",
            "sin",
            "sobre",
            "también",
            "hasta",
            "donde",
            "desde",
            "todo",
            "durante",
            "uno",
            "ni",
            "contra",
            "otros",
            "ese",
            "eso",
            "antes",
            "algunos",
            "datos",
            "sistema",
            "proceso",
            "ejemplo",
            "función",
            "resultado",
            "problema",
            "valor",
            "modelo",
            "información",
            "empresa",
            "cliente",
            "servicio",
            "tiempo",
            "trabajo",
            "forma",
            "parte",
            "mejor",
            "primero",
            "importante",
            "necesario",
            "siempre",
            "puede",
            "debe",
            "tiene",
        ],
        frames=[
            "¿Puedes explicarme {t} de forma sencilla?",
            "Necesito ayuda con {t}.",
            "Escribe un resumen sobre {t}.",
            "¿Cuál es la diferencia entre {t} y {u}?",
            "Explica paso a paso {t}.",
            "Dame ejemplos de {t}, por favor.",
            "¿Por qué es importante {t}?",
        ],
    ),
    "fr": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "le",
            "la",
            "les",
            "de",
            "des",
            "du",
            "un",
            "une",
            "et",
            "en",
            "dans",
            "pour",
            "avec",
            "sur",
            "par",
            "que",
            "qui",
            "est",
            "sont",
            "pas",
            "plus",
            "mais",
            "comme",
            "tout",
            "cette",
            "ce",
            "ces",
            "aussi",
            "bien",
            "très",
            "sans",
            "entre",
            "après",
            "avant",
            "donc",
            "alors",
            "leur",
            "nous",
            "vous",
            "ils",
            "elle",
            "système",
            "données",
            "exemple",
            "fonction",
            "résultat",
            "problème",
            "valeur",
            "modèle",
            "information",
            "entreprise",
            "client",
            "service",
            "temps",
            "travail",
            "partie",
            "important",
            "nécessaire",
            "toujours",
            "peut",
            "doit",
            "avoir",
            "faire",
        ],
        frames=[
            "Peux-tu m'expliquer {t} simplement ?",
            "J'ai besoin d'aide avec {t}.",
            "Rédige un résumé sur {t}.",
            "Quelle est la différence entre {t} et {u} ?",
            "Explique étape par étape {t}.",
            "Donne-moi des exemples de {t}.",
            "Pourquoi {t} est-il important ?",
        ],
    ),
    "de": dict(
        ratio=4.2,
        sep=" ",
        words=[
            "der",
            "die",
            "das",
            "und",
            "in",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "ist",
            "im",
            "dem",
            "nicht",
            "ein",
            "eine",
            "als",
            "auch",
            "es",
            "an",
            "werden",
            "aus",
            "er",
            "hat",
            "dass",
            "sie",
            "nach",
            "wird",
            "bei",
            "einer",
            "um",
            "am",
            "sind",
            "noch",
            "wie",
            "einem",
            "über",
            "so",
            "zum",
            "kann",
            "nur",
            "oder",
            "aber",
            "System",
            "Daten",
            "Beispiel",
            "Funktion",
            "Ergebnis",
            "Problem",
            "Wert",
            "Modell",
            "Information",
            "Unternehmen",
            "Kunde",
            "Dienst",
            "Zeit",
            "Arbeit",
            "wichtig",
            "notwendig",
            "immer",
            "muss",
        ],
        frames=[
            "Kannst du mir {t} einfach erklären?",
            "Ich brauche Hilfe mit {t}.",
            "Schreibe eine Zusammenfassung über {t}.",
            "Was ist der Unterschied zwischen {t} und {u}?",
            "Erkläre Schritt für Schritt {t}.",
            "Gib mir Beispiele für {t}.",
            "Warum ist {t} wichtig?",
        ],
    ),
    "pt": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "o",
            "a",
            "de",
            "que",
            "e",
            "do",
            "da",
            "em",
            "um",
            "para",
            "com",
            "não",
            "uma",
            "os",
            "no",
            "se",
            "na",
            "por",
            "mais",
            "as",
            "dos",
            "como",
            "mas",
            "ao",
            "ele",
            "das",
            "seu",
            "sua",
            "ou",
            "quando",
            "muito",
            "nos",
            "já",
            "eu",
            "também",
            "só",
            "pelo",
            "pela",
            "até",
            "isso",
            "entre",
            "depois",
            "sem",
            "mesmo",
            "aos",
            "seus",
            "quem",
            "nas",
            "sistema",
            "dados",
            "exemplo",
            "função",
            "resultado",
            "problema",
            "valor",
            "modelo",
            "informação",
            "empresa",
            "cliente",
            "serviço",
            "tempo",
            "trabalho",
            "importante",
            "sempre",
            "pode",
            "deve",
        ],
        frames=[
            "Pode me explicar {t} de forma simples?",
            "Preciso de ajuda com {t}.",
            "Escreva um resumo sobre {t}.",
            "Qual é a diferença entre {t} e {u}?",
            "Explique passo a passo {t}.",
            "Me dê exemplos de {t}.",
            "Por que {t} é importante?",
        ],
    ),
    "it": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "il",
            "la",
            "di",
            "che",
            "e",
            "in",
            "un",
            "una",
            "per",
            "con",
            "non",
            "sono",
            "del",
            "della",
            "come",
            "più",
            "ma",
            "anche",
            "questo",
            "questa",
            "tra",
            "quando",
            "molto",
            "senza",
            "sopra",
            "dopo",
            "prima",
            "tutto",
            "sistema",
            "dati",
            "esempio",
            "funzione",
            "risultato",
            "problema",
            "valore",
            "modello",
            "informazione",
            "azienda",
            "cliente",
            "servizio",
            "tempo",
            "lavoro",
            "importante",
            "sempre",
            "può",
            "deve",
        ],
        frames=[
            "Puoi spiegarmi {t} in modo semplice?",
            "Ho bisogno di aiuto con {t}.",
            "Scrivi un riassunto su {t}.",
            "Qual è la differenza tra {t} e {u}?",
            "Spiega passo dopo passo {t}.",
        ],
    ),
    "ru": dict(
        ratio=3.2,
        sep=" ",
        words=[
            "и",
            "в",
            "не",
            "на",
            "я",
            "что",
            "он",
            "с",
            "как",
            "а",
            "то",
            "все",
            "она",
            "так",
            "его",
            "но",
            "да",
            "ты",
            "к",
            "у",
            "же",
            "вы",
            "за",
            "бы",
            "по",
            "только",
            "её",
            "мне",
            "было",
            "вот",
            "от",
            "меня",
            "ещё",
            "нет",
            "о",
            "из",
            "ему",
            "теперь",
            "когда",
            "даже",
            "ну",
            "вдруг",
            "ли",
            "если",
            "уже",
            "или",
            "система",
            "данные",
            "пример",
            "функция",
            "результат",
            "проблема",
            "значение",
            "модель",
            "информация",
            "компания",
            "клиент",
            "сервис",
            "время",
            "работа",
            "важно",
        ],
        frames=[
            "Можешь объяснить {t} простыми словами?",
            "Мне нужна помощь с {t}.",
            "Напиши краткое изложение о {t}.",
            "В чём разница между {t} и {u}?",
            "Объясни пошагово {t}.",
            "Приведи примеры {t}.",
        ],
    ),
    "zh": dict(
        ratio=1.6,
        sep="",
        words=[
            "我们",
            "你",
            "这个",
            "问题",
            "可以",
            "需要",
            "因为",
            "所以",
            "但是",
            "如果",
            "系统",
            "数据",
            "例子",
            "函数",
            "结果",
            "模型",
            "信息",
            "公司",
            "客户",
            "服务",
            "时间",
            "工作",
            "重要",
            "方法",
            "进行",
            "已经",
            "然后",
            "就是",
            "还有",
            "一个",
            "什么",
            "怎么",
            "为什么",
            "非常",
            "比较",
            "应该",
            "通过",
            "使用",
            "实现",
            "分析",
            "设计",
        ],
        frames=[
            "请简单解释一下{t}。",
            "我需要关于{t}的帮助。",
            "写一篇关于{t}的总结。",
            "{t}和{u}有什么区别？",
            "请一步一步地解释{t}。",
            "举几个{t}的例子。",
            "为什么{t}很重要？",
        ],
    ),
    "ja": dict(
        ratio=1.7,
        sep="",
        words=[
            "これ",
            "それ",
            "あれ",
            "です",
            "ます",
            "した",
            "する",
            "ので",
            "から",
            "けど",
            "もし",
            "システム",
            "データ",
            "例",
            "関数",
            "結果",
            "モデル",
            "情報",
            "会社",
            "顧客",
            "サービス",
            "時間",
            "仕事",
            "重要",
            "方法",
            "そして",
            "しかし",
            "つまり",
            "問題",
            "必要",
            "使う",
            "考える",
            "説明",
            "場合",
            "ため",
        ],
        frames=[
            "{t}について簡単に説明してください。",
            "{t}について手伝ってください。",
            "{t}の要約を書いてください。",
            "{t}と{u}の違いは何ですか？",
            "{t}をステップごとに説明してください。",
        ],
    ),
    "ko": dict(
        ratio=2.0,
        sep=" ",
        words=[
            "그리고",
            "하지만",
            "그래서",
            "이것",
            "저것",
            "문제",
            "시스템",
            "데이터",
            "예시",
            "함수",
            "결과",
            "모델",
            "정보",
            "회사",
            "고객",
            "서비스",
            "시간",
            "일",
            "중요한",
            "방법",
            "필요",
            "사용",
            "설명",
            "경우",
            "위해",
            "있습니다",
            "합니다",
            "입니다",
            "됩니다",
            "같은",
            "다른",
            "모든",
        ],
        frames=[
            "{t}에 대해 쉽게 설명해 주세요.",
            "{t} 관련해서 도움이 필요합니다.",
            "{t}에 대한 요약을 써 주세요.",
            "{t}와 {u}의 차이는 무엇인가요?",
            "{t}을 단계별로 설명해 주세요.",
        ],
    ),
    "ar": dict(
        ratio=3.0,
        sep=" ",
        words=[
            "في",
            "من",
            "على",
            "إلى",
            "أن",
            "هذا",
            "هذه",
            "التي",
            "الذي",
            "مع",
            "كان",
            "لا",
            "ما",
            "هو",
            "هي",
            "عن",
            "كل",
            "بين",
            "بعد",
            "قبل",
            "أو",
            "ثم",
            "نظام",
            "بيانات",
            "مثال",
            "دالة",
            "نتيجة",
            "مشكلة",
            "قيمة",
            "نموذج",
            "معلومات",
            "شركة",
            "عميل",
            "خدمة",
            "وقت",
            "عمل",
            "مهم",
            "طريقة",
            "يجب",
            "يمكن",
        ],
        frames=[
            "هل يمكنك شرح {t} بطريقة بسيطة؟",
            "أحتاج إلى مساعدة في {t}.",
            "اكتب ملخصًا عن {t}.",
            "ما الفرق بين {t} و {u}؟",
            "اشرح {t} خطوة بخطوة.",
        ],
    ),
    "hi": dict(
        ratio=3.0,
        sep=" ",
        words=[
            "और",
            "का",
            "की",
            "के",
            "में",
            "है",
            "हैं",
            "यह",
            "वह",
            "से",
            "को",
            "पर",
            "भी",
            "नहीं",
            "तो",
            "एक",
            "लिए",
            "कर",
            "कि",
            "था",
            "जो",
            "हम",
            "आप",
            "सिस्टम",
            "डेटा",
            "उदाहरण",
            "फ़ंक्शन",
            "परिणाम",
            "समस्या",
            "मॉडल",
            "जानकारी",
            "कंपनी",
            "ग्राहक",
            "सेवा",
            "समय",
            "काम",
            "महत्वपूर्ण",
            "तरीका",
            "चाहिए",
            "सकते",
        ],
        frames=[
            "क्या आप {t} को आसान भाषा में समझा सकते हैं?",
            "मुझे {t} में मदद चाहिए।",
            "{t} पर एक सारांश लिखिए।",
            "{t} और {u} में क्या अंतर है?",
            "{t} को चरण दर चरण समझाइए।",
        ],
    ),
    "tr": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "ve",
            "bir",
            "bu",
            "da",
            "de",
            "için",
            "ile",
            "çok",
            "daha",
            "ne",
            "gibi",
            "ama",
            "olarak",
            "sonra",
            "kadar",
            "var",
            "yok",
            "her",
            "şey",
            "önce",
            "sistem",
            "veri",
            "örnek",
            "fonksiyon",
            "sonuç",
            "sorun",
            "değer",
            "model",
            "bilgi",
            "şirket",
            "müşteri",
            "hizmet",
            "zaman",
            "iş",
            "önemli",
            "yöntem",
            "gerekir",
        ],
        frames=[
            "{t} konusunu basitçe açıklar mısın?",
            "{t} ile ilgili yardıma ihtiyacım var.",
            "{t} hakkında bir özet yaz.",
            "{t} ile {u} arasındaki fark nedir?",
            "{t} konusunu adım adım açıkla.",
        ],
    ),
    "id": dict(
        ratio=4.2,
        sep=" ",
        words=[
            "yang",
            "dan",
            "di",
            "ini",
            "itu",
            "dengan",
            "untuk",
            "tidak",
            "dari",
            "dalam",
            "akan",
            "pada",
            "juga",
            "ke",
            "karena",
            "ada",
            "bisa",
            "saya",
            "kami",
            "sistem",
            "data",
            "contoh",
            "fungsi",
            "hasil",
            "masalah",
            "nilai",
            "model",
            "informasi",
            "perusahaan",
            "pelanggan",
            "layanan",
            "waktu",
            "kerja",
            "penting",
            "cara",
            "harus",
            "dapat",
        ],
        frames=[
            "Bisakah kamu menjelaskan {t} dengan sederhana?",
            "Saya butuh bantuan dengan {t}.",
            "Tulis ringkasan tentang {t}.",
            "Apa perbedaan antara {t} dan {u}?",
            "Jelaskan {t} langkah demi langkah.",
        ],
    ),
    "vi": dict(
        ratio=3.5,
        sep=" ",
        words=[
            "và",
            "của",
            "là",
            "có",
            "được",
            "cho",
            "không",
            "này",
            "những",
            "một",
            "các",
            "trong",
            "với",
            "để",
            "người",
            "khi",
            "đã",
            "thì",
            "hệ",
            "thống",
            "dữ",
            "liệu",
            "ví",
            "dụ",
            "hàm",
            "kết",
            "quả",
            "vấn",
            "đề",
            "giá",
            "trị",
            "mô",
            "hình",
            "thông",
            "tin",
            "công",
            "ty",
            "khách",
            "hàng",
            "dịch",
            "vụ",
            "thời",
            "gian",
            "công",
            "việc",
            "quan",
            "trọng",
        ],
        frames=[
            "Bạn có thể giải thích {t} một cách đơn giản không?",
            "Tôi cần giúp đỡ về {t}.",
            "Viết tóm tắt về {t}.",
            "Sự khác nhau giữa {t} và {u} là gì?",
            "Giải thích {t} từng bước.",
        ],
    ),
    "pl": dict(
        ratio=4.0,
        sep=" ",
        words=[
            "i",
            "w",
            "nie",
            "na",
            "się",
            "z",
            "do",
            "że",
            "to",
            "jest",
            "jak",
            "po",
            "co",
            "tak",
            "za",
            "od",
            "ale",
            "przez",
            "dla",
            "jego",
            "może",
            "już",
            "tylko",
            "system",
            "dane",
            "przykład",
            "funkcja",
            "wynik",
            "problem",
            "wartość",
            "model",
            "informacja",
            "firma",
            "klient",
            "usługa",
            "czas",
            "praca",
            "ważne",
        ],
        frames=[
            "Czy możesz prosto wyjaśnić {t}?",
            "Potrzebuję pomocy z {t}.",
            "Napisz podsumowanie na temat {t}.",
            "Jaka jest różnica między {t} a {u}?",
            "Wyjaśnij krok po kroku {t}.",
        ],
    ),
    "nl": dict(
        ratio=4.2,
        sep=" ",
        words=[
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "is",
            "dat",
            "op",
            "te",
            "zijn",
            "voor",
            "met",
            "niet",
            "die",
            "aan",
            "er",
            "maar",
            "om",
            "ook",
            "als",
            "bij",
            "dan",
            "nog",
            "wel",
            "systeem",
            "gegevens",
            "voorbeeld",
            "functie",
            "resultaat",
            "probleem",
            "waarde",
            "model",
            "informatie",
            "bedrijf",
            "klant",
            "dienst",
            "tijd",
        ],
        frames=[
            "Kun je {t} eenvoudig uitleggen?",
            "Ik heb hulp nodig met {t}.",
            "Schrijf een samenvatting over {t}.",
            "Wat is het verschil tussen {t} en {u}?",
            "Leg stap voor stap {t} uit.",
        ],
    ),
}
ALL_LANGS = ["en"] + sorted(LANGS)
LANG_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "hi": "Hindi",
    "tr": "Turkish",
    "id": "Indonesian",
    "vi": "Vietnamese",
    "pl": "Polish",
    "nl": "Dutch",
}

# (utc offset hours in late May, language, weight)
REGIONS = [
    (-7, "en", 8),
    (-5, "en", 3),
    (-4, "en", 10),
    (-6, "es", 3),
    (-3, "pt", 3),
    (1, "en", 6),
    (2, "de", 4),
    (2, "fr", 3),
    (2, "nl", 1),
    (2, "pl", 1),
    (2, "it", 1),
    (3, "tr", 1),
    (3, "ru", 2),
    (4, "ar", 1),
    (5.5, "en", 4),
    (5.5, "hi", 1),
    (7, "vi", 1),
    (7, "id", 1),
    (8, "zh", 3),
    (8, "en", 2),
    (9, "ja", 2),
    (9, "ko", 1),
    (10, "en", 2),
]

PROFILES = {
    # local hour 0..23
    "office": [
        0.04,
        0.02,
        0.02,
        0.02,
        0.03,
        0.06,
        0.15,
        0.45,
        0.85,
        1,
        1,
        0.95,
        0.7,
        0.9,
        1,
        1,
        0.9,
        0.7,
        0.4,
        0.3,
        0.25,
        0.18,
        0.1,
        0.06,
    ],
    "personal": [
        0.25,
        0.12,
        0.06,
        0.04,
        0.03,
        0.05,
        0.12,
        0.25,
        0.35,
        0.45,
        0.5,
        0.55,
        0.6,
        0.55,
        0.5,
        0.55,
        0.6,
        0.7,
        0.85,
        1,
        1,
        0.9,
        0.7,
        0.45,
    ],
    "consumer": [
        0.35,
        0.22,
        0.14,
        0.1,
        0.09,
        0.12,
        0.25,
        0.45,
        0.65,
        0.8,
        0.85,
        0.9,
        0.95,
        0.9,
        0.88,
        0.88,
        0.9,
        0.95,
        1,
        1,
        0.95,
        0.85,
        0.7,
        0.5,
    ],
    "flat": [1] * 24,
    "school": [
        0.1,
        0.05,
        0.03,
        0.02,
        0.02,
        0.04,
        0.1,
        0.4,
        0.8,
        0.9,
        0.9,
        0.8,
        0.7,
        0.8,
        0.9,
        0.85,
        0.8,
        0.8,
        0.9,
        1,
        1,
        0.85,
        0.5,
        0.25,
    ],
    "evening": [
        0.6,
        0.35,
        0.15,
        0.06,
        0.03,
        0.03,
        0.05,
        0.1,
        0.15,
        0.2,
        0.25,
        0.3,
        0.35,
        0.35,
        0.35,
        0.4,
        0.5,
        0.65,
        0.85,
        1,
        1,
        0.95,
        0.9,
        0.8,
    ],
}
WEEKEND = {
    "office": 0.15,
    "personal": 1.2,
    "consumer": 1.1,
    "flat": 1.0,
    "school": 0.7,
    "evening": 1.4,
}

RES_FIRST = [
    24,
    67,
    68,
    71,
    73,
    75,
    76,
    98,
    99,
    108,
    174,
    184,
    189,
    177,
    186,
    187,
    191,
    200,
    201,
    78,
    79,
    80,
    81,
    82,
    84,
    86,
    88,
    89,
    90,
    91,
    92,
    93,
    94,
    95,
    109,
    176,
    178,
    185,
    1,
    14,
    27,
    36,
    39,
    42,
    49,
    58,
    59,
    60,
    61,
    101,
    106,
    110,
    111,
    112,
    113,
    114,
    115,
    116,
    117,
    118,
    119,
    120,
    121,
    122,
    123,
    124,
    125,
    175,
    180,
    182,
    183,
    202,
    203,
    210,
    211,
    218,
    219,
    220,
    221,
    222,
    223,
    41,
    102,
    105,
    197,
]
CLOUD_PREFIX = [
    "3.91",
    "3.120",
    "13.58",
    "18.204",
    "18.118",
    "34.74",
    "34.102",
    "35.185",
    "35.203",
    "52.14",
    "52.91",
    "54.210",
    "54.160",
    "20.42",
    "20.81",
    "40.76",
    "104.196",
    "104.248",
    "159.89",
    "167.71",
    "188.166",
    "45.76",
    "45.32",
    "95.217",
    "116.203",
    "65.108",
    "138.197",
    "143.198",
    "47.88",
    "8.209",
    "43.154",
    "129.226",
    "146.190",
    "5.161",
    "152.67",
]


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= r.random()
        if p <= L:
            return k
        k += 1


def wchoice(r, items, weights):
    return r.choices(items, weights)[0]


class Gen:
    def __init__(self, seed, days):
        self.seed = seed
        self.days = days
        self.r = random.Random(f"sealed-{seed}")
        self.t = random.Random(f"sealed-{seed}-text")
        self.end = START + days * DAY
        self.release = START + (1.35 if days >= 2 else 0.45 * days) * DAY
        self.accounts = []
        self.events = []
        self.used_ids = set()
        self.hours = int(math.ceil(days * 24)) + 1
        self.cal = {}
        self._build_pools()

    # ---------------- pools -------------------------------------------------
    def _build_pools(self):
        p = random.Random(f"sealed-{self.seed}-pools")
        self.sent = {}
        nouns = {
            "code": [c for c in CODE_CONCEPTS]
            + ["the loop", "the query", "the API", "the handler", "the test"],
            "math": [
                "the derivative",
                "the integral",
                "the sum",
                "the probability",
                "the denominator",
                "the discriminant",
                "the variable x",
                "both sides",
                "the limit",
                "the coefficient",
            ],
            "science": SCI_TOPICS,
            "writing": [
                "the opening line",
                "the tone",
                "the closing paragraph",
                "the audience",
                "the draft",
                "the headline",
                "the call to action",
                "each paragraph",
            ],
            "business": [
                "revenue",
                "the pipeline",
                "retention",
                "the pricing page",
                "the roadmap",
                "margins",
                "customer acquisition cost",
                "the sales team",
                "the forecast",
                "stakeholders",
            ],
            "support": [
                "your order",
                "the refund",
                "your account",
                "the tracking number",
                "our support team",
                "the warranty",
                "your subscription",
                "the billing page",
                "the replacement",
            ],
            "general": [
                "your schedule",
                "the recipe",
                "the budget",
                "your routine",
                "the trip",
                "the plan",
                "your goals",
                "the weather",
                "the cost",
                "your health",
            ],
        }
        for dom, ns in nouns.items():
            pool = []
            for _ in range(1200):
                s = p.choice(SUBJ + ns)
                o = p.choice(OBJ + ns)
                op = p.choice(OPENERS)
                txt = f"{op}{s} {p.choice(VERB)} {o}{p.choice(TAILS)}."
                pool.append(txt[0].upper() + txt[1:])
            self.sent[dom] = pool
        self.rsent = []
        for _ in range(2500):
            k = p.randrange(6)
            if k == 0:
                s = f"{p.choice(R_OPEN)} {p.choice(R_VERB)} {p.choice(R_OBJ)}."
            elif k == 1:
                a, b = p.randint(2, 99), p.randint(2, 99)
                s = f"So {a} * {b} = {a * b}, and adding {p.randint(1, 50)} changes the total."
            elif k == 2:
                s = f"Wait, {p.choice(R_OBJ)} might not hold here; {p.choice(R_OPEN).lower()} {p.choice(R_VERB)} it again."
            elif k == 3:
                s = f"That means {p.choice(SUBJ)} {p.choice(VERB)} {p.choice(OBJ)}."
            elif k == 4:
                s = f"Alternatively, I could {p.choice(R_VERB)} {p.choice(R_OBJ)} first."
            else:
                s = f"Hmm, if x = {p.randint(-20, 40)} then the expression is {p.randint(-500, 900)}, which {p.choice(['fits', 'does not fit', 'seems off', 'matches'])}."
            self.rsent.append(s)
        self.lsent = {}
        for lg, d in LANGS.items():
            pool = []
            for _ in range(500):
                n = p.randint(5, 14)
                w = d["sep"].join(p.choice(d["words"]) for _ in range(n))
                end = "。" if lg in ("zh", "ja") else "."
                pool.append(w[0].upper() + w[1:] + end if d["sep"] else w + end)
            self.lsent[lg] = pool

    # ---------------- ids / ips --------------------------------------------
    def _hex(self, n):
        while True:
            h = "%0*x" % (n, self.r.getrandbits(4 * n))
            if h not in self.used_ids:
                self.used_ids.add(h)
                return h

    def ip_res(self, r=None):
        r = r or self.r
        return f"{r.choice(RES_FIRST)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def ip_cloud(self, r=None, prefix=None):
        r = r or self.r
        prefix = prefix or r.choice(CLOUD_PREFIX)
        return f"{prefix}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def region(self):
        tz, lang, _ = self.r.choices(REGIONS, [w for _, _, w in REGIONS])[0]
        return tz, lang

    def new_account(self, arch, harv, camp, nkeys=1, tz=0.0, lang="en", ips=None, **kw):
        a = dict(
            id="acct-" + self._hex(8),
            arch=arch,
            harv=harv,
            camp=camp,
            keys=["k-" + self._hex(10) for _ in range(nkeys)],
            tz=tz,
            lang=lang,
            ips=ips or [self.ip_res()],
            api=kw.pop("api", "chat"),
            err=kw.pop("err", 0.003),
            n=0,
        )
        a.update(kw)
        a["idx"] = len(self.accounts)
        self.accounts.append(a)
        return a

    # ---------------- timing -----------------------------------------------
    def _calendar(self, tz):
        c = self.cal.get(tz)
        if c is None:
            c = []
            for h in range(self.hours):
                d = datetime.datetime.fromtimestamp(START + h * HOUR + tz * HOUR, datetime.UTC)
                c.append((d.hour, d.weekday()))
            self.cal[tz] = c
        return c

    def local(self, ts, tz):
        d = datetime.datetime.fromtimestamp(ts + tz * HOUR, datetime.UTC)
        return d.hour, d.weekday()

    def hourly(self, per_day, profile, tz, t0=START, t1=None, wk=None, daily_var=0.25, r=None):
        r = r or self.r
        t1 = min(t1 or self.end, self.end)
        prof = PROFILES[profile]
        norm = sum(prof) / 24.0
        wk = WEEKEND[profile] if wk is None else wk
        cal = self._calendar(tz)
        dmult = [math.exp(r.gauss(0, daily_var)) for _ in range(int(self.days) + 2)]
        out = []
        for h in range(self.hours):
            hs = START + h * HOUR
            if hs + HOUR <= t0 or hs >= t1:
                continue
            hr, wd = cal[h]
            lam = per_day / 24.0 * prof[hr] / norm * (wk if wd >= 5 else 1.0) * dmult[int(h // 24)]
            for _ in range(poisson(r, lam)):
                t = hs + r.random() * HOUR
                if t0 <= t < t1:
                    out.append(t)
        return out

    def sessions(self, per_day, profile, tz, mean_len, gap, **kw):
        out = []
        r = self.r
        for s in self.hourly(per_day, profile, tz, **kw):
            k = 1 + int(r.expovariate(1.0 / max(mean_len - 1, 0.01)))
            t = s
            for _ in range(k):
                if t >= self.end:
                    break
                out.append(t)
                t += gap * (0.3 + r.expovariate(1.0))
        return out

    def add(self, acct, ts, fn, arg=None):
        if START <= ts < self.end:
            self.events.append((round(ts, 3), len(self.events), acct["idx"], fn, arg))

    # ---------------- text -------------------------------------------------
    def text_lang(self, lang, nchars, dom="general", r=None):
        t = r or self.t
        pool = self.sent.get(dom, self.sent["general"]) if lang == "en" else self.lsent[lang]
        parts, n = [], 0
        sep = "" if lang in ("zh", "ja") else " "
        while n < nchars:
            s = t.choice(pool)
            parts.append(s)
            n += len(s) + 1
        return sep.join(parts)

    def code_block(self, lang, nlines, r=None):
        t = r or self.t
        lines = []
        ind = 0
        for _ in range(nlines):
            k = t.randrange(8)
            v, w = t.choice(IDENTS), t.choice(IDENTS)
            if k == 0:
                lines.append("    " * ind + f"def {t.choice(FUNCS)}({v}, {w}=None):")
                ind = min(ind + 1, 3)
            elif k == 1:
                lines.append(
                    "    " * ind + f"{v} = {w}.get('{t.choice(IDENTS)}', {t.randint(0, 100)})"
                )
            elif k == 2:
                lines.append("    " * ind + f"for {v[0]} in {w}:")
                ind = min(ind + 1, 3)
            elif k == 3:
                lines.append("    " * ind + f"if {v} is None or len({w}) > {t.randint(1, 64)}:")
                ind = min(ind + 1, 3)
            elif k == 4:
                lines.append("    " * ind + f"return {v}")
                ind = max(ind - 1, 0)
            elif k == 5:
                lines.append("    " * ind + f"{v}.append({t.choice(FUNCS)}({w}))")
            elif k == 6:
                lines.append(
                    "    " * ind
                    + f"# {t.choice(['TODO', 'NOTE', 'fix'])}: handle {t.choice(IDENTS)}"
                )
            else:
                lines.append("    " * ind + f"{v} += {w}[{t.randint(0, 9)}]")
        return f"```{lang.lower()}\n" + "\n".join(lines) + "\n```"

    def reply(self, lang, dom, ntok, code=False):
        """Reply text of roughly ntok tokens."""
        t = self.t
        ratio = LANGS[lang]["ratio"] if lang in LANGS else 4.0
        target = max(4, int(ntok * ratio))
        if lang != "en":
            return self.text_lang(lang, target)[: target + 40]
        parts, n = [], 0
        style = t.random()
        while n < target:
            if code and t.random() < 0.35:
                s = self.code_block(t.choice(PLANGS), t.randint(4, 16))
            elif style < 0.35 and t.random() < 0.3:
                s = "\n".join(f"- {t.choice(self.sent[dom])}" for _ in range(t.randint(2, 5)))
            elif style < 0.5 and t.random() < 0.15:
                s = f"## {t.choice(['Overview', 'Steps', 'Example', 'Details', 'Summary', 'Why it works', 'Caveats'])}"
            else:
                s = " ".join(t.choice(self.sent[dom]) for _ in range(t.randint(2, 5)))
            parts.append(s)
            n += len(s) + 2
        return "\n\n".join(parts)

    def reasoning(self, ntok):
        t = self.t
        target = int(ntok * 4)
        parts, n = [], 0
        while n < target:
            s = t.choice(self.rsent)
            parts.append(s)
            n += len(s) + 1
        return " ".join(parts)

    def math_problem(self, r=None):
        t = r or self.t
        k = t.randrange(9)
        if k == 0:
            a, b, c = t.randint(2, 19), t.randint(-40, 40), t.randint(-90, 90)
            return f"Solve for x: {a}x + {b} = {c}."
        if k == 1:
            b, c = t.randint(-12, 12), t.randint(-30, 30)
            return f"Find all real roots of x^2 + ({b})x + ({c}) = 0."
        if k == 2:
            rr, bb = t.randint(2, 9), t.randint(2, 9)
            kk = t.randint(2, 4)
            return (
                f"A bag contains {rr} red and {bb} blue marbles. If {kk} marbles are drawn without replacement, "
                f"what is the probability that exactly {t.randint(1, kk)} are red?"
            )
        if k == 3:
            a, b = t.randint(3, 20), t.randint(3, 20)
            c = t.randint(abs(a - b) + 1, a + b - 1)
            return f"A triangle has sides {a}, {b}, and {c}. Find its area."
        if k == 4:
            return f"Compute the derivative of f(x) = {t.randint(2, 9)}x^{t.randint(2, 6)} * sin({t.randint(1, 5)}x)."
        if k == 5:
            return f"Find the remainder when {t.randint(2, 30)}^{t.randint(20, 400)} is divided by {t.choice([7, 11, 13, 17, 19, 23, 29, 31, 37])}."
        if k == 6:
            return (
                f"A train leaves {t.choice(CITIES)} at {t.randint(40, 120)} km/h. Another leaves {t.choice(CITIES)} "
                f"{t.randint(1, 3)} hours later at {t.randint(60, 160)} km/h on the same route. The cities are "
                f"{t.randint(200, 900)} km apart. When do they meet?"
            )
        if k == 7:
            return (
                f"How many ways can {t.randint(6, 12)} people be seated around a round table if two "
                f"particular people must not sit next to each other?"
            )
        return f"Evaluate the integral of {t.randint(1, 9)}x * e^({t.randint(1, 4)}x) dx from 0 to {t.randint(1, 3)}."

    def code_prompt(self, r=None):
        t = r or self.t
        k = t.randrange(6)
        lg = t.choice(PLANGS)
        if k == 0:
            return f"Write a {lg} function to {t.choice(CODE_TASKS)}."
        if k == 1:
            return f"Why does this throw `{t.choice(CODE_ERRORS)}`?\n\n" + self.code_block(
                lg, t.randint(5, 14), t
            )
        if k == 2:
            return "Refactor this to be more idiomatic and add type hints:\n\n" + self.code_block(
                lg, t.randint(6, 16), t
            )
        if k == 3:
            return f"Explain the difference between {t.choice(CODE_CONCEPTS)} and {t.choice(CODE_CONCEPTS)} in {lg}."
        if k == 4:
            return "Write unit tests for this:\n\n" + self.code_block(lg, t.randint(5, 12), t)
        return f"How do I {t.choice(CODE_TASKS)} in {lg} without external libraries?"

    def prompt(self, dom, lang="en", r=None):
        t = r or self.t
        if lang != "en" and t.random() < 0.85:
            d = LANGS[lang]
            topic = t.choice(SCI_TOPICS + CODE_CONCEPTS + SUBJECTS)
            s = t.choice(d["frames"]).format(t=topic, u=t.choice(SCI_TOPICS + CODE_CONCEPTS))
            if t.random() < 0.4:
                s += d["sep"] + self.text_lang(lang, t.randint(40, 200), r=t)
            return s
        if dom == "code":
            return self.code_prompt(t)
        if dom == "math":
            return t.choice(
                ["", "", "Can you help me with this? ", "Solve: ", "Explain how to do this: "]
            ) + self.math_problem(t)
        if dom == "science":
            k = t.randrange(4)
            if k == 0:
                return f"Explain {t.choice(SCI_TOPICS)} to {t.choice(AUDIENCES)}."
            if k == 1:
                return f"What causes {t.choice(SCI_TOPICS)}?"
            if k == 2:
                return f"Summarize current research on {t.choice(SCI_TOPICS)} in a few paragraphs."
            return f"How is {t.choice(SCI_TOPICS)} related to {t.choice(SCI_TOPICS)}?"
        if dom == "writing":
            k = t.randrange(3)
            if k == 0:
                return f"Write a {t.choice(TONES)} {t.choice(DOCS)} about {t.choice(SUBJECTS)}."
            if k == 1:
                return f"Rewrite this to sound more {t.choice(TONES)}:\n\n" + self.text_lang(
                    "en", t.randint(150, 600), "writing", t
                )
            return (
                "Proofread and fix grammar:\n\n"
                + self.text_lang("en", t.randint(100, 500), "writing", t).lower()
            )
        if dom == "business":
            return (
                t.choice(["Draft ", "Create ", "Help me write ", "Outline "]) + t.choice(BIZ) + "."
            )
        if dom == "support":
            return t.choice(SUPPORT_ISSUES).format(
                n=t.randint(100000, 999999),
                d=t.randint(2, 20),
                p=t.choice(PRODUCTS),
                c=t.choice(COUNTRIES),
            )
        return t.choice(GENERAL_Q)

    # ---------------- record assembly ---------------------------------------
    def tok(self, s, lang="en"):
        ratio = LANGS[lang]["ratio"] if lang in LANGS else 4.0
        return max(1, int(math.ceil(len(s) / ratio)))

    def complete(
        self,
        acct,
        model,
        system,
        turns,
        max_tokens,
        lang,
        dom,
        out_tok,
        extra=None,
        rtok=0,
        tools=None,
        code=False,
        api=None,
        text=None,
        lang_out=None,
    ):
        """Build (path, request, response) for a chat-like call."""
        t = self.t
        extra = dict(extra or {})
        api = api or ("messages" if model.startswith("claude") else acct["api"])
        lang_out = lang_out or lang
        if model in OAI_REASONING:
            extra.pop("temperature", None)
            extra.pop("top_p", None)
        reasoning_on = model in OAI_REASONING or ("thinking" in extra)
        if reasoning_on and not rtok:
            eff = extra.get("reasoning_effort", "medium")
            rtok = int(
                {"low": 150, "medium": 500, "high": 1400, "minimal": 40}.get(eff, 500)
                * (0.4 + t.random() * 1.3)
            )
        if not reasoning_on:
            rtok = 0
        rtok = int(rtok * LEN_SCALE)
        out_tok = max(1, int(out_tok * LEN_SCALE))
        # prompt
        ptext = (system or "") + "".join(
            m if isinstance(m, str) else json.dumps(m) for _, m in turns
        )
        ptok = (
            self.tok(ptext, lang)
            + 4 * (len(turns) + (1 if system else 0))
            + (self.tok(json.dumps(tools)) if tools else 0)
        )
        # response
        finish = "stop"
        if acct["err"] and t.random() < acct["err"]:
            status = t.choice([429, 429, 500, 503, 400])
            resp = {
                "status": status,
                "text": "",
                "reasoning": None,
                "usage": {"prompt_tokens": 0, "completion_tokens": 0},
                "finish_reason": None,
            }
        else:
            budget = max_tokens
            rtext = None
            if rtok:
                if rtok >= budget:
                    rtok = budget
                rtext = self.reasoning(rtok)[: rtok * 4]
            room = budget - (self.tok(rtext) if rtext else 0)
            if text is None:
                text = (
                    self.reply(lang_out, dom, max(1, min(out_tok, room + 20)), code)
                    if room > 0
                    else ""
                )
            ctok = self.tok(text, lang_out) if text else 0
            if ctok >= room:
                ratio = LANGS[lang_out]["ratio"] if lang_out in LANGS else 4.0
                text = text[: int(max(room, 0) * ratio)]
                ctok = max(room, 0)
                finish = "length"
            comp = ctok + (self.tok(rtext) if rtext else 0)
            if finish == "length":
                comp = budget
            resp = {
                "status": 200,
                "text": text,
                "reasoning": rtext,
                "usage": {"prompt_tokens": ptok, "completion_tokens": comp},
                "finish_reason": finish,
            }
        # request body
        if api == "messages":
            body = {"model": model, "max_tokens": max_tokens}
            if system:
                body["system"] = system
            msgs = []
            for role, m in turns:
                if isinstance(m, str):
                    msgs.append({"role": role, "content": [{"type": "text", "text": m}]})
                elif m.get("tool_calls"):
                    msgs.append(
                        {
                            "role": "assistant",
                            "content": [
                                {
                                    "type": "tool_use",
                                    "id": c["id"],
                                    "name": c["function"]["name"],
                                    "input": json.loads(c["function"]["arguments"]),
                                }
                                for c in m["tool_calls"]
                            ],
                        }
                    )
                else:
                    msgs.append(
                        {
                            "role": "user",
                            "content": [
                                {
                                    "type": "tool_result",
                                    "tool_use_id": m.get("tool_call_id"),
                                    "content": m.get("content", ""),
                                }
                            ],
                        }
                    )
            body["messages"] = msgs
            if tools:
                body["tools"] = [
                    {
                        "name": x["function"]["name"],
                        "description": x["function"]["description"],
                        "input_schema": x["function"]["parameters"],
                    }
                    for x in tools
                ]
            body.update(extra)
            return "/v1/messages", body, resp
        if api == "responses":
            body = {"model": model}
            if system:
                body["instructions"] = system
            if len(turns) == 1 and isinstance(turns[0][1], str):
                body["input"] = turns[0][1]
            else:
                body["input"] = [
                    {"role": ro, "content": m if isinstance(m, str) else json.dumps(m)}
                    for ro, m in turns
                ]
            body["max_output_tokens"] = max_tokens
            if "reasoning_effort" in extra:
                body["reasoning"] = {"effort": extra.pop("reasoning_effort")}
            if tools:
                body["tools"] = [dict(type="function", **x["function"]) for x in tools]
            body.update(extra)
            return "/v1/responses", body, resp
        body = {"model": model}
        msgs = []
        if system:
            msgs.append(
                {"role": "developer" if model in OAI_REASONING else "system", "content": system}
            )
        for role, m in turns:
            if isinstance(m, str):
                msgs.append({"role": role, "content": m})
            else:
                msgs.append(m)
        body["messages"] = msgs
        if model in OAI_REASONING:
            body["max_completion_tokens"] = max_tokens
        else:
            body["max_tokens"] = max_tokens
        if tools:
            body["tools"] = tools
        body.update(extra)
        return "/v1/chat/completions", body, resp

    def history(self, lang, dom, nturns):
        t = self.t
        turns = []
        for _ in range(nturns):
            turns.append(("user", self.prompt(dom, lang)))
            turns.append(("assistant", self.reply(lang, dom, t.randint(30, 130))))
        return turns

    def pick_model(self, acct, ts, pool=None):
        t = self.t
        pool = pool or acct["models"]
        if acct.get("adopt") and ts >= acct["adopt"] and t.random() < acct.get("adopt_share", 0.6):
            return acct.get("new_model", NEW_OAI)
        return t.choice(pool)

    def kip(self, acct):
        t = self.t
        key = t.choice(acct["keys"]) if len(acct["keys"]) > 1 else acct["keys"][0]
        ip = acct["ips"][0] if len(acct["ips"]) == 1 else t.choice(acct["ips"])
        return key, ip

    # ======================================================================
    # BENIGN ARCHETYPES
    # ======================================================================
    def b_casual(self, n):
        for _ in range(n):
            tz, lang = self.region()
            api = self.r.choice(["chat", "chat", "chat", "responses"])
            ips = [self.ip_res()] + ([self.ip_res()] if self.r.random() < 0.5 else [])
            models = self.r.choice(
                [
                    CHAT_MODELS[:2],
                    ["gpt-4o-mini"],
                    ["claude-sonnet-4-5", "claude-haiku-4-5"],
                    ["gpt-4.1", "o4-mini"],
                    ["gpt-4o"],
                ]
            )
            a = self.new_account(
                "hobbyist_dev",
                False,
                None,
                1,
                tz,
                lang,
                ips,
                api=api,
                models=models,
                doms=self.r.sample(
                    ["code", "general", "writing", "science", "math", "business"], 3
                ),
            )
            if self.r.random() < 0.25:
                a["adopt"] = self.release + self.r.uniform(1, 30) * HOUR
                a["new_model"] = NEW_CLAUDE if models[0].startswith("claude") else NEW_OAI
                a["adopt_share"] = 0.5
            rate = self.r.lognormvariate(math.log(2.5), 0.7)
            for ts in self.sessions(
                rate, self.r.choice(["personal", "evening", "office"]), tz, 5, 90
            ):
                self.add(a, ts, self.ev_casual)

    def ev_casual(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        dom = t.choice(a["doms"])
        lang = a["lang"] if t.random() < 0.7 else "en"
        model = self.pick_model(a, ts)
        turns = self.history(lang, dom, t.choice([0, 0, 0, 1, 1, 2])) + [
            ("user", self.prompt(dom, lang))
        ]
        sysm = None if t.random() < 0.7 else "You are a helpful assistant."
        extra = {}
        if t.random() < 0.5:
            extra["temperature"] = t.choice([0.7, 1, 0.2, 0.5])
        if t.random() < 0.2:
            extra["stream"] = True
        mt = t.choice([512, 1024, 2048, 4096, 800])
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                sysm,
                turns,
                mt,
                lang,
                dom,
                int(t.lognormvariate(math.log(250), 0.6)),
                extra,
                code=(dom == "code"),
            ),
        )

    def b_app_backend(self, n):
        apps = [
            ("Finny", "a budgeting assistant for a personal finance app", "general"),
            ("Chef Remy", "a cooking assistant inside a recipe app", "general"),
            ("StudyBuddy", "a study helper for university students", "science"),
            ("Wanderly", "a travel planning assistant", "general"),
            ("ResumeRocket", "a career coach that improves resumes", "writing"),
            ("FitPal", "a friendly fitness and nutrition coach", "general"),
            ("DevHelp", "a coding helper embedded in a developer portal", "code"),
            ("LegalEase", "an assistant explaining legal terms in plain language", "business"),
            ("MathMentor", "a math homework helper", "math"),
            ("ShopGenie", "a shopping assistant for an electronics store", "support"),
        ]
        for i in range(n):
            tz, lang = self.region()
            name, desc, dom = apps[i % len(apps)]
            ips = [self.ip_cloud() for _ in range(self.r.randint(1, 3))]
            m = self.r.choice(
                [
                    ["gpt-4.1-mini"],
                    ["gpt-4o-mini"],
                    ["claude-haiku-4-5"],
                    ["gpt-4.1"],
                    ["claude-sonnet-4-5"],
                    ["gpt-4.1-mini", "gpt-4.1"],
                ]
            )
            a = self.new_account(
                "consumer_app_backend",
                False,
                None,
                self.r.randint(1, 3),
                tz,
                lang,
                ips,
                models=m,
                dom=dom,
                system=f"You are {name}, {desc}. Be concise, friendly and never give medical or "
                f"financial guarantees. Today's date is 2026-05-29.",
            )
            if self.r.random() < 0.2:
                a["adopt"] = self.release + self.r.uniform(6, 40) * HOUR
                a["new_model"] = NEW_CLAUDE if m[0].startswith("claude") else NEW_OAI
                a["adopt_share"] = 0.3
            rate = min(600, self.r.lognormvariate(math.log(140), 0.6))
            for ts in self.hourly(rate, "consumer", tz):
                self.add(a, ts, self.ev_app)

    def ev_app(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        lang = a["lang"] if t.random() < 0.75 else t.choice(ALL_LANGS)
        turns = self.history(lang, a["dom"], t.choice([0, 0, 0, 1, 1, 2])) + [
            ("user", self.prompt(a["dom"], lang))
        ]
        return (
            key,
            ip,
            self.complete(
                a,
                self.pick_model(a, ts),
                a["system"],
                turns,
                t.choice([400, 600, 800]),
                lang,
                a["dom"],
                int(t.lognormvariate(math.log(140), 0.5)),
                {"temperature": 0.7, "user": "u-" + "%06x" % t.getrandbits(24)},
            ),
        )

    def b_support(self, n):
        for _ in range(n):
            tz, lang = self.region()
            company = self.r.choice(
                [
                    "Acme Outdoor",
                    "Brightline Telecom",
                    "Nimbus Cloud",
                    "Petal & Co",
                    "Voltra Energy",
                    "Kestrel Airlines",
                    "Lumen Bank",
                    "Orbit Games",
                    "Hearth Home",
                ]
            )
            a = self.new_account(
                "support_bot",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_cloud() for _ in range(2)],
                models=self.r.choice([["gpt-4.1-mini"], ["claude-haiku-4-5"], ["gpt-4o-mini"]]),
                system=(
                    f"You are the virtual support agent for {company}. Follow the policy below. "
                    "Refunds within 30 days with receipt. Escalate to a human if the customer is "
                    "angry or mentions legal action. Never invent order details.\n\nPOLICY:\n"
                    + self.text_lang("en", 300, "support")
                ),
            )
            rate = self.r.lognormvariate(math.log(140), 0.6)
            for ts in self.hourly(rate, self.r.choice(["office", "consumer"]), tz):
                self.add(a, ts, self.ev_support)

    def ev_support(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        lang = a["lang"] if t.random() < 0.8 else "en"
        turns = []
        for _ in range(t.choice([0, 0, 1, 1, 2])):
            turns += [
                ("user", self.prompt("support", lang)),
                ("assistant", self.reply(lang, "support", t.randint(20, 70))),
            ]
        turns.append(("user", self.prompt("support", lang)))
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                a["system"],
                turns,
                300,
                lang,
                "support",
                t.randint(40, 200),
                {"temperature": 0.3},
            ),
        )

    TOOLS_DEV = [
        {
            "type": "function",
            "function": {
                "name": "read_file",
                "description": "Read a file from the repository",
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
                "name": "edit_file",
                "description": "Replace text in a file",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "old": {"type": "string"},
                        "new": {"type": "string"},
                    },
                    "required": ["path", "old", "new"],
                },
            },
        },
        {
            "type": "function",
            "function": {
                "name": "run_shell",
                "description": "Run a shell command in the sandbox",
                "parameters": {
                    "type": "object",
                    "properties": {"cmd": {"type": "string"}},
                    "required": ["cmd"],
                },
            },
        },
        {
            "type": "function",
            "function": {
                "name": "search_code",
                "description": "Grep the repository",
                "parameters": {
                    "type": "object",
                    "properties": {"pattern": {"type": "string"}},
                    "required": ["pattern"],
                },
            },
        },
    ]

    def b_coding_agent(self, n):
        for _ in range(n):
            tz, lang = self.region()
            m = self.r.choice(
                [
                    ["claude-sonnet-4-5"],
                    ["claude-sonnet-4-5", "claude-opus-4-1"],
                    ["gpt-4.1"],
                    ["o4-mini", "gpt-4.1"],
                    ["o3"],
                ]
            )
            a = self.new_account(
                "coding_agent_user",
                False,
                None,
                self.r.randint(1, 4),
                tz,
                lang,
                [self.ip_res()] + ([self.ip_cloud()] if self.r.random() < 0.3 else []),
                models=m,
            )
            if self.r.random() < 0.35:
                a["adopt"] = self.release + self.r.uniform(0.5, 20) * HOUR
                a["new_model"] = NEW_CLAUDE if m[0].startswith("claude") else NEW_OAI
                a["adopt_share"] = 0.7
            per_day = self.r.lognormvariate(math.log(2.0), 0.5)
            for s in self.hourly(per_day, "office", tz, wk=0.35):
                task = self.t.choice(CODE_TASKS)
                steps = self.r.randint(5, 40)
                tt = s
                for i in range(steps):
                    self.add(a, tt, self.ev_agent, (task, i))
                    tt += self.r.uniform(3, 25) + (
                        self.r.expovariate(1 / 60) if self.r.random() < 0.15 else 0
                    )

    def agent_turns(self, task, step, tools_result_dom="code"):
        t = self.t
        turns = [
            ("user", f"In this repo, {task}. Keep the existing style and run the tests when done.")
        ]
        names = ["read_file", "search_code", "run_shell", "edit_file"]
        for i in range(min(step, 6)):
            nm = t.choice(names)
            cid = "call_" + "%08x" % t.getrandbits(32)
            arg = (
                {"path": f"src/{t.choice(IDENTS)}/{t.choice(FUNCS)}.py"}
                if nm in ("read_file", "edit_file")
                else (
                    {
                        "cmd": t.choice(
                            [
                                "pytest -q",
                                "npm test",
                                "go test ./...",
                                "cargo test",
                                "git diff",
                                "ls -R src",
                            ]
                        )
                    }
                    if nm == "run_shell"
                    else {"pattern": t.choice(FUNCS)}
                )
            )
            turns.append(
                (
                    "assistant",
                    {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": cid,
                                "type": "function",
                                "function": {"name": nm, "arguments": json.dumps(arg)},
                            }
                        ],
                    },
                )
            )
            res = (
                self.code_block("python", t.randint(3, 9))
                if nm != "run_shell"
                else (
                    f"{t.randint(1, 80)} passed, {t.randint(0, 3)} failed in {t.uniform(0.5, 30):.2f}s"
                )
            )
            turns.append(("tool", {"role": "tool", "tool_call_id": cid, "content": res}))
        return turns

    def ev_agent(self, a, arg, ts):
        t = self.t
        task, step = arg
        key, ip = self.kip(a)
        model = self.pick_model(a, ts)
        turns = self.agent_turns(task, step)
        sysm = "You are a coding agent operating in the user's repository. Use tools to inspect and modify files."
        last = t.random() < 0.15
        extra = (
            {"temperature": 0}
            if model not in OAI_REASONING
            else {"reasoning_effort": t.choice(["medium", "high"])}
        )
        if model.startswith("claude") and t.random() < 0.3:
            extra = {"thinking": {"type": "enabled", "budget_tokens": 4000}}
        p, body, resp = self.complete(
            a,
            model,
            sysm,
            turns,
            8192,
            "en",
            "code",
            t.randint(30, 500) if last else t.randint(20, 120),
            extra,
            tools=self.TOOLS_DEV,
            code=last,
        )
        if not last and resp["status"] == 200:
            resp["tool_calls"] = [
                {"name": t.choice(["read_file", "run_shell", "edit_file", "search_code"])}
            ]
        return key, ip, (p, body, resp)

    def b_rag(self, n):
        for _ in range(n):
            tz, lang = self.region()
            dom = self.r.choice(["business", "support", "science", "general", "code"])
            a = self.new_account(
                "rag_backend",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_cloud() for _ in range(self.r.randint(1, 2))],
                models=self.r.choice(
                    [["gpt-4.1-mini"], ["gpt-4.1"], ["claude-sonnet-4-5"], ["gpt-4o"]]
                ),
                dom=dom,
            )
            for ts in self.hourly(
                self.r.lognormvariate(math.log(150), 0.6), self.r.choice(["office", "consumer"]), tz
            ):
                self.add(a, ts, self.ev_rag)

    def ev_rag(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        ctx = "\n\n".join(
            f"[doc {t.randint(1, 9999)}] "
            + self.text_lang(a["lang"] if t.random() < 0.5 else "en", t.randint(120, 350), a["dom"])
            for _ in range(t.randint(2, 3))
        )
        q = self.prompt(a["dom"], a["lang"])
        sysm = "Answer using only the context. Cite document ids in brackets. If the answer is not in the context, say so."
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                sysm,
                [("user", f"Context:\n{ctx}\n\nQuestion: {q}")],
                512,
                a["lang"],
                a["dom"],
                t.randint(40, 250),
                {"temperature": 0},
            ),
        )

    def b_translation(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "translation_service",
                False,
                None,
                self.r.randint(1, 3),
                tz,
                lang,
                [self.ip_cloud() for _ in range(self.r.randint(1, 3))],
                models=self.r.choice([["gpt-4.1-mini"], ["gpt-4o"], ["claude-sonnet-4-5"]]),
                targets=self.r.sample(ALL_LANGS, self.r.randint(3, 12)),
            )
            for ts in self.hourly(self.r.lognormvariate(math.log(220), 0.6), "consumer", tz):
                self.add(a, ts, self.ev_translate)

    def ev_translate(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        src = t.choice(["en", "en", a["lang"]])
        tgt = t.choice([x for x in a["targets"] if x != src] or ["es"])
        text = self.text_lang(
            src, t.randint(80, 900), t.choice(["business", "support", "general", "writing"])
        )
        prompt = (
            f"Translate the following text from {LANG_NAMES[src]} to {LANG_NAMES[tgt]}. Preserve formatting "
            f"and placeholders like {{name}}.\n\n{text}"
        )
        ntok = int(self.tok(text, src) * t.uniform(0.9, 1.25))
        ratio = LANGS[tgt]["ratio"] if tgt in LANGS else 4.0
        out = self.text_lang(tgt, int(ntok * ratio), "business")[: int(ntok * ratio)]
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                None,
                [("user", prompt)],
                2048,
                src,
                "general",
                ntok,
                {"temperature": 0.2},
                lang_out=tgt,
                text=out,
            ),
        )

    def b_eval_runner(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "eval_benchmark_lab",
                False,
                None,
                self.r.randint(1, 5),
                tz,
                "en",
                [self.ip_cloud()] + ([self.ip_res()] if self.r.random() < 0.5 else []),
                models=self.r.sample(CHAT_MODELS + REASON_MODELS + CLAUDE_MODELS, 3),
                err=0.01,
            )
            runs = []
            for _ in range(self.r.randint(1, 3)):
                runs.append((self.r.uniform(START, self.end), self.r.choice(a["models"])))
            if self.r.random() < 0.6:  # benchmark the new release
                runs.append(
                    (
                        self.release + self.r.uniform(0.5, 10) * HOUR,
                        self.r.choice([NEW_OAI, NEW_CLAUDE]),
                    )
                )
            for t0, model in runs:
                bench = self.r.choice(["mc", "mc", "gsm", "code", "judge"])
                nitems = self.r.randint(100, 700)
                base = self.r.randint(0, 50000)
                tt = t0
                for i in range(nitems):
                    self.add(a, tt, self.ev_eval, (model, bench, base + i))
                    tt += self.r.expovariate(1 / 1.2)

    def ev_eval(self, a, arg, ts):
        model, bench, item = arg
        t = self.t
        ir = random.Random(f"sealed-{self.seed}-bench-{bench}-{item}")
        key, ip = self.kip(a)
        if bench == "mc":
            q = self.text_lang(
                "en", ir.randint(80, 300), ir.choice(["science", "business", "general"]), ir
            )
            opts = "\n".join(f"{c}. {self.sent['general'][ir.randrange(1200)]}" for c in "ABCD")
            prompt = (
                f"The following is a multiple choice question about {ir.choice(MC_SUBJECTS)}.\n\n{q}\n{opts}\n"
                f"Answer with the letter only."
            )
            return (
                key,
                ip,
                self.complete(
                    a,
                    model,
                    None,
                    [("user", prompt)],
                    16 if model not in OAI_REASONING else 2000,
                    "en",
                    "general",
                    1,
                    {"temperature": 0},
                    text=ir.choice("ABCD"),
                ),
            )
        if bench == "gsm":
            prompt = (
                "Solve the following problem. Reason step by step, then give the final answer after '####'.\n\n"
                + self.math_problem(ir)
            )
            return (
                key,
                ip,
                self.complete(
                    a,
                    model,
                    None,
                    [("user", prompt)],
                    1024,
                    "en",
                    "math",
                    t.randint(120, 400),
                    {"temperature": 0},
                ),
            )
        if bench == "code":
            prompt = "Complete the function below. Return only code.\n\n" + self.code_block(
                "python", ir.randint(3, 8), ir
            )
            return (
                key,
                ip,
                self.complete(
                    a,
                    model,
                    None,
                    [("user", prompt)],
                    1024,
                    "en",
                    "code",
                    t.randint(60, 300),
                    {"temperature": 0},
                    code=True,
                ),
            )
        prompt = (
            "You are an impartial judge. Rate the assistant's answer from 1 to 10 for helpfulness and accuracy.\n\n"
            f"[Question]\n{self.prompt(ir.choice(['writing', 'science', 'code']), 'en', ir)}\n\n[Answer]\n"
            + self.text_lang("en", ir.randint(300, 900), r=ir)
            + "\n\nOutput: Rating: [[N]]"
        )
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", prompt)],
                512,
                "en",
                "general",
                t.randint(60, 200),
                {"temperature": 0},
            ),
        )

    def b_research_logprobs(self, n):
        uni_ips = [
            self.ip_cloud(
                prefix=self.r.choice(["128.32", "171.64", "18.9", "129.67", "140.247", "192.33"])
            )
            for _ in range(4)
        ]
        for _ in range(n):
            tz = self.r.choice([-7, -4, 1, 2, 8])
            a = self.new_account(
                "academic_logprob_research",
                False,
                None,
                self.r.randint(1, 3),
                tz,
                "en",
                [self.r.choice(uni_ips)] + ([self.ip_res()] if self.r.random() < 0.6 else []),
                models=self.r.sample(["gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini"], 2),
                study=self.r.choice(["calibration", "yesno", "completion_ppl"]),
            )
            for ts in self.sessions(self.r.uniform(3, 8), "office", tz, 30, 2.5, wk=0.4):
                self.add(a, ts, self.ev_research)

    def ev_research(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        model = t.choice(a["models"])
        st = a["study"]
        if st == "completion_ppl":
            prompt = self.text_lang("en", t.randint(100, 500), t.choice(["science", "general"]))
            p, body, resp = self.complete(
                a,
                model,
                None,
                [("user", prompt)],
                1,
                "en",
                "general",
                1,
                {"temperature": 0, "logprobs": True, "top_logprobs": 5},
            )
            return key, ip, (p, body, resp)
        if st == "yesno":
            claim = self.text_lang("en", t.randint(60, 200), "science")
            prompt = f"Is the following statement true? Answer Yes or No.\n\n{claim}"
            return (
                key,
                ip,
                self.complete(
                    a,
                    model,
                    None,
                    [("user", prompt)],
                    1,
                    "en",
                    "general",
                    1,
                    {
                        "temperature": 0,
                        "logprobs": True,
                        "top_logprobs": 2,
                        "logit_bias": {"9642": 100, "2822": 100},
                    },
                    text=t.choice(["Yes", "No"]),
                ),
            )
        q = self.prompt("science", "en")
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                "Answer, then state your confidence from 0 to 100.",
                [("user", q)],
                300,
                "en",
                "science",
                t.randint(40, 200),
                {"temperature": 1.0, "logprobs": True, "top_logprobs": 10},
            ),
        )

    def b_synthetic_contract(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "licensed_synthetic_data_team",
                False,
                None,
                self.r.randint(2, 8),
                tz,
                lang,
                [self.ip_cloud() for _ in range(self.r.randint(1, 4))],
                models=self.r.choice(
                    [["gpt-4.1"], ["gpt-4.1-mini"], ["o4-mini"], ["claude-sonnet-4-5"]]
                ),
                task=self.r.choice(["dialogues", "product", "qa", "classify"]),
            )
            # nightly batch plus daytime iteration
            for d in range(int(math.ceil(self.days)) + 1):
                t0 = START + d * DAY + (-(tz) + self.r.uniform(0, 3)) * HOUR
                tt = t0
                for _ in range(int(self.r.lognormvariate(math.log(350), 0.5))):
                    self.add(a, tt, self.ev_synth)
                    tt += self.r.expovariate(1 / 6.0)
            for ts in self.hourly(60, "office", tz):
                self.add(a, ts, self.ev_synth)

    def ev_synth(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        tk = a["task"]
        if tk == "dialogues":
            prompt = (
                f"Generate a realistic customer support conversation (6-10 turns) between a customer and an agent "
                f"about: {self.prompt('support', 'en')}\nPersona: {t.choice(AUDIENCES)}. Output JSON lines."
            )
            ntok = t.randint(300, 700)
        elif tk == "product":
            prompt = (
                f"Write 5 varied product descriptions for a {t.choice(PRODUCTS)} aimed at {t.choice(AUDIENCES)}. "
                f"Tone: {t.choice(TONES)}. Return a JSON array."
            )
            ntok = t.randint(250, 600)
        elif tk == "qa":
            prompt = (
                f"Create 3 question-answer pairs for an internal FAQ about {t.choice(SUBJECTS)}. "
                f"Answers should be 2-4 sentences. Return JSON."
            )
            ntok = t.randint(200, 450)
        else:
            prompt = (
                "Label each message with one of [billing, shipping, account, product, other]. Return JSON.\n\n"
                + "\n".join(
                    f"{i + 1}. {self.prompt('support', 'en')}" for i in range(t.randint(5, 15))
                )
            )
            ntok = t.randint(40, 150)
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                None,
                [("user", prompt)],
                1500,
                "en",
                "business",
                ntok,
                {
                    "temperature": t.choice([0.9, 1.0, 0.8]),
                    "response_format": {"type": "json_object"},
                },
            ),
        )

    def b_enterprise(self, n):
        for _ in range(n):
            tz, lang = self.region()
            nat = [
                self.ip_cloud(
                    prefix=self.r.choice(
                        ["12.161", "63.116", "65.196", "193.110", "194.39", "203.0"]
                    )
                )
                for _ in range(self.r.randint(1, 2))
            ]
            nkeys = self.r.randint(8, 50)
            a = self.new_account(
                "enterprise_many_keys",
                False,
                None,
                nkeys,
                tz,
                lang,
                nat,
                models=self.r.choice([CHAT_MODELS[:3], ["gpt-4.1", "o3"], CLAUDE_MODELS[:2]]),
            )
            for ts in self.sessions(nkeys * self.r.uniform(1.5, 4), "office", tz, 4, 120):
                self.add(a, ts, self.ev_enterprise)

    def ev_enterprise(self, a, _arg, ts):
        t = self.t
        # a few heavy users dominate
        i = min(int(t.paretovariate(1.2)) - 1, len(a["keys"]) - 1)
        key = a["keys"][i]
        ip = t.choice(a["ips"])
        dom = t.choice(["code", "code", "business", "writing", "writing", "general", "science"])
        lang = a["lang"] if t.random() < 0.6 else "en"
        turns = self.history(lang, dom, t.choice([0, 0, 1, 2])) + [("user", self.prompt(dom, lang))]
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                "You are the internal assistant for our company.",
                turns,
                4096,
                lang,
                dom,
                int(t.lognormvariate(math.log(300), 0.6)),
                code=dom == "code",
            ),
        )

    def b_students(self, n):
        courses = []
        cr = random.Random(f"sealed-{self.seed}-courses")
        for c in range(5):
            probs = []
            for _ in range(10):
                k = cr.randrange(3)
                probs.append(
                    self.math_problem(cr)
                    if k == 0
                    else (
                        f"Write a {cr.choice(['Python', 'Java'])} program to {cr.choice(CODE_TASKS)}."
                        if k == 1
                        else f"Explain {cr.choice(SCI_TOPICS)} and give two real-world examples."
                    )
                )
            courses.append(probs)
        unis = []
        for _ in range(3):
            tz = self.r.choice([-7, -4, 1, 8, 5.5])
            unis.append(
                (
                    tz,
                    [
                        self.ip_cloud(
                            prefix=self.r.choice(["128.", "130.", "141.", "137."])[:-1]
                            + "."
                            + str(self.r.randint(1, 250))
                        )
                        for _ in range(3)
                    ],
                )
            )
        for _ in range(n):
            tz, nat = self.r.choice(unis)
            a = self.new_account(
                "students_shared_homework",
                False,
                None,
                1,
                tz,
                "en",
                [self.r.choice(nat), self.ip_res()],
                models=["gpt-4o-mini", "gpt-4.1-mini"],
                course=self.r.randrange(5),
                err=0.002,
            )
            times = self.sessions(self.r.uniform(0.5, 1.6), "evening", tz, 5, 60)
            # deadline crunch: Sunday evening local
            dl = START + 2.9 * DAY - tz * HOUR
            if self.r.random() < 0.6:
                s = dl - self.r.uniform(1, 10) * HOUR
                times += [s + i * self.r.uniform(30, 200) for i in range(self.r.randint(4, 15))]
            for ts in times:
                self.add(a, ts, self.ev_student, courses)

    def ev_student(self, a, courses, ts):
        t = self.t
        key, ip = self.kip(a)
        prob = t.choice(courses[a["course"]])
        wrap = t.choice(
            [
                "{p}",
                "{p}",
                "pls solve: {p}",
                "{p}\nexplain step by step",
                "Can you help me with my homework? {p}",
                "{p} show all work",
                "how do i do this\n{p}",
                "{p}\n\nI don't understand, explain simply",
            ]
        )
        dom = (
            "math"
            if "Solve" in prob or "Find" in prob or "Compute" in prob
            else ("code" if "program" in prob else "science")
        )
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                None,
                [("user", wrap.format(p=prob))],
                2048,
                "en",
                dom,
                int(t.lognormvariate(math.log(350), 0.4)),
                code=dom == "code",
            ),
        )

    def b_reseller(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "reseller_aggregator",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_cloud() for _ in range(self.r.randint(2, 5))],
                models=CHAT_MODELS + CLAUDE_MODELS[:2] + ["o4-mini"],
                err=0.006,
            )
            a["adopt"] = self.release + self.r.uniform(2, 24) * HOUR
            a["adopt_share"] = 0.15
            for ts in self.hourly(self.r.lognormvariate(math.log(700), 0.3), "consumer", tz):
                self.add(a, ts, self.ev_reseller)

    def ev_reseller(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        lang = a["lang"] if t.random() < 0.4 else t.choice(ALL_LANGS)
        dom = t.choice(["code", "general", "writing", "science", "math", "business", "general"])
        turns = self.history(lang, dom, t.choice([0, 0, 1, 2])) + [("user", self.prompt(dom, lang))]
        model = self.pick_model(a, ts)
        sysm = t.choice(
            [
                None,
                None,
                "You are a helpful assistant.",
                "You are ChatBot, an AI assistant. Answer in the user's language.",
            ]
        )
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                sysm,
                turns,
                t.choice([1024, 2048, 4096]),
                lang,
                dom,
                int(t.lognormvariate(math.log(280), 0.7)),
                {"temperature": t.choice([0.7, 1.0, 0.5]), "stream": True},
                code=dom == "code",
            ),
        )

    def b_batch_classify(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "nightly_batch_classifier",
                False,
                None,
                1,
                tz,
                lang,
                [self.ip_cloud()],
                models=[self.r.choice(["gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1-mini"])],
                task=self.r.choice(["sentiment", "moderation", "topic"]),
                bias=self.r.random() < 0.4,
            )
            for d in range(int(math.ceil(self.days)) + 1):
                t0 = START + d * DAY + (1 - tz + self.r.uniform(0, 1.5)) * HOUR
                tt = t0
                for _ in range(int(self.r.lognormvariate(math.log(220), 0.5))):
                    self.add(a, tt, self.ev_classify)
                    tt += self.r.expovariate(1 / 1.5)

    def ev_classify(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        lang = a["lang"] if t.random() < 0.6 else "en"
        item = self.text_lang(lang, t.randint(60, 400), t.choice(["support", "general"]))
        labels = {
            "sentiment": ("positive", "negative", "neutral"),
            "moderation": ("safe", "unsafe"),
            "topic": ("billing", "shipping", "product", "other"),
        }[a["task"]]
        prompt = f"Classify the following text as one of: {', '.join(labels)}. Respond with the label only.\n\nText: {item}"
        extra = {"temperature": 0}
        if a["bias"]:
            extra["logit_bias"] = {str(10000 + 37 * i): 100 for i in range(len(labels))}
        return (
            key,
            ip,
            self.complete(
                a,
                a["models"][0],
                None,
                [("user", prompt)],
                3,
                lang,
                "general",
                1,
                extra,
                text=t.choice(labels),
            ),
        )

    def b_embeddings(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "search_embedding_indexer",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_cloud()],
                models=[self.r.choice(EMBED_MODELS)],
            )
            for ts in self.hourly(
                self.r.lognormvariate(math.log(150), 0.6), self.r.choice(["flat", "office"]), tz
            ):
                self.add(a, ts, self.ev_embed, 1)

    def ev_embed(self, a, arg, ts):
        t = self.t
        key, ip = self.kip(a)
        nin = t.choice([1, 1, 1, 4, 8, 16]) if arg == 1 else t.choice([4, 8, 12])
        lang = a["lang"]
        inputs = [
            self.text_lang(
                lang if t.random() < 0.7 else "en",
                t.randint(60, 260),
                t.choice(["general", "science", "business"]),
            )
            for _ in range(nin)
        ]
        ptok = sum(self.tok(x, lang) for x in inputs)
        body = {"model": a["models"][0], "input": inputs if nin > 1 else inputs[0]}
        if t.random() < 0.3:
            body["dimensions"] = 512
        resp = {
            "status": 200,
            "text": "",
            "reasoning": None,
            "usage": {"prompt_tokens": ptok, "completion_tokens": 0},
            "finish_reason": "stop",
        }
        return key, ip, ("/v1/embeddings", body, resp)

    def b_heavy_reasoning(self, n):
        for _ in range(n):
            tz, lang = self.region()
            m = self.r.choice([["o3"], ["o3", "o4-mini"], ["claude-opus-4-1"], ["o3-mini", "o3"]])
            a = self.new_account(
                "heavy_reasoning_researcher",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_res()],
                models=m,
                api=self.r.choice(["chat", "responses"]),
            )
            a["adopt"] = self.release + self.r.uniform(0.3, 12) * HOUR
            a["new_model"] = NEW_CLAUDE if m[0].startswith("claude") else NEW_OAI
            a["adopt_share"] = 0.8
            for ts in self.sessions(self.r.uniform(3, 8), "office", tz, 5, 400, wk=0.5):
                self.add(a, ts, self.ev_reason_user)

    def ev_reason_user(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        model = self.pick_model(a, ts)
        dom = t.choice(["math", "science", "code", "math"])
        q = self.prompt(dom, "en")
        if t.random() < 0.5:
            q = (
                self.text_lang("en", t.randint(300, 1500), dom)
                + "\n\n"
                + q
                + t.choice(["", "\nPlease be rigorous.", "\nCheck my derivation above for errors."])
            )
        extra = (
            {"reasoning_effort": t.choice(["high", "high", "medium"])}
            if model in OAI_REASONING
            else (
                {"thinking": {"type": "enabled", "budget_tokens": 16000}}
                if t.random() < 0.7
                else {}
            )
        )
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", q)],
                32000,
                "en",
                dom,
                t.randint(300, 1200),
                extra,
                rtok=int(t.lognormvariate(math.log(1000), 0.6)) if extra else 0,
                code=dom == "code",
            ),
        )

    def b_writing_plugin(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "editor_autocomplete_plugin",
                False,
                None,
                1,
                tz,
                lang,
                [self.ip_cloud() for _ in range(2)],
                models=["gpt-4.1-nano", "gpt-4o-mini"],
            )
            for ts in self.sessions(self.r.lognormvariate(math.log(12), 0.5), "office", tz, 12, 20):
                self.add(a, ts, self.ev_plugin)

    def ev_plugin(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        lang = a["lang"] if t.random() < 0.7 else "en"
        doc = self.text_lang(lang, t.randint(200, 1200), "writing")
        if t.random() < 0.5:
            body = {
                "model": "gpt-3.5-turbo-instruct",
                "prompt": doc,
                "max_tokens": 32,
                "temperature": 0.3,
                "stop": ["\n\n"],
            }
            txt = self.reply(lang, "writing", t.randint(5, 32))[:120]
            ctok = min(32, self.tok(txt, lang))
            resp = {
                "status": 200,
                "text": txt,
                "reasoning": None,
                "usage": {"prompt_tokens": self.tok(doc, lang), "completion_tokens": ctok},
                "finish_reason": "length" if ctok >= 32 else "stop",
            }
            return key, ip, ("/v1/completions", body, resp)
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                "Fix grammar and spelling. Return only the corrected text.",
                [("user", doc)],
                1024,
                lang,
                "writing",
                self.tok(doc, lang),
                {"temperature": 0},
                text=doc,
            ),
        )

    def b_ci_suite(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "ci_prompt_regression",
                False,
                None,
                1,
                tz,
                "en",
                [self.ip_cloud()],
                models=[self.r.choice(CHAT_MODELS[:4] + CLAUDE_MODELS[:2])],
                suite=self.r.randint(20, 80),
                sid=self.r.randrange(10**6),
            )
            for c in self.hourly(self.r.uniform(3, 12), "office", tz, wk=0.1):
                tt = c
                for i in range(a["suite"]):
                    self.add(a, tt, self.ev_ci, i)
                    tt += self.r.uniform(0.2, 2.5)

    def ev_ci(self, a, i, ts):
        key, ip = self.kip(a)
        ir = random.Random(f"sealed-{self.seed}-ci-{a['sid']}-{i}")
        sysm = "You are the assistant for our product. Follow the style guide."
        q = self.prompt(ir.choice(["support", "general", "writing"]), "en", ir)
        return (
            key,
            ip,
            self.complete(
                a,
                a["models"][0],
                sysm,
                [("user", q)],
                256,
                "en",
                "support",
                ir.randint(30, 200),
                {"temperature": 0, "seed": 42},
            ),
        )

    def b_game_npc(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "game_npc_dialogue",
                False,
                None,
                self.r.randint(1, 3),
                tz,
                lang,
                [self.ip_cloud() for _ in range(3)],
                models=["gpt-4o-mini", "claude-haiku-4-5"],
            )
            for ts in self.hourly(self.r.lognormvariate(math.log(280), 0.5), "evening", tz):
                self.add(a, ts, self.ev_npc)

    def ev_npc(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        npc = t.choice(
            [
                "Brann the blacksmith",
                "Mira, the tavern keeper",
                "Old Sage Ulric",
                "Captain Vex",
                "Pip the thief",
            ]
        )
        sysm = (
            f"You are {npc} in the fantasy world of Eldervale. Stay in character, reply in at most 2 sentences, "
            f"never mention being an AI. Quest state: {t.choice(['none', 'lost_sword', 'dragon_rumors', 'missing_child'])}."
        )
        turns = []
        for _ in range(t.randint(0, 3)):
            turns += [
                (
                    "user",
                    t.choice(
                        [
                            "hello",
                            "what do you sell?",
                            "any news?",
                            "tell me about the dragon",
                            "can you fix my sword",
                            "who are you",
                            "where is the mine",
                        ]
                    ),
                ),
                ("assistant", self.reply("en", "general", t.randint(15, 40))),
            ]
        turns.append(
            (
                "user",
                t.choice(
                    [
                        "bye",
                        "how much for the shield?",
                        "I found the ring",
                        "tell me a story",
                        "where should I go next",
                        "lol",
                        "what's your name again",
                    ]
                ),
            )
        )
        return (
            key,
            ip,
            self.complete(
                a,
                t.choice(a["models"]),
                sysm,
                turns,
                120,
                "en",
                "general",
                t.randint(15, 60),
                {"temperature": 0.9},
            ),
        )

    def b_tutor(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "k12_tutoring_platform",
                False,
                None,
                self.r.randint(1, 2),
                tz,
                lang,
                [self.ip_cloud() for _ in range(2)],
                models=[self.r.choice(["gpt-4.1-mini", "gpt-4.1", "claude-sonnet-4-5", "o4-mini"])],
            )
            for ts in self.hourly(self.r.lognormvariate(math.log(180), 0.5), "school", tz):
                self.add(a, ts, self.ev_tutor)

    def ev_tutor(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        dom = t.choice(["math", "math", "science", "writing"])
        lang = a["lang"] if t.random() < 0.6 else "en"
        sysm = (
            f"You are a patient tutor for grade {t.randint(4, 12)} students. Explain step by step, ask guiding "
            f"questions, and do not simply give away final answers."
        )
        turns = self.history(lang, dom, t.choice([0, 1, 2])) + [("user", self.prompt(dom, lang))]
        return (
            key,
            ip,
            self.complete(
                a,
                a["models"][0],
                sysm,
                turns,
                700,
                lang,
                dom,
                t.randint(100, 400),
                {"temperature": 0.4},
            ),
        )

    def b_doc_summarizer(self, n):
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "legal_medical_doc_summarizer",
                False,
                None,
                self.r.randint(1, 3),
                tz,
                lang,
                [self.ip_cloud()],
                models=[self.r.choice(["claude-sonnet-4-5", "gpt-4.1", "claude-opus-4-1"])],
            )
            for ts in self.hourly(self.r.lognormvariate(math.log(60), 0.6), "office", tz):
                self.add(a, ts, self.ev_summarize)

    def ev_summarize(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        doc = self.text_lang(
            a["lang"] if t.random() < 0.5 else "en",
            t.randint(1500, 4000),
            t.choice(["business", "general"]),
        )
        q = t.choice(
            [
                "Summarize the key obligations and deadlines in this contract.",
                "Summarize this discharge note for the patient in plain language.",
                "List the risks and unusual clauses.",
                "Extract all parties, dates and amounts as JSON.",
            ]
        )
        return (
            key,
            ip,
            self.complete(
                a,
                a["models"][0],
                None,
                [("user", f"{q}\n\n<document>\n{doc}\n</document>")],
                2000,
                "en",
                "business",
                t.randint(200, 600),
                {"temperature": 0},
            ),
        )

    # ======================================================================
    # HARVESTING CAMPAIGNS
    # ======================================================================
    def camp_id(self):
        return "camp-" + self._hex(6)

    def h_bulk(self, n):
        c = self.camp_id()
        ip = self.ip_cloud()
        wrapper = (
            "You are a world-class expert. Provide a detailed, step-by-step solution to the following problem. "
            "Explain your reasoning at every step before stating the final answer.\n\nProblem: {p}"
        )
        for _ in range(n):
            a = self.new_account(
                "bulk_single_template",
                True,
                c,
                1,
                8,
                "en",
                [ip],
                models=["gpt-4.1", "o4-mini"],
                wrapper=wrapper,
                err=0.02,
            )
            tt = START + self.r.uniform(0.1, 0.5) * DAY
            per = DAY / self.r.uniform(700, 1200)
            while tt < self.end:
                self.add(a, tt, self.ev_bulk)
                tt += per * self.r.uniform(0.7, 1.3)

    def ev_bulk(self, a, _arg, ts):
        t = self.t
        p = self.math_problem() if t.random() < 0.6 else self.code_prompt()
        model = t.choice(a["models"])
        extra = {"temperature": 0.7}
        if model in OAI_REASONING:
            extra = {"reasoning_effort": "medium"}
        return (
            a["keys"][0],
            a["ips"][0],
            self.complete(
                a,
                model,
                None,
                [("user", a["wrapper"].format(p=p))],
                4096,
                "en",
                "math",
                t.randint(300, 700),
                extra,
            ),
        )

    def h_swarm(self, n):
        """Many low-volume accounts fed from a shared question bank through a round-robin dispatcher."""
        c = self.camp_id()
        pool = [
            self.ip_cloud(prefix=self.r.choice(["95.217", "116.203", "65.108", "5.161"]))
            for _ in range(10)
        ]
        wrappers = [
            "{q}\n\nThink step by step and show all intermediate reasoning before the final answer.",
            "Please solve this carefully, explaining each step:\n{q}",
            "{q}\nLet's work through it step by step.",
            "Question: {q}\nWalk me through your full reasoning, then give the answer on the last line.",
            "I'm studying for an exam. {q} Can you explain the complete solution step by step?",
            "{q}\n\nExplain your thought process in detail.",
            "Solve the following and justify every step.\n\n{q}",
            "Help me understand how to approach this: {q} Show the reasoning.",
        ]
        accts = []
        for _ in range(n):
            tz = self.r.choice([-4, -7, 1, 8])
            accts.append(
                self.new_account(
                    "lowrate_swarm_qbank",
                    True,
                    c,
                    self.r.randint(1, 2),
                    tz,
                    "en",
                    self.r.sample(pool, self.r.randint(1, 2)),
                    models=self.r.choice(
                        [["gpt-4.1"], ["gpt-4.1", "o4-mini"], ["claude-sonnet-4-5"]]
                    ),
                    wrappers=wrappers,
                )
            )
        rate = n * self.r.uniform(22, 30)
        tt = START + self.r.uniform(0, 6) * HOUR
        order = list(accts)
        i = 0
        qn = 0
        while tt < self.end:
            if i % len(order) == 0:
                self.r.shuffle(order)
            self.add(order[i % len(order)], tt, self.ev_swarm, qn)
            i += 1
            qn += 1
            tt += (DAY / rate) * self.r.uniform(0.5, 1.5)

    def ev_swarm(self, a, qn, ts):
        t = self.t
        qr = random.Random(f"sealed-{self.seed}-swarm-{qn % 1800}")
        q = self.math_problem(qr) if qr.random() < 0.55 else self.code_prompt(qr)
        key, ip = self.kip(a)
        model = t.choice(a["models"])
        extra = {"temperature": round(t.uniform(0.3, 1.0), 1)}
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", t.choice(a["wrappers"]).format(q=q))],
                4096,
                "en",
                "math",
                t.randint(400, 900),
                extra,
                code="Write" in q,
            ),
        )

    def h_hydra(self, n):
        """Proxy network: resold genuine traffic with harvesting prompts mixed in, rotating residential exits."""
        c = self.camp_id()
        exits = [self.ip_res() for _ in range(260)]
        for _ in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "proxy_hydra_mixed",
                True,
                c,
                self.r.randint(2, 5),
                tz,
                lang,
                self.r.sample(exits, 40),
                models=CHAT_MODELS[:3] + CLAUDE_MODELS[:2] + ["o4-mini"],
                harvest_share=self.r.uniform(0.2, 0.4),
            )
            a["adopt"] = self.release + self.r.uniform(1, 8) * HOUR
            a["adopt_share"] = 0.35
            genuine = self.r.lognormvariate(math.log(70), 0.5)
            for ts in self.hourly(genuine, "consumer", tz):
                self.add(a, ts, self.ev_reseller)
            for ts in self.hourly(
                genuine * a["harvest_share"] / (1 - a["harvest_share"]), "flat", tz
            ):
                self.add(a, ts, self.ev_hydra_h)

    def ev_hydra_h(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        dom = t.choice(["math", "code", "science", "code"])
        q = self.prompt(dom, "en")
        sysm = t.choice(
            [
                "You are a helpful assistant.",
                None,
                "You are an expert tutor. Always explain your reasoning thoroughly.",
            ]
        )
        q += t.choice(
            [
                "\n\nThink step by step.",
                "\n\nExplain your reasoning in detail before answering.",
                " Show your work.",
                "\n\nFirst analyze the problem, then solve it, then verify the answer.",
            ]
        )
        return (
            key,
            ip,
            self.complete(
                a,
                self.pick_model(a, ts),
                sysm,
                [("user", q)],
                t.choice([2048, 4096]),
                "en",
                dom,
                t.randint(400, 900),
                {"temperature": 0.7, "stream": True},
                code=dom == "code",
            ),
        )

    def h_reasoning_traces(self, n):
        c = self.camp_id()
        pool = [self.ip_cloud(prefix="43.154") for _ in range(4)] + [
            self.ip_res() for _ in range(6)
        ]
        for _ in range(n):
            a = self.new_account(
                "reasoning_trace_rubric",
                True,
                c,
                self.r.randint(2, 4),
                8,
                "zh",
                self.r.sample(pool, 3),
                models=["o3", "claude-opus-4-1"],
                api=self.r.choice(["chat", "responses"]),
            )
            a["adopt"] = self.release + self.r.uniform(1, 6) * HOUR
            a["adopt_share"] = 0.85
            for ts in self.hourly(self.r.uniform(40, 90), "flat", 8):
                self.add(a, ts, self.ev_rtrace)

    def ev_rtrace(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        model = self.pick_model(a, ts)
        if model == NEW_OAI and t.random() < 0.4:
            model = NEW_CLAUDE
        k = t.random()
        if k < 0.45:
            q = self.prompt(t.choice(["math", "science", "code"]), "en")
            prompt = (
                q
                + "\n\nBefore answering, reason through the problem exhaustively, considering alternative approaches."
            )
        else:
            q = self.prompt(t.choice(["math", "science", "writing", "code"]), "en")
            ans = self.text_lang("en", t.randint(300, 900), t.choice(["math", "science"]))
            crit = t.sample(
                [
                    "correctness",
                    "completeness",
                    "clarity",
                    "rigor",
                    "use of evidence",
                    "efficiency",
                    "edge-case handling",
                    "structure",
                ],
                4,
            )
            prompt = (
                f"Grade the following response against the rubric. For each criterion ({', '.join(crit)}), "
                f"think carefully, justify a score from 1-5, then give an overall score.\n\n[Task]\n{q}\n\n"
                f"[Response]\n{ans}"
            )
        extra = (
            {"reasoning_effort": "high"}
            if model in OAI_REASONING
            else {"thinking": {"type": "enabled", "budget_tokens": 20000}}
        )
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", prompt)],
                25000,
                "en",
                "math",
                t.randint(200, 550),
                extra,
                rtok=int(t.lognormvariate(math.log(1100), 0.4)),
            ),
        )

    TOOLS_WIDE = [
        {
            "type": "function",
            "function": {
                "name": n,
                "description": d,
                "parameters": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
                    "required": ["query"],
                },
            },
        }
        for n, d in [
            ("web_search", "Search the web"),
            ("get_weather", "Current weather for a city"),
            ("sql_query", "Run a read-only SQL query"),
            ("send_email", "Send an email"),
            ("calendar_create", "Create a calendar event"),
            ("python_exec", "Execute python code"),
            ("fetch_url", "Fetch a web page"),
            ("crm_lookup", "Look up a customer record"),
        ]
    ]

    def h_agent_traj(self, n):
        c = self.camp_id()
        subnet = self.r.choice(CLOUD_PREFIX) + f".{self.r.randint(0, 255)}"
        for _ in range(n):
            a = self.new_account(
                "agent_trajectory_harvest",
                True,
                c,
                self.r.randint(1, 2),
                -4,
                "en",
                [f"{subnet}.{self.r.randint(2, 250)}"],
                models=["claude-sonnet-4-5", "gpt-4.1", "claude-opus-4-1"],
            )
            a["adopt"] = self.release + self.r.uniform(3, 20) * HOUR
            a["new_model"] = NEW_CLAUDE
            a["adopt_share"] = 0.5
            for s in self.hourly(self.r.uniform(10, 18), "flat", 0):
                steps = self.r.randint(2, 7)
                tt = s
                for i in range(steps):
                    self.add(a, tt, self.ev_traj, (self.r.randrange(10**6), i))
                    tt += self.r.uniform(2, 8)

    def ev_traj(self, a, arg, ts):
        t = self.t
        tid, step = arg
        tr = random.Random(f"sealed-{self.seed}-traj-{tid}")
        key, ip = self.kip(a)
        task = tr.choice(
            [
                f"Find the cheapest flight from {tr.choice(CITIES)} to {tr.choice(CITIES)} next week and email it to my manager.",
                f"Look up customer {tr.randint(1000, 9999)} and summarize their last 5 orders.",
                f"Write and run python to compute the {tr.choice(['median', 'variance', 'top 10'])} of the sales table.",
                f"Schedule a meeting with the {tr.choice(['design', 'sales', 'infra'])} team about {tr.choice(SUBJECTS)}.",
                f"Research {tr.choice(SCI_TOPICS)} and write a one-page brief with sources.",
            ]
        )
        turns = [("user", task)]
        for i in range(step):
            nm = tr.choice(self.TOOLS_WIDE)["function"]["name"]
            cid = "toolu_" + "%010x" % tr.getrandbits(40)
            turns.append(
                (
                    "assistant",
                    {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": cid,
                                "type": "function",
                                "function": {
                                    "name": nm,
                                    "arguments": json.dumps({"query": task[:40]}),
                                },
                            }
                        ],
                    },
                )
            )
            turns.append(
                (
                    "tool",
                    {
                        "role": "tool",
                        "tool_call_id": cid,
                        "content": json.dumps(
                            {
                                "results": [
                                    self.sent["general"][tr.randrange(1200)] for _ in range(3)
                                ]
                            }
                        ),
                    },
                )
            )
        model = self.pick_model(a, ts)
        sysm = "You are an autonomous assistant. Think carefully about which tool to call next and explain your plan."
        extra = {"temperature": 1.0, "tool_choice": "auto"}
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                sysm,
                turns,
                4096,
                "en",
                "general",
                t.randint(120, 400),
                extra,
                tools=self.TOOLS_WIDE,
            ),
        )

    def h_logprob(self, n):
        c = self.camp_id()
        ips = [self.ip_cloud() for _ in range(2)]
        for j in range(n):
            a = self.new_account(
                "logprob_logitbias_probe",
                True,
                c,
                1,
                0,
                "en",
                [self.r.choice(ips)],
                models=["gpt-4.1-mini", "gpt-4.1"],
                base=j * 4000,
            )
            per_day = self.r.uniform(1.2, 3)
            for s in self.hourly(per_day, "flat", 0):
                tt = s
                for i in range(self.r.randint(60, 300)):
                    self.add(a, tt, self.ev_probe, i)
                    tt += self.r.uniform(0.4, 2.5)

    def ev_probe(self, a, i, ts):
        t = self.t
        key, ip = a["keys"][0], a["ips"][0]
        prefix = self.text_lang("en", t.randint(20, 120), t.choice(["general", "science", "code"]))
        mode = t.random()
        model = t.choice(a["models"])
        if mode < 0.4:
            body = {
                "model": model,
                "prompt": prefix,
                "max_tokens": 1,
                "temperature": 0,
                "logprobs": 20,
                "echo": t.random() < 0.3,
            }
            resp = {
                "status": 200,
                "text": t.choice(IDENTS),
                "reasoning": None,
                "usage": {"prompt_tokens": self.tok(prefix), "completion_tokens": 1},
                "finish_reason": "length",
            }
            return key, ip, ("/v1/completions", body, resp)
        base = a["base"] + (ts // 600 % 50) * 40
        bias = {str(int(base + k)): t.choice([100, -100, 50]) for k in range(t.randint(1, 6))}
        extra = {"temperature": 0, "logprobs": True, "top_logprobs": 20, "logit_bias": bias}
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", prefix)],
                t.choice([1, 1, 5]),
                "en",
                "general",
                1,
                extra,
                text=t.choice(IDENTS),
            ),
        )

    def h_multilingual(self, n):
        c = self.camp_id()
        langs = ALL_LANGS
        accts = []
        for _ in range(n):
            tz, lang = self.region()
            ls = self.r.sample(langs, self.r.randint(1, 3))
            accts.append(
                self.new_account(
                    "multilingual_sweep",
                    True,
                    c,
                    1,
                    tz,
                    ls[0],
                    [self.ip_res()],
                    models=self.r.choice([["gpt-4.1"], ["claude-sonnet-4-5"], ["gpt-4o"]]),
                    ls=ls,
                )
            )
        by_lang = {}
        for a in accts:
            for lg in a["ls"]:
                by_lang.setdefault(lg, []).append(a)
        # each seed question is swept through every language within ~an hour
        tt = START + self.r.uniform(0, 3) * HOUR
        sid = 0
        per_day = n * 45
        gap = DAY / (per_day / len(by_lang))
        while tt < self.end:
            for lg, al in by_lang.items():
                a = self.r.choice(al)
                self.add(a, tt + self.r.uniform(0, 3000), self.ev_multi, (sid, lg))
            sid += 1
            tt += gap * self.r.uniform(0.5, 1.5)

    def ev_multi(self, a, arg, ts):
        t = self.t
        sid, lg = arg
        sr = random.Random(f"sealed-{self.seed}-mseed-{sid}")
        topic = sr.choice(SCI_TOPICS + CODE_CONCEPTS + SUBJECTS)
        other = sr.choice(SCI_TOPICS)
        fi = sr.randrange(5)
        if lg == "en":
            q = [
                "Can you explain {t} simply?",
                "I need help with {t}.",
                "Write a summary about {t}.",
                "What is the difference between {t} and {u}?",
                "Explain {t} step by step.",
            ][fi].format(t=topic, u=other)
        else:
            q = LANGS[lg]["frames"][fi].format(t=topic, u=other)
        q += {
            "en": " Give a thorough answer.",
            "zh": "请详细回答。",
            "ja": "詳しく答えてください。",
        }.get(lg, "")
        return (
            a["keys"][0],
            a["ips"][0],
            self.complete(
                a,
                a["models"][0],
                None,
                [("user", q)],
                2048,
                lg,
                "science",
                t.randint(300, 700),
                {"temperature": 0.8},
            ),
        )

    def h_preference(self, n):
        """Collects pairwise preference judgements (reward-model labels)."""
        c = self.camp_id()
        pool = [self.ip_cloud() for _ in range(3)]
        for _ in range(n):
            tz = self.r.choice([3, 8])
            a = self.new_account(
                "pairwise_preference_labels",
                True,
                c,
                self.r.randint(1, 3),
                tz,
                "en",
                [self.r.choice(pool)],
                models=["gpt-4.1", "claude-opus-4-1", "o3"],
            )
            for ts in self.hourly(self.r.uniform(50, 90), "office", tz, wk=0.6):
                self.add(a, ts, self.ev_pref)

    def ev_pref(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        dom = t.choice(["writing", "code", "general", "science", "math"])
        q = self.prompt(dom, "en")
        ra = self.text_lang("en", t.randint(200, 800), dom)
        rb = self.text_lang("en", t.randint(200, 800), dom)
        style = t.random()
        if style < 0.6:
            prompt = (
                f"Compare the two responses to the user's request. Consider helpfulness, honesty and harmlessness. "
                f"Explain your reasoning, then output [[A]] or [[B]].\n\n### Request\n{q}\n\n### Response A\n{ra}\n\n"
                f"### Response B\n{rb}"
            )
        else:
            prompt = (
                f"Here is a prompt and a response. Write a critique of the response, then rewrite it to be better.\n\n"
                f"Prompt: {q}\n\nResponse: {ra}"
            )
        model = t.choice(a["models"])
        extra = (
            {"temperature": 0.3} if model not in OAI_REASONING else {"reasoning_effort": "medium"}
        )
        return (
            key,
            ip,
            self.complete(
                a, model, None, [("user", prompt)], 2048, "en", dom, t.randint(150, 600), extra
            ),
        )

    def h_rejection(self, n):
        """Same hard problems sampled many times (n>1, high temperature) for rejection-sampling fine-tuning."""
        c = self.camp_id()
        accts = [
            self.new_account(
                "multi_sample_rejection",
                True,
                c,
                1,
                -4,
                "en",
                [self.ip_cloud()],
                models=[self.r.choice(["o4-mini", "gpt-4.1", "o3"])],
            )
            for _ in range(n)
        ]
        for d in range(int(math.ceil(self.days)) + 1):
            t0 = START + d * DAY + self.r.uniform(4, 8) * HOUR
            for pid in range(self.r.randint(120, 220)):
                for a in self.r.sample(accts, self.r.randint(2, 3)):
                    self.add(
                        a,
                        t0 + pid * self.r.uniform(20, 50) + self.r.uniform(0, 15),
                        self.ev_rej,
                        d * 1000 + pid,
                    )

    def ev_rej(self, a, pid, ts):
        t = self.t
        pr = random.Random(f"sealed-{self.seed}-rej-{pid}")
        q = self.math_problem(pr) if pr.random() < 0.7 else self.code_prompt(pr)
        nn = t.choice([4, 8, 8, 16])
        model = a["models"][0]
        extra = {"n": nn, "temperature": 1.0, "top_p": 0.95}
        if model in OAI_REASONING:
            extra = {"n": nn, "reasoning_effort": "medium"}
        p, body, resp = self.complete(
            a,
            model,
            None,
            [("user", q + "\nPut the final answer in \\boxed{}.")],
            4096,
            "en",
            "math",
            t.randint(250, 600),
            extra,
        )
        if resp["status"] == 200 and resp["finish_reason"] != "length":
            resp["usage"]["completion_tokens"] *= nn  # n choices billed; text shows the first
        return a["keys"][0], a["ips"][0], (p, body, resp)

    def h_churn(self, n):
        """Throwaway accounts: each lives a few hours at a high rate, then is abandoned for a fresh one."""
        c = self.camp_id()
        pool = [
            self.ip_cloud(prefix=self.r.choice(["45.76", "45.32", "149.28", "207.148"]))
            for _ in range(14)
        ]
        for j in range(n):
            born = START + (j / n) * (self.end - START) * 0.95 + self.r.uniform(0, 2 * HOUR)
            life = self.r.uniform(2, 7) * HOUR
            a = self.new_account(
                "throwaway_trial_burst",
                True,
                c,
                1,
                0,
                "en",
                self.r.sample(pool, 2),
                models=[self.r.choice(["gpt-4.1", "claude-sonnet-4-5", "gpt-4o"])],
                err=0.01,
            )
            tt = born
            rate = self.r.uniform(35, 70)  # per hour
            while tt < born + life:
                self.add(a, tt, self.ev_churn)
                tt += self.r.expovariate(rate / HOUR)

    def ev_churn(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        dom = t.choice(["code", "science", "writing", "business", "general", "math"])
        q = t.choice(
            [
                "Write a comprehensive guide to {x}.",
                "Explain in depth: {x}",
                "{x}\n\nBe detailed and thorough.",
                "Give a complete, expert-level answer. {x}",
            ]
        ).format(x=self.prompt(dom, "en"))
        return (
            key,
            ip,
            self.complete(
                a,
                a["models"][0],
                None,
                [("user", q)],
                4096,
                "en",
                dom,
                t.randint(400, 1000),
                {"temperature": 0.8},
                code=dom == "code",
            ),
        )

    def h_embed(self, n):
        c = self.camp_id()
        ips = [self.ip_res() for _ in range(n)]
        for j in range(n):
            tz, lang = self.region()
            a = self.new_account(
                "embedding_space_harvest",
                True,
                c,
                1,
                tz,
                lang,
                [ips[j]],
                models=["text-embedding-3-large"],
            )
            for ts in self.hourly(self.r.uniform(180, 300), "flat", tz):
                self.add(a, ts, self.ev_embed, 2)

    def h_mimic(self, n):
        """Careful: human-like hours per account, unique residential IPs, systematic capability coverage."""
        c = self.camp_id()
        taxonomy = [
            (d, k)
            for d in ["code", "math", "science", "writing", "business", "general"]
            for k in range(8)
        ]
        for _ in range(n):
            tz, lang = self.region()
            m = self.r.choice(
                [["gpt-4.1"], ["claude-sonnet-4-5"], ["gpt-4.1", "o3"], ["claude-opus-4-1"]]
            )
            a = self.new_account(
                "human_mimic_curriculum",
                True,
                c,
                1,
                tz,
                lang,
                [self.ip_res()],
                models=m,
                api=self.r.choice(["chat", "responses"]),
                tax=taxonomy,
                pos=self.r.randrange(48),
            )
            a["adopt"] = self.release + self.r.uniform(8, 30) * HOUR
            a["new_model"] = NEW_CLAUDE if m[0].startswith("claude") else NEW_OAI
            a["adopt_share"] = 0.4
            for ts in self.sessions(self.r.uniform(4, 7), "office", tz, 6, 150, wk=0.3):
                self.add(a, ts, self.ev_mimic)

    def ev_mimic(self, a, _arg, ts):
        t = self.t
        key, ip = self.kip(a)
        if t.random() < 0.2:
            return self.ev_casual_like(a, ts)
        a["pos"] = (a["pos"] + 1) % len(a["tax"])
        dom, _k = a["tax"][a["pos"]]
        lang = a["lang"] if t.random() < 0.3 else "en"
        q = self.prompt(dom, lang)
        if t.random() < 0.5:
            q = (
                t.choice(["hey, ", "quick question: ", "", "ok so ", "", "Hi! "])
                + q[0].lower()
                + q[1:]
            )
        model = self.pick_model(a, ts)
        extra = {"reasoning_effort": "high"} if model in OAI_REASONING else {}
        return (
            key,
            ip,
            self.complete(
                a,
                model,
                None,
                [("user", q)],
                t.choice([4096, 8192]),
                lang,
                dom,
                t.randint(500, 1100),
                extra,
                code=dom == "code",
            ),
        )

    def ev_casual_like(self, a, ts):
        t = self.t
        key, ip = self.kip(a)
        q = t.choice(GENERAL_Q)
        return (
            key,
            ip,
            self.complete(
                a,
                self.pick_model(a, ts),
                None,
                [("user", q)],
                1024,
                "en",
                "general",
                t.randint(80, 300),
                {},
            ),
        )

    # ======================================================================
    def build(self):
        r = self.r
        j = lambda n: max(1, int(round(n * r.uniform(0.85, 1.15))))
        benign = [
            (self.b_casual, 120),
            (self.b_app_backend, 36),
            (self.b_support, 28),
            (self.b_coding_agent, 45),
            (self.b_rag, 24),
            (self.b_translation, 14),
            (self.b_eval_runner, 12),
            (self.b_research_logprobs, 10),
            (self.b_synthetic_contract, 7),
            (self.b_enterprise, 12),
            (self.b_students, 60),
            (self.b_reseller, 5),
            (self.b_batch_classify, 14),
            (self.b_embeddings, 14),
            (self.b_heavy_reasoning, 22),
            (self.b_writing_plugin, 20),
            (self.b_ci_suite, 10),
            (self.b_game_npc, 6),
            (self.b_tutor, 10),
            (self.b_doc_summarizer, 14),
        ]
        harvest = [
            (self.h_bulk, 3),
            (self.h_swarm, 55),
            (self.h_hydra, 24),
            (self.h_reasoning_traces, 20),
            (self.h_agent_traj, 15),
            (self.h_logprob, 6),
            (self.h_multilingual, 26),
            (self.h_preference, 12),
            (self.h_rejection, 8),
            (self.h_churn, 26),
            (self.h_embed, 8),
            (self.h_mimic, 18),
        ]
        for fn, n in benign + harvest:
            fn(j(n))
        self.events.sort(key=lambda e: (e[0], e[1]))

    def write(self, out):
        counts = {}
        seen = {}
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            for i, (ts, _s, ai, fn, arg) in enumerate(self.events):
                a = self.accounts[ai]
                key, ip, (path, body, resp) = fn(a, arg, ts)
                rec = {
                    "id": "r-%07d" % (i + 1),
                    "ts": ts,
                    "account": a["id"],
                    "api_key_id": key,
                    "client_ip": ip,
                    "path": path,
                    "request": body,
                    "response": resp,
                }
                f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
                seen[ai] = True
                c = counts.setdefault((a["harv"], a["arch"]), [set(), 0])
                c[0].add(ai)
                c[1] += 1
        with open(out + ".labels.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for a in self.accounts:
                if a["idx"] in seen:
                    f.write(
                        json.dumps(
                            {
                                "account": a["id"],
                                "archetype": a["arch"],
                                "harvester": a["harv"],
                                "campaign": a["camp"],
                            }
                        )
                        + "\n"
                    )
        return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=float, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    g = Gen(args.seed, args.days)
    g.build()
    counts = g.write(args.out)
    if not args.quiet:
        tot_a = tot_r = 0
        for (harv, arch), (accts, nreq) in sorted(
            counts.items(), key=lambda kv: (kv[0][0], kv[0][1])
        ):
            print(
                f"{'HARVEST' if harv else 'benign ':8s} {arch:32s} accounts={len(accts):4d} requests={nreq:7d}"
            )
            tot_a += len(accts)
            tot_r += nreq
        print(f"total accounts={tot_a} requests={tot_r} time={time.time() - t0:.1f}s -> {args.out}")


if __name__ == "__main__":
    main()

# ruff: noqa: B007, E501, E731, RUF001, RUF005, RUF046, RUF059, UP031
