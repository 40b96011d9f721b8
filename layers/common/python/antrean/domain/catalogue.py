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
_KK_LAMA = _doc("kk_lama", "KK lama", "The current family card")
_BUKU_NIKAH = _doc("buku_nikah", "Buku nikah / akta perkawinan", "Marriage book or certificate")
_SKPWNI = _doc("skpwni", "Surat Keterangan Pindah WNI (SKPWNI)", "Moving certificate (SKPWNI)")
_AKTA_ANAK = _doc("akta_kelahiran", "Akta kelahiran anak", "Child's birth certificate")
_FOTO_ANAK = _doc("pas_foto", "Pas foto anak (di atas 5 tahun)", "Child's photo (over 5 years)")
_SURAT_LAHIR = _doc("surat_lahir", "Surat keterangan lahir", "Birth notice from the midwife or hospital")
_NIKAH_ORANG_TUA = _doc("buku_nikah", "Buku nikah / akta perkawinan orang tua", "Parents' marriage book")
_SURAT_KEMATIAN = _doc("surat_kematian", "Surat keterangan kematian", "Death notice")

# code: (name in Bahasa Indonesia, in English, the documents to bring)
_SERVICES: dict[ServiceCode, tuple[str, str, tuple[RequiredDocument, ...]]] = {
    ServiceCode.KK: ("Kartu Keluarga (KK)", "Family card (KK)", (_F101, _KK_LAMA, _BUKU_NIKAH)),
    ServiceCode.KTP_EL: ("KTP-el", "Electronic ID card (KTP-el)", (_KK,)),
    ServiceCode.PINDAH_DATANG: ("Pindah / datang", "Moving out / moving in", (_SKPWNI, _KK, _KTP)),
    ServiceCode.KIA: ("Kartu Identitas Anak (KIA)", "Child ID card (KIA)", (_AKTA_ANAK, _KK, _FOTO_ANAK)),
    ServiceCode.AKTA_KELAHIRAN: ("Akta kelahiran", "Birth certificate", (_SURAT_LAHIR, _KK, _NIKAH_ORANG_TUA)),
    ServiceCode.AKTA_KEMATIAN: ("Akta kematian", "Death certificate", (_SURAT_KEMATIAN, _KK, _KTP)),
}

CATALOG: dict[ServiceCode, Service] = {
    code: Service(code=code, name_id=name_id, name_en=name_en, required_documents=documents)
    for code, (name_id, name_en, documents) in _SERVICES.items()
}
