"""The civil-registry services that can be booked, and the documents each one needs."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ServiceCode(StrEnum):
    KK = "kk"
    KTP_EL = "ktp_el"
    PINDAH_DATANG = "pindah_datang"
    KIA = "kia"
    AKTA_KELAHIRAN = "akta_kelahiran"
    AKTA_KEMATIAN = "akta_kematian"


class RequiredDocument(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_type: str
    name_id: str
    name_en: str


class Service(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: ServiceCode
    name_id: str
    name_en: str
    required_documents: tuple[RequiredDocument, ...]


def _doc(document_type: str, name_id: str, name_en: str) -> RequiredDocument:
    return RequiredDocument(document_type=document_type, name_id=name_id, name_en=name_en)


_F101 = _doc("f101", "Formulir F-1.01 (biodata keluarga)", "Form F-1.01 (family data)")
_KK = _doc("kk", "Kartu Keluarga (KK)", "Family card (KK)")
_KTP = _doc("ktp_el", "KTP-el", "Electronic ID card (KTP-el)")

CATALOG: dict[ServiceCode, Service] = {
    s.code: s
    for s in (
        Service(
            code=ServiceCode.KK,
            name_id="Kartu Keluarga (KK)",
            name_en="Family card (KK)",
            required_documents=(
                _F101,
                _doc("kk_lama", "KK lama", "The current family card"),
                _doc("buku_nikah", "Buku nikah / akta perkawinan", "Marriage book or certificate"),
            ),
        ),
        Service(
            code=ServiceCode.KTP_EL,
            name_id="KTP-el",
            name_en="Electronic ID card (KTP-el)",
            required_documents=(_KK,),
        ),
        Service(
            code=ServiceCode.PINDAH_DATANG,
            name_id="Pindah / datang",
            name_en="Moving out / moving in",
            required_documents=(
                _doc("skpwni", "Surat Keterangan Pindah WNI (SKPWNI)", "Moving certificate (SKPWNI)"),
                _KK,
                _KTP,
            ),
        ),
        Service(
            code=ServiceCode.KIA,
            name_id="Kartu Identitas Anak (KIA)",
            name_en="Child ID card (KIA)",
            required_documents=(
                _doc("akta_kelahiran", "Akta kelahiran anak", "Child's birth certificate"),
                _KK,
                _doc("pas_foto", "Pas foto anak (di atas 5 tahun)", "Child's photo (over 5 years)"),
            ),
        ),
        Service(
            code=ServiceCode.AKTA_KELAHIRAN,
            name_id="Akta kelahiran",
            name_en="Birth certificate",
            required_documents=(
                _doc("surat_lahir", "Surat keterangan lahir", "Birth notice from the midwife or hospital"),
                _KK,
                _doc("buku_nikah", "Buku nikah / akta perkawinan orang tua", "Parents' marriage book"),
            ),
        ),
        Service(
            code=ServiceCode.AKTA_KEMATIAN,
            name_id="Akta kematian",
            name_en="Death certificate",
            required_documents=(
                _doc("surat_kematian", "Surat keterangan kematian", "Death notice"),
                _KK,
                _KTP,
            ),
        ),
    )
}
