"""Traffic simulation (simulate) and, later, replay and scoring."""
