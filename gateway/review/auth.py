"""Who may review: the admin token, dashboard sessions and CSRF tokens.

The admin JSON API takes the token on every call (`Authorization: Bearer <token>` or
`x-distillguard-admin-token`). The dashboard exchanges it once, at the login form, for a
session cookie: `<session id>.<expiry>.<HMAC>`, signed with a key derived from the admin
token, so nothing is stored server-side, every instance sharing the token accepts it,
and changing the token logs everyone out. A session's CSRF token is the HMAC of its id:
forms carry it in a hidden field, and a cross-site page can neither read the cookie
(HttpOnly) nor compute the token.

Every comparison of a secret is hmac.compare_digest. Sessions use the wall clock, never
the gateway's injectable clock (the demo runs that on simulated time).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SESSION_COOKIE = "distillguard_session"
SESSION_TTL_S = 8 * 3600.0
COOKIE_PATH = "/_distillguard"


@dataclass(frozen=True, slots=True)
class Session:
    sid: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class AdminAuth:
    def __init__(
        self,
        token: str,
        session_ttl_s: float = SESSION_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not token:
            raise ValueError("the admin token must not be empty")
        self._token = token.encode()
        self._key = hmac.new(self._token, b"distillguard dashboard session v1", "sha256").digest()
        self.session_ttl_s = session_ttl_s
        self._clock = clock

    def token_ok(self, candidate: str | None) -> bool:
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode(), self._token)  # bytes: any text is safe

    def request_ok(self, headers: Mapping[str, str]) -> bool:
        """The admin token in `Authorization: Bearer` or `x-distillguard-admin-token`."""
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self.token_ok(value.strip()):
            return True
        return self.token_ok(headers.get("x-distillguard-admin-token", "").strip())

    def new_session(self) -> tuple[Session, str]:
        """A fresh session and its cookie value."""
        session = Session(secrets.token_urlsafe(18), int(self._clock() + self.session_ttl_s))
        payload = f"{session.sid}.{session.expires}"
        return session, f"{payload}.{self._sign(payload)}"

    def session(self, cookie: str | None) -> Session | None:
        """The session of a cookie value, or None when forged, malformed or expired."""
        if not cookie or cookie.count(".") != 2:
            return None
        sid, expires, signature = cookie.split(".")
        if not _same(signature, self._sign(f"{sid}.{expires}")):
            return None
        try:
            until = int(expires)
        except ValueError:
            return None
        if until <= self._clock():
            return None
        return Session(sid, until)

    def csrf_token(self, session: Session) -> str:
        return self._sign(f"csrf:{session.sid}")

    def csrf_ok(self, session: Session, candidate: str | None) -> bool:
        return bool(candidate) and _same(str(candidate), self.csrf_token(session))

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())


def _same(a: str, b: str) -> bool:
    # compare_digest on str raises for non-ASCII input; client-chosen text may be anything.
    return hmac.compare_digest(a.encode(), b.encode())
