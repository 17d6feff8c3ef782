"""Invoice data: the company name (invoice title) and its tax id, in any order."""

from __future__ import annotations

import pytest

from core.understanding.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "title", "tax_id"),
    [
        (
            "抬头 上海某某科技有限公司 税号 91310000MA1K3XXXXX",
            "上海某某科技有限公司",
            "91310000MA1K3XXXXX",
        ),
        (
            "税号91310000MA1K3XXXXX，抬头是上海某某科技有限公司",
            "上海某某科技有限公司",
            "91310000MA1K3XXXXX",
        ),
        ("發票抬頭：台灣某某股份有限公司 統一編號 12345675", "台灣某某股份有限公司", "12345675"),
        ("ACME GmbH, USt-IdNr. DE123456789", "ACME GmbH", "DE123456789"),
        ("Rechnung an Müller & Söhne KG, USt-ID DE811907980", "Müller & Söhne KG", "DE811907980"),
        (
            "factura a nombre de Tiendas López S.L., NIF B12345678",
            "Tiendas López S.L.",
            "B12345678",
        ),
        ("ООО «Ромашка», ИНН 7707083893", "ООО «Ромашка»", "7707083893"),
        (
            "nota fiscal: Loja Exemplo Ltda, CNPJ 12.345.678/0001-90",
            "Loja Exemplo Ltda",
            "12.345.678/0001-90",
        ),
        (
            "faktur atas nama PT Maju Jaya, NPWP 01.234.567.8-901.000",
            "PT Maju Jaya",
            "01.234.567.8-901.000",
        ),
        ("facture pour Dupont SARL, TVA FR40303265045", "Dupont SARL", "FR40303265045"),
        ("invoice to Acme Trading Ltd, VAT GB123456789", "Acme Trading Ltd", "GB123456789"),
        (
            "領収書の宛名は株式会社サンプル、登録番号T1234567890123",
            "株式会社サンプル",
            "T1234567890123",
        ),
        ("세금계산서 (주)샘플상사 사업자등록번호 123-45-67890", "(주)샘플상사", "123-45-67890"),
        ("hóa đơn Công ty TNHH ABC, mã số thuế 0101234567", "Công ty TNHH ABC", "0101234567"),
        (
            "ใบกำกับภาษี บริษัท ตัวอย่าง จำกัด เลขประจำตัวผู้เสียภาษี 0105561234567",
            "บริษัท ตัวอย่าง จำกัด",
            "0105561234567",
        ),
        (
            "فاتورة باسم شركة المثال للتجارة، الرقم الضريبي 300123456700003",
            "شركة المثال للتجارة",
            "300123456700003",
        ),
    ],
)
def test_invoice_title_and_tax_id_are_found_in_any_order(text, title, tax_id):
    ents = extract_entities(text)
    assert (ents.invoice_title, ents.tax_id) == (title, tax_id)


@pytest.mark.parametrize(
    ("text", "tax_id"),
    [
        ("上海某某科技有限公司 91310000MA1K3XXXXX", "91310000MA1K3XXXXX"),
        ("ACME GmbH DE123456789", "DE123456789"),
        ("CNPJ: 12.345.678/0001-90", "12.345.678/0001-90"),
    ],
)
def test_a_tax_id_right_after_the_company_name_is_kept_whole(text, tax_id):
    ents = extract_entities(text)
    assert ents.tax_id == tax_id
    assert ents.order_numbers == []


@pytest.mark.parametrize(
    "text",
    ["能开发票吗", "I need an invoice for order #1043", "¿me pueden enviar la factura?"],
)
def test_an_invoice_request_without_data_has_no_title_or_tax_id(text):
    ents = extract_entities(text)
    assert (ents.invoice_title, ents.tax_id) == (None, None)


def test_a_personal_invoice_title_is_kept():
    assert extract_entities("发票抬头：个人").invoice_title == "个人"
