"""Phrases that ask a model to show its reasoning or to grade against a rubric.

Distillation harvests want reasoning traces, so prompts coerce them ("think step by
step", "show your work") or ask for graded judgements (rubric scoring: reward-model
data). Benign users say these things too, which is why a hit is one piece of evidence
per request and only the account's share over time counts (see score.py).

Matching is substring search over the lowercased head and tail of the prompt.
"""

from __future__ import annotations

# Each language lists the common ways to coerce a chain of thought.
REASONING: dict[str, tuple[str, ...]] = {
    "en": (
        "step by step",
        "step-by-step",
        "show your work",
        "show your reasoning",
        "explain your reasoning",
        "think carefully",
        "chain of thought",
        "reason through",
        "walk me through your reasoning",
        "think through",
        "before answering, think",
        "detailed reasoning",
        "full reasoning",
    ),
    "zh": ("一步一步", "逐步", "详细推理", "展示你的推理", "思考过程", "解题过程", "一步步"),
    "es": (
        "paso a paso",
        "muestra tu razonamiento",
        "explica tu razonamiento",
        "piensa con cuidado",
    ),
    "fr": ("étape par étape", "montre ton raisonnement", "explique ton raisonnement", "réfléchis"),
    "de": (
        "schritt für schritt",
        "zeige deine überlegungen",
        "begründe deine antwort",
        "denke nach",
    ),
    "ru": ("шаг за шагом", "пошагово", "покажи свои рассуждения", "объясни ход рассуждений"),
    "ja": ("ステップバイステップ", "段階的に", "順を追って", "推論過程", "考え方を示"),
    "ko": ("단계별로", "차근차근", "추론 과정", "단계적으로"),
    "pt": (
        "passo a passo",
        "mostre seu raciocínio",
        "explique seu raciocínio",
        "pense com cuidado",
    ),
}

# Rubric grading: asking the model to act as a judge produces preference/reward data.
# Pairwise verdicts ("which response is better", MT-Bench's "[[A]]" verdict format) are
# the preference pairs reward models train on, the same data in another format.
GRADING: dict[str, tuple[str, ...]] = {
    "en": (
        "rubric",
        "grade the following",
        "score the response",
        "rate the answer",
        "on a scale of",
        "impartial judge",
        "which response is better",
        "which of the two responses",
        "which answer is better",
        "which of the two answers",
        "compare the two responses",
        "[[a]] or [[b]]",
        '"[[a]]" if',
    ),
    "zh": ("评分标准", "打分", "哪个回答更好"),
    "es": ("rúbrica", "califica la respuesta", "qué respuesta es mejor"),
    "fr": ("grille d'évaluation", "note la réponse", "quelle réponse est la meilleure"),
    "de": ("bewertungsschema", "bewerte die antwort", "welche antwort ist besser"),
    "ru": ("критерии оценки", "оцени ответ", "какой ответ лучше"),
    "ja": ("採点基準", "評価して", "どちらの回答が良い", "どちらの回答が優れ"),
    "ko": ("채점 기준", "평가해", "어느 응답이 더"),
    "pt": ("rubrica", "avalie a resposta", "qual resposta é melhor"),
}

# Reasoning parameters in request bodies (OpenAI o-series, Anthropic extended thinking).
REASONING_BODY_KEYS: tuple[str, ...] = ("reasoning_effort", "reasoning", "thinking")


def _phrases(table: dict[str, tuple[str, ...]], ascii_only: bool) -> tuple[str, ...]:
    """Distinct phrases, minus those containing a shorter one (redundant for "any in")."""
    found = sorted({p for group in table.values() for p in group if p.isascii() or not ascii_only})
    found.sort(key=len)
    kept: list[str] = []
    for p in found:
        if not any(k in p for k in kept):
            kept.append(p)
    return tuple(kept)


def _gated(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The phrases in groups, each behind a word of 4+ characters its phrases all contain
    (the word most of the rest share first); a phrase that shares none is its own gate.

    A text without a group's word holds none of its phrases, so one search rules out the
    group: 22 searches instead of 40 on an ASCII prompt that asks for neither.
    """
    groups: list[tuple[str, tuple[str, ...]]] = []
    rest = list(phrases)
    while rest:
        words = sorted({w for p in rest for w in p.split() if len(w) >= 4})
        holders = {w: tuple(p for p in rest if w in p) for w in words}
        gate = max(words, key=lambda w: len(holders[w]), default="")
        if not gate or len(holders[gate]) < 2:
            groups += [(p, (p,)) for p in rest]
            break
        groups.append((gate, holders[gate]))
        rest = [p for p in rest if p not in holders[gate]]
    return tuple(groups)


# Phrases are literals, so "does any occur" is a loop of substring tests: CPython's `in`
# is a fast two-way search, about 4x cheaper here than one regex alternation (which
# re cannot turn into a multi-literal scan). ASCII text can only hold ASCII phrases.
_REASONING_ALL = _gated(_phrases(REASONING, ascii_only=False))
_REASONING_ASCII = _gated(_phrases(REASONING, ascii_only=True))
_GRADING_ALL = _gated(_phrases(GRADING, ascii_only=False))
_GRADING_ASCII = _gated(_phrases(GRADING, ascii_only=True))

# Only the head and tail of a prompt are scanned: instructions sit there, and a long
# pasted document in the middle should not cost time nor trigger on quoted text.
_SCAN_HEAD = 800
_SCAN_TAIL = 400


def window(text: str) -> str:
    """The lowercased head and tail of a prompt: what the phrase tables are matched against."""
    if len(text) <= _SCAN_HEAD + _SCAN_TAIL:
        return text.lower()
    return (text[:_SCAN_HEAD] + "\n" + text[-_SCAN_TAIL:]).lower()


def elicitation(text: str) -> tuple[bool, bool]:
    """(asks for reasoning, asks for rubric grading) in any listed language."""
    return elicitation_in(window(text))


def elicitation_in(low: str) -> tuple[bool, bool]:
    """`elicitation` of an already lowercased `window`."""
    if low.isascii():
        reasoning, grading = _REASONING_ASCII, _GRADING_ASCII
    else:
        reasoning, grading = _REASONING_ALL, _GRADING_ALL
    return _any_in(reasoning, low), _any_in(grading, low)


def _any_in(groups: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> bool:
    # Plain loops: any() over a generator costs a frame switch per phrase.
    for gate, phrases in groups:
        if gate in text:
            for phrase in phrases:
                if phrase in text:
                    return True
    return False


def languages() -> tuple[str, ...]:
    return tuple(REASONING)


# Capability categories: what a request asks the model to do. A harvest collects one
# capability (code, math, a language pair), so an account's largest category's share
# is a `signals.capability_focus`. Cues are whole tokens (fingerprint.tokens: lowercased,
# digits and punctuation removed), so a set intersection finds them in about a µs.
CAPABILITIES: tuple[str, ...] = (
    "code",
    "math",
    "science",
    "puzzle",
    "translation",
    "creative",
    "other",
)
OTHER = len(CAPABILITIES) - 1

# Space-separated to keep the tables readable; split once at import.
_CUE_WORDS: dict[str, str] = {
    "code": (
        "code coding python javascript typescript java golang rust sql function functions def "
        "class bug debug compile compiler regex api refactor script programming implement "
        "exception json html css bash docker git código función fonction funktion programm "
        "код функцию функция программу"
    ),
    "math": (
        "math maths mathematics equation equations integral derivative prove proof theorem "
        "lemma algebra geometry calculus probability matrix polynomial arithmetic triangle "
        "ecuación matemáticas matemática équation mathématiques gleichung mathematik equação "
        "уравнение математика математике"
    ),
    "science": (
        "physics chemistry biology molecule molecules atom atoms protein quantum enzyme "
        "genetics velocity acceleration thermodynamics física química biología physique "
        "chimie biologie physik chemie физика физике химия химии биология"
    ),
    "puzzle": (
        "puzzle riddle logic sudoku brainteaser knights knaves syllogism paradox lógica "
        "logique logik rätsel acertijo énigme логика логике головоломка"
    ),
    "translation": (
        "translate translation translated traduce traducir traduire traduction traduza "
        "tradução übersetze übersetzen übersetzung переведи перевод перевести"
    ),
    "creative": (
        "poem poetry story haiku sonnet lyrics novel fiction limerick screenplay rhyme poema "
        "cuento poème gedicht стихотворение рассказ"
    ),
}
CAPABILITY_CUES: dict[str, tuple[str, ...]] = {
    cat: tuple(words.split()) for cat, words in _CUE_WORDS.items()
}
# CJK text has no word boundaries (tokens are single characters): substring cues.
CAPABILITY_CUES_CJK: dict[str, tuple[str, ...]] = {
    "code": ("代码", "函数", "编程", "コード", "関数", "プログラム", "코드", "함수"),
    "math": ("数学", "方程", "积分", "证明", "수학", "방정식"),
    "science": ("物理", "化学", "生物", "물리", "화학"),
    "puzzle": ("谜题", "逻辑", "論理", "パズル", "퍼즐", "논리"),
    "translation": ("翻译", "翻訳", "번역"),
    "creative": ("写诗", "小说", "物語", "소설"),
}
_CUE_INDEX: dict[str, int] = {
    cue: CAPABILITIES.index(cat) for cat, cues in CAPABILITY_CUES.items() for cue in cues
}
_CUE_SET = frozenset(_CUE_INDEX)
_CJK_CUES: tuple[tuple[str, int], ...] = tuple(
    (cue, CAPABILITIES.index(cat)) for cat, cues in CAPABILITY_CUES_CJK.items() for cue in cues
)


def capability(toks: list[str], more: list[str], low: str) -> int:
    """Index in CAPABILITIES of what the prompt asks for; no cue, or a tie, is OTHER.

    `toks` and `more` are the prompt's tokens (head and tail of a long prompt), `low` its
    lowercased `window` for CJK cues.
    """
    hits = _CUE_SET.intersection(toks)
    if more:
        hits |= _CUE_SET.intersection(more)
    counts = [0] * OTHER
    for cue in hits:
        counts[_CUE_INDEX[cue]] += 1
    if not low.isascii():
        for cue, cat in _CJK_CUES:
            if cue in low:
                counts[cat] += 1
    best = max(counts)
    if best == 0 or counts.count(best) > 1:
        return OTHER
    return counts.index(best)
