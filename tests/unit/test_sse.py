"""SSE event parsing and the JSON decoding under it."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway import jsoncodec
from gateway.proxy.sse import SseSplitter, parse_event


def test_one_data_line_event() -> None:
    event = parse_event(b'data: {"a":1}\n\n')
    assert (event.name, event.data, event.json()) == (None, '{"a":1}', {"a": 1})


def test_named_multi_line_and_crlf_events() -> None:
    named = parse_event(b'event: message_start\ndata: {"type":"x"}\n\n')
    assert named.name == "message_start" and named.json() == {"type": "x"}
    multi = parse_event(b"data: [1,\ndata: 2]\n\n")
    assert multi.json() == [1, 2]
    crlf = parse_event(b'data: {"a":2}\r\n\r\n')
    assert crlf.json() == {"a": 2}
    assert parse_event(b"data:[DONE]\n\n").data == "[DONE]"
    assert parse_event(b": keep-alive\n\n").data == ""


def test_unicode_line_separators_inside_json_do_not_split_the_event() -> None:
    # JSON may carry U+2028, U+2029 and U+0085 unescaped; str.splitlines would cut there.
    payload = json.dumps(
        {"choices": [{"delta": {"content": "a\u2028b\u0085c\u2029d"}}]}, ensure_ascii=False
    )
    for raw in (f"data: {payload}\n\n", f"event: x\ndata: {payload}\n\n"):
        event = parse_event(raw.encode())
        assert event.json() == json.loads(payload)


def test_splitter_then_parse_round_trip() -> None:
    splitter = SseSplitter()
    stream = b'data: {"n":1}\n\ndata: {"n":2}\r\n\r\ndata: {"n"'
    events = [parse_event(raw).json() for raw in splitter.feed(stream)]
    assert events == [{"n": 1}, {"n": 2}]
    assert [parse_event(raw).json() for raw in splitter.feed(b":3}\n\n")] == [{"n": 3}]


def test_json_that_orjson_refuses_decodes_as_the_standard_library_does() -> None:
    assert jsoncodec.read('{"t":"\\ud800"}') == {"t": "\ud800"}
    assert math.isnan(jsoncodec.read("[NaN]")[0])
    assert jsoncodec.read("[1e400]") == [math.inf]
    assert parse_event(b'data: {"t":"\\udc00x"}\n\n').json() == {"t": "\udc00x"}


def test_exact_decoding_keeps_integers_beyond_64_bits() -> None:
    event = parse_event(b'data: {"seed":123456789012345678901234567890}\n\n')
    assert event.json(exact=True) == {"seed": 123456789012345678901234567890}
    assert event.json() == {"seed": 1.2345678901234568e29}  # orjson: read-only use


def test_unparsable_or_too_deep_data_is_none() -> None:
    assert parse_event(b"data: {not json\n\n").json() is None
    assert parse_event(b"data: " + b"[" * 100_000 + b"\n\n").json() is None


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats()
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=json_values, ascii_only=st.booleans())
def test_reading_agrees_with_json_within_64_bit_integers(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    expected = json.loads(text)
    got = jsoncodec.read(text)
    # NaN != NaN: compare the canonical text instead of the values.
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
