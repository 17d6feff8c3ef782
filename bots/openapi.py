"""The OpenAPI 3.1 description of `/api/*`, built from the routes' own table
(`bots.rest_api.ENDPOINTS`, `WEB_CHAT`) and their pydantic models, served at `/openapi.json`.

Schemas come from `pydantic.json_schema.models_json_schema` with the components' ref template,
request bodies in validation mode and answers in serialization mode (a model whose two forms
differ appears twice, as `Name-Input` and `Name-Output`). OpenAPI 3.1's schema dialect is JSON
Schema 2020-12, pydantic's own, so nothing is translated. The scope a route needs is named in
its security requirement (3.1 allows role names for bearer schemes) and in its description.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from bots.api_models import PROBLEM_JSON, Problem
from bots.rest_api import ENDPOINTS, WEB_CHAT, Endpoint, template
from core.settings import API_SCOPES

PATH = "/openapi.json"
REF_TEMPLATE = "#/components/schemas/{model}"
SECURITY_SCHEME = "bearerAuth"


def _version() -> str:
    try:
        return metadata.version("ordersupport")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _models(endpoints: tuple[Endpoint, ...]) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    seen: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for endpoint in endpoints:
        wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = []
        if endpoint.body is not None:
            wanted.append((endpoint.body, "validation"))
        wanted += [(model, "serialization") for model, _ in endpoint.responses.values()]
        seen += [w for w in wanted if w not in seen]
    return seen


def _operation(endpoint: Endpoint, refs: dict[Any, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": endpoint.operation_id,
        "summary": endpoint.summary,
        "tags": [endpoint.tag],
    }
    if endpoint.scope is not None:
        op["description"] = f"Needs a bearer token with the scope `{endpoint.scope}`."
        op["security"] = [{SECURITY_SCHEME: [endpoint.scope]}]
    else:
        op["security"] = []  # open to the chat page
    params = [
        {
            "name": p.name,
            "in": p.where,
            "required": p.required or p.where == "path",
            "schema": p.schema,
            **({"description": p.description} if p.description else {}),
        }
        for p in (*endpoint.params, *endpoint.headers)
    ]
    if params:
        op["parameters"] = params
    if endpoint.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(endpoint.body, "validation")]}},
        }
    responses: dict[str, Any] = {}
    for status, (model, description) in sorted(endpoint.responses.items()):
        media = PROBLEM_JSON if model is Problem else "application/json"
        answer: dict[str, Any] = {
            "description": description,
            "content": {media: {"schema": refs[(model, "serialization")]}},
        }
        if status == 401:
            answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        if status == 503:
            answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses[str(status)] = answer
    op["responses"] = responses
    return op


@cache
def build() -> dict[str, Any]:
    """The whole description (built once per process: it depends on code only)."""
    endpoints = (*ENDPOINTS, *WEB_CHAT)
    refs, defs = models_json_schema(_models(endpoints), ref_template=REF_TEMPLATE)
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        paths.setdefault(template(endpoint.path), {})[endpoint.method.lower()] = _operation(
            endpoint, refs
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Order support REST API",
            "version": _version(),
            "description": (
                "Orders, customers' orders, order events and tickets for ERP, CRM and OMS "
                "integrations, and the web chat's own endpoints. Errors are RFC 9457 problem "
                "details. Scopes: " + ", ".join(API_SCOPES) + "."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "ORDERSUPPORT_API_TOKEN (every scope) or one of "
                    "ORDERSUPPORT_API_TOKENS (its scopes)",
                }
            },
        },
        "tags": [{"name": "orders"}, {"name": "tickets"}, {"name": "web chat"}],
    }


async def openapi_json(_: web.Request) -> web.Response:
    return web.json_response(build())


def mount(app: web.Application) -> None:
    app.router.add_get(PATH, openapi_json)
