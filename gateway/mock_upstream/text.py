"""Deterministic word-like text, token counts and logprobs for the mock model API.

Every piece is one common English word with its leading space (or a full stop), which
real BPE tokenizers encode as a single token, so "one piece per token" holds closely.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import random
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from gateway.errors import DistillguardError

# Keys that shape how an answer is delivered, not what it says: leaving them out of the
# seed makes a capped answer a prefix of the uncapped one and a stream equal to its body.
_DELIVERY_KEYS = frozenset(
    {
        "stream",
        "stream_options",
        "max_tokens",
        "max_completion_tokens",
        "max_output_tokens",
        "logprobs",
        "top_logprobs",
        "n",
    }
)

_STARTERS = ("The", "This", "We", "In", "Each", "Next", "Then", "Now", "First", "It")
_VOCABULARY = (
    "the of and to in is that for it as with was on be by this are from at or an which "
    "not have has but can all more one will their they we these other new time some would "
    "data model system value first each when only also how its about there been may use "
    "two than then into most over such any what where our between state result function "
    "number order case point part form work way set process change level example method "
    "small large high low simple general given based following answer question step "
    "because therefore so now next final show test line group table list word name field"
)
_WORDS = tuple(_VOCABULARY.split())


def seed_of(body: dict[str, Any], salt: str = "") -> int:
    """A stable seed from what the request asks, ignoring how it wants it delivered."""
    content = {k: v for k, v in body.items() if k not in _DELIVERY_KEYS}
    canon = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256((salt + canon).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def pieces(seed: int) -> Iterator[str]:
    """An endless sequence of sentences, one token-sized piece at a time."""
    rng = random.Random(seed)
    first = True
    while True:
        starter = rng.choice(_STARTERS)
        yield starter if first else " " + starter
        first = False
        for _ in range(rng.randint(5, 13)):
            yield " " + rng.choice(_WORDS)
        yield "."


def take(seed: int, n: int) -> list[str]:
    out: list[str] = []
    for piece in pieces(seed):
        if len(out) >= n:
            break
        out.append(piece)
    return out


def chunked(items: list[str], size: int) -> list[str]:
    """Join consecutive pieces into stream chunks of `size` pieces."""
    return ["".join(items[i : i + size]) for i in range(0, len(items), size)]


def endless_chunks(seed: int, size: int) -> Iterator[str]:
    """Chunks forever, for the never-end fault."""
    stream = pieces(seed)
    while True:
        yield "".join(next(stream) for _ in range(size))


_WORD_RE = re.compile(r"\w+|[^\w\s]")


def _word_count(text: str, model: str) -> int:
    return len(_WORD_RE.findall(text))


@lru_cache(maxsize=1)
def _counter() -> Callable[[str, str], int]:
    """The gateway's own tokenizer when it is importable, else a word count.

    The gateway's tokenizer lives in another module that may be absent or unable to load
    its encodings offline; the mock must still run, so every failure falls back quietly.
    """
    try:
        module = importlib.import_module("gateway.tokens")
        counter: Any = module.TokenCounter()
        count_text = counter.count_text
        count_text("gpt-4o", "probe")
    except (ImportError, AttributeError, TypeError, ValueError, OSError, DistillguardError):
        return _word_count

    def real(text: str, model: str) -> int:
        try:
            return int(count_text(model, text))
        except DistillguardError:  # this model's encoding is missing; the estimate will do
            return _word_count(text, model)

    return real


def count_tokens(text: str, model: str = "") -> int:
    return _counter()(text, model) if text else 0


def _hash_float(*parts: object) -> float:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def token_logprob(seed: int, index: int, token: str, top: int) -> dict[str, Any]:
    """One OpenAI chat `logprobs.content` entry with `top` alternatives."""
    chosen = -round(_hash_float(seed, index) * 2.5, 4)
    alternatives = [{"token": token, "logprob": chosen, "bytes": list(token.encode())}]
    rng = random.Random(seed ^ index)
    for rank in range(1, top):
        alt = " " + rng.choice(_WORDS)
        lp = round(chosen - rank * (0.5 + _hash_float(seed, index, rank)), 4)
        alternatives.append({"token": alt, "logprob": lp, "bytes": list(alt.encode())})
    return {
        "token": token,
        "logprob": chosen,
        "bytes": list(token.encode()),
        "top_logprobs": alternatives[:top],
    }


def legacy_logprobs(seed: int, tokens: list[str], top: int, offset: int) -> dict[str, Any]:
    """The /v1/completions `logprobs` object (parallel lists)."""
    entries = [token_logprob(seed, offset + i, t, top) for i, t in enumerate(tokens)]
    offsets = []
    position = 0
    for t in tokens:
        offsets.append(position)
        position += len(t)
    return {
        "tokens": tokens,
        "token_logprobs": [e["logprob"] for e in entries],
        "top_logprobs": [{a["token"]: a["logprob"] for a in e["top_logprobs"]} for e in entries],
        "text_offset": offsets,
    }


def embedding(seed_text: str, dims: int) -> list[float]:
    """A deterministic unit vector for one input."""
    rng = random.Random(hashlib.sha256(seed_text.encode()).digest())
    raw = [rng.uniform(-1.0, 1.0) for _ in range(dims)]
    norm = sum(x * x for x in raw) ** 0.5 or 1.0
    return [round(x / norm, 6) for x in raw]


_REASONING_SALT = 0x5EA5


class Generation:
    """What one choice says: hidden-or-shown reasoning first, then the answer.

    Only the piece counts are fixed up front; the pieces themselves come from the seed
    when asked for, so a stream can send its first chunk before a long answer exists
    (1.6M pieces took ~0.4 s to build, all before the first byte). Walking a part to its
    end keeps its text, which the usage figures and closing events then read for free.
    """

    __slots__ = ("_texts", "content_n", "reasoning_n", "seed", "truncated")

    def __init__(self, seed: int, reasoning_n: int, content_n: int, truncated: bool) -> None:
        self.seed = seed
        self.reasoning_n = reasoning_n
        self.content_n = content_n
        self.truncated = truncated  # the budget cut the natural answer short
        self._texts: dict[str, str] = {}

    def reasoning_pieces(self) -> Iterator[str]:
        return self._walk("reasoning", self.seed ^ _REASONING_SALT, self.reasoning_n)

    def content_pieces(self) -> Iterator[str]:
        return self._walk("content", self.seed, self.content_n)

    @property
    def reasoning(self) -> list[str]:
        return list(self.reasoning_pieces())

    @property
    def content(self) -> list[str]:
        return list(self.content_pieces())

    @property
    def text(self) -> str:
        done = self._texts.get("content")
        return "".join(self.content_pieces()) if done is None else done

    @property
    def reasoning_text(self) -> str:
        done = self._texts.get("reasoning")
        return "".join(self.reasoning_pieces()) if done is None else done

    def _walk(self, part: str, seed: int, n: int) -> Iterator[str]:
        text = io.StringIO()
        for piece in islice(pieces(seed), n):
            text.write(piece)
            yield piece
        self._texts[part] = text.getvalue()


def generate(seed: int, natural: int, reasoning: int, budget: int | None) -> Generation:
    """Reasoning and answer pieces; reasoning spends the budget first, as real APIs count it."""
    limit = natural + reasoning if budget is None else max(budget, 0)
    thought = min(reasoning, limit)
    answer = min(natural, limit - thought)
    return Generation(seed, thought, answer, truncated=natural + reasoning > limit)


def batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Consecutive items in lists of `size` (the last one may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def slices(parts: Iterable[str], width: int) -> Iterator[str]:
    """The concatenation of `parts` cut into `width`-character slices, built as it goes."""
    buf = ""
    for part in parts:
        buf += part
        while len(buf) >= width:
            yield buf[:width]
            buf = buf[width:]
    if buf:
        yield buf


def json_arguments(content: Iterable[str]) -> Iterator[str]:
    """`json.dumps({"input": text})` in parts, one per piece of `text`.

    JSON escapes each character on its own, so escaping piece by piece gives the same text.
    """
    yield '{"input": "'
    for piece in content:
        yield json.dumps(piece)[1:-1]
    yield '"}'
