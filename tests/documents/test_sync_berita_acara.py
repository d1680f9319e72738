"""The Berita Acara writer takes plain data: other parts add sections (e.g. inclusion)."""
from __future__ import annotations

from datetime import date

from docx import Document

from sinergi.documents import docx_utils as dx
from sinergi.documents.sync_berita_acara import (
    AgreedProposal,
    BeritaAcara,
    FollowUp,
    RegionAgreement,
    Section,
    Signatory,
    write_berita_acara,
)


def test_plain_data_with_an_added_section(tmp_path):
    ba = BeritaAcara(
        year=2027,
        regions=[RegionAgreement("6474", "Kota Bontang", [AgreedProposal("2.07.04.2.03.0003", "Job Fair/Bursa Kerja", "Bursa kerja Bontang",
                                                                         "Bontang", 200, "Orang", 250_000_000, "APBD kabupaten/kota")],
                                 changes=["Usulan #4: Target 250 → 200."])],
        signatories=[Signatory("Provinsi Kalimantan Timur", "Kepala Dinas"), Signatory("Kota Bontang", "Kepala Dinas")],
        place="Samarinda", meeting_date=date(2026, 11, 20), number="500.15/123/2026",
        follow_ups=[FollowUp("Menyerahkan jadwal", "Kota Bontang", "minggu ke-2 Januari 2027")],
        sections=[Section("Inklusi kelompok sasaran", ["Usulan yang menyasar penyandang disabilitas: 1."], ["Bontang: 1 usulan"],
                          dx.CaptionedTable("", "Usulan per kelompok sasaran", [dx.Column("Kelompok"), dx.Column("Usulan", "int")],
                                            [["penyandang disabilitas", 1]]))],
    )
    path = write_berita_acara(tmp_path / "ba.docx", ba)
    text = "\n".join(dx.iter_text(Document(path)))
    assert "4. Inklusi kelompok sasaran" in text and "penyandang disabilitas" in text and "Bontang: 1 usulan" in text
    assert "Nomor: 500.15/123/2026" in text and "pada tanggal 20 November 2026 bertempat di Samarinda" in text
    assert "Usulan #4: Target 250 → 200." in text and "minggu ke-2 Januari 2027" in text
    assert "Tabel 4 Usulan per kelompok sasaran" in text  # numbered after the document's own three tables
    assert "250.000.000" in text and "data belum tersedia" not in text
    # the section comes after the follow-ups and before the closing and the signatures
    assert text.index("3. Tindak lanjut") < text.index("4. Inklusi") < text.index("Demikian Berita Acara")


def test_a_round_without_agreed_proposals_says_so(tmp_path):
    ba = BeritaAcara(year=2027, regions=[], signatories=[Signatory("Provinsi Kalimantan Timur", "Kepala Dinas")])
    text = "\n".join(dx.iter_text(Document(write_berita_acara(tmp_path / "ba.docx", ba))))
    assert text.index("2. Kesepakatan per wilayah") < text.index("Belum ada usulan yang disepakati") < text.index("3. Tindak lanjut")


def test_meeting_details_one_rule_for_command_line_and_web():
    import pytest

    from sinergi.core.problems import ValidationFailed
    from sinergi.documents.sync_berita_acara import PLACE_MAX, meeting_details

    assert meeting_details(None, None) == ("", None)
    assert meeting_details("  Aula\tLantai 2\n Samarinda ", " 2026-11-20 ") == ("Aula Lantai 2 Samarinda", date(2026, 11, 20))
    for wrong in ("20-11-2026", "20261120", "2026-W47-5", "2026-02-30"):  # only TTTT-BB-HH, a real day
        with pytest.raises(ValidationFailed):
            meeting_details("", wrong)
    with pytest.raises(ValidationFailed) as exc:  # both at once, each naming the field as the person sees it
        meeting_details("x" * (PLACE_MAX + 1), "besok", place_field="--tempat", date_field="--tanggal-rapat")
    assert [p.column for p in exc.value.problems] == ["--tempat", "--tanggal-rapat"]
    assert "Tulis --tanggal-rapat dengan bentuk TTTT-BB-HH" in exc.value.problems[1].fix
