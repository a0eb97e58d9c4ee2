"""Token counting with offline tiktoken encoders: prompts of every proxied API shape, and
completions streamed as deltas.

Counts follow OpenAI's published recipe for chat (3 tokens per message, 1 more for a `name`,
3 to prime the reply) and reuse it for the Responses and Anthropic shapes, so that the same
conversation costs about the same whichever API carries it. Anthropic publishes no tokenizer
for claude-* models: cl100k_base stands in, and counts for Claude are an approximation
(the upstream's usage report stays the authority for billing).

Images are not decoded; each image part counts a fixed estimate: OpenAI 765 tokens (a 1024x1024
image at high detail: 85 + 4 tiles x 170), 85 at `detail: "low"`; Anthropic 1600 (its cap for
an image of ~1.15 megapixels is about 1568). Audio and file parts count 0.

Counting is total: any JSON value is accepted, what has the wrong type is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import orjson
import regex
import tiktoken

from gateway.encodings import ensure_offline_cache
from gateway.memo import BoundedMemo

Api = Literal["openai", "anthropic"]

DEFAULT_ENCODING = "o200k_base"
DEFAULT_MODEL_ENCODINGS: Mapping[str, str] = {
    **dict.fromkeys(("gpt-4o", "gpt-4.1", "o1", "o3", "o4", "gpt-5", "chatgpt-4o"), "o200k_base"),
    **dict.fromkeys(
        ("gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada-002", "claude-"),
        "cl100k_base",
    ),
}
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3
OPENAI_IMAGE_TOKENS = 765
OPENAI_IMAGE_LOW_TOKENS = 85
ANTHROPIC_IMAGE_TOKENS = 1600
IMAGE_PART_TYPES = frozenset({"image_url", "input_image", "image"})
MODEL_ENCODINGS_REMEMBERED = 1024
"""Distinct model names whose encoding is remembered (a client may send any string)."""

# Which body shape each proxied endpoint has; anything else counts 0 prompt tokens.
_SHAPES: Mapping[tuple[str, str], str] = {
    ("openai", "/v1/chat/completions"): "chat",
    ("openai", "/v1/completions"): "completions",
    ("openai", "/v1/responses"): "responses",
    ("openai", "/v1/embeddings"): "embeddings",
    ("anthropic", "/v1/messages"): "anthropic",
}


def _compact_json(value: object) -> str | None:
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return None


def _is_token_id(value: object) -> bool:
    return type(value) is int  # bool is an int subclass, and not a token id


@dataclass(frozen=True)
class CacheStats:
    hits: int
    misses: int
    size: int
    maxsize: int


class TokenCounter:
    """Counts tokens per model; encoders load lazily, each once, from the offline cache."""

    def __init__(
        self,
        model_encodings: Mapping[str, str] | None = None,
        default_encoding: str = DEFAULT_ENCODING,
        cache_entries: int = 50_000,
    ) -> None:
        mapping = DEFAULT_MODEL_ENCODINGS if model_encodings is None else model_encodings
        # Longest prefix first, so the first match is the longest one.
        prefixes = [(prefix.lower(), encoding) for prefix, encoding in mapping.items()]
        self._prefixes = sorted(prefixes, key=lambda item: -len(item[0]))
        self._default = default_encoding
        # A request asks twice (prompt, completion) and a deployment serves a few models.
        self._by_model = BoundedMemo(self._matching_encoding, MODEL_ENCODINGS_REMEMBERED)
        self._encoders: dict[str, tiktoken.Encoding] = {}
        self._cache: OrderedDict[tuple[str, str, bytes], int] = OrderedDict()
        self._cache_max = cache_entries
        self._hits = 0
        self._misses = 0

    def encoding_for(self, model: object) -> str:
        """The encoding name for a model (longest matching prefix, else the default)."""
        if not isinstance(model, str):
            return self._default
        return self._by_model[model]

    def _matching_encoding(self, model: str) -> str:
        name = model.lower().removeprefix("ft:")
        for prefix, encoding in self._prefixes:
            if name.startswith(prefix):
                return encoding
        return self._default

    def load(self) -> None:
        """Load every configured encoding now, so a missing file fails at startup."""
        for name in {self._default, *(encoding for _, encoding in self._prefixes)}:
            self._encoder(name)

    def _encoder(self, name: str) -> tiktoken.Encoding:
        encoder = self._encoders.get(name)
        if encoder is None:
            # Our own hash check first: tiktoken would delete a bad file and download it.
            ensure_offline_cache([name])
            encoder = self._encoders[name] = tiktoken.get_encoding(name)
        return encoder

    def encoder_for(self, model: object) -> tiktoken.Encoding:
        return self._encoder(self.encoding_for(model))

    def count_text(self, model: object, text: str) -> int:
        return len(self.encoder_for(model).encode_ordinary(text))

    def stream_counter(self, model: object) -> StreamTokenCounter:
        return StreamTokenCounter(self.encoder_for(model))

    @property
    def cache_stats(self) -> CacheStats:
        return CacheStats(self._hits, self._misses, len(self._cache), self._cache_max)

    def count_prompt(self, api: Api, path: str, body: object) -> int:
        """Prompt tokens of a request body; 0 for endpoints that carry no prompt."""
        shape = _SHAPES.get((api, path.split("?", 1)[0].rstrip("/")))
        if shape is None or not isinstance(body, dict):
            return 0
        enc = self.encoder_for(body.get("model"))
        if shape == "completions":
            return self._prompt(enc, body.get("prompt")) + self._prompt(enc, body.get("suffix"))
        if shape == "embeddings":
            return self._prompt(enc, body.get("input"))
        total = self._cached("tools", enc, body.get("tools"), self._json)
        total += self._cached("tools", enc, body.get("functions"), self._json)
        if shape == "chat":
            items = body.get("messages")
        elif shape == "responses":
            total += self._system(shape, enc, body.get("instructions"))
            items = body.get("input")
            if isinstance(items, str):
                items = [{"role": "user", "content": items}]
        else:
            total += self._system(shape, enc, body.get("system"))
            items = body.get("messages")
        if isinstance(items, list):
            total += REPLY_PRIMING
            total += sum(self._cached(shape, enc, item, self._message) for item in items)
        return total

    # -- the per-unit cache: a conversation resends its history every turn ------------------

    def _cached(
        self,
        kind: str,
        enc: tiktoken.Encoding,
        value: object,
        count: Callable[[str, tiktoken.Encoding, object], int],
    ) -> int:
        if value is None:
            return 0
        canonical = self._cache_max > 0 and _canonical(value)
        if not canonical:
            return count(kind, enc, value)
        key = (kind, enc.name, hashlib.blake2b(canonical, digest_size=16).digest())
        found = self._cache.get(key)
        if found is not None:
            self._hits += 1
            self._cache.move_to_end(key)
            return found
        self._misses += 1
        result = self._cache[key] = count(kind, enc, value)
        if len(self._cache) > self._cache_max:
            self._cache.popitem(last=False)
        return result

    # -- body parts ----------------------------------------------------------------------------

    def _n(self, enc: tiktoken.Encoding, value: object) -> int:
        return len(enc.encode_ordinary(value)) if isinstance(value, str) else 0

    def _json(self, kind: str, enc: tiktoken.Encoding, value: object) -> int:
        if isinstance(value, str):
            return self._n(enc, value)
        return self._n(enc, _compact_json(value)) if value else 0

    def _system(self, kind: str, enc: tiktoken.Encoding, value: object) -> int:
        """`instructions` / `system` count as one leading system message."""
        if value is None:
            return 0
        return self._cached(kind, enc, {"content": value}, self._message)

    def _prompt(self, enc: tiktoken.Encoding, value: object) -> int:
        """A completions `prompt` or embeddings `input`: text, texts, or token id arrays."""
        if isinstance(value, str):
            return self._n(enc, value)
        if not isinstance(value, list):
            return 0
        total = 0
        for item in value:
            if isinstance(item, str):
                total += self._n(enc, item)
            elif _is_token_id(item):
                total += 1
            elif isinstance(item, list):
                total += sum(1 for token in item if _is_token_id(token))
        return total

    def _message(self, kind: str, enc: tiktoken.Encoding, message: object) -> int:
        if isinstance(message, str):  # a bare string where an item belongs: count its text
            return TOKENS_PER_MESSAGE + self._n(enc, message)
        if not isinstance(message, dict):
            return 0
        total = TOKENS_PER_MESSAGE
        for key, value in message.items():
            if key in ("content", "output", "summary"):
                total += self._content(kind, enc, value)
            elif key == "tool_calls" and isinstance(value, list):
                total += sum(self._function(enc, call) for call in value)
            elif key == "function_call":
                total += self._function(enc, {"function": value})
            elif kind == "chat" or key in ("role", "name", "arguments"):
                # OpenAI's recipe counts every string field of a chat message.
                total += self._n(enc, value)
                if key == "name" and kind == "chat" and isinstance(value, str):
                    total += TOKENS_PER_NAME
        return total

    def _function(self, enc: tiktoken.Encoding, call: object) -> int:
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict):
            return 0
        return self._n(enc, function.get("name")) + self._n(enc, function.get("arguments"))

    def _content(self, kind: str, enc: tiktoken.Encoding, value: object, depth: int = 0) -> int:
        if isinstance(value, str):
            return self._n(enc, value)
        parts = value if isinstance(value, list) else [value]
        return sum(self._part(kind, enc, part, depth) for part in parts)

    def _part(self, kind: str, enc: tiktoken.Encoding, part: object, depth: int) -> int:
        if isinstance(part, str):
            return self._n(enc, part)
        if not isinstance(part, dict):
            return 0
        part_type = part.get("type")
        if isinstance(part_type, str) and part_type in IMAGE_PART_TYPES:
            return _image_tokens(kind, part)
        if part_type == "tool_use":
            return self._n(enc, part.get("name")) + self._json(kind, enc, part.get("input"))
        if part_type == "tool_result" and depth == 0:
            return self._content(kind, enc, part.get("content"), depth + 1)
        return sum(self._n(enc, part.get(field)) for field in ("text", "refusal", "thinking"))


def _canonical(value: object) -> bytes | None:
    """A cache key's text: the same for equal values, within this process."""
    try:
        # Four times faster than json.dumps, and this runs for every message of every request.
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits
        pass
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()
    except (TypeError, ValueError, RecursionError):
        return None


def _image_tokens(kind: str, part: Mapping[str, object]) -> int:
    if kind == "anthropic":
        return ANTHROPIC_IMAGE_TOKENS
    image = part.get("image_url")
    detail = image.get("detail") if isinstance(image, dict) else part.get("detail")
    return OPENAI_IMAGE_LOW_TOKENS if detail == "low" else OPENAI_IMAGE_TOKENS


class StreamTokenCounter:
    """Counts completion tokens of streamed deltas as if the whole text were encoded at once.

    BPE never merges across the regex pieces tiktoken splits text into, and a piece's extent
    depends only on the text just after it. So the last few pieces stay open (new text may
    extend them) and everything before them is final. An unbroken run longer than
    MAX_TAIL_CHARS (e.g. 5000 spaces) is cut at a token boundary instead, which may be off
    by a token or so per cut.

    Deltas are queued as they arrive and encoded in batches: when BATCH_CHARS have queued,
    or when the exact figure is asked for (`total`, or `reached` near its cap). Finding the
    piece boundaries costs several times the encoding itself (the `regex` module), so the
    tail is only split once it is longer than SPLIT_AFTER_CHARS. An answer of a few hundred
    characters is thus encoded once, whether it came whole or in 60 deltas. Before, every
    delta cost one encode and one split: on `bench/tokens_cache.py`'s 28,876 deltas, 5.8 µs
    a delta then against 1.5 µs now, measured side by side on one machine.
    """

    OPEN_PIECES = 2
    MAX_TAIL_CHARS = 1024
    SPLIT_AFTER_CHARS = 512
    BATCH_CHARS = 4096

    def __init__(self, encoder: tiktoken.Encoding) -> None:
        self._enc = encoder
        self._pieces = _split_pattern(encoder)
        self._tail = ""
        self._tail_bytes = 0
        self._tail_tokens = 0
        self._final = 0
        self._queued: list[str] = []
        self._queued_chars = 0
        # A token is at least one UTF-8 byte, and a character at most four.
        self._queued_bytes_bound = 0

    def add(self, text: str) -> None:
        """Queue one delta; it is encoded with the next batch."""
        if not text:
            return
        self._queued.append(text)
        self._queued_chars += len(text)
        self._queued_bytes_bound += len(text) if text.isascii() else 4 * len(text)
        if self._queued_chars >= self.BATCH_CHARS:
            self._absorb()

    @property
    def total(self) -> int:
        """The exact token count of everything added so far."""
        if self._queued:
            self._absorb()
        return self._final + self._tail_tokens

    def reached(self, cap: int) -> bool:
        """Whether the count is at least `cap`; encodes only once the count may be that high."""
        if self._final + self._tail_bytes + self._queued_bytes_bound < cap:
            return False
        return self.total >= cap

    def _absorb(self) -> None:
        text = "".join(self._queued)
        self._queued.clear()
        self._queued_chars = self._queued_bytes_bound = 0
        try:
            text.encode()
        except UnicodeEncodeError:  # lone surrogates (JSON allows them): replace, as tiktoken does
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        self._tail += text
        tokens = self._enc.encode_ordinary(self._tail)
        if len(self._tail) <= self.SPLIT_AFTER_CHARS:
            self._tail_tokens = len(tokens)
            self._tail_bytes = len(self._tail.encode())
            return
        ends = [match.end() for match in self._pieces.finditer(self._tail)]
        if len(ends) > self.OPEN_PIECES:
            self._close_pieces(tokens, ends[-self.OPEN_PIECES - 1])
        elif len(self._tail) > self.MAX_TAIL_CHARS:
            self._close(tokens, len(self._tail.encode()) - self.MAX_TAIL_CHARS // 2)
        else:
            self._tail_tokens = len(tokens)
        self._tail_bytes = len(self._tail.encode())

    def _close_pieces(self, tokens: list[int], cut: int) -> None:
        """Finalize the pieces before character `cut`, a piece boundary of the tail."""
        closed = self._enc.encode_ordinary(self._tail[:cut])
        if tokens[: len(closed)] != closed:
            # Never seen; kept so that the count stays exact if a pattern ever splits a
            # prefix differently from the whole text.
            self._close(tokens, len(self._tail[:cut].encode()))
            return
        self._tail = self._tail[cut:]
        self._final += len(closed)
        self._tail_tokens = len(tokens) - len(closed)

    def _close(self, tokens: list[int], cut_bytes: int) -> None:
        """Finalize the tokens that end at or before byte `cut_bytes` of the tail."""
        sizes = [len(piece) for piece in self._enc.decode_tokens_bytes(tokens)]
        closed = seen = 0
        while closed < len(sizes) and seen + sizes[closed] <= cut_bytes:
            seen += sizes[closed]
            closed += 1
        data = self._tail.encode()
        while closed > 0:
            try:
                self._tail = data[seen:].decode()
                break
            except UnicodeDecodeError:  # a forced cut fell inside a character: move it back
                closed -= 1
                seen -= sizes[closed]
        self._final += closed
        self._tail_tokens = len(tokens) - closed


@functools.cache
def _split_pattern(encoder: tiktoken.Encoding) -> regex.Pattern[str]:
    # tiktoken keeps its split pattern private; the pieces must match its own exactly.
    return regex.compile(encoder._pat_str)
