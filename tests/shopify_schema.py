"""The pinned Shopify Admin GraphQL schema, and a checker for the documents the connector sends.

The schema is the introspection result Shopify ships inside its own npm package
`@shopify/dev-mcp` (ISC licence; `dist/data/admin_<version>.json.gz`). It is not committed:
`python3 tests/shopify_schema.py fetch` (run by `.ci/run`) takes it from the npm registry with
`npm pack` into a cache folder and checks its SHA-256, so every run validates against the
same bytes. See tests/fixtures/shopify/README.md.

`check(document, variables)` returns every problem a real Shopify would report, and more:
the document against the schema (GraphQL validation rules), deprecated fields, arguments and
enum values used, the variables coerced to their declared types, and deprecated input fields
or enum values inside the variables.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_client_schema,
    coerce_input_value,
    parse,
    type_from_ast,
    validate,
    visit,
)

API_VERSION = "2026-10"
PACKAGE = "@shopify/dev-mcp"
PACKAGE_VERSION = "1.16.0"
MEMBER = f"package/dist/data/admin_{API_VERSION}.json.gz"
SHA256 = "f3b522f264556925eada700e795e4a002a9cba83444ebcc6c0d724254a0c6593"
CACHE = Path(os.environ.get("ORDERSUPPORT_SCHEMA_CACHE", Path.home() / ".cache" / "ordersupport"))
SCHEMA_FILE = CACHE / f"shopify-admin-{API_VERSION}.json.gz"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def available() -> bool:
    return SCHEMA_FILE.exists() and _digest(SCHEMA_FILE) == SHA256


def fetch() -> Path:
    """Take the schema out of the npm package (the registry, through `npm pack`)."""
    if available():
        return SCHEMA_FILE
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to fetch the Shopify Admin schema (apt-get install npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"{PACKAGE}@{PACKAGE_VERSION}", "--silent"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        [tarball] = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(MEMBER)
            if member is None:
                raise RuntimeError(f"{MEMBER} is not in {PACKAGE}@{PACKAGE_VERSION}")
            partial = SCHEMA_FILE.with_suffix(".part")
            partial.write_bytes(member.read())
    if _digest(partial) != SHA256:
        partial.unlink()
        raise RuntimeError(f"{MEMBER}: SHA-256 differs from the pinned one")
    partial.replace(SCHEMA_FILE)
    return SCHEMA_FILE


@lru_cache(maxsize=1)
def schema() -> GraphQLSchema:
    if not available():
        raise FileNotFoundError(
            f"the Shopify Admin {API_VERSION} schema is not at {SCHEMA_FILE}: "
            "run `python3 tests/shopify_schema.py fetch`"
        )
    doc = json.loads(gzip.decompress(SCHEMA_FILE.read_bytes()))
    return build_client_schema(doc["data"] if "data" in doc else doc)


class _Deprecated(Visitor):
    """Deprecated fields, arguments and enum literals used by a document."""

    def __init__(self, info: TypeInfo, found: list[str]) -> None:
        super().__init__()
        self.info = info
        self.found = found

    def enter_field(self, node: Any, *_: Any) -> None:
        field = self.info.get_field_def()
        parent = self.info.get_parent_type()
        if field is not None and field.deprecation_reason:
            self.found.append(f"deprecated field {parent}.{node.name.value}")

    def enter_argument(self, node: Any, *_: Any) -> None:
        arg = self.info.get_argument()
        if arg is not None and arg.deprecation_reason:
            self.found.append(f"deprecated argument {node.name.value}")

    def enter_enum_value(self, node: Any, *_: Any) -> None:
        enum = self.info.get_input_type()
        while isinstance(enum, GraphQLNonNull | GraphQLList):
            enum = enum.of_type
        if isinstance(enum, GraphQLEnumType):
            value = enum.values.get(node.value)
            if value is not None and value.deprecation_reason:
                self.found.append(f"deprecated enum value {enum.name}.{node.value}")


def _deprecated_inputs(kind: Any, value: Any, where: str, found: list[str]) -> None:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if value is None:
        return
    if isinstance(kind, GraphQLList):
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            _deprecated_inputs(kind.of_type, item, f"{where}[{i}]", found)
    elif isinstance(kind, GraphQLInputObjectType) and isinstance(value, Mapping):
        for name, item in value.items():
            field = kind.fields.get(name)
            if field is None:
                continue
            if field.deprecation_reason:
                found.append(f"deprecated input field {kind.name}.{name} at {where}")
            _deprecated_inputs(field.type, item, f"{where}.{name}", found)
    elif isinstance(kind, GraphQLEnumType) and isinstance(value, str):
        enum_value = kind.values.get(value)
        if enum_value is not None and enum_value.deprecation_reason:
            found.append(f"deprecated enum value {kind.name}.{value} at {where}")


def check(document: str, variables: Mapping[str, Any] | None = None) -> list[str]:
    """Every problem of one operation against the pinned schema; empty when it is fine."""
    admin = schema()
    ast = parse(document)
    problems = [error.message for error in validate(admin, ast)]
    if problems:
        return problems
    info = TypeInfo(admin)
    visit(ast, TypeInfoVisitor(info, _Deprecated(info, problems)))
    if variables is None:
        return problems
    for definition in ast.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for var in definition.variable_definitions or []:
            name = var.variable.name.value
            kind = type_from_ast(admin, var.type)
            if name not in variables:
                if isinstance(kind, GraphQLNonNull) and var.default_value is None:
                    problems.append(f"variable ${name} is required")
                continue

            def report(path: Any, invalid: Any, error: Any, name: str = name) -> None:
                where = ".".join(str(p) for p in path) if path else ""
                problems.append(f"variable ${name}{'.' + where if where else ''}: {error.message}")

            coerce_input_value(variables[name], kind, report)  # type: ignore[arg-type]
            _deprecated_inputs(kind, variables[name], f"${name}", problems)
        declared = {v.variable.name.value for v in definition.variable_definitions or []}
        problems.extend(f"variable ${n} is not declared" for n in set(variables) - declared)
    return problems


def enum_values(name: str) -> set[str]:
    kind = schema().type_map[name]
    assert isinstance(kind, GraphQLEnumType), name
    return {v for v, d in kind.values.items() if not d.deprecation_reason}


if __name__ == "__main__":
    if sys.argv[1:] == ["fetch"]:
        print(fetch())
    else:
        print("usage: python3 tests/shopify_schema.py fetch", file=sys.stderr)
        raise SystemExit(2)
