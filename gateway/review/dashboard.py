"""The dashboard under /_distillguard/ui: server-rendered pages, a login form, CSRF-checked forms.

Reads need a valid session cookie (else: redirect to the login form). Every POST except
the login itself carries the session's CSRF token in a hidden field. Forms are parsed
here from the urlencoded body (no python-multipart), with a size cap. Pages are sent with
a strict Content-Security-Policy: no scripts at all, styles from our own stylesheet only.
"""

from __future__ import annotations

import functools
import time
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from gateway.errors import StoreError
from gateway.review import pages
from gateway.review.account_page import ACTION_LABELS
from gateway.review.account_page import account_page as render_account
from gateway.review.admin import ACCOUNT_CONVERTOR
from gateway.review.auth import COOKIE_PATH, SESSION_COOKIE, Session
from gateway.review.html import Markup, esc, url_part
from gateway.review.service import ReviewError

if TYPE_CHECKING:
    from gateway.review.routes import Review

BASE = "/_distillguard/ui"
MAX_FORM_BYTES = 16 * 1024
MAX_FORM_FIELDS = 20
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def routes() -> list[BaseRoute]:
    """Routes relative to the /_distillguard/ui mount."""
    return [
        Route("/", overview, methods=["GET"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/find", find, methods=["GET"]),
        Route(
            f"/accounts/{{account:{ACCOUNT_CONVERTOR}}}/actions", account_action, methods=["POST"]
        ),
        Route(f"/accounts/{{account:{ACCOUNT_CONVERTOR}}}", account_page, methods=["GET"]),
        Route("/static/dashboard.css", stylesheet, methods=["GET"]),
    ]


def _review(request: Request) -> Review:
    review: Review = request.app.state.review
    return review


def _html(body: Markup, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _session(request: Request) -> Session | None:
    auth = _review(request).auth
    return auth.session(request.cookies.get(SESSION_COOKIE)) if auth else None


def _to_login() -> Response:
    return RedirectResponse(f"{BASE}/login", status_code=303)


class FormError(ValueError):
    """A POST body that is not a form this dashboard sends (shown to the user as is)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


async def _form(request: Request) -> dict[str, str]:
    """The urlencoded form, first value per field; FormError when it is not one."""
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        raise FormError("The request is not a form (application/x-www-form-urlencoded).", 415)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError(f"The form is larger than {MAX_FORM_BYTES} bytes.", 413)
    try:
        fields = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except UnicodeDecodeError:
        raise FormError("The form is not valid UTF-8.", 400) from None
    except ValueError:
        raise FormError(f"The form has more than {MAX_FORM_FIELDS} fields.", 400) from None
    return {k: v[0] for k, v in fields.items()}


def _refused(message: str, status: int) -> Response:
    # Not the page layout: that needs a session, and these answer requests without one too.
    return _html(Markup(f"<h1>Refused</h1><p>{esc(message)}</p>"), status)


async def overview(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _to_login()
    review = _review(request)
    assert review.auth is not None
    data = await review.service.overview()
    body = pages.overview(BASE, data)
    return _html(
        pages.page(BASE, "Overview", body, pages.nav(BASE, review.auth.csrf_token(session)))
    )


async def login_form(request: Request, error: str | None = None, status: int = 200) -> Response:
    if error is None and _session(request) is not None:
        return RedirectResponse(BASE, status_code=303)
    auth = _review(request).auth
    body = pages.login(BASE, auth.session_ttl_s / 3600 if auth else 0)
    page = pages.page(BASE, "Sign in", body, pages.nav(BASE, None), pages.flash(error, True))
    return _html(page, status)


async def login(request: Request) -> Response:
    auth = _review(request).auth
    try:
        form = await _form(request)
    except FormError as exc:
        return await login_form(request, str(exc), exc.status)
    if auth is None or not auth.token_ok(form.get("token")):
        return await login_form(request, "That is not the admin token.", 401)
    session, cookie = auth.new_session()
    response = RedirectResponse(BASE, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(session.expires - time.time()),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


async def logout(request: Request) -> Response:
    session = _session(request)
    auth = _review(request).auth
    if session is None or auth is None:
        return _to_login()
    try:
        form = await _form(request)
    except FormError as exc:
        return _refused(str(exc), exc.status)
    if not auth.csrf_ok(session, form.get("csrf")):
        return _to_login()
    response = RedirectResponse(f"{BASE}/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")
    return response


async def find(request: Request) -> Response:
    if _session(request) is None:
        return _to_login()
    account = request.query_params.get("account", "").strip()
    if not account:
        return RedirectResponse(BASE, status_code=303)
    return RedirectResponse(f"{BASE}/accounts/{url_part(account)}", status_code=303)


async def account_page(
    request: Request, message: str | None = None, error: bool = False, status: int = 200
) -> Response:
    session = _session(request)
    if session is None:
        return _to_login()
    review = _review(request)
    assert review.auth is not None
    account = request.path_params["account"]
    done = request.query_params.get("done")
    if message is None and done in ACTION_LABELS:
        message = f"Done: {ACTION_LABELS[done][0].lower()}; recorded in the enforcement log."
    csrf = review.auth.csrf_token(session)
    try:
        data = await review.service.account(account)
    except ReviewError as exc:
        flash = pages.flash(str(exc), True)
        return _html(pages.page(BASE, "Account", Markup(""), pages.nav(BASE, csrf), flash), 422)
    body = render_account(BASE, data, csrf)
    flash = pages.flash(message, error)
    return _html(pages.page(BASE, f"Account {account}", body, pages.nav(BASE, csrf), flash), status)


async def account_action(request: Request) -> Response:
    session = _session(request)
    review = _review(request)
    if session is None or review.auth is None:
        return _to_login()
    try:
        form = await _form(request)
    except FormError as exc:
        return _refused(str(exc), exc.status)
    if not review.auth.csrf_ok(session, form.get("csrf")):
        return _html(
            Markup("<h1>Forbidden</h1><p>Missing or stale form token; reload the page.</p>"), 403
        )
    account = request.path_params["account"]
    action = form.get("action", "")
    try:
        await review.service.act(account, action, form.get("reason", ""), form.get("actor", ""))
    except ReviewError as exc:
        return await account_page(request, str(exc), error=True, status=exc.status)
    except StoreError as exc:
        return await account_page(request, f"The store failed: {exc}", error=True, status=503)
    # Post/redirect/get: reloading the page does not repeat the action.
    target = f"{BASE}/accounts/{url_part(account)}?done={quote(action)}"
    return RedirectResponse(target, status_code=303)


async def stylesheet(request: Request) -> Response:
    return Response(_css(), media_type="text/css", headers={"cache-control": "max-age=300"})


@functools.cache
def _css() -> str:
    return (files("gateway.review") / "static" / "dashboard.css").read_text(encoding="utf-8")
