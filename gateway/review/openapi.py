"""OpenAPI 3.0 schema of the admin JSON API, served at /_distillguard/admin/openapi.json.

Written by hand next to admin.py (it is small) and checked against the running API by
schemathesis in tests/integration/test_admin_api.py.
"""

from __future__ import annotations

from typing import Any

from gateway import __version__ as VERSION

_STR = {"type": "string"}
_NSTR = {"type": "string", "nullable": True}
_INT = {"type": "integer"}
_NUM = {"type": "number"}
_BOOL = {"type": "boolean"}
_OBJ = {"type": "object"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or list(props)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERR = _json(_ref("Error"), "error")
_ERRORS = {"401": _ERR, "404": _ERR}
_ACCOUNT = {
    "name": "account",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "minLength": 1, "maxLength": 256},
}


def _op(
    summary: str,
    ok: dict[str, Any],
    body: str | None = None,
    params: list[dict[str, Any]] | None = None,
    extra: tuple[int, ...] = (),
    ok_status: str = "200",
) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {ok_status: ok, **_ERRORS}}
    for status in extra:
        op["responses"][str(status)] = _ERR
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        }
        op["responses"]["422"] = _ERR
    if params:
        op["parameters"] = params
    return op


_REASON = {"type": "string", "minLength": 1, "maxLength": 500, "pattern": r"\S"}
_ACTOR = {"type": "string", "minLength": 1, "maxLength": 100, "default": "admin"}
_SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": _obj({"message": _STR, "type": _STR}, ["message"])}),
    "Policy": _obj(
        {
            "version": _STR,
            "files": {"type": "array", "items": _STR},
            "reloads_ok": _INT,
            "reloads_refused": _INT,
            "last_error": _NSTR,
        }
    ),
    "Key": _obj({"key_id": _STR, "account": _STR, "tier": _STR, "created": _STR, "revoked": _BOOL}),
    "AdminRecord": _obj(
        {
            "ts": _STR,
            "request_id": _STR,
            "account": _STR,
            "action": {"type": "string", "enum": ["admin"]},
            "admin_action": _STR,
            "reason": _STR,
            "actor": _STR,
        }
    ),
    "Account": _obj(
        {
            "account": _STR,
            "allowlisted": _BOOL,
            "policy_exempt": _BOOL,
            "tier": _NSTR,
            "usage": {**_OBJ, "nullable": True, "description": "metric -> window -> amount"},
            "limits": {
                "type": "array",
                "items": _obj({"metric": _STR, "window": _STR, "maximum": _INT}),
            },
            "signals": {**_OBJ, "nullable": True},
            "campaign": _NSTR,
            "linked_accounts": {"type": "array", "items": _STR},
            "errors": {"type": "array", "items": _STR},
            "log": {**_OBJ, "description": "history from the enforcement log (absent: no log)"},
        },
        ["account", "allowlisted", "policy_exempt", "usage", "signals", "linked_accounts"],
    ),
    "ActionRequest": {
        **_obj(
            {
                "action": {
                    "type": "string",
                    "enum": ["allowlist", "unallowlist", "unblock", "reset_score"],
                },
                "reason": _REASON,
                "actor": _ACTOR,
            },
            ["action", "reason"],
        ),
        "additionalProperties": False,
    },
    "KeyAddRequest": {
        **_obj(
            {
                "account": {"type": "string", "minLength": 1, "maxLength": 256},
                "tier": {"type": "string", "minLength": 1, "maxLength": 64, "default": "default"},
                "key": {"type": "string", "minLength": 8, "maxLength": 512},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "reason": _REASON,
                "actor": _ACTOR,
            },
            ["account", "reason"],
        ),
        "additionalProperties": False,
        "description": "Exactly one of `key` (raw; hashed on arrival, never stored) or `sha256`.",
    },
    "ReasonRequest": {
        **_obj({"reason": _REASON, "actor": _ACTOR}, ["reason"]),
        "additionalProperties": False,
    },
}


def schema() -> dict[str, Any]:
    paths = {
        "/openapi.json": {"get": _op("This document", _json(_OBJ, "ok"))},
        "/policy": {"get": _op("Policy version and reload status", _json(_ref("Policy"), "ok"))},
        "/policy/reload": {
            "post": _op(
                "Reload the policy files now (an invalid edit is refused, the old one kept)",
                _json(_obj({"reloaded": _BOOL, "policy": _ref("Policy")}), "ok"),
            )
        },
        "/overview": {"get": _op("What the dashboard overview shows, as JSON", _json(_OBJ, "ok"))},
        "/allowlist": {
            "get": _op(
                "Allowlisted accounts",
                _json(_obj({"accounts": {"type": "array", "items": _STR}}), "ok"),
                extra=(503,),
            )
        },
        "/keys": {
            "get": _op(
                "Registered keys (by key id; hashes and raw keys are never returned)",
                _json(_obj({"keys": {"type": "array", "items": _ref("Key")}}), "ok"),
                extra=(503,),
            ),
            "post": _op(
                "Register a key for an account",
                _json(_obj({"key": _ref("Key")}), "created"),
                body="KeyAddRequest",
                extra=(409, 503),
                ok_status="201",
            ),
        },
        "/keys/{key_id}/revoke": {
            "post": _op(
                "Revoke a registered key",
                _json(_obj({"key": _ref("Key")}), "ok"),
                body="ReasonRequest",
                params=[{"name": "key_id", "in": "path", "required": True, "schema": _STR}],
                extra=(409, 503),
            )
        },
        "/accounts/{account}": {
            "get": _op(
                "An account's live usage and signals, history, decisions and campaign",
                _json(_ref("Account"), "ok"),
                params=[_ACCOUNT],
                extra=(422,),
            )
        },
        "/accounts/{account}/actions": {
            "post": _op(
                "Allowlist, unallowlist, clear a block or reset the score (logged with reason)",
                _json(_obj({"record": _ref("AdminRecord"), "allowlisted": _BOOL}), "ok"),
                body="ActionRequest",
                params=[_ACCOUNT],
                extra=(503,),
            )
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "distillguard admin API",
            "version": VERSION,
            "description": "Review and act on enforcement. Every call needs the admin token.",
        },
        "servers": [{"url": "/_distillguard/admin"}],
        "security": [{"bearer": []}, {"header": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "header": {"type": "apiKey", "in": "header", "name": "x-distillguard-admin-token"},
            },
            "schemas": _SCHEMAS,
        },
        "paths": paths,
    }
