"""Reviewing enforcement: the `logs` CLI views (and, later, the dashboard)."""
