"""The registry of audit actions: every action name :func:`sinergi.web.audit.actions.record`
stores (``buat_usulan``) with the words people read on the audit page and in its CSV.

The set is fixed: under test (``STRICT_ACTIONS``) recording an action that is not here raises,
and ``tests/web/test_audit_filters.py`` scans the source for every recorded name. In production an
unregistered name is still recorded (a change is never lost for want of a label) and shown by its
name with underscores as spaces. ``docs/kode.md`` lists the actions (``scripts/gen_code_docs.py``)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts and sign-in
    "masuk": _("Masuk"),
    "masuk_gagal": _("Gagal masuk"),
    "masuk_ditolak": _("Masuk ditolak (terlalu banyak percobaan)"),
    "buat_pengguna": _("Membuat akun pengguna"),
    "ubah_pengguna": _("Mengubah akun pengguna"),
    "aktifkan_pengguna": _("Mengaktifkan akun pengguna"),
    "nonaktifkan_pengguna": _("Menonaktifkan akun pengguna"),
    "atur_sandi_pengguna": _("Mengatur kata sandi pengguna"),
    "ubah_sandi_sendiri": _("Mengganti kata sandi sendiri"),
    "buat_akun_demo": _("Membuat akun demo"),
    "pensiunkan_akun_demo": _("Menonaktifkan akun demo"),
    # the admin site
    "tambah_admin": _("Menambah data lewat halaman admin"),
    "ubah_admin": _("Mengubah data lewat halaman admin"),
    "ubah_kata_sandi_admin": _("Mengganti kata sandi lewat halaman admin"),
    "hapus_admin": _("Menghapus data lewat halaman admin"),
    # regions and statistics
    "muat_wilayah": _("Memuat data wilayah bawaan"),
    "impor_batas_wilayah": _("Mengimpor batas wilayah"),
    "impor_statistik": _("Mengimpor data statistik"),
    "pilih_nilai_utama": _("Memilih nilai utama"),
    "lepas_nilai_utama": _("Melepas pilihan nilai utama"),
    # IPK
    "muat_metode_ipk_bawaan": _("Memuat metode IPK bawaan"),
    "muat_masukan_ipk_bawaan": _("Memuat masukan IPK bawaan"),
    "impor_metode_ipk": _("Mengimpor metode IPK"),
    "aktifkan_metode_ipk": _("Mengaktifkan metode IPK"),
    "ubah_masukan_ipk": _("Mengubah masukan IPK"),
    "impor_templat_ipk": _("Mengimpor templat masukan IPK"),
    "ikuti_statistik_ipk": _("Masukan IPK mengikuti nilai utama statistik"),
    "jalankan_simulasi_ipk": _("Menjalankan simulasi IPK"),
    # RTK
    "impor_data_rtk": _("Mengimpor data RTK"),
    "lepas_data_rtk": _("Melepas data RTK"),
    "simpan_rencana_rtk": _("Menyimpan rencana RTK"),
    # proposals
    "muat_nomenklatur_bawaan": _("Memuat nomenklatur bawaan"),
    "impor_nomenklatur": _("Mengimpor nomenklatur"),
    "buka_putaran": _("Membuka putaran usulan"),
    "tutup_putaran": _("Menutup putaran usulan"),
    "buka_kembali_putaran": _("Membuka kembali putaran usulan"),
    "ganti_nomenklatur_putaran": _("Mengganti nomenklatur putaran usulan"),
    "buat_usulan": _("Membuat usulan"),
    "ubah_usulan": _("Mengubah usulan"),
    "impor_usulan": _("Mengimpor usulan"),
    "komentari_usulan": _("Mengomentari usulan"),
    "ajukan_usulan": _("Mengajukan usulan"),
    "tinjau_usulan": _("Mulai meninjau usulan"),
    "minta_perbaikan_usulan": _("Mengembalikan usulan untuk perbaikan"),
    "terima_usulan": _("Menerima usulan"),
    "tolak_usulan": _("Menolak usulan"),
    "buka_kembali_usulan": _("Membuka kembali usulan"),
    "gabung_usulan": _("Menggabungkan usulan ganda"),
    "putuskan_bukan_duplikat": _("Memutuskan usulan bukan ganda"),
    # the round as a process, ceilings, the meeting's follow-ups and the quarterly follow-up
    "ubah_tenggat_putaran": _("Mengubah tenggat putaran usulan"),
    "lanjutkan_program": _("Melanjutkan program yang disepakati ke putaran baru"),
    "lanjutkan_usulan": _("Usulan disalin dari program yang disepakati tahun lalu"),
    "ubah_plafon": _("Mengubah plafon pengusul"),
    "catat_tindak_lanjut": _("Mencatat tindak lanjut rapat koordinasi"),
    "ubah_realisasi": _("Mengubah target dan realisasi triwulanan"),
    "impor_realisasi": _("Mengimpor target dan realisasi triwulanan usulan"),
    "impor_realisasi_berkas": _("Mengimpor berkas realisasi triwulanan"),
    "baca_notifikasi": _("Menandai notifikasi dibaca"),
    # backups
    "cadangkan": _("Mencadangkan data"),
    "pulihkan": _("Memulihkan data dari cadangan"),
    "pulihkan_ditolak": _("Pemulihan cadangan ditolak"),
}


#: Tests set this to True: recording an action that is not in ACTION_LABELS then raises.
STRICT_ACTIONS = False


def check_action(action: str) -> None:
    if STRICT_ACTIONS and action not in ACTION_LABELS:
        raise ValueError(f"aksi audit {action!r} belum terdaftar di web/audit/labels.py (ACTION_LABELS)")


def action_label(action: str) -> str:
    """The words for ``action``; an unknown name is shown as itself with spaces."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")
