"""Enforcement mechanics, pure and I/O-free: the proxy wires them into its request path.

- `challenge`: stateless HMAC-signed proof-of-work challenges (issue, verify, solve).
- `degrade_request`: cap tokens, drop logprobs/reasoning options, route the model.
- `degrade_response`: strip logprobs and reasoning from bodies and stream events.
- `delay`: the bounded gate behind throttle mode `delay`.
"""
