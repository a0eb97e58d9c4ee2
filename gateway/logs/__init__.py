"""Enforcement log: writer (off the request path), sinks, hash chain, reader."""

from gateway.logs.chain import GENESIS, VerifyResult, verify
from gateway.logs.reader import Filters, iter_records, parse_time, tail
from gateway.logs.sinks import FileSink, RedisStreamSink, Sink, StdoutSink
from gateway.logs.writer import LogWriter

__all__ = [
    "GENESIS",
    "FileSink",
    "Filters",
    "LogWriter",
    "RedisStreamSink",
    "Sink",
    "StdoutSink",
    "VerifyResult",
    "iter_records",
    "parse_time",
    "tail",
    "verify",
]
