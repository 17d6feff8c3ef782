"""`ordersupport shop import`: all-or-nothing, with errors that name the order and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bots.cli import main
from core.services import Services
from core.sources.sql import ImportRejected, validate_import
from tests.factories import order_doc


def test_a_valid_list_is_accepted() -> None:
    orders = validate_import([order_doc(), order_doc(order_no="A-2")])
    assert [o.order_no for o in orders] == ["1234567890123451023", "A-2"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"status": "lost"}, "status"),
        ({"placed_at": "2026-01-01T10:00:00"}, "placed_at"),
        ({"items": []}, "items"),
        ({"payment": {"method": "card", "status": "succeeded", "amount": "-1"}}, "payment.amount"),
        ({"discounts": [{"code": "X", "kind": "threshold", "amount": "10"}]}, "discounts.0"),
        ({"customer": {"id": "C", "name": "N", "timezone": "Mars/Base"}}, "customer.timezone"),
    ],
)
def test_a_bad_field_is_named_with_its_order(change: dict, field: str) -> None:
    with pytest.raises(ImportRejected) as error:
        validate_import([order_doc(order_no="GOOD-1"), order_doc(order_no="BAD-2", **change)])
    message = str(error.value)
    assert "order #2 (BAD-2)" in message and f"field '{field}" in message


def test_duplicate_order_numbers_are_rejected() -> None:
    with pytest.raises(ImportRejected, match="duplicate"):
        validate_import([order_doc(), order_doc()])


def test_a_file_that_is_not_a_list_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="JSON list"):
        validate_import({"order_no": "X"})


def _write(tmp_path: Path, docs: object) -> Path:
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    return path


async def _count(settings_url: str) -> int:
    from core.services import build_services
    from core.settings import Settings

    services = await build_services(Settings(database_url=settings_url))
    try:
        return await services.orders.count()
    finally:
        await services.aclose()


def test_cli_import_loads_every_order(
    tmp_path: Path, monkeypatch, capsys, services: Services
) -> None:
    monkeypatch.setenv("ORDERSUPPORT_DATABASE_URL", services.settings.database_url)
    from core.settings import get_settings

    get_settings.cache_clear()
    path = _write(tmp_path, [order_doc(), order_doc(order_no="A-2")])
    assert main(["shop", "import", str(path)]) == 0
    assert "imported 2 orders" in capsys.readouterr().out
    get_settings.cache_clear()


def test_cli_import_of_a_bad_file_imports_nothing(
    tmp_path: Path, monkeypatch, capsys, services: Services
) -> None:
    import asyncio

    monkeypatch.setenv("ORDERSUPPORT_DATABASE_URL", services.settings.database_url)
    from core.settings import get_settings

    get_settings.cache_clear()
    path = _write(tmp_path, [order_doc(order_no="A-1"), order_doc(order_no="A-2", currency="??")])
    assert main(["shop", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and "order #2 (A-2)" in err and "currency" in err
    assert asyncio.run(_count(services.settings.database_url)) == 0
    get_settings.cache_clear()
