"""The slips a visitor takes home, read back from the PDF itself."""

import io

import pytest
from pypdf import PdfReader

from quancheng_tui.documents.forms import render_pdf
from quancheng_tui.services import cases, forms, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")


@pytest.mark.sqlite_only
def test_receipt_pdf_names_number_materials_and_promised_date(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = cases.register_case(cat_db, clerk, clock, RegistrationInput(
        matter_code="MZ-001", name="张三", id_number="11010519491231002X", village="V01"))
    text = _text(render_pdf(forms.registration_form(case, setup.office(cat_db))[1]))
    assert case.number in text and "城乡最低生活保障" in text
    due = case.due_on
    assert f"{due.year}年{due.month}月{due.day}日" in text  # the promised date, as the form prints it
    for m in case.materials:
        assert m.name.replace(" ", "")[:8] in text


@pytest.mark.sqlite_only
def test_refusal_pdf_carries_reason_and_basis(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    case = cases.register_case(cat_db, clerk, clock, RegistrationInput(
        matter_code="MZ-001", name="张三", id_number="11010519491231002X", kind="rejected",
        reason="家庭人均收入高于当地低保标准", basis="《社会救助暂行办法》第九条"))
    text = _text(render_pdf(forms.registration_form(case, setup.office(cat_db))[1]))
    assert "家庭人均收入高于当地低保标准" in text and "《社会救助暂行办法》第九条" in text and case.number in text
