"""Bad input never yields a 500: every refusal names its field, in English and Bahasa Indonesia."""

from __future__ import annotations

import pytest

from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body
from tests.support.handlers import Api


def _fields(body: dict) -> dict[str, str]:
    return {f["field"]: f["message_id"] for f in body["error"]["fields"]}


@pytest.mark.parametrize(
    ("change", "field", "message_id"),
    [
        ({"nik": "12345"}, "nik", "NIK harus terdiri dari 16 angka."),
        ({"nik": "9923010101900001"}, "nik", "Dua angka pertama NIK bukan kode provinsi yang berlaku."),
        ({"nik": "3523013202900001"}, "nik", "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid."),
        ({"nik": "3523010101900000"}, "nik", "Empat angka terakhir NIK tidak boleh 0000."),
        ({"phone": "12345"}, "phone", "Masukkan nomor HP Indonesia, contoh 0812 3456 7890."),
        ({"phone": "0215551234"}, "phone", "Masukkan nomor HP (08...), agar kami dapat mengirim pesan kepada Anda."),
        ({"name": "R2-D2"}, "name", "Tulis nama sesuai KTP-el atau KK (hanya huruf)."),
        ({"service": "paspor"}, "service", "Pilihan ini tidak tersedia."),
        ({"date": "25/11/2026"}, "date", "Tanggal tidak valid; gunakan format TTTT-BB-HH."),
        ({"session": "morning"}, "session", "Formatnya tidak sesuai."),
        ({"session": 1}, "session", "Harus berupa teks."),
        ({"extra": "x"}, "extra", "Isian ini tidak dikenal."),
    ],
)
def test_invalid_field_is_named_with_its_message(seed, api: Api, change: dict, field: str, message_id: str) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, **change))

    assert status == 422
    assert body["error"]["code"] == "invalid_request"
    assert _fields(body)[field] == message_id
    assert api.left("tegal", WEDNESDAY) == 20


def test_missing_fields_are_all_named(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", {"nik": "3523010101900001"})

    assert status == 422
    assert set(_fields(body)) == {"name", "phone", "service", "date", "session"}
    assert _fields(body)["name"] == "Wajib diisi."


@pytest.mark.parametrize("raw", ["{not json", "", "[]", '"text"', "null", "{" * 5000])
def test_malformed_bodies_are_422(seed, api: Api, raw: str) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", raw)

    assert status == 422, body
    assert body["error"]["code"] == "invalid_request"


def test_a_huge_body_is_413(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, name="A" * 100_000))

    assert (status, body["error"]["code"]) == (413, "payload_too_large")


def test_a_body_that_is_not_json_by_content_type_is_refused(seed, api: Api) -> None:
    seed("tegal")

    status, body, _ = api.call("POST", "/offices/tegal/bookings", body="nik=1", headers={"Content-Type": "text/plain"})

    assert (status, body["error"]["code"]) == (415, "unsupported_media_type")


def test_unknown_office_on_booking_is_404(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.post("/offices/atlantis/bookings", booking_body(1, WEDNESDAY))

    assert (status, body["error"]["code"]) == (404, "office_not_found")


def test_an_office_id_that_cannot_exist_is_422(seed, api: Api) -> None:
    seed("tegal")

    status, body = api.get("/offices/NOT_AN_ID!")

    assert status == 422
    assert _fields(body) == {"office_id": "Formatnya tidak sesuai."}


def test_an_unexpected_fault_is_a_500_in_the_error_model_without_details(seed, api: Api, monkeypatch) -> None:
    from antrean.logic import offices

    seed("tegal")
    monkeypatch.setattr(offices, "_offices", lambda: 1 / 0)

    status, body = api.get("/offices/tegal")

    assert status == 500
    assert body == {
        "error": {
            "code": "internal_error",
            "message": "Something went wrong on our side. Please try again later.",
            "message_id": "Terjadi kesalahan pada sistem kami. Silakan coba lagi nanti.",
        }
    }
