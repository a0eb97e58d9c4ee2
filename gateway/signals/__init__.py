"""Harvest-detection signals: per-request features, account and campaign sketches, score."""

from gateway.signals.engine import SignalEngine
from gateway.signals.state import SignalBackend
from gateway.signals.state_memory import MemorySignalBackend

__all__ = ["MemorySignalBackend", "SignalBackend", "SignalEngine"]
