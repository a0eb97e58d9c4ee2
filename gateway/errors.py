"""The one exception tree. Library errors (redis, httpx, yaml) are translated at the boundary.

    DistillguardError
    ├── ConfigError           bad config or policy file; message is `file:line:col: ...`
    │   └── PolicyError       carries every problem found (.problems)
    ├── StoreError            the usage store failed (unreachable, timeout, script error)
    ├── EncodingUnavailable   a tiktoken encoding is not installed locally (no run-time download)
    ├── UpstreamError         the model API could not be reached / answered too late
    │   ├── UpstreamConnectError   -> 502
    │   └── UpstreamTimeout        -> 504
    └── ClientError           the client's request is unusable -> 4xx in the API's error shape
        ├── AuthError              -> 401
        ├── BodyTooLarge           -> 413
        └── BadRequest             -> 400

Each error keeps the public message (what clients see) apart from the private cause
(what the log gets): `public` is fixed text, `str(exc)` and `__cause__` may carry detail.
"""

from __future__ import annotations


class DistillguardError(Exception):
    status = 500
    public = "The gateway failed to process the request."
    error_type = "server_error"
    code: str | None = None


class ConfigError(DistillguardError):
    """A config or policy file is invalid; the message names file, line and field."""


MAX_PROBLEMS_SHOWN = 20
"""A pack with thousands of errors (one mistake repeated by a generator) is read in
the first few; the message stays readable in a terminal, a log line and the admin API."""


class PolicyError(ConfigError):
    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown = [*shown, f"... and {len(problems) - len(shown)} more problems"]
        super().__init__("\n".join(shown))
        self.problems = problems


class StoreError(DistillguardError):
    status = 503
    public = "Usage accounting is temporarily unavailable; retry shortly."
    error_type = "service_unavailable"
    code = "store_unavailable"


class EncodingUnavailable(DistillguardError):
    """A tokenizer encoding file is missing or fails its SHA-256 check."""


class UpstreamError(DistillguardError):
    status = 502
    public = "The model API could not be reached."
    error_type = "upstream_error"
    code = "upstream_unavailable"


class UpstreamConnectError(UpstreamError):
    pass


class UpstreamTimeout(UpstreamError):
    status = 504
    public = "The model API did not answer in time."
    code = "upstream_timeout"


class ClientError(DistillguardError):
    status = 400
    public = "The request could not be processed."
    error_type = "invalid_request_error"


class AuthError(ClientError):
    status = 401
    public = "Missing or unknown API key."
    error_type = "authentication_error"
    code = "invalid_api_key"


class BodyTooLarge(ClientError):
    status = 413
    public = "Request body too large."
    code = "request_too_large"


class UnsupportedEncoding(ClientError):
    """A compressed request body: the gateway counts and inspects the JSON it forwards."""

    status = 415
    public = "Compressed request bodies are not supported; send the JSON without Content-Encoding."
    code = "unsupported_content_encoding"


class BadRequest(ClientError):
    def __init__(self, public: str) -> None:
        super().__init__(public)
        self.public = public
