"""Template fingerprints: mask the parts that vary, then hash what stays.

A harvesting template ("Solve step by step: {problem}. Answer in Spanish.") yields
prompts that differ in numbers, quoted strings, code blocks, names and slot words.
Masking removes the first three; SimHash over the remaining tokens tolerates the rest, so
instances of one template land within a few bits of each other while unrelated
prompts differ in about half of the 64 bits.

SimHash is computed with lane arithmetic: every token maps (once, cached) to a big
integer holding 64 lanes of 16 bits, lane i = bit i of the token's hash. Summing those
integers counts, per bit, how many tokens have it set, in one C-level addition per
token; a lane counted by at least half the tokens sets that bit. MinHash is kept for
the benchmark that chose SimHash (bench/signals_cost.py).

Head and tail: a template's fixed instruction sits at the start or the end of a prompt
and its slot ({problem}) is often most of the text, so a bag-of-words SimHash of the
whole prompt drifts ~19 of 64 bits between instances. The template fingerprint is
therefore two SimHashes, of the first and of the last EDGE_TOKENS tokens; instances
match when either edge is within MATCH_BITS (bench/signals_cost.py has the numbers).

Bands: the 64 bits split into BANDS bands; by pigeonhole two fingerprints within
BANDS-1 bits share at least one band exactly, so band values serve as exact keys for
"same template" in per-account tables and cross-account sketches.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import struct
from collections.abc import Callable
from operator import or_

from gateway.memo import BoundedMemo

MASK64 = (1 << 64) - 1
BANDS = 4
BAND_BITS = 64 // BANDS
MAX_TOKENS = 400
EDGE_TOKENS = 12
EDGE_CHARS = 300

_QUOTED = re.compile(
    r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|「[^」\n]{1,300}」|```.{1,3000}?```",
    re.DOTALL,
)
# Digits and punctuation become separators: numbers vanish (they are the commonest
# slot), and so does markup. Names and slot words are left to SimHash's tolerance:
# a case-aware entity mask cost three times the whole fingerprint in Python's re.
# Every other ASCII character maps to itself: translate() pays a raised and caught
# LookupError for each distinct character the table lacks (half its time on a prompt).
_SEPARATORS = {i: i for i in range(128)} | str.maketrans(
    {
        c: " "
        for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789“”‘’«»「」、。，！？：；（）\n\t\r"  # noqa: RUF001
    }
)
# The same words on text with other characters: translate() leaves its ASCII fast path
# there and looks every character up in the table, where one regex pass over the runs of
# what is neither whitespace nor a separator takes 1/3 to 2/3 of translate() and split()
# (Cyrillic, CJK, French prompts). re's \s and str.split() agree on whitespace (both use
# Py_UNICODE_ISSPACE), so the words are the same.
_WORD = re.compile(
    "[^\\s" + re.escape("".join(chr(c) for c, to in _SEPARATORS.items() if to == " ")) + "]+"
)
# Every _QUOTED match starts with one of these. Most prompts hold none, and a substring
# test per opener (memchr for one character) is far cheaper than the regex's scan, which
# tests every character against the openers' set.
_QUOTE_OPENERS = ('"', "“", "«", "「", "```")
_CJK_START = "\u3040"
_LANE_BITS = 16
_LANE_BYTES = _LANE_BITS // 8
_CACHE_LIMIT = 200_000


def tokens(text: str) -> list[str]:
    """Masked, lowercased tokens of the prompt (CJK characters count one each)."""
    if len(text) >= 6000:
        text = text[:3000] + " " + text[-3000:]
    if _may_quote(text):
        text = _QUOTED.sub(" qqq ", text)
    low = text.lower()
    words = low.translate(_SEPARATORS).split() if low.isascii() else _split_cjk(_WORD.findall(low))
    return (
        words if len(words) <= MAX_TOKENS else words[: MAX_TOKENS // 2] + words[-MAX_TOKENS // 2 :]
    )


def _may_quote(text: str) -> bool:
    for opener in _QUOTE_OPENERS:  # noqa: SIM110 (any() over a generator costs more)
        if opener in text:
            return True
    return False


def _split_cjk(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w[0] >= _CJK_START:
            out.extend(w)
        else:
            out.append(w)
    return out


def _blake64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")


token_hash: Callable[[str], int] = BoundedMemo(_blake64, _CACHE_LIMIT).__getitem__
"""A stable 64-bit hash (Python's hash() is salted per process; instances must agree)."""


def _spread_of(token: str) -> int:
    """The token's hash spread over 64 lanes. Lane i is the little-endian bytes from
    _LANE_BYTES * i: its first holds bit i, the others 0. The bits' digits, least
    significant first, become those bytes in a few C calls (a Python loop over the 64
    bits cost ~14,000 instructions a token)."""
    lanes = bytearray(_LANE_BYTES * 64)
    bits = format(token_hash(token), "064b")[::-1]
    lanes[::_LANE_BYTES] = bits.encode().translate(_DIGIT_VALUE)
    return int.from_bytes(lanes, "little")


_spread = BoundedMemo(_spread_of, _CACHE_LIMIT).__getitem__
_DIGIT_VALUE = bytes.maketrans(b"01", b"\x00\x01")


# translate table: the high byte of a 16-bit lane has its top bit set iff the biased
# count reached the threshold; map such bytes to "1" and all others to "0".
_BIT_TABLE = bytes((0x31 if b & 0x80 else 0x30) for b in range(256))
_LANE_ONE = sum(1 << (i * _LANE_BITS) for i in range(64))


def simhash(toks: list[str]) -> int:
    """64-bit SimHash of a token bag (0 for an empty prompt)."""
    if not toks:
        return 0
    # Bias each lane so that count >= ceil(n/2) sets bit 15 of the lane.
    need = (len(toks) + 1) // 2
    total = sum(map(_spread, toks), _LANE_ONE * (0x8000 - need))
    high = total.to_bytes(128, "little")[1::2].translate(_BIT_TABLE)
    return int(high[::-1], 2)


def template_fingerprint(toks: list[str]) -> tuple[int, int]:
    """(head, tail) SimHashes: the edges where a template's fixed text lives."""
    return simhash(toks[:EDGE_TOKENS]), simhash(toks[-EDGE_TOKENS:])


def edges(text: str) -> tuple[int, int, list[str], list[str]]:
    """(head, tail, head tokens, tail tokens) of a prompt, tokenizing only its two ends.

    Only the edges feed the fingerprint, so a 10 KB RAG prompt costs what a short one
    does. A quoted slot that straddles a window's cut is not masked there; the other
    edge usually still matches. A short prompt is tokenized once: all its tokens come
    as head tokens, and the tail tokens are empty.
    """
    if len(text) <= 2 * EDGE_CHARS:
        toks = tokens(text)
        first = simhash(toks[:EDGE_TOKENS])
        # A prompt of EDGE_TOKENS tokens or fewer is its own tail: one SimHash serves both.
        last = first if len(toks) <= EDGE_TOKENS else simhash(toks[-EDGE_TOKENS:])
        return first, last, toks, []
    head = tokens(text[:EDGE_CHARS])
    tail = tokens(text[-EDGE_CHARS:])
    return simhash(head[:EDGE_TOKENS]), simhash(tail[-EDGE_TOKENS:]), head, tail


# Band i of a 64-bit value is its i-th little-endian BAND_BITS-bit word: both edges split
# by one struct call instead of a shift and mask per band.
_WORD_FORMAT = {8: "B", 16: "H", 32: "I"}[BAND_BITS]
_BAND_WORDS = struct.Struct(f"<{2 * BANDS}{_WORD_FORMAT}")
_BAND_TAGS = tuple(i << BAND_BITS for i in range(2 * BANDS))


def bands(head: int, tail: int) -> tuple[int, ...]:
    """Band values of both edges, each tagged with its band index (0-3 head, 4-7 tail)."""
    words = _BAND_WORDS.unpack(((head & MASK64) | (tail & MASK64) << 64).to_bytes(16, "little"))
    return tuple(map(or_, _BAND_TAGS, words))


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


# --- MinHash, for comparison in bench/signals_cost.py --------------------------------

_PERM_SEEDS = tuple(
    int.from_bytes(hashlib.blake2b(bytes([i]), digest_size=8).digest(), "little") | 1
    for i in range(64)
)


def minhash(toks: list[str], k: int = 32) -> tuple[int, ...]:
    """k-permutation MinHash over word bigrams (multiply-xor permutations of a 64-bit hash)."""
    hs = [token_hash(t) for t in toks]
    shingles = {(a * 0x9E3779B97F4A7C15 ^ b) & MASK64 for a, b in itertools.pairwise(hs)} or set(hs)
    if not shingles:
        return (MASK64,) * k
    return tuple(min((s * m) & MASK64 for s in shingles) for m in _PERM_SEEDS[:k])


def minhash_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def language(toks: list[str]) -> str:
    """A coarse language guess from script and stopwords (for multilingual-sweep evidence)."""
    head = toks[:24]
    # Strings compare by their first character first, so the largest token starts with
    # the largest first character: below Cyrillic, every token is Latin or Greek (the
    # common case), with no script to tell.
    if head and max(head)[0] >= "\u0400":
        for t in head:
            c = t[0]
            if c < "\u0400":
                continue
            if "\u3040" <= c <= "\u30ff":
                return "ja"
            if "\uac00" <= c <= "\ud7af":
                return "ko"
            if "\u3400" <= c <= "\u9fff":
                return "zh"
            if "\u0400" <= c <= "\u04ff":
                return "ru"
    hits = [0] * len(_STOPWORD_LANGS)
    for t in _STOPWORD_SET.intersection(toks[:40]):
        for i in _STOPWORD_INDEX[t]:
            hits[i] += 1
    best, score = "other", 0
    for lang, n in zip(_STOPWORD_LANGS, hits, strict=True):
        if n > score:  # the first language wins ties, in _STOPWORDS order
            best, score = lang, n
    return best


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "and", "is", "of", "to", "what", "how", "you", "with", "this"}),
    "es": frozenset({"el", "los", "las", "que", "una", "por", "para", "con", "es", "del"}),
    "fr": frozenset({"le", "les", "des", "est", "une", "pour", "avec", "que", "du", "et"}),
    "de": frozenset({"der", "die", "das", "und", "ist", "mit", "ein", "eine", "nicht", "zu"}),
    "pt": frozenset({"os", "uma", "não", "você", "com", "para", "como", "em", "do", "da"}),
}
_STOPWORD_LANGS = tuple(_STOPWORDS)
_STOPWORD_INDEX: dict[str, tuple[int, ...]] = {
    w: tuple(i for i, lang in enumerate(_STOPWORD_LANGS) if w in _STOPWORDS[lang])
    for words in _STOPWORDS.values()
    for w in words
}
_STOPWORD_SET = frozenset(_STOPWORD_INDEX)
LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt", "ru", "zh", "ja", "ko", "other")
