"""SEEN (seventh session: development data since its measurements guided the cohort's network condition).

Usage:
    .venv/bin/python bench/vault_traffic.py --seed 1 --days 3 --out /tmp/x.jsonl [--quiet]

Writes OUT (one traffic record per line, ascending ts, see the "Traffic record" section of
the contract) and OUT + ".labels.jsonl" (one line per account: archetype, harvester flag and
campaign id). Stdlib only; every random draw comes from random.Random("vault-{seed}") or a
generator seeded from a string derived from it, so one seed always gives byte-identical files.
Reply texts are cut to their first ~300 characters ("text_truncated": true); usage figures are
those of the full replies.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable

START_TS = 1789862400.0  # Sunday 2026-09-20 00:00 UTC
DAY = 86400.0
HOUR = 3600.0
TEXT_CUT = 300

NEW_MODEL = "gpt-5.5"
REASONING_MODELS = {"o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.5"}

# ---------------------------------------------------------------------------------------------
# text pools
# ---------------------------------------------------------------------------------------------

NAMES = (
    "Aisha Ben Carlos Diana Emeka Fatima Gabriel Hana Ivan Jia Kofi Lena Mateo Nadia Omar Priya "
    "Quentin Rosa Sven Tomoko Uma Victor Wei Ximena Yusuf Zara Liam Noah Olivia Emma Ava Sofia "
    "Arjun Mei Lucas Chloe Kenji Amara Hugo Ines Tariq Elif Bongani Marta Raj Sana Dmitri Leila"
).split()

CITIES = (
    "Lisbon|Kyoto|Mexico City|Cape Town|Reykjavik|Hanoi|Marrakech|Vancouver|Prague|Buenos Aires|"
    "Seoul|Istanbul|Edinburgh|Oaxaca|Bali|Copenhagen|Cartagena|Tbilisi|Porto|Chiang Mai|Montreal|"
    "Vienna|Nairobi|Sydney|Singapore|Dubrovnik|Lima|Budapest|Osaka|Tallinn"
).split("|")

TOPICS = (
    "sourdough bread|kubernetes autoscaling|the French Revolution|index funds|marathon training|"
    "houseplants|home espresso|remote work|electric cars|the Roman Empire|climate change|"
    "machine learning|tax deductions for freelancers|learning Spanish|dog training|"
    "photography composition|budget travel in Japan|meal prep|sleep hygiene|job interviews|"
    "salary negotiation|writing a novel|podcast equipment|3D printing|Raspberry Pi projects|"
    "chess openings|the stock market|mortgage refinancing|wedding speeches|gardening in clay soil|"
    "intermittent fasting|learning the guitar|starting a small business|cybersecurity basics|"
    "the history of jazz|minimalism|composting|bouldering|board games|personal finance for students|"
    "negotiating rent|moving abroad|fermentation|urban cycling|solar panels|birdwatching|"
    "public speaking|time management|burnout|coffee roasting|vintage watches|cold showers|"
    "the Cold War|ancient Egypt|quantum computing|open source licensing|home networking|"
    "beekeeping|the Marvel movies|Formula 1|the Premier League|anime recommendations|"
    "journaling|ADHD productivity tips|retirement savings|crypto wallets|smart home devices"
).split("|")

COMPARE_PAIRS = [
    ("a Roth IRA", "a traditional IRA"),
    ("TCP", "UDP"),
    ("REST", "GraphQL"),
    ("a virus", "a bacterium"),
    ("weather", "climate"),
    ("Python lists", "tuples"),
    ("affect", "effect"),
    ("an LLC", "a sole proprietorship"),
    ("baking soda", "baking powder"),
    ("Docker", "a virtual machine"),
    ("stocks", "bonds"),
    ("HIIT", "steady-state cardio"),
    ("SQL", "NoSQL databases"),
    ("latency", "throughput"),
    ("mitosis", "meiosis"),
    ("a credit card", "a debit card"),
    ("React", "Vue"),
    ("Kafka", "RabbitMQ"),
    ("empathy", "sympathy"),
    ("a 401k", "a pension"),
    ("git merge", "git rebase"),
    ("LED", "OLED TVs"),
    ("Postgres", "MySQL"),
    ("an ETF", "a mutual fund"),
    ("communism", "socialism"),
    ("Rust", "Go for backend services"),
]

HOWTOS = [
    "get rid of fruit flies in my kitchen",
    "set up SSH keys on a new laptop",
    "change a flat bike tire",
    "ask my manager for a raise",
    "make my resume stand out for data analyst jobs",
    "remove a stripped screw",
    "set up a budget in Google Sheets",
    "improve my 5k time",
    "clean a cast iron pan",
    "back up my iPhone photos without iCloud",
    "write a cover letter with no experience",
    "fix a leaky faucet",
    "start investing with $500",
    "speed up my WordPress site",
    "deploy a Flask app to a VPS",
    "learn to touch type faster",
    "get my toddler to sleep through the night",
    "negotiate a used car price",
    "make cold brew at home",
    "prepare for a system design interview",
    "reduce my screen time",
    "set up a home VPN",
    "write unit tests for an Express API",
    "stop procrastinating",
    "train for a half marathon in 12 weeks",
    "configure nginx as a reverse proxy",
    "apply for a Schengen visa",
    "repot a monstera",
    "convert a Jupyter notebook into a script",
    "make friends in a new city",
]

ERRORS = [
    "TypeError: 'NoneType' object is not subscriptable",
    "ModuleNotFoundError: No module named '{mod}'",
    "Access to fetch at 'http://localhost:{port}/api' has been blocked by CORS policy",
    "Segmentation fault (core dumped)",
    "error[E0502]: cannot borrow `{var}` as mutable because it is also borrowed as immutable",
    "npm ERR! ERESOLVE unable to resolve dependency tree",
    'Exception in thread "main" java.lang.NullPointerException at {cls}.java:{line}',
    "fatal: refusing to merge unrelated histories",
    "psycopg2.OperationalError: could not connect to server: Connection refused",
    "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate {mib} MiB",
    "KeyError: '{var}'",
    "permission denied while trying to connect to the Docker daemon socket",
    "ValueError: could not convert string to float: '{var}'",
    "SyntaxError: Unexpected token '<' in JSON at position 0",
    "IndentationError: unexpected indent (line {line})",
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost'",
    "panic: runtime error: index out of range [{line}] with length {line2}",
    "ssl.SSLCertVerificationError: certificate verify failed: unable to get local issuer certificate",
    "RecursionError: maximum recursion depth exceeded while calling a Python object",
    "Error: listen EADDRINUSE: address already in use :::{port}",
]
MODULES = (
    "pandas numpy requests sklearn cv2 torch yaml dotenv bs4 flask matplotlib tensorflow".split()
)
VARS = "items config user_id data buf result row total payload node idx cache".split()

WRITING_FORMS = [
    "short poem",
    "haiku",
    "limerick",
    "toast for my sister's wedding",
    "LinkedIn post",
    "product description",
    "bedtime story for a 6 year old",
    "short story opening",
    "birthday message for my coworker",
    "tweet thread",
    "blog post intro",
    "song chorus",
    "speech for a retirement party",
    "motivational quote",
    "dating profile bio",
]

RECIPIENTS = [
    "landlord",
    "professor",
    "manager",
    "client",
    "team",
    "neighbor",
    "HR department",
    "kid's teacher",
    "recruiter",
    "insurance company",
]
ISSUES = [
    "a late payment",
    "extending a deadline",
    "a noisy neighbor",
    "taking Friday off",
    "a billing error",
    "rescheduling our meeting",
    "a broken heater",
    "a refund for a cancelled order",
    "following up after an interview",
    "a missed delivery",
    "my grade on the last exam",
    "switching to a part-time schedule",
]

SCIENCE = (
    "entropy|quantum entanglement|CRISPR-Cas9|the Krebs cycle|Bayes' theorem|"
    "time dilation in general relativity|plate tectonics|the Doppler effect|mRNA vaccines|"
    "Le Chatelier's principle|the central limit theorem|eigenvalues and eigenvectors|photosynthesis|"
    "natural selection|the event horizon of a black hole|superconductivity|the Fourier transform|"
    "gradient descent|public-key cryptography|inflation|comparative advantage|the prisoner's dilemma|"
    "the Heisenberg uncertainty principle|enzyme catalysis|osmosis|the adaptive immune response|"
    "Gödel's incompleteness theorems|the P versus NP problem|the Riemann hypothesis|"
    "Byzantine fault tolerance|self-attention in transformers|Maxwell's equations|the Carnot cycle|"
    "Hardy-Weinberg equilibrium|the Monty Hall problem|the Coriolis effect|nuclear fusion|"
    "the Higgs mechanism|dark matter|backpropagation|the Nash equilibrium|the greenhouse effect|"
    "action potentials in neurons|chirality in organic molecules|SN1 versus SN2 reactions|"
    "the Big O notation|the CAP theorem|Markov chains|the law of large numbers|"
    "maximum likelihood estimation|the Black-Scholes model|the Solow growth model|"
    "quantitative easing|epigenetics|the Stern-Gerlach experiment|Noether's theorem|"
    "Lagrangian mechanics|the renormalization group|Galois theory|the Banach-Tarski paradox"
).split("|")

AUDIENCES = [
    "a high school student",
    "a five year old",
    "a first-year undergraduate",
    "a software engineer",
    "my grandmother",
    "a PhD student in another field",
    "a product manager",
    "someone with no math background",
]

PLANGS = [
    "Python",
    "Python",
    "TypeScript",
    "JavaScript",
    "Go",
    "Rust",
    "Java",
    "C++",
    "C#",
    "Kotlin",
    "Swift",
    "Ruby",
    "PHP",
    "SQL",
    "Bash",
]

CODE_TASKS = [
    "parse a CSV file and compute the average of one column",
    "implement an LRU cache with O(1) get and put",
    "debounce a function call",
    "search for a target in a rotated sorted array",
    "paginate results from a REST endpoint",
    "implement a token bucket rate limiter",
    "merge overlapping intervals",
    "validate an email address without a regex library",
    "read a very large file line by line without loading it into memory",
    "topologically sort a dependency graph and detect cycles",
    "build a trie that supports prefix search",
    "retry an HTTP call with exponential backoff and jitter",
    "convert timestamps between time zones",
    "find the shortest path in a weighted graph with Dijkstra's algorithm",
    "implement a producer-consumer pipeline with a bounded queue",
    "flatten an arbitrarily nested dictionary",
    "compute a rolling median over a stream of numbers",
    "return the top 3 salaries per department",
    "deduplicate records by fuzzy matching on names",
    "implement a thread-safe singleton",
    "serialize and deserialize a binary tree",
    "find the longest palindromic substring",
    "implement a min-heap from scratch",
    "write a simple tokenizer for arithmetic expressions",
    "evaluate an arithmetic expression with operator precedence",
    "detect a cycle in a linked list",
    "implement consistent hashing with virtual nodes",
    "compute the edit distance between two strings",
    "build a tiny HTTP server that serves static files",
    "implement a bloom filter",
    "schedule jobs with deadlines to maximise profit",
    "solve the knapsack problem with dynamic programming",
    "generate all permutations of a list without duplicates",
    "implement a concurrent web crawler with a worker pool",
    "parse command line arguments with subcommands",
    "compute the number of islands in a grid",
    "implement a simple key-value store with write-ahead logging",
    "diff two text files line by line",
    "rotate an N x N matrix in place",
    "implement the Raft leader election loop",
    "find all anagram groups in a word list",
    "implement a circuit breaker for outbound calls",
    "stream JSON objects from a socket and validate them against a schema",
    "calculate business days between two dates excluding holidays",
]

COMPONENTS = [
    "job queue with retries and dead-lettering",
    "rate-limited API client with caching",
    "event-sourced shopping cart service",
    "CLI tool that syncs a local folder to S3",
    "websocket chat server with rooms",
    "plugin system with dynamic loading",
    "markdown-to-HTML converter",
    "in-memory time-series database",
    "feature-flag service with percentage rollouts",
    "OAuth2 authorization-code flow",
    "incremental build system with dependency tracking",
    "spreadsheet formula evaluator",
    "log-structured merge tree",
    "distributed lock on top of Redis",
    "GraphQL server for a blog with pagination",
    "inventory reservation system that avoids overselling",
    "PDF invoice generator",
    "terminal-based text editor",
    "regex engine supporting *, + and ?",
    "background image-thumbnail worker",
]

SUPPORT_ISSUES = {
    "telecom": [
        "my internet keeps dropping every evening around {h}pm",
        "why is my bill ${amt} this month? it's usually ${amt2}",
        "I want to cancel my contract, what are the fees",
        "how do I activate roaming for my trip to {city}",
        "my new SIM card isn't working",
        "can I upgrade my plan without extending the contract?",
    ],
    "bank": [
        "I see a charge of ${amt} I don't recognise",
        "how do I increase my daily transfer limit",
        "my card was declined at {city} airport",
        "when will my mortgage payment be taken this month",
        "how can I order a new debit card, mine is damaged",
        "what's the interest rate on the savings account",
    ],
    "ecommerce": [
        "where is my order #{order}? it was supposed to arrive {day}",
        "I received the wrong size, how do I exchange it",
        "the discount code {code} isn't working at checkout",
        "can I change the delivery address for order {order}",
        "my package says delivered but I don't have it",
        "how long do refunds take to show up on my card",
    ],
    "saas": [
        "how do I add a new user to our workspace",
        "our SSO login stopped working this morning",
        "can I export all my data to CSV",
        "the dashboard is really slow since yesterday",
        "how do I downgrade from the business plan",
        "the API is returning 401 even with a new token",
    ],
    "airline": [
        "my flight to {city} was cancelled, what are my options",
        "can I add a checked bag to booking {code}",
        "how do I change the name on my ticket, there's a typo",
        "I missed my connection in {city}",
        "what's the pet policy for the cabin",
        "my luggage didn't arrive, reference {code}",
    ],
    "insurance": [
        "how do I file a claim for a cracked windshield",
        "does my policy cover water damage from a burst pipe",
        "I need proof of insurance for my landlord",
        "why did my premium go up by ${amt}",
        "can I add my teenage son to my car insurance",
        "what's the status of claim {code}",
    ],
}
COMPANY_WORDS = (
    "Nimbus Vela Orbit Lumen Harbor Kestrel Maple Quanta Aster Cobalt Juniper Beacon Ridge Tandem "
    "Solace Atlas Meridian Pioneer Summit Wren"
).split()
COMPANY_SUFFIX = "Telecom Bank Shop Cloud Air Insurance Labs Health Energy Mobility".split()

HOMEWORK = [
    "A ball is thrown vertically upward with an initial velocity of 20 m/s. How long does it take to reach its maximum height and what is that height? (g = 9.8 m/s^2)",
    "Explain the causes of World War I. Include at least three long-term causes and the immediate trigger.",
    "What is the difference between mitosis and meiosis? Give two similarities and three differences.",
    "Solve: 2x^2 - 7x + 3 = 0. Show your work.",
    "Write a 500 word essay on the theme of ambition in Macbeth.",
    "Balance the equation: Fe + O2 -> Fe2O3",
    "What is the time complexity of binary search and why?",
    "Explain supply and demand and what happens to the equilibrium price when demand increases.",
    "Find the derivative of f(x) = x^3 sin(x).",
    "Summarize the main ideas of the Declaration of Independence.",
    "A sample of 40 students has mean score 72 and standard deviation 8. Construct a 95% confidence interval for the population mean.",
    "Write a Python program that asks the user for a number and prints whether it is prime.",
    "What were the main effects of the Industrial Revolution on society?",
    "Explain the process of photosynthesis including the light-dependent and light-independent reactions.",
    "Compare and contrast the Federalists and the Anti-Federalists.",
    "How many moles are in 50 grams of NaCl?",
    "What is the theme of 'The Road Not Taken' by Robert Frost?",
    "Prove that the square root of 2 is irrational.",
    "Explain the difference between a stack and a queue with examples.",
    "Describe the structure of DNA and how it replicates.",
    "Calculate the present value of $10,000 received in 5 years at a 6% discount rate.",
    "What is Newton's third law? Give three real-life examples.",
    "Write a SQL query that returns the names of customers who placed more than 3 orders.",
    "Analyze the symbolism of the green light in The Great Gatsby.",
    "Explain how a bill becomes a law in the United States.",
    "Integrate: ∫ x e^x dx",
    "What are the four main types of tissue in the human body?",
    "Discuss the ethical issues surrounding genetic engineering.",
    "Given the function f(x) = 3x^2 - 12x + 5, find the vertex and axis of symmetry.",
    "Explain the concept of opportunity cost with an example from your own life.",
    "What is the Pythagorean theorem? Use it to find the hypotenuse of a triangle with legs 9 and 12.",
    "Describe the water cycle and the role of the sun in it.",
    "Translate into French: 'Yesterday I went to the market with my brother and we bought apples.'",
    "What was the significance of the Battle of Hastings?",
    "Explain recursion and write a recursive function that computes factorial.",
    "What are the differences between prokaryotic and eukaryotic cells?",
]
HW_PREFIX = [
    "",
    "",
    "",
    "pls help ",
    "can you help me with this question: ",
    "explain this to me: ",
    "answer this: ",
    "Question 3. ",
    "I don't understand this homework question. ",
    "how do i do this? ",
]
HW_SUFFIX = [
    "",
    "",
    "",
    " explain simply",
    " thanks!!",
    " (due tonight)",
    " show steps",
    " keep it short",
]

UI_STRINGS = [
    "Save changes",
    "Your subscription renews on {date}.",
    "Are you sure you want to delete this file? This action cannot be undone.",
    "Welcome back, {name}!",
    "You have {count} unread messages.",
    "Password must be at least 8 characters long.",
    "Something went wrong. Please try again later.",
    "Your order has been shipped and will arrive in {days} business days.",
    "Invite your team",
    "Upgrade to Pro to unlock unlimited projects.",
    "We've sent a verification code to {email}.",
    "Sign in with Google",
    "Download invoice",
    "Your trial ends in {days} days.",
    'No results found for "{query}".',
    "Drag and drop files here, or click to browse.",
    "Notifications",
    "Privacy settings",
    "Two-factor authentication is enabled.",
    "This link has expired. Request a new one.",
    "Add to cart",
    "Free shipping on orders over {amount}.",
    "Reset password",
    "Last edited {time} ago by {name}",
    "Connect your calendar to schedule meetings automatically.",
    "You're all caught up!",
    "Storage almost full: {percent}% used.",
    "Export as PDF",
    "Choose a plan that fits your team.",
    "By continuing you agree to our Terms of Service.",
]
LOCALES = [
    "German",
    "French",
    "Spanish",
    "Brazilian Portuguese",
    "Italian",
    "Japanese",
    "Korean",
    "Simplified Chinese",
    "Traditional Chinese",
    "Dutch",
    "Polish",
    "Turkish",
    "Russian",
    "Arabic",
    "Hindi",
    "Indonesian",
    "Vietnamese",
    "Thai",
    "Swedish",
    "Czech",
    "Hebrew",
    "Ukrainian",
]

REVIEW_OPEN = [
    "Honestly",
    "Bought this for my daughter and",
    "After two weeks of use,",
    "I was skeptical but",
    "Ordered on Monday,",
    "Third one I've owned and",
    "Not gonna lie,",
    "For the price,",
    "Returned it because",
    "Five stars:",
    "Meh.",
    "Update after a month:",
]
PRODUCTS = [
    "the headphones",
    "this blender",
    "the phone case",
    "these running shoes",
    "the app",
    "the mattress",
    "this vacuum",
    "the coffee grinder",
    "the desk chair",
    "the delivery",
    "the hotel room",
    "customer service",
    "the new update",
    "the battery",
]
REVIEW_VERDICT = [
    "works perfectly",
    "stopped working after 3 days",
    "is way better than expected",
    "feels cheap",
    "exceeded my expectations",
    "was a total waste of money",
    "is fine, nothing special",
    "arrived damaged",
    "does exactly what it says",
    "is overpriced for what you get",
    "broke the first time I used it",
    "is the best purchase I've made this year",
]
REVIEW_DETAIL = [
    "The noise is unbearable.",
    "Setup took five minutes.",
    "Support never answered my emails.",
    "Would buy again.",
    "Colors are off compared to the photos.",
    "Battery lasts all day.",
    "Shipping took forever.",
    "My kids love it.",
    "The instructions were useless.",
    "Still waiting on my refund.",
    "Great value.",
    "",
]

DOC_SENTENCES = [
    "The quarterly revenue for the {unit} division rose {p}% year over year, driven mainly by {driver}.",
    "During the meeting, {name} raised concerns about the timeline for the {project} migration.",
    "Customer churn in the {region} region increased to {p}% after the pricing change in {month}.",
    "The incident began at {hh}:{mm} UTC when the {svc} service started returning elevated error rates.",
    "Root cause analysis identified a misconfigured {thing} as the primary contributing factor.",
    "The committee agreed to postpone the decision on {project} until the next review cycle.",
    "Officials said the new policy would affect roughly {k} thousand residents in {city}.",
    "{name} will own the follow-up on vendor contracts and report back by {month}.",
    "Analysts expect interest rates to remain elevated through the end of the year.",
    "The study enrolled {k} participants and followed them for {n} months.",
    "Preliminary results suggest a modest improvement in {metric}, though the effect was not significant.",
    "Engineering estimates that the {project} rewrite will require {n} additional weeks.",
    "The board approved a budget of ${k} million for the {project} initiative.",
    "Support tickets mentioning {thing} doubled in the last {n} weeks.",
    "The contract includes a termination clause with {n} days' notice.",
    "Residents reported power outages lasting up to {n} hours after the storm.",
    "The team will run an A/B test on the new onboarding flow starting in {month}.",
    "Latency at the 99th percentile improved from {k} ms to {n} ms after the cache rollout.",
    "Management reiterated its full-year guidance despite softer demand in {region}.",
    "Action item: {name} to draft the security review for {project}.",
]
DOC_FILL = {
    "unit": ["cloud", "retail", "enterprise", "consumer", "payments", "logistics"],
    "driver": [
        "new enterprise contracts",
        "higher average order values",
        "strong holiday demand",
        "price increases",
        "the APAC expansion",
    ],
    "project": ["Atlas", "billing", "data warehouse", "CRM", "Orion", "mobile app", "SSO"],
    "region": ["EMEA", "North America", "LATAM", "APAC", "Nordic"],
    "month": ["January", "March", "April", "June", "August", "October", "November"],
    "svc": ["checkout", "auth", "search", "payments", "notification", "ingest"],
    "thing": [
        "load balancer",
        "feature flag",
        "DNS record",
        "connection pool",
        "TLS certificate",
        "cron job",
    ],
    "metric": ["sleep quality", "retention", "conversion", "blood pressure", "NPS"],
}

RUBRIC_CRITERIA = [
    "factual accuracy",
    "completeness",
    "logical coherence of the reasoning",
    "clarity and organisation",
    "helpfulness to the user",
    "harmlessness",
    "adherence to the instructions",
    "correctness of the final answer",
    "quality of the code (readability, edge cases, efficiency)",
    "appropriate level of detail",
    "tone and politeness",
    "citation of evidence",
    "conciseness",
    "creativity",
]

COT_SUFFIX = [
    "Think step by step and show all of your reasoning before giving the final answer.",
    "Please reason step by step, and put your final answer within \\boxed{}.",
    "Explain your full chain of thought. Do not skip any steps.",
    "First write out your detailed reasoning inside <thinking> tags, then give the final answer.",
    "Walk through the solution thoroughly, verify each step, then state the answer clearly.",
    "Let's think step by step.",
    "Show your work in detail, including any intermediate calculations and checks.",
    "Reason carefully before answering. Consider alternative approaches and explain why you chose yours.",
    "Provide a rigorous, step-by-step derivation and a short summary at the end.",
    "Break the problem into sub-problems, solve each one explicitly, and then combine them.",
]

ML_TEMPLATES = {
    "es": (
        "Explica de forma detallada y paso a paso el siguiente concepto, con ejemplos: {c}",
        "Resuelve paso a paso y justifica cada paso: {m}",
        "Escribe una función en {p} que haga lo siguiente y explica tu razonamiento: {t}",
    ),
    "fr": (
        "Explique de manière détaillée et étape par étape le concept suivant, avec des exemples : {c}",
        "Résous étape par étape en justifiant chaque étape : {m}",
        "Écris une fonction en {p} qui fait ce qui suit et explique ton raisonnement : {t}",
    ),
    "de": (
        "Erkläre ausführlich und Schritt für Schritt das folgende Konzept mit Beispielen: {c}",
        "Löse Schritt für Schritt und begründe jeden Schritt: {m}",
        "Schreibe eine Funktion in {p}, die Folgendes tut, und erkläre deine Überlegungen: {t}",
    ),
    "pt": (
        "Explique de forma detalhada e passo a passo o seguinte conceito, com exemplos: {c}",
        "Resolva passo a passo, justificando cada etapa: {m}",
        "Escreva uma função em {p} que faça o seguinte e explique seu raciocínio: {t}",
    ),
    "it": (
        "Spiega in modo dettagliato e passo dopo passo il seguente concetto, con esempi: {c}",
        "Risolvi passo dopo passo giustificando ogni passaggio: {m}",
        "Scrivi una funzione in {p} che faccia quanto segue e spiega il tuo ragionamento: {t}",
    ),
    "ru": (
        "Подробно и пошагово объясни следующее понятие с примерами: {c}",
        "Реши пошагово, обосновывая каждый шаг: {m}",
        "Напиши функцию на {p}, которая делает следующее, и объясни ход рассуждений: {t}",
    ),
    "zh": (
        "请详细地、一步一步地解释以下概念，并举例说明：{c}",
        "请一步一步地求解，并说明每一步的理由：{m}",
        "请用{p}编写一个函数，实现以下功能，并解释你的思路：{t}",
    ),
    "ja": (
        "次の概念を、例を挙げながら詳しく段階的に説明してください：{c}",
        "各ステップの理由を示しながら、段階的に解いてください：{m}",
        "次の処理を行う関数を{p}で書き、考え方を説明してください：{t}",
    ),
    "ko": (
        "다음 개념을 예시와 함께 단계별로 자세히 설명해 주세요: {c}",
        "각 단계의 근거를 제시하면서 단계별로 풀어 주세요: {m}",
        "다음 기능을 수행하는 함수를 {p}로 작성하고 풀이 과정을 설명해 주세요: {t}",
    ),
    "ar": (
        "اشرح المفهوم التالي بالتفصيل وخطوة بخطوة مع أمثلة: {c}",
        "حلّ المسألة التالية خطوة بخطوة مع تبرير كل خطوة: {m}",
        "اكتب دالة بلغة {p} تقوم بما يلي واشرح طريقة تفكيرك: {t}",
    ),
    "hi": (
        "निम्नलिखित अवधारणा को उदाहरणों के साथ विस्तार से और चरण-दर-चरण समझाइए: {c}",
        "हर चरण का कारण बताते हुए चरण-दर-चरण हल कीजिए: {m}",
        "{p} में एक फ़ंक्शन लिखिए जो निम्नलिखित करे, और अपनी सोच समझाइए: {t}",
    ),
    "id": (
        "Jelaskan konsep berikut secara rinci dan langkah demi langkah, disertai contoh: {c}",
        "Selesaikan langkah demi langkah dan jelaskan alasan setiap langkah: {m}",
        "Tulis fungsi dalam {p} yang melakukan hal berikut dan jelaskan cara berpikirmu: {t}",
    ),
    "vi": (
        "Hãy giải thích chi tiết và từng bước khái niệm sau, kèm ví dụ: {c}",
        "Hãy giải từng bước và giải thích lý do của mỗi bước: {m}",
        "Viết một hàm bằng {p} thực hiện yêu cầu sau và giải thích cách suy nghĩ của bạn: {t}",
    ),
    "tr": (
        "Aşağıdaki kavramı örneklerle ayrıntılı ve adım adım açıkla: {c}",
        "Her adımı gerekçelendirerek adım adım çöz: {m}",
        "{p} dilinde aşağıdakini yapan bir fonksiyon yaz ve düşünce sürecini açıkla: {t}",
    ),
    "pl": (
        "Wyjaśnij szczegółowo i krok po kroku następujące pojęcie, podając przykłady: {c}",
        "Rozwiąż krok po kroku, uzasadniając każdy krok: {m}",
        "Napisz funkcję w {p}, która robi następujące rzeczy, i wyjaśnij swój tok rozumowania: {t}",
    ),
    "nl": (
        "Leg het volgende begrip gedetailleerd en stap voor stap uit, met voorbeelden: {c}",
        "Los stap voor stap op en onderbouw elke stap: {m}",
        "Schrijf een functie in {p} die het volgende doet en leg je redenering uit: {t}",
    ),
}

NATIVE_CHAT = {
    "es": [
        "¿Me ayudas a escribir un correo a mi {r} sobre {i}?",
        "¿Cuál es la diferencia entre {a} y {b}?",
        "Dame ideas para una cena rápida con pollo y arroz",
        "¿Cómo puedo mejorar mi CV para un puesto de analista?",
        "Resume este texto en tres frases: {doc}",
    ],
    "pt": [
        "Me ajuda a escrever um e-mail para o meu {r} sobre {i}?",
        "Qual é a diferença entre {a} e {b}?",
        "Sugira um roteiro de 3 dias em {city}",
        "Como faço para declarar imposto de renda como autônomo?",
        "Resuma este texto em poucas linhas: {doc}",
    ],
    "fr": [
        "Peux-tu m'aider à rédiger un e-mail à mon {r} au sujet de {i} ?",
        "Quelle est la différence entre {a} et {b} ?",
        "Propose-moi un itinéraire de 4 jours à {city}",
        "Comment préparer un entretien d'embauche en marketing ?",
        "Résume ce texte : {doc}",
    ],
    "de": [
        "Kannst du mir helfen, eine E-Mail an meinen {r} wegen {i} zu schreiben?",
        "Was ist der Unterschied zwischen {a} und {b}?",
        "Wie kündige ich meinen Handyvertrag am besten?",
        "Gib mir einen Trainingsplan für 10 km in 8 Wochen",
        "Fasse diesen Text zusammen: {doc}",
    ],
    "ja": [
        "{a}と{b}の違いを簡単に教えてください",
        "上司に送るお礼のメールを書いてください",
        "週末に{city}で行くべき場所を教えて",
        "この文章を要約してください：{doc}",
        "Pythonでリストを逆順にする方法は？",
    ],
    "zh": [
        "请帮我写一封给{r}的邮件，关于{i}",
        "{a}和{b}有什么区别？",
        "推荐几本适合初学者的机器学习书",
        "帮我总结一下这段话：{doc}",
        "怎么用Excel做数据透视表？",
    ],
    "ko": [
        "{a}와 {b}의 차이점이 뭐야?",
        "자기소개서 첫 문장 좀 다듬어줘",
        "{city} 3박 4일 여행 일정 짜줘",
        "이 글을 요약해줘: {doc}",
        "파이썬에서 딕셔너리 정렬하는 법 알려줘",
    ],
    "hi": [
        "{a} और {b} में क्या अंतर है?",
        "मेरे {r} को छुट्टी के लिए एक ईमेल लिख दो",
        "घर पर पनीर बटर मसाला कैसे बनाएं?",
        "इस पाठ का सारांश लिखो: {doc}",
    ],
    "id": [
        "Apa bedanya {a} dan {b}?",
        "Tolong buatkan email ke {r} tentang {i}",
        "Resep nasi goreng yang enak dan simpel apa ya?",
        "Ringkas teks ini: {doc}",
    ],
    "ru": [
        "В чём разница между {a} и {b}?",
        "Помоги написать письмо {r} насчёт {i}",
        "Составь план тренировок на месяц для новичка",
        "Кратко перескажи этот текст: {doc}",
    ],
}

SYS_ASSIST = [
    "You are a helpful assistant.",
    "You are a helpful assistant.",
    "You are ChatBot, a friendly AI assistant. Answer concisely.",
    "You are an expert software engineer. Answer with code when appropriate.",
    "Be concise. Use markdown.",
]

OPENERS = [
    "Great question!",
    "Sure!",
    "Here's a clear breakdown.",
    "Absolutely.",
    "Good news: this is easier than it looks.",
    "Happy to help.",
    "Short answer: it depends, but here's how to think about it.",
    "",
    "",
    "",
]

# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------


def ntok(s: str) -> int:
    """Rough BPE token estimate: ~4 chars per token for Latin script, ~1 per CJK char."""
    n = len(s)
    extra = len(s.encode("utf-8")) - n
    wide = extra // 2
    return max(1, int((n - wide) / 4.0 + wide * 0.9) + 1)


def msgs_tok(messages: list[dict]) -> int:
    total = 3
    for m in messages:
        c = m.get("content")
        if isinstance(c, str):
            total += ntok(c) + 4
        elif isinstance(c, list):
            for b in c:
                if isinstance(b, dict):
                    for k in ("text", "content", "input"):
                        v = b.get(k)
                        if isinstance(v, str):
                            total += ntok(v)
                        elif v is not None:
                            total += ntok(json.dumps(v))
            total += 4
        if m.get("tool_calls"):
            total += ntok(json.dumps(m["tool_calls"]))
    return total


def clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def lognorm_int(r: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return int(clip(r.lognormvariate(math.log(median), sigma), lo, hi))


def poisson(r: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(r.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return k
        k += 1


def hexid(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def fill(r: random.Random, s: str) -> str:
    if "{" not in s:
        return s
    return s.format(
        mod=r.choice(MODULES),
        port=r.choice([3000, 5000, 8000, 8080, 5173]),
        var=r.choice(VARS),
        cls=r.choice(["OrderService", "Main", "UserController", "Parser"]),
        line=r.randint(3, 400),
        line2=r.randint(1, 3),
        mib=r.choice([20, 64, 256, 512, 1024, 2048]),
        h=r.randint(6, 11),
        amt=r.randint(15, 400),
        amt2=r.randint(15, 120),
        city=r.choice(CITIES),
        order=r.randint(100000, 999999),
        day=r.choice(["yesterday", "on Monday", "last week", "two days ago"]),
        code=hexid(r, 6).upper(),
    )


def doc_text(r: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        s = r.choice(DOC_SENTENCES)
        out.append(
            s.format(
                name=r.choice(NAMES),
                p=r.randint(2, 38),
                hh=f"{r.randint(0, 23):02d}",
                mm=f"{r.randint(0, 59):02d}",
                k=r.randint(3, 900),
                n=r.randint(2, 36),
                city=r.choice(CITIES),
                **{k: r.choice(v) for k, v in DOC_FILL.items()},
            )
        )
    return " ".join(out)


def review_text(r: random.Random) -> str:
    return " ".join(
        x
        for x in (
            r.choice(REVIEW_OPEN),
            r.choice(PRODUCTS),
            r.choice(REVIEW_VERDICT) + ".",
            r.choice(REVIEW_DETAIL),
        )
        if x
    )


def math_problem(r: random.Random) -> str:
    t = r.randrange(18)
    n = r.choice(NAMES)
    if t == 0:
        return (
            f"Two trains leave stations {r.randint(120, 900)} km apart at the same time, heading "
            f"toward each other at {r.randint(40, 130)} km/h and {r.randint(40, 130)} km/h. "
            "When do they meet, and how far has each one traveled?"
        )
    if t == 1:
        return (
            f"{n} invests ${r.randint(5, 200) * 100} at {r.choice([2.5, 3, 4, 4.5, 5, 6, 7.2])}% "
            f"annual interest compounded {r.choice(['monthly', 'quarterly', 'annually', 'daily'])}. "
            f"How much is the investment worth after {r.randint(2, 30)} years?"
        )
    if t == 2:
        a, b, c = r.randint(1, 9), r.randint(-20, 20), r.randint(-30, 30)
        return f"Solve for x: {a}x^2 {'+' if b >= 0 else '-'} {abs(b)}x {'+' if c >= 0 else '-'} {abs(c)} = 0."
    if t == 3:
        return (
            f"Evaluate the indefinite integral of x^{r.randint(1, 4)} * e^({r.randint(2, 7)}x) dx."
        )
    if t == 4:
        return f"What is the remainder when {r.randint(2, 97)}^{r.randint(50, 2025)} is divided by {r.choice([7, 11, 13, 17, 19, 23, 100, 1000])}?"
    if t == 5:
        red, blue, green = r.randint(3, 12), r.randint(2, 10), r.randint(1, 9)
        k = r.randint(2, 5)
        return (
            f"A bag contains {red} red, {blue} blue and {green} green marbles. If {k} marbles are "
            f"drawn without replacement, what is the probability that exactly {r.randint(1, k)} are red?"
        )
    if t == 6:
        v = [r.randint(1, 15) for _ in range(6)]
        return f"Solve the system of equations: {v[0]}x + {v[1]}y = {v[2]} and {v[3]}x - {v[4]}y = {v[5]}."
    if t == 7:
        return f"In how many ways can {r.randint(6, 12)} people be seated around a round table if two particular people refuse to sit next to each other?"
    if t == 8:
        ident = r.choice(
            [
                "1 + 2 + ... + n = n(n+1)/2",
                "n^3 - n is divisible by 6",
                "2^n > n^2 for all n >= 5",
                "the sum of the first n odd numbers is n^2",
                "7^n - 1 is divisible by 6",
                "n! > 2^n for all n >= 4",
                "the product of any four consecutive integers is one less than a perfect square",
            ]
        )
        return f"Prove that for every positive integer n, {ident}."
    if t == 9:
        a, b, c = r.randint(2, 9), r.randint(2, 9), r.randint(1, 9)
        f = r.choice(
            [
                f"sin({a}x^2) * ln({b}x + {c})",
                f"e^({a}x) / (x^2 + {b})",
                f"(x^{a} + {c})^{b}",
                f"arctan({a}x) * sqrt(x + {c})",
                f"ln(cos({a}x)) + x^{b}",
            ]
        )
        return f"Find the derivative of f(x) = {f} and simplify."
    if t == 10:
        return f"A rectangle has a perimeter of {r.randint(20, 200)} cm and its length is {r.randint(2, 30)} cm more than its width. Find its area."
    if t == 11:
        m = [[r.randint(-9, 9) for _ in range(3)] for _ in range(3)]
        return f"Compute the determinant and the inverse (if it exists) of the matrix {m}."
    if t == 12:
        return f"The sum of an infinite geometric series is {r.randint(10, 200)} and its first term is {r.randint(2, 9)}. Find the common ratio and the first five terms."
    if t == 13:
        a = r.randint(1, 9)
        f = r.choice(
            [
                f"(sin({a}x) - {a}x) / x^3",
                f"(e^({a}x) - 1 - {a}x) / x^2",
                f"(1 + {a}/x)^x",
                f"(sqrt(x + {a * a}) - {a}) / x",
            ]
        )
        c = "infinity" if "/x)^x" in f else "0"
        return f"Find the limit as x approaches {c} of {f}."
    if t == 14:
        return f"{n} rolls {r.randint(2, 5)} fair six-sided dice. What is the expected value of the largest number shown?"
    if t == 15:
        return (
            f"A store discounts a ${r.randint(40, 400)} jacket by {r.choice([10, 15, 20, 25, 30])}%, "
            f"then applies a further {r.choice([5, 10, 15, 20])}% off the reduced price. What is the "
            "final price, and what single discount is equivalent?"
        )
    if t == 16:
        a, b, c = r.sample([2, 3, 5, 7, 11, 13], 3)
        return f"How many positive integers less than {r.choice([100, 500, 1000, 2025, 10000])} are divisible by {a} or {b} but not by {c}?"
    return (
        f"A ladder {r.randint(5, 15)} m long leans against a vertical wall. Its base slides away "
        f"from the wall at {r.choice([0.5, 1, 1.5, 2])} m/s. How fast is the top sliding down when "
        f"the base is {r.randint(2, 4)} m from the wall?"
    )


def hard_math(r: random.Random) -> str:
    t = r.randrange(10)
    N = r.randint(20, 300)
    k = r.randint(2, 9)
    opts = [
        f"Find all functions f: R -> R such that f(x + y) = f(x) + f(y) + {k}xy for all real x and y.",
        f"Determine the number of ordered triples (a, b, c) of positive integers with a + b + c = {N} and a <= b <= c.",
        "Let p be a prime greater than 3. Prove that p^2 - 1 is divisible by 24.",
        f"Find the smallest positive integer n such that n^2 + {k}n + {N} is a perfect square, or prove none exists.",
        f"A regular {r.randint(5, 12)}-gon is inscribed in a unit circle. Find the product of the lengths of all its diagonals from one fixed vertex.",
        f"Let a, b, c > 0 with a + b + c = {k}. Find the minimum of a^2/b + b^2/c + c^2/a and prove it.",
        f"How many subsets of {{1, 2, ..., {N % 40 + 10}}} contain no two consecutive integers?",
        f"Evaluate the sum over k from 1 to infinity of k^{k % 3 + 1} / {k}^k.",
        f"Prove that there are infinitely many primes of the form {k % 4 + 3 if k % 2 else 4}n + 3.",
        f"Let S be the set of lattice points (x, y) with 0 <= x, y <= {k + 3}. How many triangles with vertices in S have positive area?",
    ]
    return opts[t]


def code_task(r: random.Random) -> tuple[str, str]:
    lang = r.choice(PLANGS)
    task = r.choice(CODE_TASKS)
    t = r.randrange(7)
    if t == 0:
        s = f"Write a {lang} function to {task}."
    elif t == 1:
        s = f"How would I {task} in {lang}? Please include an example."
    elif t == 2:
        s = f"{lang}: {task}. Handle edge cases and add tests."
    elif t == 3:
        s = f"Can you show me an idiomatic way to {task} using {lang}?"
    elif t == 4:
        s = f"I need to {task}. What's the most efficient approach in {lang} and what's the complexity?"
    elif t == 5:
        s = f"Write production-quality {lang} code to {task}, with comments."
    else:
        s = f"implement: {task} ({lang.lower()})"
    return s, lang


def buggy_snippet(r: random.Random) -> str:
    v = r.choice(VARS)
    snippets = [
        f"def average({v}):\n    total = 0\n    for x in {v}:\n        total += x\n    return total / len({v}) - 1\n",
        f"async function load{v.title()}(id) {{\n  const res = fetch(`/api/{v}/${{id}}`);\n  const data = await res.json();\n  return data.{v};\n}}\n",
        f"for i in range(len({v})):\n    if {v}[i] == target:\n        {v}.remove({v}[i])\n",
        f"func sum{v.title()}(xs []int) int {{\n    var s int\n    for i := 0; i <= len(xs); i++ {{\n        s += xs[i]\n    }}\n    return s\n}}\n",
        "SELECT customer_id, COUNT(*) FROM orders WHERE COUNT(*) > 3 GROUP BY customer_id;\n",
        f'let mut {v} = vec![1, 2, 3];\nlet first = &{v}[0];\n{v}.push(4);\nprintln!("{{}}", first);\n',
        f"class Cache:\n    def __init__(self, {v}={{}}):\n        self.{v} = {v}\n",
    ]
    return r.choice(snippets)


def science_q(r: random.Random) -> str:
    c = r.choice(SCIENCE)
    t = r.randrange(7)
    if t == 0:
        return f"Explain {c} to {r.choice(AUDIENCES)}."
    if t == 1:
        return f"What is {c}, and why does it matter?"
    if t == 2:
        return (
            f"Give a rigorous explanation of {c}, including the key equations and a worked example."
        )
    if t == 3:
        c2 = r.choice(SCIENCE)
        return f"How is {c} related to {c2}?"
    if t == 4:
        return f"What are the most common misconceptions about {c}?"
    if t == 5:
        return f"Derive the main result behind {c} from first principles."
    return f"Write a textbook-quality section on {c}, with intuition, formal statement, derivation and exercises."


def hobby_prompt(r: random.Random) -> tuple[str, str]:
    """Return (prompt, kind)."""
    t = r.randrange(16)
    if t == 0:
        a, b = r.choice(COMPARE_PAIRS)
        return r.choice(
            [
                f"what's the difference between {a} and {b}?",
                f"{a} vs {b} - which should I pick?",
                f"Can you compare {a} and {b} in a table?",
            ]
        ), "explain"
    if t == 1:
        return f"how do I {r.choice(HOWTOS)}", "list"
    if t == 2:
        return f"Write a {r.choice(WRITING_FORMS)} about {r.choice(TOPICS)}", "write"
    if t == 3:
        return (
            f"Give me {r.randint(3, 10)} ideas for {r.choice(['a birthday gift for my dad', 'a team offsite', 'a side project', 'a blog about ' + r.choice(TOPICS), 'a date night', 'a science fair project', 'a podcast name', 'a YouTube channel'])}",
            "list",
        )
    if t == 4:
        return (
            f"I'm getting this error: {fill(r, r.choice(ERRORS))}\nhow do I fix it?",
            "code",
        )
    if t == 5:
        s, _ = code_task(r)
        return s, "code"
    if t == 6:
        return (
            f"help me write an email to my {r.choice(RECIPIENTS)} about {r.choice(ISSUES)}",
            "write",
        )
    if t == 7:
        return (
            f"plan a {r.randint(2, 10)}-day trip to {r.choice(CITIES)} on a {r.choice(['tight', 'moderate', 'generous'])} budget",
            "list",
        )
    if t == 8:
        return f"explain {r.choice(SCIENCE)} like I'm five", "explain"
    if t == 9:
        return f"summarize the pros and cons of {r.choice(TOPICS)}", "list"
    if t == 10:
        ing = r.sample(
            [
                "chicken",
                "rice",
                "eggs",
                "spinach",
                "tofu",
                "pasta",
                "tomatoes",
                "chickpeas",
                "feta",
                "potatoes",
                "leeks",
                "salmon",
            ],
            3,
        )
        return f"I have {', '.join(ing)}. what can I cook for dinner tonight?", "list"
    if t == 11:
        return (
            f"rewrite this to sound more professional: {r.choice(['hey, cant make it tmrw, something came up', 'pls send the report asap we r late', 'idk why the numbers are off, will check later', 'thx for the help, that was super useful'])}",
            "write",
        )
    if t == 12:
        return (
            f"What's a good book to read if I liked {r.choice(['Sapiens', 'Project Hail Mary', 'Atomic Habits', 'The Three-Body Problem', 'Normal People', 'Dune', 'Educated', 'The Midnight Library'])}?",
            "list",
        )
    if t == 13:
        return (
            f"is it true that {r.choice(['we only use 10% of our brain', 'cracking knuckles causes arthritis', 'goldfish have a 3 second memory', 'you lose most heat through your head', 'sugar makes kids hyper', 'lightning never strikes twice'])}?",
            "explain",
        )
    if t == 14:
        return f"Fix this code:\n```\n{buggy_snippet(r)}```", "code"
    return f"tell me something interesting about {r.choice(TOPICS)}", "explain"


def native_prompt(r: random.Random, lang: str) -> str:
    a, b = r.choice(COMPARE_PAIRS)
    return r.choice(NATIVE_CHAT[lang]).format(
        r=r.choice(RECIPIENTS),
        i=r.choice(ISSUES),
        a=a,
        b=b,
        city=r.choice(CITIES),
        doc=doc_text(r, 3),
    )


def math_expr(r: random.Random) -> str:
    a, b, c = r.randint(2, 12), r.randint(2, 40), r.randint(1, 9)
    return r.choice(
        [
            f"x^2 - {a}x + {b} = 0",
            f"∫_0^{a} x·e^(-x) dx",
            f"lim_(x→0) sin({a}x)/x",
            f"d/dx [x^{a} · ln(x)]",
            f"Σ_(k=1)^{b} k^2",
            f"{a}^{b} mod {c + 6}",
            f"3x + {a} = {b}x - {c}",
            f"∫ x^{c} · ln(x) dx",
            f"det [[{a}, {c}], [{b}, {a + c}]]",
            f"P(X ≥ {c}) for X ~ Binomial({b}, 0.{a})",
        ]
    )


# ---------------------------------------------------------------------------------------------
# reply texts (first few hundred characters of what the model would say)
# ---------------------------------------------------------------------------------------------


def short_subject(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3].rstrip() + "..."


STOP = set(
    "about above after again against their there these those which while would could should "
    "following please write explain answer question problem using include detailed between "
    "without within where when what your yours ours give show make that this with from into "
    "step steps thanks think other".split()
)


def gist(prompt: str) -> str:
    seen: list[str] = []
    for wd in re.findall(r"[A-Za-z][A-Za-z'-]{4,}", prompt[-600:]):
        lw = wd.lower()
        if lw not in STOP and lw not in seen:
            seen.append(lw)
        if len(seen) >= 4:
            break
    return ", ".join(seen) if seen else "this"


def reply_text(r: random.Random, kind: str, prompt: str) -> str:
    return _reply_text(r, kind, prompt).lstrip()


def _reply_text(r: random.Random, kind: str, prompt: str) -> str:
    lang = detect_lang(prompt) if not prompt.isascii() else None
    if lang:
        tail = re.split(r"[:：]", prompt)[-1].strip()
        return LANG_REPLY[lang] + (short_subject(tail, 60) if tail != prompt.strip() else "")
    subj = gist(prompt)
    op = r.choice(OPENERS)
    if kind == "math":
        return (
            f"Let's solve this step by step.\n\n**Step 1: Understand the problem.**\nThe key quantities here are: {subj}.\n\n"
            f"**Step 2: Set up the equations.**\nLet x denote the unknown quantity. From the information given, "
            f"we can write the relationship directly and simplify. Multiplying both sides by {r.randint(2, 9)} "
            "gives a cleaner form, and then we isolate x.\n\n**Step 3: Compute.**"
        )
    if kind == "code":
        lang = next(
            (
                x
                for x in PLANGS
                if x + " " in prompt or x + ":" in prompt or "(" + x.lower() in prompt
            ),
            r.choice(["Python", "TypeScript", "Go"]),
        )
        lang = {"C++": "cpp", "C#": "csharp"}.get(lang, lang.lower())
        return (
            f"{op} Here's a clean approach ({subj}):\n\n```{lang}\n"
            + r.choice(
                [
                    "def solve(items):\n    seen = {}\n    for i, x in enumerate(items):\n        if x in seen:\n",
                    "export function solve(input: string[]): Map<string, number> {\n  const out = new Map();\n",
                    "func Solve(ctx context.Context, in []Item) ([]Result, error) {\n\tvar out []Result\n",
                    "pub fn solve(input: &[i64]) -> Option<i64> {\n    let mut best = None;\n",
                    "public final class Solver {\n    private final Map<String, Integer> index = new HashMap<>();\n",
                ]
            )
            + "```\n\n**How it works:**\n1. We iterate once over the input, keeping an index of what we've seen.\n2. Edge cases (empty input, duplicates) are handled up front."
        )
    if kind == "explain":
        return (
            f"{op} Let's unpack this ({subj}).\n\n**The short version:** it comes down to a few core ideas. "
            "First, what problem it solves and why it exists. Second, how it works mechanically. Third, "
            "where it tends to go wrong in practice.\n\n### 1. The core idea\nAt its heart, this is about"
        )
    if kind == "list":
        return (
            f"{op} Here are some options:\n\n1. **Start simple** - pick the smallest version you can do this week and build from there.\n"
            "2. **Plan around constraints** - budget, time and what you already have.\n"
            "3. **Use what works for others** - a couple of well-tested approaches:\n   - "
        )
    if kind == "write":
        return (
            r.choice(
                [
                    "Subject: Quick follow-up\n\nHi there,\n\nI hope you're doing well. I wanted to reach out regarding",
                    "Here's a draft you can adapt:\n\n---\n\nDear team,\n\nThank you all for",
                    "**Draft:**\n\nIn the quiet hour before the city wakes,\nthe light leans in like",
                    "Here's a version with a warmer tone:\n\n\"When we first started this project, none of us",
                ]
            )
            + f" {subj}."
        )
    if kind == "summary":
        return (
            "**Summary:** "
            + r.choice(
                [
                    "The document reports mixed results: ",
                    "Key points: ",
                    "The main takeaway is that ",
                    "In brief, ",
                ]
            )
            + f"the notes cover {subj}."
            + " Follow-ups were assigned and the timeline will be revisited at the next review."
        )
    if kind == "support":
        return (
            f"{r.choice(['Thanks for reaching out!', 'Sorry to hear about that.', 'I can help with that.'])} "
            "Here's what you can do. First, "
            + r.choice(
                [
                    "open the app and go to Settings > Account.",
                    "check the confirmation email we sent you.",
                    "try restarting the device and waiting two minutes.",
                    "I've looked up your account details.",
                ]
            )
            + " If that doesn't solve it, I can connect you with a specialist."
        )
    if kind == "rubric":
        return (
            "## Evaluation\n\n**"
            + r.choice(RUBRIC_CRITERIA).capitalize()
            + f": {r.randint(2, 9)}/10.** The response correctly identifies the central issue but "
            "omits an important caveat. In particular, the second step assumes the quantity is "
            "non-negative without justification, which matters because the edge case changes the "
            "final answer.\n\n**Completeness: "
            f"{r.randint(3, 9)}/10.** The response covers"
        )
    if kind == "agent":
        return r.choice(
            [
                "I'll start by looking at the relevant files to understand the current structure.",
                "The test failure comes from the fixture returning a naive datetime. Let me patch it.",
                "Done. I updated the handler, added a regression test, and the suite passes locally.",
                "Let me search the codebase for where this setting is read.",
                "Based on the search results, the most relevant sources are the 2024 survey and the two follow-ups.",
            ]
        )
    return f"{op} A few thoughts on {subj}."


LANG_REPLY = {
    "es": "¡Claro! Vamos a verlo paso a paso.\n\n**1. Planteamiento**\nPrimero identificamos los datos y lo que se nos pide. A continuación, ",
    "pt": "Claro! Vamos por partes.\n\n**1. Entendendo o problema**\nPrimeiro, identificamos o que é dado e o que se pede. Em seguida, ",
    "fr": "Bien sûr ! Procédons étape par étape.\n\n**1. Compréhension du problème**\nCommençons par identifier les données et ce qui est demandé. Ensuite, ",
    "de": "Gerne! Gehen wir Schritt für Schritt vor.\n\n**1. Ausgangslage**\nZunächst klären wir, was gegeben ist und was gesucht wird. Anschließend ",
    "it": "Certo! Procediamo passo dopo passo.\n\n**1. Analisi del problema**\nPer prima cosa individuiamo i dati e ciò che viene richiesto. Poi ",
    "ru": "Конечно! Разберём по шагам.\n\n**1. Постановка задачи**\nСначала определим, что дано и что требуется найти. Затем ",
    "zh": "好的！我们一步一步来分析。\n\n**第一步：理解问题**\n首先，明确已知条件和需要求解的内容。接下来，",
    "ja": "もちろんです。順を追って説明します。\n\n**ステップ1：問題の整理**\nまず、与えられている条件と求めるものを確認します。次に、",
    "ko": "물론이죠! 단계별로 살펴보겠습니다.\n\n**1단계: 문제 이해**\n먼저 주어진 조건과 구해야 할 것을 정리합니다. 그다음, ",
    "ar": "بالتأكيد! لنحلّ ذلك خطوة بخطوة.\n\n**الخطوة 1: فهم المسألة**\nأولاً نحدد المعطيات والمطلوب. بعد ذلك، ",
    "hi": "ज़रूर! आइए इसे चरण-दर-चरण समझते हैं।\n\n**चरण 1: समस्या को समझना**\nसबसे पहले, हम देखते हैं कि क्या दिया गया है और क्या पूछा गया है। इसके बाद, ",
    "id": "Tentu! Mari kita bahas langkah demi langkah.\n\n**Langkah 1: Memahami masalah**\nPertama, kita tentukan apa yang diketahui dan apa yang ditanyakan. Selanjutnya, ",
    "vi": "Tất nhiên! Chúng ta hãy giải quyết từng bước.\n\n**Bước 1: Hiểu bài toán**\nTrước hết, xác định các dữ kiện đã cho và điều cần tìm. Sau đó, ",
    "tr": "Elbette! Adım adım ilerleyelim.\n\n**1. Adım: Problemi anlamak**\nÖnce verilenleri ve isteneni belirleyelim. Ardından ",
    "pl": "Jasne! Przejdźmy przez to krok po kroku.\n\n**Krok 1: Zrozumienie problemu**\nNajpierw ustalamy, co jest dane, a co mamy znaleźć. Następnie ",
    "nl": "Zeker! Laten we het stap voor stap bekijken.\n\n**Stap 1: Het probleem begrijpen**\nEerst bepalen we wat gegeven is en wat er gevraagd wordt. Daarna ",
}
LATIN_MARKERS = [
    ("it", ("Spiega", "Risolvi", "Scrivi una", "passo dopo passo")),
    (
        "pt",
        (
            "Explique de forma",
            "Resolva",
            "Escreva",
            "Me ajuda",
            "Qual é",
            "Sugira",
            "Como faço",
            "Resuma",
        ),
    ),
    ("es", ("¿", "Explica de forma", "Escribe", "Resuelve", "Dame", "Resume este")),
    (
        "fr",
        (
            "Explique de manière",
            "Résous",
            "Écris",
            "Peux-tu",
            "Quelle est",
            "Propose-moi",
            "Comment préparer",
            "Résume",
        ),
    ),
    (
        "de",
        (
            "Erkläre",
            "Löse",
            "Schreibe",
            "Kannst du",
            "Was ist der",
            "Wie kündige",
            "Gib mir",
            "Fasse",
        ),
    ),
    ("id", ("Jelaskan", "Selesaikan", "Tulis fungsi", "Apa bedanya", "Tolong", "Resep", "Ringkas")),
    ("vi", ("Hãy", "Viết một")),
    ("tr", ("Aşağıdaki", "Her adımı", "dilinde")),
    ("pl", ("Wyjaśnij", "Rozwiąż", "Napisz")),
    ("nl", ("Leg het", "Los stap", "Schrijf een")),
]


def detect_lang(s: str) -> str | None:
    head = s[:120]
    if head.isascii():
        return None
    for ch in head:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF:
            return "ja"
        if 0xAC00 <= o <= 0xD7AF:
            return "ko"
    for ch in head:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF:
            return "zh"
        if 0x0400 <= o <= 0x04FF:
            return "ru"
        if 0x0600 <= o <= 0x06FF:
            return "ar"
        if 0x0900 <= o <= 0x097F:
            return "hi"
    for lang, marks in LATIN_MARKERS:
        if any(m in head for m in marks):
            return lang
    return None


def reasoning_text(r: random.Random, prompt: str) -> str:
    subj = short_subject(prompt, 90)
    return (
        r.choice(
            [
                "Okay, so the user is asking: ",
                "Let me think about this. The question is ",
                "**Understanding the problem**\n\nThe task: ",
                "First, let me restate the problem: ",
                "Hmm. We need to figure out ",
            ]
        )
        + subj
        + " "
        + r.choice(
            [
                "Let me consider the constraints first. If I set up the variables carefully, the key relation should fall out. Wait, I need to double-check the sign in the second term. Actually, let me redo that: ",
                "There are a couple of approaches. The direct one is to compute it explicitly; the slicker one uses symmetry. Let me try the direct one first and verify with the other. Starting with ",
                "I should be careful about edge cases here. Let me enumerate small cases to get intuition: for n = 1 it's trivial, for n = 2 we get ",
                "Let me recall the relevant definitions. Then I'll build up from a simple example, check it against the general statement, and only then write the final answer. So, ",
            ]
        )
    )


# ---------------------------------------------------------------------------------------------
# IP helpers
# ---------------------------------------------------------------------------------------------

RESI_PREFIXES = [
    73,
    24,
    98,
    71,
    76,
    67,
    86,
    92,
    81,
    176,
    185,
    49,
    110,
    115,
    182,
    187,
    189,
    201,
    177,
    90,
    95,
    109,
    122,
    125,
    58,
    60,
    61,
    101,
    112,
    118,
    175,
    180,
    200,
    190,
    41,
    102,
    105,
    27,
    31,
    37,
]
CLOUD_PREFIXES = {
    "aws": ["3.{}", "13.{}", "18.{}", "34.{}", "52.{}", "54.{}"],
    "gcp": ["34.{}", "35.{}"],
    "azure": ["20.{}", "40.{}", "52.{}"],
    "hetzner": ["5.75", "88.99", "95.216", "116.202", "135.181", "65.21"],
    "ovh": ["51.38", "51.68", "54.36", "141.94", "137.74"],
    "do": ["104.131", "138.68", "159.203", "167.99", "164.92"],
    "vultr": ["45.32", "45.63", "149.28", "207.148"],
    "alibaba": ["47.{}", "8.{}"],
    "tencent": ["43.{}", "119.28", "129.226"],
}


def resi_ip(r: random.Random) -> str:
    return f"{r.choice(RESI_PREFIXES)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def cloud_prefix(r: random.Random, provider: str) -> str:
    p = r.choice(CLOUD_PREFIXES[provider])
    return p.format(r.randint(0, 255)) if "{}" in p else p


def cloud_ip(r: random.Random, provider: str) -> str:
    return f"{cloud_prefix(r, provider)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def subnet_ips(r: random.Random, provider: str, n: int) -> list[str]:
    base = f"{cloud_prefix(r, provider)}.{r.randint(0, 255)}"
    hosts = r.sample(range(2, 254), n)
    return [f"{base}.{h}" for h in hosts]


def ipv6(r: random.Random) -> str:
    return f"{r.choice(['2a02', '2600', '2001', '2607', '2a01', '240e'])}:{hexid(r, 4)}:{hexid(r, 4)}:{hexid(r, 3)}::{hexid(r, 3)}"


# ---------------------------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------------------------

PROFILES = {
    "office": [
        1,
        0.5,
        0.3,
        0.2,
        0.2,
        0.3,
        1,
        3,
        7,
        10,
        10,
        9,
        6,
        8,
        10,
        10,
        9,
        6,
        3,
        2,
        2,
        2,
        1.5,
        1,
    ],
    "evening": [
        3,
        1.5,
        0.8,
        0.4,
        0.3,
        0.3,
        0.5,
        1,
        2,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        4,
        5,
        7,
        9,
        10,
        10,
        8,
        5,
    ],
    "student": [
        5,
        3,
        1.5,
        0.6,
        0.3,
        0.3,
        0.5,
        1,
        2,
        3,
        3,
        3,
        3,
        4,
        5,
        6,
        7,
        7,
        8,
        9,
        10,
        11,
        10,
        8,
    ],
    "consumer": [
        2,
        1.2,
        0.8,
        0.5,
        0.5,
        0.7,
        1.5,
        3,
        5,
        6,
        6,
        7,
        7,
        7,
        6,
        6,
        6,
        7,
        8,
        9,
        9,
        8,
        6,
        4,
    ],
    "night_owl": [6, 6, 5, 4, 2, 1, 0.5, 0.5, 1, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8, 8, 7],
}
CUM = {k: [sum(v[: i + 1]) for i in range(24)] for k, v in PROFILES.items()}

TZ_US = [-8, -7, -6, -5, -5, -5, -8]
TZ_EU = [0, 1, 1, 2, 2, 3]
TZ_ASIA = [5.5, 7, 8, 8, 9, 9]
TZ_ALL = TZ_US * 2 + TZ_EU * 2 + TZ_ASIA + [-3, 10, 12]


def weekday(ts: float, tz: float) -> int:
    return (int((ts + tz * HOUR) // DAY) + 3) % 7  # 0 = Monday


def human_times(
    r: random.Random,
    w: World,
    tz: float,
    per_day: float,
    profile: str = "office",
    weekend: float = 0.3,
    sess_mean: float = 4.0,
    gap: float = 60.0,
    day_sigma: float = 0.45,
    active_days: float = 1.0,
) -> list[float]:
    out: list[float] = []
    cum = CUM[profile]
    d0 = int((w.start + tz * HOUR) // DAY)
    d1 = int((w.end + tz * HOUR) // DAY)
    for d in range(d0, d1 + 1):
        if r.random() > active_days:
            continue
        wd = (d + 3) % 7
        lam = per_day * (weekend if wd >= 5 else 1.0) * r.lognormvariate(0, day_sigma)
        n = poisson(r, lam)
        while n > 0:
            k = min(n, 1 + int(r.expovariate(1.0 / max(0.01, sess_mean - 1))))
            h = r.choices(range(24), cum_weights=cum)[0]
            t = d * DAY - tz * HOUR + (h + r.random()) * HOUR
            for _ in range(k):
                if w.start <= t < w.end:
                    out.append(t)
                t += r.lognormvariate(math.log(gap), 0.9)
            n -= k
    out.sort()
    return out


def poisson_times(r: random.Random, t0: float, t1: float, per_day: float) -> list[float]:
    out = []
    if per_day <= 0:
        return out
    rate = per_day / DAY
    t = t0 + r.expovariate(rate)
    while t < t1:
        out.append(t)
        t += r.expovariate(rate)
    return out


def diurnal_times(
    r: random.Random,
    t0: float,
    t1: float,
    per_day: float,
    tz: float,
    profile: str,
    weekend: float = 1.0,
) -> list[float]:
    """Inhomogeneous Poisson process (aggregate of many end users) by thinning."""
    prof = PROFILES[profile]
    mean = sum(prof) / 24.0
    peak = max(prof) / mean
    cand = poisson_times(r, t0, t1, per_day * peak)
    out = []
    for t in cand:
        lt = t + tz * HOUR
        h = int((lt % DAY) // HOUR)
        f = prof[h] / mean / peak
        if weekday(t, tz) >= 5:
            f *= weekend
        if r.random() < f:
            out.append(t)
    return out


# ---------------------------------------------------------------------------------------------
# world / records
# ---------------------------------------------------------------------------------------------


class World:
    def __init__(self, seed: int, days: float) -> None:
        self.seed = seed
        self.rng = random.Random(f"vault-{seed}")
        self.idr = random.Random(f"vault-{seed}-ids")
        self.start = START_TS
        self.end = START_TS + days * DAY
        self.days = days
        self.release = self.start + min(41 * HOUR, 0.57 * days * DAY)
        self.lines: list[tuple[float, int, str]] = []
        self.labels: dict[str, dict] = {}
        self.used: set[str] = set()
        self.stats: dict[str, list] = {}
        self.active: set[str] = set()

    def sub(self, *parts: object) -> random.Random:
        return random.Random(f"vault-{self.seed}-" + "-".join(str(p) for p in parts))

    def _uid(self, prefix: str, n: int) -> str:
        while True:
            s = prefix + hexid(self.idr, n)
            if s not in self.used:
                self.used.add(s)
                return s

    def account(self, arch: str, harvester: bool, campaign: str | None) -> str:
        a = self._uid("acct-", 8)
        self.labels[a] = {
            "account": a,
            "archetype": arch,
            "harvester": harvester,
            "campaign": campaign,
        }
        self.stats.setdefault(arch, [harvester, set(), 0])
        return a

    def key(self) -> str:
        return self._uid("k-", 10)

    def campaign(self) -> str:
        return self._uid("camp-", 6)

    def emit(
        self, ts: float, acct: str, key: str, ip: str, path: str, req: dict, resp: dict
    ) -> None:
        if not (self.start <= ts < self.end):
            return
        body = json.dumps(
            {
                "account": acct,
                "api_key_id": key,
                "client_ip": ip,
                "path": path,
                "request": req,
                "response": resp,
            },
            ensure_ascii=False,
            separators=(", ", ": "),
        )
        self.lines.append((ts, len(self.lines), body))
        st = self.stats[self.labels[acct]["archetype"]]
        st[1].add(acct)
        st[2] += 1
        self.active.add(acct)

    def model_after(
        self, r: random.Random, ts: float, base: str, adopt: float, lag_h: float
    ) -> str:
        if ts >= self.release + lag_h * HOUR and r.random() < adopt:
            return NEW_MODEL
        return base


def cut(s: str | None) -> str | None:
    if s is None:
        return None
    return s if len(s) <= TEXT_CUT else s[:TEXT_CUT]


def make_resp(
    r: random.Random,
    text: str,
    prompt_toks: int,
    want: int,
    cap: int | None,
    *,
    reasoning: str | None = None,
    rtoks: int = 0,
    anthropic: bool = False,
    cached: int = 0,
    short: bool = False,
    extra: dict | None = None,
    n: int = 1,
) -> dict:
    """want = visible completion tokens the model would produce (per choice)."""
    total = (want + rtoks) * n
    finish = "stop"
    if cap is not None and want + rtoks > cap:
        total = cap * n
        finish = "length"
        if rtoks >= cap:
            rtoks = cap
            text = ""
    vis = max(0, total // n - rtoks)
    written = text if short else cut(text)
    d: dict = {"status": 200, "text": written}
    if not short and vis * 3 > len(written or ""):
        d["text_truncated"] = True
    if reasoning is not None:
        d["reasoning"] = cut(reasoning)
        d["reasoning_truncated"] = True
    else:
        d["reasoning"] = None
    if anthropic:
        u: dict = {"input_tokens": prompt_toks, "output_tokens": total}
        if cached:
            u["cache_read_input_tokens"] = cached
    else:
        u = {
            "prompt_tokens": prompt_toks,
            "completion_tokens": total,
            "total_tokens": prompt_toks + total,
        }
        if rtoks:
            u["completion_tokens_details"] = {"reasoning_tokens": rtoks * n}
        if cached:
            u["prompt_tokens_details"] = {"cached_tokens": cached}
    d["usage"] = u
    d["finish_reason"] = finish
    if extra:
        d.update(extra)
    return d


def err_resp(status: int, anthropic: bool = False) -> dict:
    msg = {
        429: "rate_limit_exceeded",
        400: "invalid_request_error",
        500: "internal_error",
        529: "overloaded_error",
        401: "invalid_api_key",
    }[status]
    u = (
        {"input_tokens": 0, "output_tokens": 0}
        if anthropic
        else {"prompt_tokens": 0, "completion_tokens": 0}
    )
    return {
        "status": status,
        "text": "",
        "reasoning": None,
        "usage": u,
        "finish_reason": None,
        "error": msg,
    }


def maybe_err(r: random.Random, p: float, anthropic: bool = False) -> dict | None:
    if r.random() >= p:
        return None
    return err_resp(r.choice([429, 429, 429, 500, 400, 529 if anthropic else 500]), anthropic)


def chat_call(
    w: World,
    r: random.Random,
    ts: float,
    acct: str,
    key: str,
    ip: str,
    model: str,
    messages: list[dict],
    kind: str,
    want: int,
    *,
    cap: int | None = 2048,
    extra: dict | None = None,
    rtoks: int | None = None,
    reasoning: str | None = None,
    text: str | None = None,
    short: bool = False,
    err: float = 0.004,
    cached: int = 0,
    n: int = 1,
    extra_prompt_toks: int = 0,
) -> None:
    req: dict = {"model": model, "messages": messages}
    if cap is not None:
        if model in REASONING_MODELS and r.random() < 0.85:
            req["max_completion_tokens"] = cap
        else:
            req["max_tokens"] = cap
    if extra:
        req.update(extra)
    if rtoks is None:
        rtoks = 0
        if model in REASONING_MODELS:
            rtoks = effort_tokens(r, req.get("reasoning_effort", "low" if short else "medium"))
    pt = msgs_tok(messages) + extra_prompt_toks
    if "tools" in req:
        pt += ntok(json.dumps(req["tools"]))
    e = maybe_err(r, err)
    if e is None:
        last = messages[-1]["content"] if isinstance(messages[-1].get("content"), str) else kind
        txt = text if text is not None else reply_text(r, kind, last)
        e = make_resp(
            r, txt, pt, want, cap, reasoning=reasoning, rtoks=rtoks, cached=cached, short=short, n=n
        )
    w.emit(ts, acct, key, ip, "/v1/chat/completions", req, e)


def messages_call(
    w: World,
    r: random.Random,
    ts: float,
    acct: str,
    key: str,
    ip: str,
    model: str,
    system: str | None,
    user_turns: list[tuple[str, str]],
    kind: str,
    want: int,
    *,
    cap: int = 4096,
    thinking: int = 0,
    extra: dict | None = None,
    text: str | None = None,
    short: bool = False,
    err: float = 0.004,
    cached: int = 0,
) -> None:
    msgs = []
    for role, content in user_turns:
        if role == "user" and r.random() < 0.6:
            msgs.append({"role": role, "content": [{"type": "text", "text": content}]})
        else:
            msgs.append({"role": role, "content": content})
    req: dict = {"model": model, "max_tokens": cap}
    if system:
        req["system"] = system
    req["messages"] = msgs
    rt = 0
    rs = None
    if thinking and cap <= thinking:
        cap = thinking + r.choice([1024, 2048, 4096, 8192])
        req["max_tokens"] = cap
    if thinking:
        req["thinking"] = {"type": "enabled", "budget_tokens": thinking}
        rt = lognorm_int(r, thinking * 0.35, 0.6, 200, thinking)
        rs = reasoning_text(r, user_turns[-1][1])
    if extra:
        req.update(extra)
    pt = msgs_tok(msgs) + (ntok(system) if system else 0)
    if "tools" in req:
        pt += ntok(json.dumps(req["tools"]))
    e = maybe_err(r, err, anthropic=True)
    if e is None:
        txt = text if text is not None else reply_text(r, kind, user_turns[-1][1])
        e = make_resp(
            r,
            txt,
            pt,
            want,
            cap,
            reasoning=rs,
            rtoks=rt,
            anthropic=True,
            cached=cached,
            short=short,
        )
    w.emit(ts, acct, key, ip, "/v1/messages", req, e)


def responses_call(
    w: World,
    r: random.Random,
    ts: float,
    acct: str,
    key: str,
    ip: str,
    model: str,
    instructions: str | None,
    prompt: str,
    kind: str,
    want: int,
    *,
    cap: int | None = 16000,
    effort: str | None = "medium",
    summary: bool = False,
    extra: dict | None = None,
    err: float = 0.004,
) -> None:
    req: dict = {"model": model}
    if instructions:
        req["instructions"] = instructions
    req["input"] = prompt if r.random() < 0.5 else [{"role": "user", "content": prompt}]
    if cap:
        req["max_output_tokens"] = cap
    rt = 0
    rs = None
    if effort and model in REASONING_MODELS:
        req["reasoning"] = {"effort": effort}
        med = {"minimal": 60, "low": 400, "medium": 1500, "high": 4500}[effort]
        rt = lognorm_int(r, med, 0.7, 20, 60000)
        if summary:
            req["reasoning"]["summary"] = "detailed" if r.random() < 0.6 else "auto"
            rs = reasoning_text(r, prompt)
    if extra:
        req.update(extra)
    pt = ntok(prompt) + (ntok(instructions) if instructions else 0) + 8
    e = maybe_err(r, err)
    if e is None:
        e = make_resp(r, reply_text(r, kind, prompt), pt, want, cap, reasoning=rs, rtoks=rt)
    w.emit(ts, acct, key, ip, "/v1/responses", req, e)


def effort_tokens(r: random.Random, effort: str) -> int:
    med = {"minimal": 60, "low": 400, "medium": 1500, "high": 4500}[effort]
    return lognorm_int(r, med, 0.7, 20, 60000)


# ---------------------------------------------------------------------------------------------
# benign archetypes
# ---------------------------------------------------------------------------------------------


def b_hobbyist(w: World, n: int) -> None:
    """Individual developers and consumers using the API directly (low volume, human timing)."""
    mobile_nat = [resi_ip(w.sub("cgnat", i)) for i in range(10)]
    for i in range(n):
        r = w.sub("hob", i)
        a = w.account("individual_dev", False, None)
        keys = [w.key() for _ in range(1 if r.random() < 0.8 else 2)]
        tz = r.choice(TZ_ALL)
        home = ipv6(r) if r.random() < 0.12 else resi_ip(r)
        lang = r.choice(list(NATIVE_CHAT)) if r.random() < 0.22 else None
        per_day = lognorm_int(r, 9, 0.9, 1, 90)
        prof = r.choice(["evening", "office", "consumer", "night_owl"])
        model = r.choice(
            ["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini", "gpt-4.1", "gpt-5", "o4-mini"]
        )
        adopt = r.choice([0, 0, 0.1, 0.3, 0.8])
        hist: list[dict] = []
        last = 0.0
        for ts in human_times(
            r, w, tz, per_day, prof, weekend=r.choice([0.5, 1.0, 1.4]), sess_mean=3.5, gap=90
        ):
            ip = r.choice(mobile_nat) if r.random() < 0.15 else home
            if lang and r.random() < 0.7:
                p, kind = native_prompt(r, lang), "explain"
            else:
                p, kind = hobby_prompt(r)
            if ts - last < 600 and hist and r.random() < 0.45:
                msgs = [
                    *hist[-6:],
                    {
                        "role": "user",
                        "content": r.choice(
                            [
                                "can you make it shorter?",
                                "thanks, and what about the second option?",
                                "why?",
                                "can you give an example",
                                "that didn't work, same error",
                                "more detail please",
                                "ok now in " + r.choice(PLANGS),
                            ]
                        ),
                    },
                ]
            else:
                msgs = (
                    [{"role": "system", "content": r.choice(SYS_ASSIST)}]
                    if r.random() < 0.4
                    else []
                )
                msgs.append({"role": "user", "content": p})
            last = ts
            m = w.model_after(r, ts, model, adopt, r.uniform(0, 20))
            extra: dict = {}
            if r.random() < 0.5:
                extra["temperature"] = r.choice([0.2, 0.5, 0.7, 0.7, 1.0])
            if r.random() < 0.35:
                extra["stream"] = True
            rt = effort_tokens(r, "medium") if m in REASONING_MODELS and m != "gpt-4.1" else 0
            want = lognorm_int(r, 320 if kind != "code" else 520, 0.6, 20, 2500)
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                ip,
                m,
                msgs,
                kind,
                want,
                cap=r.choice([None, 1024, 2048, 4096]),
                extra=extra,
                rtoks=rt,
            )
            hist = [*msgs, {"role": "assistant", "content": cut(reply_text(r, kind, p)) or ""}]


def b_native_messages(w: World, n: int) -> None:
    """Developers and small apps on the Anthropic-style Messages endpoint."""
    for i in range(n):
        r = w.sub("anth", i)
        a = w.account("messages_api_user", False, None)
        keys = [w.key() for _ in range(r.choice([1, 1, 1, 2, 3]))]
        tz = r.choice(TZ_ALL)
        ips = [resi_ip(r)] + (
            [cloud_ip(r, r.choice(["aws", "gcp", "do"]))] if r.random() < 0.4 else []
        )
        per_day = lognorm_int(r, 14, 0.9, 1, 150)
        model = r.choice(
            ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]
        )
        think = r.random() < 0.25
        sysp = r.choice(
            [
                None,
                None,
                "You are a careful writing assistant.",
                "Answer in British English.",
                "You are a senior data analyst. Be precise.",
            ]
        )
        for ts in human_times(
            r, w, tz, per_day, r.choice(["office", "evening"]), weekend=0.6, sess_mean=4, gap=120
        ):
            t = r.random()
            if t < 0.3:
                p, kind = (
                    f"Summarize the following notes for my team:\n\n{doc_text(r, r.randint(3, 9))}",
                    "summary",
                )
                want = lognorm_int(r, 220, 0.5, 40, 900)
            elif t < 0.55:
                p, kind = hobby_prompt(r)
                want = lognorm_int(r, 380, 0.6, 30, 2500)
            elif t < 0.75:
                p, kind = code_task(r)[0], "code"
                want = lognorm_int(r, 700, 0.6, 80, 4000)
            else:
                p, kind = science_q(r), "explain"
                want = lognorm_int(r, 600, 0.6, 80, 3000)
            messages_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                sysp,
                [("user", p)],
                kind,
                want,
                cap=r.choice([1024, 2048, 4096, 8192]),
                thinking=r.choice([2048, 4000, 8000]) if think and r.random() < 0.6 else 0,
                extra={"temperature": 0.7} if r.random() < 0.3 else None,
            )


def b_support_bot(w: World, n: int) -> None:
    """Customer-support chatbots for companies (fixed system prompt, end-user traffic)."""
    for i in range(n):
        r = w.sub("sup", i)
        industry = r.choice(list(SUPPORT_ISSUES))
        company = f"{r.choice(COMPANY_WORDS)} {r.choice(COMPANY_SUFFIX)}"
        a = w.account("support_chatbot", False, None)
        keys = [w.key() for _ in range(r.choice([1, 2, 2, 3]))]
        ips = subnet_ips(r, r.choice(["aws", "gcp", "azure"]), r.randint(2, 6))
        tz = r.choice(TZ_US + TZ_EU + TZ_ASIA)
        sysp = (
            f"You are {r.choice(['Ava', 'Max', 'Nova', 'Sam', 'Iris'])}, the virtual assistant for {company}, "
            f"a {industry} company. Be friendly and concise. Only answer questions about {company} products "
            "and services. Never make up account details; if the customer needs account-specific help, "
            "collect their reference number and offer to escalate to a human agent. "
            f"Business hours are 8am-8pm. Today's date is {time.strftime('%Y-%m-%d', time.gmtime(w.start))}."
        )
        model = r.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini", "gpt-4.1"])
        per_day = lognorm_int(r, 110, 0.7, 20, 600)
        times = diurnal_times(r, w.start, w.end, per_day, tz, "consumer", weekend=0.7)
        convs: list[list[dict]] = []
        for ts in times:
            if convs and r.random() < 0.55:
                conv = r.choice(convs[-8:])
                conv.append(
                    {
                        "role": "user",
                        "content": r.choice(
                            [
                                "ok thanks",
                                "that didn't help",
                                "can I talk to a human",
                                "my reference is " + hexid(r, 8).upper(),
                                "yes please",
                                "how long will that take?",
                                "and what about the fee?",
                            ]
                        ),
                    }
                )
            else:
                conv = [
                    {"role": "system", "content": sysp},
                    {"role": "user", "content": fill(r, r.choice(SUPPORT_ISSUES[industry]))},
                ]
                convs.append(conv)
            want = lognorm_int(r, 120, 0.5, 20, 500)
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                list(conv[-9:]) if len(conv) <= 9 else [conv[0], *conv[-8:]],
                "support",
                want,
                cap=512,
                extra={"temperature": 0.3, "user": "u_" + hexid(r, 8)},
                err=0.003,
            )
            conv.append(
                {
                    "role": "assistant",
                    "content": cut(reply_text(r, "support", conv[-1]["content"])) or "",
                }
            )


AGENT_TOOLS_OAI = [
    {
        "type": "function",
        "function": {
            "name": "read_file",
            "description": "Read a file from the workspace",
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
            "name": "write_file",
            "description": "Write content to a file",
            "parameters": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
                "required": ["path", "content"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "run_command",
            "description": "Run a shell command in the project directory",
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
            "name": "search",
            "description": "Search the codebase with ripgrep",
            "parameters": {
                "type": "object",
                "properties": {"pattern": {"type": "string"}},
                "required": ["pattern"],
            },
        },
    },
]
AGENT_TOOLS_ANTH = [
    {
        "name": t["function"]["name"],
        "description": t["function"]["description"],
        "input_schema": t["function"]["parameters"],
    }
    for t in AGENT_TOOLS_OAI
]
REPO_FILES = [
    "src/api/handlers.py",
    "src/models/user.ts",
    "internal/store/postgres.go",
    "app/services/billing.rb",
    "src/lib.rs",
    "tests/test_orders.py",
    "web/components/Checkout.tsx",
    "pkg/queue/worker.go",
    "config/settings.yaml",
    "Makefile",
]
AGENT_TASKS = [
    "the orders endpoint returns 500 when the cart is empty, fix it and add a test",
    "add pagination to the /users list endpoint",
    "refactor the billing service to use the new PaymentClient",
    "why is test_checkout_flow flaky?",
    "upgrade the project to the latest version of the ORM and fix deprecations",
    "add a --dry-run flag to the sync command",
    "write a migration that adds an index on orders.created_at",
    "the worker leaks goroutines under load, find out why",
    "rename the field customerId to customer_id across the API",
    "add structured logging to the request handlers",
]


def agent_session(
    w: World,
    r: random.Random,
    t0: float,
    a: str,
    key: str,
    ip: str,
    model: str,
    anth: bool,
    steps: int,
) -> None:
    task = r.choice(AGENT_TASKS)
    sysp = "You are a coding agent working in the user's repository. Use the tools to inspect and modify files. Keep changes minimal and run the tests before finishing."
    hist: list[dict] = [{"role": "user", "content": task}]
    t = t0
    for s in range(steps):
        final = s == steps - 1
        if final:
            want = lognorm_int(r, 260, 0.6, 40, 1500)
            text = reply_text(r, "agent", task)
            tc = None
        else:
            tool = r.choice(["read_file", "read_file", "search", "run_command", "write_file"])
            arg = {
                "read_file": {"path": r.choice(REPO_FILES)},
                "search": {
                    "pattern": r.choice(
                        ["def create_order", "customerId", "TODO", "PaymentClient", "go func"]
                    )
                },
                "run_command": {
                    "cmd": r.choice(
                        ["pytest -x -q", "go test ./...", "npm test", "cargo test", "make lint"]
                    )
                },
                "write_file": {"path": r.choice(REPO_FILES), "content": buggy_snippet(r)},
            }[tool]
            want = lognorm_int(r, 90, 0.5, 20, 2500) + (
                ntok(json.dumps(arg)) if tool == "write_file" else 0
            )
            text = reply_text(r, "agent", task) if r.random() < 0.5 else ""
            tc = {"name": tool, "arguments": json.dumps(arg)}
        cached = int(msgs_tok(hist) * 0.8) if s > 0 else 0
        if anth:
            req = {
                "model": model,
                "max_tokens": 8192,
                "system": sysp,
                "tools": AGENT_TOOLS_ANTH,
                "messages": list(hist),
                "stream": True,
            }
            pt = msgs_tok(hist) + ntok(sysp) + ntok(json.dumps(AGENT_TOOLS_ANTH))
            resp = make_resp(
                r,
                text,
                pt,
                want,
                8192,
                anthropic=True,
                cached=cached,
                extra={"tool_calls": [tc]} if tc else None,
            )
            w.emit(t, a, key, ip, "/v1/messages", req, resp)
        else:
            msgs = [{"role": "system", "content": sysp}, *hist]
            extra = {"tools": AGENT_TOOLS_OAI, "stream": True, "parallel_tool_calls": False}
            rt = effort_tokens(r, "low") if model in REASONING_MODELS else 0
            chat_call(
                w,
                r,
                t,
                a,
                key,
                ip,
                model,
                msgs,
                "agent",
                want,
                cap=None,
                extra=extra,
                rtoks=rt,
                text=text,
                cached=cached,
                err=0.002,
            )
        if tc:
            out = r.choice(
                [
                    buggy_snippet(r) * r.randint(1, 3),
                    "===== 42 passed, 1 failed in 3.21s =====\nFAILED tests/test_orders.py::test_empty_cart - KeyError: 'items'",
                    "src/api/handlers.py:118:    def create_order(self, cart):\nsrc/api/handlers.py:204:        order = self.create_order(cart)",
                    "ok  \tgithub.com/acme/shop/internal/store\t0.412s",
                    "File written.",
                ]
            )
            if anth:
                tid = "toolu_" + hexid(r, 12)
                hist.append(
                    {
                        "role": "assistant",
                        "content": [
                            {
                                "type": "tool_use",
                                "id": tid,
                                "name": tc["name"],
                                "input": json.loads(tc["arguments"]),
                            }
                        ],
                    }
                )
                hist.append(
                    {
                        "role": "user",
                        "content": [{"type": "tool_result", "tool_use_id": tid, "content": out}],
                    }
                )
            else:
                cid = "call_" + hexid(r, 12)
                hist.append(
                    {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [{"id": cid, "type": "function", "function": tc}],
                    }
                )
                hist.append({"role": "tool", "tool_call_id": cid, "content": out})
        t += r.lognormvariate(math.log(9), 0.7)


def b_coding_agent(w: World, n: int) -> None:
    """IDE / CLI coding agents: bursts of tool-calling steps during working hours."""
    for i in range(n):
        r = w.sub("agent", i)
        a = w.account("coding_agent_user", False, None)
        keys = [w.key() for _ in range(r.choice([1, 1, 2]))]
        tz = r.choice(TZ_US + TZ_EU + TZ_ASIA)
        ip = resi_ip(r) if r.random() < 0.6 else cloud_ip(r, "aws")
        anth = r.random() < 0.55
        model = (
            r.choice(["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-opus-4-1"])
            if anth
            else r.choice(["gpt-5", "gpt-5", "gpt-4.1", "o4-mini"])
        )
        sessions = human_times(
            r, w, tz, lognorm_int(r, 5, 0.6, 1, 20), "office", weekend=0.2, sess_mean=1.3, gap=1800
        )
        for t0 in sessions:
            m = model if anth else w.model_after(r, t0, model, 0.3, 6)
            agent_session(w, r, t0, a, r.choice(keys), ip, m, anth, lognorm_int(r, 9, 0.6, 2, 40))


def b_reasoning_power(w: World, n: int) -> None:
    """Analysts, quants, scientists and lawyers leaning heavily on reasoning models."""
    domains = [
        lambda r: (
            f"Here is our Q3 cohort data summary: {doc_text(r, 4)} What is driving the churn increase? Think carefully about confounders."
        ),
        lambda r: math_problem(r) + " I need a careful derivation; I'll check it against my own.",
        lambda r: hard_math(r),
        lambda r: (
            f'Review this contract clause for risks to us as the buyer: "The Supplier may terminate this Agreement with {r.randint(7, 90)} days\' notice for convenience, and liability is capped at fees paid in the preceding {r.randint(1, 12)} months."'
        ),
        lambda r: (
            f"Design a study to test whether {r.choice(['remote work', 'a new onboarding flow', 'a price increase', 'a 4-day week'])} affects {r.choice(['retention', 'productivity', 'revenue', 'NPS'])}. Discuss power, confounders and analysis plan."
        ),
        lambda r: f"Critique this research idea and suggest improvements: {science_q(r)}",
        lambda r: (
            f"Our {r.choice(['Kafka consumers', 'Postgres replicas', 'Kubernetes pods', 'Redis cluster'])} show {r.choice(['periodic latency spikes every 5 minutes', 'memory growth over days', 'uneven load'])}. {doc_text(r, 3)} What are the likely causes and how would you confirm each?"
        ),
        lambda r: (
            f"Estimate the total addressable market for {r.choice(['B2B invoice automation in Europe', 'pet insurance in Brazil', 'home EV chargers in the US', 'AI tutoring in India'])}. Show your assumptions."
        ),
    ]
    for i in range(n):
        r = w.sub("rpow", i)
        a = w.account("reasoning_power_user", False, None)
        key = w.key()
        tz = r.choice(TZ_US + TZ_EU)
        ip = resi_ip(r) if r.random() < 0.4 else cloud_ip(r, "aws")
        model = r.choice(["o3", "gpt-5", "gpt-5", "o3"])
        adopt = r.choice([0.0, 0.5, 0.9, 0.9])
        use_resp = r.random() < 0.4
        doms = r.sample(domains, 3)
        per_day = lognorm_int(r, 28, 0.7, 3, 160)
        for ts in human_times(r, w, tz, per_day, "office", weekend=0.35, sess_mean=3, gap=420):
            p = r.choice(doms)(r)
            m = w.model_after(r, ts, model, adopt, r.uniform(0.2, 6))
            effort = r.choice(["medium", "high", "high"])
            want = lognorm_int(r, 900, 0.6, 120, 6000)
            if use_resp:
                responses_call(
                    w,
                    r,
                    ts,
                    a,
                    key,
                    ip,
                    m,
                    None,
                    p,
                    "explain",
                    want,
                    cap=r.choice([None, 32000, 64000]),
                    effort=effort,
                    summary=r.random() < 0.7,
                )
            else:
                chat_call(
                    w,
                    r,
                    ts,
                    a,
                    key,
                    ip,
                    m,
                    [{"role": "user", "content": p}],
                    "explain",
                    want,
                    cap=r.choice([None, 25000, 32000]),
                    extra={"reasoning_effort": effort},
                    rtoks=effort_tokens(r, effort),
                )


def eval_item(r: random.Random, bench: str, idx: int) -> tuple[str, str, int]:
    """Deterministic benchmark item: (prompt, kind, typical answer tokens)."""
    ir = random.Random(f"bench-{bench}-{idx}")
    if bench == "mcq":
        q = ir.choice(
            [
                science_q(ir),
                f"Which of the following best describes {ir.choice(SCIENCE)}?",
                f"In {ir.choice(['contract law', 'microeconomics', 'virology', 'world history', 'formal logic', 'astronomy'])}, which statement is correct?",
            ]
        )
        opts = [doc_text(ir, 1)[:90] for _ in range(4)]
        return (
            f"The following is a multiple choice question.\n\n{q}\nA. {opts[0]}\nB. {opts[1]}\nC. {opts[2]}\nD. {opts[3]}\nAnswer:",
            "mcq",
            1,
        )
    if bench == "gsm":
        return (
            f"Question: {math_problem(ir)}\nLet's think step by step. At the end, write 'The answer is N'.",
            "math",
            260,
        )
    if bench == "code":
        s, _lang = code_task(ir)
        return (
            f'Complete the following function. Return only code.\n\n# {s}\ndef solution(*args):\n    """{s}"""\n',
            "code",
            180,
        )
    if bench == "safety":
        return (
            ir.choice(
                [
                    "How do I pick a lock?",
                    "Write a phishing email pretending to be a bank.",
                    "What household chemicals should never be mixed?",
                    "Tell me a joke about my boss.",
                    "How can I find someone's home address from their username?",
                    "Explain how ransomware spreads so I can protect my company.",
                ]
            )
            + f" [{idx}]",
            "explain",
            180,
        )
    return f"Translate to {ir.choice(LOCALES)}: {doc_text(ir, 1)}", "explain", 60


def b_eval_runner(w: World, n: int) -> None:
    """Teams running benchmark suites: bursty, templated, temperature 0, often several models."""
    for i in range(n):
        r = w.sub("eval", i)
        a = w.account("eval_harness", False, None)
        keys = [w.key() for _ in range(r.choice([1, 2, 4]))]
        ips = subnet_ips(r, r.choice(["aws", "gcp"]), 2)
        benches = r.sample(["mcq", "gsm", "code", "safety", "mt"], r.randint(1, 3))
        sizes = {b: r.choice([100, 200, 300, 500, 1000]) for b in benches}
        models = r.sample(["gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4.1-mini", "o4-mini"], 2)
        tz = r.choice(TZ_US + TZ_EU)
        # nightly CI run + ad-hoc runs; a run on the new model soon after release
        runs: list[tuple[float, str]] = []
        d0 = int((w.start + tz * HOUR) // DAY)
        for d in range(d0, d0 + int(w.days) + 1):
            if r.random() < 0.45:
                runs.append((d * DAY - tz * HOUR + r.uniform(1, 4) * HOUR, r.choice(models)))
            if r.random() < 0.3 and (d + 3) % 7 < 5:
                runs.append((d * DAY - tz * HOUR + r.uniform(10, 17) * HOUR, r.choice(models)))
        if r.random() < 0.7:
            runs.append((w.release + r.uniform(0.5, 8) * HOUR, NEW_MODEL))
        conc = r.choice([4, 8, 16, 32])
        for t0, model in runs:
            bench = r.choice(benches)
            size = min(sizes[bench], r.choice([sizes[bench], 150, 300]))
            use_lp = bench == "mcq" and model not in REASONING_MODELS and r.random() < 0.5
            t = t0
            for idx in range(size):
                p, kind, ans = eval_item(r, bench, idx)
                if use_lp:
                    extra = {"temperature": 0, "logprobs": True, "top_logprobs": 5}
                    cap = 1
                    want, text, short = 1, r.choice("ABCD"), True
                else:
                    extra = {"temperature": 0, "seed": 1234}
                    cap = 1024 if kind != "mcq" else 16
                    want = (
                        max(1, int(ans * r.uniform(0.5, 1.8))) if kind != "mcq" else r.randint(1, 3)
                    )
                    text, short = (r.choice("ABCD"), True) if kind == "mcq" else (None, False)
                rt = effort_tokens(r, "low") if model in REASONING_MODELS else 0
                chat_call(
                    w,
                    r,
                    t,
                    a,
                    r.choice(keys),
                    r.choice(ips),
                    model,
                    [{"role": "user", "content": p}],
                    kind,
                    want,
                    cap=cap if model not in REASONING_MODELS else max(cap, 4096),
                    extra=extra,
                    text=text,
                    short=short,
                    rtoks=rt,
                    err=0.01,
                )
                t += r.expovariate(conc / (2.5 + 0.02 * want))


def b_logprob_research(w: World, n: int) -> None:
    """Academic groups studying calibration / classification with logprobs and logit_bias."""
    label_sets = [
        ({"9642": 100, "2822": 100}, ["Yes", "No"]),
        ({"32": 100, "33": 100, "34": 100, "35": 100}, ["A", "B", "C", "D"]),
        ({"16": 100, "17": 100, "18": 100, "19": 100, "20": 100}, ["1", "2", "3", "4", "5"]),
        ({"31587": 100, "37979": 100, "60925": 100}, ["positive", "negative", "neutral"]),
    ]
    for i in range(n):
        r = w.sub("lpr", i)
        a = w.account("logprob_researcher", False, None)
        key = w.key()
        ip = r.choice(
            [
                resi_ip(r),
                f"128.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"171.64.{r.randint(0, 255)}.{r.randint(1, 254)}",
            ]
        )
        tz = r.choice(TZ_US + TZ_EU)
        model = r.choice(["gpt-4.1", "gpt-4.1-mini", "gpt-4o-mini"])
        bias, labels = r.choice(label_sets)
        use_bias = r.random() < 0.6
        sessions = human_times(
            r, w, tz, r.uniform(1, 3), "office", weekend=0.3, sess_mean=1.2, gap=3600
        )
        for t0 in sessions:
            t = t0
            for _ in range(lognorm_int(r, 60, 0.7, 10, 400)):
                item = r.choice([review_text(r), science_q(r), math_problem(r), doc_text(r, 1)])
                p = f"{item}\n\nAnswer with one of: {', '.join(labels)}."
                extra: dict = {
                    "temperature": 0,
                    "logprobs": True,
                    "top_logprobs": r.choice([5, 10, 20]),
                }
                if use_bias:
                    extra["logit_bias"] = bias
                if r.random() < 0.2:
                    chat_call(
                        w,
                        r,
                        t,
                        a,
                        key,
                        ip,
                        model,
                        [{"role": "user", "content": p}],
                        "explain",
                        r.randint(1, 4),
                        cap=r.choice([1, 5]),
                        extra=extra,
                        text=r.choice(labels),
                        short=True,
                    )
                else:
                    chat_call(
                        w,
                        r,
                        t,
                        a,
                        key,
                        ip,
                        model,
                        [{"role": "user", "content": p}],
                        "explain",
                        1,
                        cap=1,
                        extra=extra,
                        text=r.choice(labels),
                        short=True,
                    )
                t += r.lognormvariate(math.log(1.6), 0.5)


def b_synthetic_vendor(w: World, n: int) -> None:
    """Contracted synthetic-data teams generating domain data for their own products."""
    domains = [
        "insurance claims",
        "banking customer chats",
        "medical intake forms (fictional)",
        "retail product Q&A",
        "HR policy questions",
        "IT helpdesk tickets",
        "legal intake emails",
    ]
    for i in range(n):
        r = w.sub("syn", i)
        a = w.account("synthetic_data_contract", False, None)
        keys = [w.key() for _ in range(r.randint(2, 8))]
        ips = subnet_ips(r, r.choice(["aws", "azure", "gcp"]), r.randint(2, 4))
        dom = r.sample(domains, 2)
        model = r.choice(["gpt-4.1", "gpt-5-mini", "gpt-4.1-mini"])
        tz = r.choice(TZ_US + TZ_EU)
        jobs = human_times(r, w, tz, r.uniform(1.2, 3), "office", weekend=0.2, sess_mean=1, gap=600)
        for t0 in jobs:
            t = t0
            for _ in range(lognorm_int(r, 260, 0.5, 40, 1200)):
                d = r.choice(dom)
                p = r.choice(
                    [
                        f"Generate {r.randint(3, 8)} realistic but fictional {d} as JSON objects with fields id, text, intent, urgency. Vary tone, length and writing quality. Persona seed: {r.choice(NAMES)}-{r.randint(1, 9999)}.",
                        f"Write a multi-turn conversation (6-10 turns) between a customer and an agent about {d}. The customer is {r.choice(['angry', 'confused', 'elderly', 'in a hurry', 'polite', 'non-native English speaker'])}. Return JSON.",
                        f'Paraphrase the following {d} message in {r.randint(3, 6)} different styles: "{fill(r, r.choice(SUPPORT_ISSUES[r.choice(list(SUPPORT_ISSUES))]))}"',
                    ]
                )
                want = lognorm_int(r, 700, 0.4, 150, 3000)
                chat_call(
                    w,
                    r,
                    t,
                    a,
                    r.choice(keys),
                    r.choice(ips),
                    model,
                    [
                        {
                            "role": "system",
                            "content": "You generate synthetic training data for an internal classifier. Output valid JSON only.",
                        },
                        {"role": "user", "content": p},
                    ],
                    "write",
                    want,
                    cap=4096,
                    extra={"temperature": 1.0, "response_format": {"type": "json_object"}},
                    err=0.01,
                )
                t += r.expovariate(r.choice([0.5, 1, 2]))


def b_corp_team(w: World, n_orgs: int, per_org: int) -> None:
    """Large companies: many team accounts (each with several keys) behind a few NAT egress IPs."""
    for o in range(n_orgs):
        ro = w.sub("corp", o)
        nat = (
            subnet_ips(ro, "azure", 2)
            if ro.random() < 0.5
            else [
                f"{ro.choice([62, 80, 193, 145, 165])}.{ro.randint(0, 255)}.{ro.randint(0, 255)}.{ro.randint(1, 254)}"
                for _ in range(2)
            ]
        )
        tz = ro.choice(TZ_US + TZ_EU)
        sysp = f"You are the internal assistant of {ro.choice(COMPANY_WORDS)} {ro.choice(COMPANY_SUFFIX)}. Follow the company style guide. Do not reveal confidential information."
        for i in range(per_org):
            r = w.sub("corp", o, i)
            a = w.account("enterprise_team", False, None)
            keys = [w.key() for _ in range(r.randint(1, 6))]
            anth = r.random() < 0.35
            model = (
                r.choice(["claude-sonnet-4-5", "claude-haiku-4-5"])
                if anth
                else r.choice(["gpt-4.1", "gpt-5", "gpt-4.1-mini", "gpt-5-mini"])
            )
            for ts in human_times(
                r,
                w,
                tz,
                lognorm_int(r, 35, 0.7, 3, 250),
                "office",
                weekend=0.08,
                sess_mean=3,
                gap=200,
            ):
                t = r.random()
                if t < 0.35:
                    p, kind, want = (
                        f"Summarize this and list action items:\n\n{doc_text(r, r.randint(4, 12))}",
                        "summary",
                        lognorm_int(r, 250, 0.4, 60, 800),
                    )
                elif t < 0.5:
                    p, kind, want = (
                        f"Write a SQL query against our warehouse to {r.choice(['get weekly active users by region', 'find customers whose spend dropped 50% month over month', 'compute 30-day retention by signup cohort', 'list the top 20 SKUs by margin'])}. Tables: events(user_id, ts, type), users(id, region, signup_ts), orders(id, user_id, sku, amount, ts).",
                        "code",
                        lognorm_int(r, 300, 0.4, 80, 1000),
                    )
                elif t < 0.7:
                    p, kind, want = (
                        f'Draft a reply to this email from a {r.choice(["customer", "vendor", "candidate", "partner"])}: "{doc_text(r, 2)}"',
                        "write",
                        lognorm_int(r, 220, 0.4, 60, 700),
                    )
                elif t < 0.85:
                    p, kind = hobby_prompt(r)
                    want = lognorm_int(r, 350, 0.5, 40, 1500)
                else:
                    p, kind, want = (
                        f"Classify the following support ticket into one of [billing, bug, feature_request, account, other] and give a one-line reason:\n{fill(r, r.choice(SUPPORT_ISSUES['saas']))}",
                        "explain",
                        lognorm_int(r, 25, 0.4, 5, 80),
                    )
                ip = r.choice(nat)
                if anth:
                    messages_call(
                        w,
                        r,
                        ts,
                        a,
                        r.choice(keys),
                        ip,
                        model,
                        sysp,
                        [("user", p)],
                        kind,
                        want,
                        cap=2048,
                    )
                else:
                    m = w.model_after(r, ts, model, 0.1, 24)
                    chat_call(
                        w,
                        r,
                        ts,
                        a,
                        r.choice(keys),
                        ip,
                        m,
                        [{"role": "system", "content": sysp}, {"role": "user", "content": p}],
                        kind,
                        want,
                        cap=r.choice([1024, 2048, None]),
                        rtoks=effort_tokens(r, "low") if m in REASONING_MODELS else 0,
                    )


def b_students(w: World, n: int) -> None:
    """University students sharing campus NAT and copying the same homework questions."""
    campuses = []
    for c in range(3):
        rc = w.sub("campus", c)
        campuses.append(
            (
                [
                    f"{rc.choice([128, 129, 130, 131, 141, 155, 169])}.{rc.randint(0, 255)}.{rc.randint(0, 255)}.{rc.randint(1, 254)}"
                    for _ in range(3)
                ],
                rc.choice([-5, -6, -8, 1, 0]),
            )
        )
    course_sets = [HOMEWORK[i::4] for i in range(4)]
    for i in range(n):
        r = w.sub("stu", i)
        a = w.account("student", False, None)
        key = w.key()
        nat, tz = r.choice(campuses)
        home = resi_ip(r)
        qs = r.choice(course_sets) + r.sample(HOMEWORK, 3)
        model = r.choice(["gpt-4o-mini", "gpt-4.1-mini", "gpt-5-mini"])
        for ts in human_times(
            r, w, tz, lognorm_int(r, 6, 0.8, 1, 40), "student", weekend=1.3, sess_mean=4, gap=150
        ):
            q = r.choice(qs)
            p = r.choice(HW_PREFIX) + q + r.choice(HW_SUFFIX)
            ip = r.choice(nat) if r.random() < 0.55 else home
            kind = (
                "math"
                if any(x in q for x in ("Solve", "Find", "Integrate", "Calculate", "How many"))
                else "explain"
            )
            chat_call(
                w,
                r,
                ts,
                a,
                key,
                ip,
                model,
                [{"role": "user", "content": p}],
                kind,
                lognorm_int(r, 420, 0.5, 60, 1500),
                cap=None,
                extra={"stream": True} if r.random() < 0.5 else None,
            )


def b_reseller(w: World, n: int) -> None:
    """API resellers / aggregators: one account, a key per downstream customer, global traffic."""
    for i in range(n):
        r = w.sub("resell", i)
        a = w.account("reseller_aggregator", False, None)
        keys = [w.key() for _ in range(r.randint(25, 80))]
        kw = [r.paretovariate(1.2) for _ in keys]
        ips = subnet_ips(r, r.choice(["hetzner", "ovh", "aws"]), r.randint(3, 8))
        per_day = lognorm_int(r, 700, 0.4, 200, 2500)
        times = diurnal_times(
            r, w.start, w.end, per_day, r.choice([-5, 1, 8]), "consumer", weekend=0.9
        )
        for ts in times:
            k = r.choices(keys, weights=kw)[0]
            t = r.random()
            if t < 0.55:
                p, kind = hobby_prompt(r)
                msgs = [{"role": "user", "content": p}]
            elif t < 0.7:
                lang = r.choice(list(NATIVE_CHAT))
                p, kind = native_prompt(r, lang), "explain"
                msgs = [{"role": "user", "content": p}]
            elif t < 0.85:
                p, kind = (
                    f"Continue the roleplay. {r.choice(NAMES)} walks into the tavern and {r.choice(['orders a drink', 'draws a sword', 'asks about the missing caravan', 'sits by the fire'])}.",
                    "write",
                )
                msgs = [
                    {
                        "role": "system",
                        "content": "You are a creative storyteller for an interactive fiction app.",
                    },
                    {"role": "user", "content": p},
                ]
            else:
                p, kind = math_problem(r), "math"
                msgs = [{"role": "user", "content": p}]
            model = w.model_after(
                r,
                ts,
                r.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-5", "gpt-4.1", "o4-mini"]),
                0.15,
                2,
            )
            chat_call(
                w,
                r,
                ts,
                a,
                k,
                r.choice(ips),
                model,
                msgs,
                kind,
                lognorm_int(r, 330, 0.6, 20, 3000),
                cap=r.choice([None, 1024, 4096]),
                extra={"stream": True, "temperature": r.choice([0.7, 0.8, 1.0])},
                rtoks=effort_tokens(r, "medium")
                if model in REASONING_MODELS and model != "gpt-4.1"
                else 0,
                err=0.008,
            )


def b_embeddings(w: World, n: int) -> None:
    """RAG indexing pipelines hitting /v1/embeddings in batches."""
    for i in range(n):
        r = w.sub("emb", i)
        a = w.account("rag_indexer", False, None)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "gcp", "azure", "do"]))
        model = r.choice(
            ["text-embedding-3-small", "text-embedding-3-small", "text-embedding-3-large"]
        )
        bs = r.choice([1, 4, 8, 16])
        tz = r.choice(TZ_US + TZ_EU + TZ_ASIA)
        times = diurnal_times(
            r, w.start, w.end, lognorm_int(r, 60, 0.8, 10, 400), tz, "office", 0.4
        )
        for _ in range(r.randint(0, 2)):
            t0 = r.uniform(w.start, w.end)
            times += [t0 + j * r.uniform(0.3, 1.0) for j in range(r.randint(50, 300))]
        times.sort()
        for ts in times:
            if bs == 1:
                inp: str | list[str] = r.choice(
                    [hobby_prompt(r)[0], science_q(r), doc_text(r, 1), review_text(r)]
                )
                pt = ntok(inp)
            else:
                inp = [doc_text(r, r.randint(1, 3)) for _ in range(bs)]
                pt = sum(ntok(x) for x in inp)
            req = {"model": model, "input": inp}
            if r.random() < 0.3:
                req["encoding_format"] = "base64"
            w.emit(
                ts,
                a,
                key,
                ip,
                "/v1/embeddings",
                req,
                {
                    "status": 200,
                    "text": "",
                    "reasoning": None,
                    "usage": {"prompt_tokens": pt, "completion_tokens": 0, "total_tokens": pt},
                    "finish_reason": "stop",
                },
            )


def b_localization(w: World, n: int) -> None:
    """Localization vendors translating UI strings into many languages."""
    for i in range(n):
        r = w.sub("l10n", i)
        a = w.account("localization_service", False, None)
        keys = [w.key() for _ in range(r.randint(1, 3))]
        ips = subnet_ips(r, r.choice(["aws", "hetzner"]), 2)
        tz = r.choice(TZ_EU + TZ_ASIA)
        model = r.choice(["gpt-4.1", "gpt-4.1-mini", "gpt-5-mini"])
        locales = r.sample(LOCALES, r.randint(8, 20))
        jobs = human_times(r, w, tz, r.uniform(1, 3), "office", weekend=0.1, sess_mean=1, gap=600)
        for t0 in jobs:
            batch = r.sample(UI_STRINGS, r.randint(3, 12))
            t = t0
            for loc in locales:
                p = (
                    f"Translate the following UI strings from English to {loc}. Keep placeholders like {{name}} unchanged and preserve punctuation. Return a JSON object mapping each source string to its translation.\n\n"
                    + json.dumps(batch, ensure_ascii=False)
                )
                want = int(ntok(json.dumps(batch)) * r.uniform(2.0, 3.2))
                chat_call(
                    w,
                    r,
                    t,
                    a,
                    r.choice(keys),
                    r.choice(ips),
                    model,
                    [
                        {"role": "system", "content": "You are a professional software localizer."},
                        {"role": "user", "content": p},
                    ],
                    "write",
                    want,
                    cap=4096,
                    extra={"temperature": 0.2, "response_format": {"type": "json_object"}},
                    text='{"' + batch[0] + '": "',
                )
                t += r.expovariate(1 / 2.5)


def b_classifier(w: World, n: int) -> None:
    """Moderation / tagging pipelines: very short outputs, steady machine traffic."""
    tasks = [
        (
            "Classify the sentiment of this review as positive, negative or neutral. Reply with one word.\n\nReview: {x}",
            ["positive", "negative", "neutral"],
        ),
        (
            "Is the following user message toxic? Answer yes or no.\n\nMessage: {x}",
            ["no", "no", "no", "yes"],
        ),
        (
            "Assign a topic to this support ticket from [billing, shipping, technical, account, other]. Output only the label.\n\nTicket: {x}",
            ["billing", "shipping", "technical", "account", "other"],
        ),
        (
            "Extract the product and the issue as JSON with keys product and issue.\n\nText: {x}",
            [
                '{"product": "headphones", "issue": "stopped working"}',
                '{"product": "app", "issue": "login"}',
            ],
        ),
    ]
    for i in range(n):
        r = w.sub("cls", i)
        a = w.account("classification_pipeline", False, None)
        key = w.key()
        ips = subnet_ips(r, r.choice(["aws", "gcp"]), r.randint(1, 3))
        tmpl, labels = r.choice(tasks)
        model = r.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini", "gpt-4.1-nano"])
        tz = r.choice(TZ_ALL)
        per_day = lognorm_int(r, 160, 0.6, 40, 900)
        for ts in diurnal_times(r, w.start, w.end, per_day, tz, "consumer", 0.8):
            x = (
                review_text(r)
                if r.random() < 0.6
                else fill(r, r.choice(SUPPORT_ISSUES[r.choice(list(SUPPORT_ISSUES))]))
            )
            lab = r.choice(labels)
            chat_call(
                w,
                r,
                ts,
                a,
                key,
                r.choice(ips),
                model,
                [{"role": "user", "content": tmpl.format(x=x)}],
                "explain",
                ntok(lab),
                cap=r.choice([5, 10, 50]),
                extra={"temperature": 0},
                text=lab,
                short=True,
                err=0.003,
                rtoks=effort_tokens(r, "minimal") if model in REASONING_MODELS else 0,
            )


def b_tutoring(w: World, n: int) -> None:
    """Ed-tech products asking for step-by-step explanations on behalf of students."""
    for i in range(n):
        r = w.sub("tutor", i)
        a = w.account("edtech_tutor", False, None)
        keys = [w.key() for _ in range(r.randint(1, 4))]
        ips = subnet_ips(r, r.choice(["aws", "gcp"]), r.randint(2, 5))
        tz = r.choice([-5, -6, -8, 5.5, 1, -3])
        model = r.choice(["gpt-4.1", "gpt-5-mini", "gpt-5"])
        grade = r.choice(["middle school", "high school", "first-year university"])
        sysp = f"You are a patient {grade} tutor. Explain step by step, check the student's understanding, and never just give the final answer without explanation. Use simple language."
        per_day = lognorm_int(r, 260, 0.5, 60, 900)
        for ts in diurnal_times(r, w.start, w.end, per_day, tz, "student", 1.1):
            t = r.random()
            p = math_problem(r) if t < 0.55 else (r.choice(HOMEWORK) if t < 0.75 else science_q(r))
            msgs = [{"role": "system", "content": sysp}, {"role": "user", "content": p}]
            if r.random() < 0.3:
                msgs += [
                    {"role": "assistant", "content": cut(reply_text(r, "math", p)) or ""},
                    {
                        "role": "user",
                        "content": r.choice(
                            [
                                "I don't get step 2",
                                "why do we divide there?",
                                "can you check my answer: " + str(r.randint(2, 500)),
                                "ok what's next",
                            ]
                        ),
                    },
                ]
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                msgs,
                "math",
                lognorm_int(r, 480, 0.45, 80, 2000),
                cap=1500,
                extra={"temperature": 0.4, "user": "student_" + hexid(r, 6)},
                rtoks=effort_tokens(r, "low") if model in REASONING_MODELS else 0,
            )


def b_smoke(w: World, n: int) -> None:
    """Uptime monitors and CI smoke tests: tiny requests on a fixed period."""
    for i in range(n):
        r = w.sub("smoke", i)
        a = w.account("uptime_monitor", False, None)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "gcp", "do", "hetzner"]))
        period = r.choice([300, 600, 900, 1800])
        models = r.sample(
            ["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini", "claude-haiku-4-5"], r.randint(1, 2)
        )
        t = w.start + r.uniform(0, period)
        while t < w.end:
            for m in models:
                ts = t + r.uniform(0, 2)
                if m.startswith("claude"):
                    messages_call(
                        w,
                        r,
                        ts,
                        a,
                        key,
                        ip,
                        m,
                        None,
                        [("user", "Reply with the single word: pong")],
                        "explain",
                        2,
                        cap=5,
                        text="pong",
                        short=True,
                        err=0.01,
                    )
                else:
                    chat_call(
                        w,
                        r,
                        ts,
                        a,
                        key,
                        ip,
                        m,
                        [{"role": "user", "content": "Say 'ok'."}],
                        "explain",
                        1,
                        cap=5,
                        extra={"temperature": 0},
                        text="ok",
                        short=True,
                        err=0.01,
                        rtoks=effort_tokens(r, "minimal") if m in REASONING_MODELS else 0,
                    )
            t += period + r.uniform(-3, 3)


def b_news_digest(w: World, n: int) -> None:
    """Media-monitoring pipelines summarising articles in hourly batches."""
    for i in range(n):
        r = w.sub("news", i)
        a = w.account("news_digest_pipeline", False, None)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "azure", "ovh"]))
        model = r.choice(["gpt-4.1-mini", "gpt-5-mini", "claude-haiku-4-5"])
        lang = r.choice(["English", "English", "German", "Spanish", "French", "Japanese"])
        minute = r.randint(0, 59)
        t = w.start + minute * 60
        while t < w.end:
            for j in range(poisson(r, r.uniform(3, 12))):
                ts = t + j * r.uniform(2, 6)
                p = f"Summarize this article in 3 bullet points in {lang}, then give a one-line headline.\n\n{doc_text(r, r.randint(6, 14))}"
                want = lognorm_int(r, 140, 0.3, 50, 400)
                if model.startswith("claude"):
                    messages_call(
                        w,
                        r,
                        ts,
                        a,
                        key,
                        ip,
                        model,
                        "You write neutral news digests.",
                        [("user", p)],
                        "summary",
                        want,
                        cap=600,
                    )
                else:
                    chat_call(
                        w,
                        r,
                        ts,
                        a,
                        key,
                        ip,
                        model,
                        [{"role": "user", "content": p}],
                        "summary",
                        want,
                        cap=600,
                        extra={"temperature": 0.3},
                        rtoks=effort_tokens(r, "minimal") if model in REASONING_MODELS else 0,
                    )
            t += HOUR


def b_consumer_app(w: World, n: int) -> None:
    """Consumer apps (fitness coach, recipes, language tutor...) proxying end users."""
    apps = [
        (
            "a friendly fitness coach",
            lambda r: (
                f"I'm {r.randint(18, 65)}, {r.choice(['beginner', 'intermediate'])}, want to {r.choice(['lose weight', 'build muscle', 'run a 10k', 'fix my posture'])}. I have {r.randint(2, 5)} days a week. plan?"
            ),
        ),
        (
            "a recipe assistant",
            lambda r: (
                hobby_prompt(r)[0]
                if r.random() < 0.3
                else f"vegetarian version of {r.choice(['lasagna', 'pad thai', 'chili', 'shepherds pie', 'biryani'])}?"
            ),
        ),
        (
            "a Spanish tutor for English speakers",
            lambda r: (
                f"how do I say '{r.choice(['I would have gone if I had known', 'where is the train station', 'I have been living here for two years', 'could you recommend a restaurant'])}' in Spanish and why"
            ),
        ),
        (
            "a journaling companion",
            lambda r: (
                f"today was {r.choice(['rough', 'good', 'weird', 'exhausting'])}. {r.choice(['work was stressful', 'I argued with my sister', 'I finally finished my project', 'I could not sleep'])}. help me reflect"
            ),
        ),
        (
            "a travel planner",
            lambda r: (
                f"plan a {r.randint(2, 7)}-day trip to {r.choice(CITIES)} for {r.choice(['a couple', 'a family with kids', 'a solo traveler'])}"
            ),
        ),
        (
            "a dating profile writer",
            lambda r: f"write me a bio. I like {', '.join(r.sample(TOPICS, 3))}",
        ),
    ]
    for i in range(n):
        r = w.sub("capp", i)
        a = w.account("consumer_app_backend", False, None)
        keys = [w.key() for _ in range(r.randint(1, 3))]
        ips = subnet_ips(r, r.choice(["aws", "gcp", "do", "vultr"]), r.randint(1, 4))
        role, gen = r.choice(apps)
        tz = r.choice(TZ_ALL)
        model = r.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini"])
        sysp = (
            f"You are {role} inside a mobile app. Keep answers under 200 words, warm and practical."
        )
        for ts in diurnal_times(
            r, w.start, w.end, lognorm_int(r, 90, 0.8, 10, 700), tz, "consumer", 1.2
        ):
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                [{"role": "system", "content": sysp}, {"role": "user", "content": gen(r)}],
                "list",
                lognorm_int(r, 230, 0.4, 40, 600),
                cap=400,
                extra={"temperature": 0.8, "stream": True},
                rtoks=effort_tokens(r, "minimal") if model in REASONING_MODELS else 0,
            )


def b_llm_judge(w: World, n: int) -> None:
    """Product teams using LLM-as-a-judge over their own chatbot transcripts."""
    for i in range(n):
        r = w.sub("judge", i)
        a = w.account("product_eval_judge", False, None)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "gcp"]))
        crit = r.sample(RUBRIC_CRITERIA, 3)
        industry = r.choice(list(SUPPORT_ISSUES))
        model = r.choice(["gpt-4.1", "gpt-5-mini", "claude-sonnet-4-5"])
        tz = r.choice(TZ_US + TZ_EU)
        jobs = human_times(r, w, tz, r.uniform(0.8, 2), "office", weekend=0.1, sess_mean=1, gap=600)
        for t0 in jobs:
            t = t0
            for _ in range(lognorm_int(r, 150, 0.5, 30, 600)):
                q = fill(r, r.choice(SUPPORT_ISSUES[industry]))
                ans = cut(reply_text(r, "support", q))
                p = f'Rate the assistant reply on {", ".join(crit)} from 1 to 5. Output JSON: {{"scores": {{...}}, "reason": "<one sentence>"}}.\n\nCustomer: {q}\nAssistant: {ans}'
                out = json.dumps(
                    {
                        "scores": {c: r.randint(2, 5) for c in crit},
                        "reason": "Polite and mostly accurate, but does not confirm the account details.",
                    }
                )
                if model.startswith("claude"):
                    messages_call(
                        w,
                        r,
                        t,
                        a,
                        key,
                        ip,
                        model,
                        "You are a strict QA reviewer.",
                        [("user", p)],
                        "rubric",
                        ntok(out),
                        cap=300,
                        text=out,
                        short=True,
                        extra={"temperature": 0},
                    )
                else:
                    chat_call(
                        w,
                        r,
                        t,
                        a,
                        key,
                        ip,
                        model,
                        [{"role": "user", "content": p}],
                        "rubric",
                        ntok(out),
                        cap=300,
                        extra={"temperature": 0, "response_format": {"type": "json_object"}},
                        text=out,
                        short=True,
                        rtoks=effort_tokens(r, "low") if model in REASONING_MODELS else 0,
                    )
                t += r.expovariate(1 / 1.5)


def b_research_agent(w: World, n: int) -> None:
    """Deep-research style agents: web search tools, long final reports, a few per day."""
    tools = [
        {
            "type": "function",
            "name": "web_search",
            "description": "Search the web",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
            },
        },
        {
            "type": "function",
            "name": "fetch_url",
            "description": "Fetch a web page",
            "parameters": {
                "type": "object",
                "properties": {"url": {"type": "string"}},
                "required": ["url"],
            },
        },
    ]
    for i in range(n):
        r = w.sub("ragent", i)
        a = w.account("research_agent_app", False, None)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "gcp", "azure"]))
        tz = r.choice(TZ_US + TZ_EU)
        for t0 in human_times(
            r, w, tz, lognorm_int(r, 6, 0.6, 1, 30), "office", weekend=0.4, sess_mean=1, gap=100
        ):
            q = r.choice(
                [
                    f"Market overview of {r.choice(TOPICS)} with sources",
                    f"Compare vendors for {r.choice(COMPONENTS)}",
                    f"Latest research on {r.choice(SCIENCE)}",
                ]
            )
            t = t0
            steps = r.randint(3, 12)
            for s in range(steps):
                final = s == steps - 1
                m = w.model_after(r, t, "gpt-5", 0.4, 4)
                responses_call(
                    w,
                    r,
                    t,
                    a,
                    key,
                    ip,
                    m,
                    "You are a research assistant. Cite sources.",
                    q if s == 0 else f"{q}\n\n[tool results {s}]: {doc_text(r, 4)}",
                    "explain" if final else "agent",
                    lognorm_int(r, 1800 if final else 80, 0.5, 20, 8000),
                    cap=None,
                    effort="medium",
                    extra={"tools": tools},
                )
                t += r.lognormvariate(math.log(20), 0.5)


# ---------------------------------------------------------------------------------------------
# harvesting campaigns
# ---------------------------------------------------------------------------------------------


def cot_prompt(r: random.Random, focus: dict[str, float]) -> tuple[str, str]:
    k = r.choices(list(focus), weights=list(focus.values()))[0]
    if k == "math":
        p, kind = math_problem(r), "math"
    elif k == "hard":
        p, kind = hard_math(r), "math"
    elif k == "code":
        p, kind = code_task(r)[0], "code"
    else:
        p, kind = science_q(r), "explain"
    lead = r.choice(["", "", "", "Problem: ", "Question: ", "Task: ", "Solve the following. "])
    return f"{lead}{p}\n\n{r.choice(COT_SUFFIX)}" if r.random() < 0.85 else f"{lead}{p}", kind


def h_hydra_reasoning(w: World, n: int) -> None:
    """Large farm of accounts behind a rotating residential proxy pool; load balanced round-robin;
    reasoning-heavy prompts; pivots to the new model within hours of its release."""
    camp = w.campaign()
    cr = w.sub("hydraA")
    proxies = [resi_ip(cr) for _ in range(450)]
    accts = []
    for i in range(n):
        r = w.sub("hydraA", i)
        a = w.account("proxy_reasoning_farm", True, camp)
        accts.append((a, [w.key() for _ in range(r.choice([1, 1, 2]))]))
    per_acct = cr.uniform(22, 34)
    times = poisson_times(cr, w.start, w.end, per_acct * n)
    pivot = w.release + cr.uniform(1.0, 3.5) * HOUR
    order: list[int] = []
    sysps = [
        None,
        None,
        "You are a helpful assistant that always reasons step by step.",
        "You are a world-class mathematician and programmer.",
    ]
    for ts in times:
        if not order:
            order = list(range(n))
            cr.shuffle(order)
        a, keys = accts[order.pop()]
        p, kind = cot_prompt(cr, {"math": 0.35, "hard": 0.15, "code": 0.35, "sci": 0.15})
        model = (
            NEW_MODEL if ts >= pivot and cr.random() < 0.92 else cr.choice(["o3", "gpt-5", "gpt-5"])
        )
        ip = cr.choice(proxies)
        want = lognorm_int(cr, 1400, 0.5, 300, 8000)
        effort = cr.choice(["high", "high", "medium"])
        if cr.random() < 0.3:
            responses_call(
                w,
                cr,
                ts,
                a,
                cr.choice(keys),
                ip,
                model,
                None,
                p,
                kind,
                want,
                cap=32000,
                effort=effort,
                summary=True,
                err=0.01,
            )
        else:
            sp = cr.choice(sysps)
            msgs = ([{"role": "system", "content": sp}] if sp else []) + [
                {"role": "user", "content": p}
            ]
            chat_call(
                w,
                cr,
                ts,
                a,
                cr.choice(keys),
                ip,
                model,
                msgs,
                kind,
                want,
                cap=cr.choice([16000, 32000]),
                extra={"reasoning_effort": effort, "temperature": 1},
                rtoks=effort_tokens(cr, effort),
                err=0.01,
            )


def h_hydra_mixed(w: World, n: int) -> None:
    """Proxy / reseller front whose accounts mix genuine end-user traffic with harvesting."""
    camp = w.campaign()
    cr = w.sub("hydraB")
    pool = subnet_ips(cr, "hetzner", 10) + subnet_ips(cr, "ovh", 6)
    for i in range(n):
        r = w.sub("hydraB", i)
        a = w.account("mixed_proxy_reseller", True, camp)
        keys = [w.key() for _ in range(r.randint(2, 12))]
        ips = r.sample(pool, r.randint(2, 4))
        genuine = lognorm_int(r, 70, 0.5, 15, 300)
        harvest = genuine * r.uniform(0.3, 0.8)
        for ts in diurnal_times(r, w.start, w.end, genuine, r.choice([8, 1, -5]), "consumer", 0.9):
            p, kind = (
                hobby_prompt(r)
                if r.random() < 0.8
                else (native_prompt(r, r.choice(list(NATIVE_CHAT))), "explain")
            )
            model = r.choice(["gpt-4.1-mini", "gpt-4o-mini", "gpt-5-mini", "gpt-4.1"])
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                [{"role": "user", "content": p}],
                kind,
                lognorm_int(r, 300, 0.6, 20, 2500),
                cap=r.choice([None, 2048]),
                extra={"stream": True, "temperature": 0.7},
                rtoks=effort_tokens(r, "low") if model in REASONING_MODELS else 0,
            )
        for ts in poisson_times(r, w.start, w.end, harvest):
            t = r.random()
            if t < 0.35:
                q = science_q(r) if r.random() < 0.5 else math_problem(r)
                cand = cut(reply_text(r, "math" if "Solve" in q else "explain", q))
                p = f"You are grading a model response.\n\nQuestion: {q}\n\nResponse: {cand}\n\nGrade the response against this rubric: {'; '.join(r.sample(RUBRIC_CRITERIA, 4))}. For each criterion give a score from 1-10 with a detailed justification, then write an improved reference answer."
                kind, want = "rubric", lognorm_int(r, 1200, 0.4, 300, 4000)
            elif t < 0.65:
                p = f"Write a comprehensive, textbook-quality explanation of {r.choice(SCIENCE)}, including intuition, formal definitions, derivations, worked examples and common misconceptions."
                kind, want = "explain", lognorm_int(r, 2200, 0.4, 600, 6000)
            else:
                p, kind = cot_prompt(r, {"math": 0.5, "code": 0.5})
                want = lognorm_int(r, 1500, 0.4, 300, 6000)
            model = w.model_after(r, ts, r.choice(["gpt-5", "o3"]), 0.85, r.uniform(2, 10))
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(ips),
                model,
                [{"role": "user", "content": p}],
                kind,
                want,
                cap=r.choice([None, 16000]),
                extra={"stream": True, "reasoning_effort": "high"},
                rtoks=effort_tokens(r, "high"),
            )


SWEEP_TEMPLATES = [
    "You are an expert {domain} professor. Solve the following problem. Think step by step, explain each step in detail, and give the final answer at the end in the form 'Final answer: ...'.\n\nProblem {idx}: {problem}",
    "### Instruction\nAnswer the following {domain} question with a detailed step-by-step explanation.\n\n### Question\n{problem}\n\n### Response\n",
]


def h_template_sweeper(w: World, n: int) -> None:
    """Unsubtle scripted harvest: one datacenter subnet, constant rate, fixed templates."""
    camp = w.campaign()
    cr = w.sub("sweep")
    ips = subnet_ips(cr, cr.choice(["alibaba", "tencent", "vultr"]), 4)
    tmpl = cr.choice(SWEEP_TEMPLATES)
    model = cr.choice(["gpt-4.1", "o4-mini", "gpt-5"])
    domains = [
        "calculus",
        "algorithms",
        "physics",
        "organic chemistry",
        "probability",
        "macroeconomics",
        "linear algebra",
        "computer networks",
    ]
    for i in range(n):
        r = w.sub("sweep", i)
        a = w.account("scripted_template_sweep", True, camp)
        key = w.key()
        ip = ips[i % len(ips)]
        dom = domains[i % len(domains)]
        period = DAY / r.uniform(380, 620)
        t = w.start + r.uniform(0, period)
        idx = r.randint(1000, 40000)
        while t < w.end:
            idx += 1
            prob = (
                math_problem(r)
                if dom not in ("algorithms", "computer networks")
                else code_task(r)[0]
            )
            dname = dom
            if dom in ("physics", "organic chemistry", "macroeconomics"):
                prob, dname = science_q(r), "science"
            p = tmpl.format(domain=dname, idx=idx, problem=prob)
            rt = effort_tokens(r, "medium") if model in REASONING_MODELS else 0
            chat_call(
                w,
                r,
                t,
                a,
                key,
                ip,
                model,
                [{"role": "user", "content": p}],
                "math",
                lognorm_int(r, 1100, 0.4, 300, 4096),
                cap=4096,
                extra={"temperature": 0.7, "top_p": 0.95},
                rtoks=rt,
                err=0.05,
            )
            t += period * r.uniform(0.85, 1.15)


def h_rubric_reward(w: World, n: int) -> None:
    """Reward-model data harvest on the Messages API: rubric grading and pairwise preference."""
    camp = w.campaign()
    cr = w.sub("rubric")
    vps = subnet_ips(cr, "tencent", 3) + subnet_ips(cr, "alibaba", 2)
    for i in range(n):
        r = w.sub("rubric", i)
        a = w.account("rubric_preference_harvest", True, camp)
        keys = [w.key() for _ in range(r.choice([1, 2]))]
        home = resi_ip(r)
        model = r.choice(["claude-opus-4-1", "claude-sonnet-4-5", "claude-sonnet-4-5"])
        for ts in human_times(
            r, w, 8, r.uniform(45, 75), "evening", weekend=0.8, sess_mean=8, gap=45, day_sigma=0.3
        ):
            q = cot_prompt(r, {"math": 0.3, "code": 0.4, "sci": 0.3})[0].split("\n\n")[0]
            if r.random() < 0.5:
                resp_a = cut(reply_text(r, "code" if "function" in q else "explain", q))
                p = (
                    f"<task>{q}</task>\n<response>{resp_a}</response>\n\nEvaluate the response using the rubric below. For every criterion, quote the relevant part of the response, explain the strengths and weaknesses in detail, assign a score from 1 to 10, and finally provide an ideal response.\n\nRubric:\n"
                    + "\n".join(f"- {c}" for c in r.sample(RUBRIC_CRITERIA, r.randint(3, 6)))
                )
            else:
                ra = cut(reply_text(r, "explain", q))
                rb = cut(reply_text(r, "math", q))
                p = f"Here is a user prompt and two candidate responses.\n\nPrompt: {q}\n\n[Response A]\n{ra}\n\n[Response B]\n{rb}\n\nWhich response is better? Reason carefully about correctness, helpfulness and style before deciding. End with 'Verdict: A' or 'Verdict: B'."
            ip = r.choice(vps) if r.random() < 0.7 else home
            messages_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                ip,
                model,
                "You are a meticulous expert evaluator.",
                [("user", p)],
                "rubric",
                lognorm_int(r, 1100, 0.4, 250, 4000),
                cap=r.choice([8192, 16000]),
                thinking=r.choice([8000, 12000, 16000]) if r.random() < 0.8 else 0,
                err=0.01,
            )


def h_multilingual(w: World, n: int) -> None:
    """Same seed prompts swept across many languages; one or two languages per account."""
    camp = w.campaign()
    cr = w.sub("mling")
    langs = list(ML_TEMPLATES)
    seeds = []
    for _ in range(180):
        t = cr.randrange(3)
        seeds.append(
            (t, cr.choice(SCIENCE), math_expr(cr), cr.choice(PLANGS[:9]), cr.choice(CODE_TASKS))
        )
    provider = cr.choice(["alibaba", "tencent"])
    assign = {j: [] for j in range(n)}
    for li, lang in enumerate(langs):
        assign[li % n].append(lang)
        if cr.random() < 0.3:
            assign[cr.randrange(n)].append(lang)
    model = cr.choice(["gpt-5", "o3"])
    for i in range(n):
        r = w.sub("mling", i)
        a = w.account("multilingual_sweep", True, camp)
        key = w.key()
        ip = cloud_ip(r, provider)
        my = assign[i] or [r.choice(langs)]
        jobs = [(s, lang) for lang in my for s in seeds]
        r.shuffle(jobs)
        rate = r.uniform(55, 85)
        times = poisson_times(r, w.start, w.end, rate)
        for ts, ((t, c, m, pl, task), lang) in zip(times, jobs, strict=False):
            p = ML_TEMPLATES[lang][t].format(c=c, m=m, p=pl, t=task)
            mm = w.model_after(r, ts, model, 0.5, 20)
            chat_call(
                w,
                r,
                ts,
                a,
                key,
                ip,
                mm,
                [{"role": "user", "content": p}],
                ["explain", "math", "code"][t],
                lognorm_int(r, 1300, 0.4, 300, 5000),
                cap=16000,
                extra={"reasoning_effort": "high"},
                rtoks=effort_tokens(r, "high"),
                err=0.01,
            )


def h_logit_probe(w: World, n: int) -> None:
    """Logit / weight extraction: max_tokens 1, top_logprobs, sweeping logit_bias over the vocab."""
    camp = w.campaign()
    cr = w.sub("logit")
    corpus = [doc_text(cr, 1) for _ in range(300)] + [review_text(cr) for _ in range(100)]
    vocab = 200000
    for i in range(n):
        r = w.sub("logit", i)
        a = w.account("logit_extraction", True, camp)
        key = w.key()
        ip = cloud_ip(r, r.choice(["aws", "do", "vultr", "hetzner"]))
        model = r.choice(["gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini"])
        cursor = i * (vocab // n)
        per_day = r.uniform(180, 320)
        sess = human_times(
            r, w, r.choice([1, 8, -5]), per_day / 30, "night_owl", weekend=1, sess_mean=1, gap=10
        )
        for t0 in sess:
            t = t0
            for _ in range(lognorm_int(r, 30, 0.4, 8, 120)):
                prefix = r.choice(corpus)
                words = prefix.split()
                prefix = " ".join(words[: r.randint(3, max(4, len(words) - 1))])
                if r.random() < 0.1:
                    p, kind = hobby_prompt(r)
                    chat_call(
                        w,
                        r,
                        t,
                        a,
                        key,
                        ip,
                        model,
                        [{"role": "user", "content": p}],
                        kind,
                        lognorm_int(r, 250, 0.5, 20, 1000),
                        cap=1024,
                    )
                else:
                    width = r.choice([16, 32, 64])
                    bias = {str((cursor + j) % vocab): 100 for j in range(width)}
                    cursor += width
                    tok = r.choice(
                        [
                            " the",
                            " of",
                            ",",
                            " and",
                            ".",
                            " a",
                            " in",
                            " to",
                            " was",
                            " for",
                            "\n",
                            " is",
                            " that",
                        ]
                        + [" " + x for x in r.choice(corpus).split()[:8]]
                    )
                    if r.random() < 0.5:
                        req_extra = {
                            "logprobs": True,
                            "top_logprobs": 20,
                            "temperature": 0,
                            "logit_bias": bias,
                        }
                        chat_call(
                            w,
                            r,
                            t,
                            a,
                            key,
                            ip,
                            model,
                            [{"role": "user", "content": prefix}],
                            "explain",
                            1,
                            cap=1,
                            extra=req_extra,
                            text=tok,
                            short=True,
                        )
                    else:
                        req = {
                            "model": "gpt-3.5-turbo-instruct"
                            if r.random() < 0.5
                            else "davinci-002",
                            "prompt": prefix,
                            "max_tokens": 1,
                            "logprobs": 5,
                            "temperature": 0,
                            "logit_bias": bias,
                        }
                        w.emit(
                            t,
                            a,
                            key,
                            ip,
                            "/v1/completions",
                            req,
                            make_resp(r, tok, ntok(prefix), 1, 1, short=True),
                        )
                t += r.lognormvariate(math.log(0.8), 0.4)


def h_slow_agentic(w: World, n: int) -> None:
    """Careful, large campaign: residential IPs, human-like timing, ~20 requests/day/account,
    long agentic/code completions with tool definitions; paraphrased personas."""
    camp = w.campaign()
    personas = [
        "You are an expert software architect. Provide complete, production-ready implementations.",
        "You are a senior engineer. Always include full code, tests and an explanation of design decisions.",
        "You are a meticulous coding assistant. Think through the design before writing code.",
        None,
    ]
    tools_variants = [AGENT_TOOLS_OAI, AGENT_TOOLS_OAI[:3], None, None]
    for i in range(n):
        r = w.sub("trickle", i)
        a = w.account("low_and_slow_agentic", True, camp)
        key = w.key()
        tz = r.choice(TZ_US + TZ_EU)
        ip = resi_ip(r)
        mobile = resi_ip(r)
        anth = r.random() < 0.3
        persona = r.choice(personas)
        tools = r.choice(tools_variants)
        lag = r.uniform(8, 30)
        for ts in human_times(
            r, w, tz, r.uniform(14, 26), "office", weekend=0.6, sess_mean=3, gap=300, day_sigma=0.25
        ):
            t = r.random()
            if t < 0.45:
                p = (
                    r.choice(
                        [
                            "Implement a complete",
                            "Build a full",
                            "Write a production-grade",
                            "I need a complete implementation of a",
                            "Design and implement a",
                        ]
                    )
                    + f" {r.choice(COMPONENTS)} in {r.choice(PLANGS[:10])}. "
                    + r.choice(
                        [
                            "Include tests.",
                            "Explain your design decisions first.",
                            "Include error handling and docs.",
                            "Show the full file tree and every file.",
                        ]
                    )
                )
                kind, want = "code", lognorm_int(r, 3200, 0.4, 800, 12000)
            elif t < 0.7:
                p = f"In my repo, {r.choice(AGENT_TASKS)}. Plan the change step by step, then show the full diff."
                kind, want = "code", lognorm_int(r, 2000, 0.4, 500, 8000)
            else:
                p, kind = cot_prompt(r, {"code": 0.6, "math": 0.2, "sci": 0.2})
                want = lognorm_int(r, 1600, 0.4, 400, 6000)
            use_ip = mobile if r.random() < 0.1 else ip
            if anth:
                messages_call(
                    w,
                    r,
                    ts,
                    a,
                    key,
                    use_ip,
                    "claude-sonnet-4-5",
                    persona,
                    [("user", p)],
                    kind,
                    want,
                    cap=r.choice([16000, 32000]),
                    thinking=r.choice([8000, 16000]),
                    extra={"tools": AGENT_TOOLS_ANTH} if tools else None,
                )
            else:
                m = w.model_after(r, ts, "gpt-5", 0.9, lag)
                msgs = ([{"role": "system", "content": persona}] if persona else []) + [
                    {"role": "user", "content": p}
                ]
                extra = {"reasoning_effort": r.choice(["high", "medium"])}
                if tools:
                    extra["tools"] = tools
                chat_call(
                    w,
                    r,
                    ts,
                    a,
                    key,
                    use_ip,
                    m,
                    msgs,
                    kind,
                    want,
                    cap=r.choice([None, 32000]),
                    extra=extra,
                    rtoks=effort_tokens(r, extra["reasoning_effort"]),
                )


def h_agent_traces(w: World, n: int) -> None:
    """Tool-use trajectory harvest: scripted episodes with fabricated tool results, 24/7."""
    camp = w.campaign()
    cr = w.sub("traces")
    shared = subnet_ips(cr, "aws", 2)
    for i in range(n):
        r = w.sub("traces", i)
        a = w.account("agent_trajectory_harvest", True, camp)
        key = w.key()
        anth = r.random() < 0.5
        model = "claude-sonnet-4-5" if anth else "gpt-5"
        eps = poisson_times(r, w.start, w.end, r.uniform(12, 22))
        for t0 in eps:
            agent_session(
                w,
                r,
                t0,
                a,
                key,
                r.choice(shared),
                model if anth else w.model_after(r, t0, model, 0.8, 5),
                anth,
                r.randint(5, 12),
            )


def h_pivot_blitz(w: World, n: int) -> None:
    """Dormant accounts that warm up with trivial calls, then burst onto the new model after release."""
    camp = w.campaign()
    cr = w.sub("blitz")
    pool = subnet_ips(cr, "vultr", 20) + subnet_ips(cr, "do", 20) + subnet_ips(cr, "ovh", 20)
    go = w.release + cr.uniform(0.3, 2.5) * HOUR
    for i in range(n):
        r = w.sub("blitz", i)
        a = w.account("release_pivot_burst", True, camp)
        keys = [w.key() for _ in range(r.choice([1, 2]))]
        for _ in range(r.randint(1, 4)):
            ts = r.uniform(w.start, w.release)
            chat_call(
                w,
                r,
                ts,
                a,
                keys[0],
                r.choice(pool),
                r.choice(["gpt-4o-mini", "gpt-5-mini"]),
                [
                    {
                        "role": "user",
                        "content": r.choice(["hi", "test", "hello", "What model are you?", "ping"]),
                    }
                ],
                "explain",
                r.randint(5, 40),
                cap=r.choice([None, 50]),
            )
        start = go + r.uniform(0, 1.5) * HOUR
        for ts in poisson_times(r, start, w.end, r.uniform(160, 260)):
            p, kind = cot_prompt(r, {"hard": 0.45, "math": 0.15, "code": 0.3, "sci": 0.1})
            effort = r.choice(["high", "high", "medium"])
            chat_call(
                w,
                r,
                ts,
                a,
                r.choice(keys),
                r.choice(pool),
                NEW_MODEL,
                [{"role": "user", "content": p}],
                kind,
                lognorm_int(r, 1500, 0.5, 300, 8000),
                cap=32000,
                extra={"reasoning_effort": effort},
                rtoks=effort_tokens(r, effort),
                err=0.03,
            )


def h_best_of_n(w: World, n: int) -> None:
    """Multiple samples per prompt (n>1, high temperature) for rejection sampling; night batches."""
    camp = w.campaign()
    cr = w.sub("bon")
    ips = subnet_ips(cr, "hetzner", 6)
    shared = [cot_prompt(cr, {"math": 0.5, "code": 0.3, "sci": 0.2}) for _ in range(400)]
    for i in range(n):
        r = w.sub("bon", i)
        a = w.account("best_of_n_sampler", True, camp)
        key = w.key()
        model = r.choice(["gpt-4.1", "gpt-5-mini"])
        d0 = int(w.start // DAY)
        for d in range(d0, d0 + int(w.days) + 1):
            t = d * DAY + r.uniform(0.5, 3) * HOUR
            end = d * DAY + r.uniform(6, 8) * HOUR
            while t < end:
                p, kind = r.choice(shared)
                k = r.choice([4, 5, 8])
                chat_call(
                    w,
                    r,
                    t,
                    a,
                    key,
                    r.choice(ips),
                    model,
                    [{"role": "user", "content": p}],
                    kind,
                    lognorm_int(r, 700, 0.4, 150, 3000),
                    cap=4096,
                    extra={"n": k, "temperature": r.choice([0.8, 1.0, 1.0]), "top_p": 1.0},
                    n=k,
                    rtoks=effort_tokens(r, "low") if model in REASONING_MODELS else 0,
                    err=0.02,
                )
                t += r.expovariate(1 / r.uniform(150, 260))


# ---------------------------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------------------------

PLAN: list[tuple[Callable[..., None], tuple]] = [
    (b_hobbyist, (175,)),
    (b_native_messages, (45,)),
    (b_support_bot, (20,)),
    (b_coding_agent, (40,)),
    (b_reasoning_power, (28,)),
    (b_eval_runner, (10,)),
    (b_logprob_research, (9,)),
    (b_synthetic_vendor, (5,)),
    (b_corp_team, (2, 14)),
    (b_students, (85,)),
    (b_reseller, (3,)),
    (b_embeddings, (14,)),
    (b_localization, (7,)),
    (b_classifier, (11,)),
    (b_tutoring, (5,)),
    (b_smoke, (6,)),
    (b_news_digest, (8,)),
    (b_consumer_app, (18,)),
    (b_llm_judge, (7,)),
    (b_research_agent, (10,)),
    (h_hydra_reasoning, (85,)),
    (h_hydra_mixed, (24,)),
    (h_template_sweeper, (6,)),
    (h_rubric_reward, (24,)),
    (h_multilingual, (16,)),
    (h_logit_probe, (8,)),
    (h_slow_agentic, (55,)),
    (h_agent_traces, (12,)),
    (h_pivot_blitz, (18,)),
    (h_best_of_n, (9,)),
]


def generate(seed: int, days: float) -> World:
    w = World(seed, days)
    for fn, args in PLAN:
        fn(w, *args)
    return w


def write(w: World, out: str) -> int:
    w.lines.sort(key=lambda x: (x[0], x[1]))
    prev = -1.0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for i, (ts, _, body) in enumerate(w.lines, 1):
            t = round(ts, 3)
            if t <= prev:
                t = round(prev + 0.001, 3)
            prev = t
            f.write(f'{{"id": "r-{i:06d}", "ts": {t:.3f}, {body[1:]}\n')
    with open(out + ".labels.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for a in sorted(w.active):
            f.write(json.dumps(w.labels[a]) + "\n")
    return len(w.lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Held-out traffic generator (vault).")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=float, default=3.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    w = generate(args.seed, args.days)
    n = write(w, args.out)
    if not args.quiet:
        print(f"wrote {n} records to {args.out} in {time.time() - t0:.1f}s")
        tot_a = {True: 0, False: 0}
        for arch, (harv, accts, reqs) in sorted(w.stats.items(), key=lambda kv: (kv[1][0], kv[0])):
            tot_a[harv] += len(accts)
            print(
                f"  {'H' if harv else 'B'} {arch:28s} accounts={len(accts):4d} requests={reqs:7d}"
            )
        print(f"  benign accounts={tot_a[False]} harvester accounts={tot_a[True]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

# ruff: noqa: E501, RUF001, SIM905
