"""``sinergi sinkron …`` — the proposal round from the command line.

Contract (scripts and acceptance checks rely on it):

* ``sinergi sinkron periksa USULAN.csv|xlsx [--tahun 2025] [--nomenklatur NOMENKLATUR.csv|xlsx]
  --keluaran TEMUAN.csv`` — one row per finding: ``row, row_pair, wilayah_kode, kode, finding,
  detail``. Exit 0 when it ran, whatever it found; 1 when the file cannot be read or a required
  column is missing.
* ``sinergi sinkron saran-kode --masukan URAIAN.csv [--nomenklatur …] --keluaran SARAN.csv`` —
  input ``uraian,tingkat``; output ``row, rank, code, score, name, reason``, three per row.
* ``sinergi sinkron matriks USULAN… --keluaran MATRIKS.xlsx [--ringkasan RINGKASAN.docx]
  [--plafon PLAFON.csv|xlsx] [--berita-acara BA.docx] [--tindak-lanjut TINDAK_LANJUT.csv]`` —
  ``--plafon`` columns exactly ``wilayah_kode,plafon``; ``--tindak-lanjut`` columns
  ``uraian,wilayah_kode,tenggat`` (tenggat as YYYY-MM-DD).

* ``sinergi sinkron inklusi USULAN… [--tahun T] --keluaran F.csv`` — one row per region
  (the proposing office), target group and ``sumber``: ``wilayah_kode, kelompok, jumlah_usulan,
  pagu, porsi_pagu, sumber`` (``kolom``: the file's ``kelompok_sasaran``; ``saran``: suggested
  from the description). ``porsi_pagu`` is a fraction 0–1 of the region's total pagu. Exit 1
  when a ``kelompok_sasaran`` cell holds an unknown code (the message lists the allowed codes).

Also: ``templat`` (the Excel template of one office), ``nomenklatur`` (validate an official
nomenclature file and write it in Sinergi's columns) and ``kesenjangan`` (gap analysis).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from sinergi.core.columns import spellings
from sinergi.core.numbers import format_id
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.sync import (
    FINDING_CODES,
    VERDICT_UNJUDGED,
    CodeSuggester,
    analyse_gaps,
    build_matrix,
    check_proposals,
    parse_level,
)
from sinergi.documents.sync_berita_acara import (
    berita_acara_from_matrix,
    meeting_details,
    read_follow_ups_file,
    write_berita_acara,
)
from sinergi.documents.sync_files import (
    data_row_numbers,
    load_reference,
    read_ceilings_file,
    read_nomenclature_file,
    read_proposal_file,
    write_findings_csv,
    write_matrix,
    write_nomenclature_csv,
    write_summary_docx,
    write_template,
)
from sinergi.documents.sync_inclusion import inclusion_of, write_inclusion_csv
from sinergi.documents.tables import read_table

GROUP_FIELDS = ("kelompok_sasaran", "sasaran_laki_laki", "sasaran_perempuan")


def register(subparsers) -> None:
    group = subparsers.add_parser("sinkron", help="sinkronisasi usulan program provinsi dan kabupaten/kota")
    sub = group.add_subparsers(dest="sinkron_command", metavar="PERINTAH")
    group.set_defaults(func=lambda args: (group.print_help(), 2)[1])

    p = sub.add_parser("periksa", help="periksa berkas usulan (kode, kewenangan, satuan, nilai, lokasi, duplikat, tumpang tindih)")
    p.add_argument("usulan", help="berkas usulan .csv atau .xlsx")
    p.add_argument("--tahun", type=int, help="tahun anggaran putaran usulan")
    p.add_argument("--nomenklatur", help="berkas nomenklatur (.csv/.xlsx) pengganti versi bawaan")
    p.add_argument("--wilayah", help="kode wilayah pengusul bila berkas milik satu perangkat daerah")
    p.add_argument("--keluaran", required=True, help="berkas temuan .csv")
    p.set_defaults(func=cmd_periksa)

    s = sub.add_parser("saran-kode", help="sarankan kode sub-kegiatan untuk uraian bebas")
    s.add_argument("--masukan", required=True, help="berkas .csv/.xlsx dengan kolom uraian,tingkat (provinsi/kabkota)")
    s.add_argument("--nomenklatur", help="berkas nomenklatur pengganti versi bawaan")
    s.add_argument("--jumlah", type=int, default=3, help="jumlah saran per baris (bawaan 3)")
    s.add_argument("--keluaran", required=True, help="berkas saran .csv")
    s.set_defaults(func=cmd_saran_kode)

    m = sub.add_parser("matriks", help="matriks sinkronisasi gabungan (.xlsx) dan ringkasan (.docx)")
    m.add_argument("usulan", nargs="+", help="satu atau lebih berkas usulan")
    m.add_argument("--tahun", type=int, help="tahun anggaran putaran usulan")
    m.add_argument("--nomenklatur", help="berkas nomenklatur pengganti versi bawaan")
    m.add_argument("--keluaran", required=True, help="berkas matriks .xlsx")
    m.add_argument("--ringkasan", help="berkas ringkasan .docx untuk kementerian")
    m.add_argument("--ipk-lemah", help="CSV wilayah_kode,indikator[,nilai][,kualitas_data]: indikator IPK lemah per wilayah "
                                         "(kualitas_data = ilustratif: kebutuhan dari data ilustratif, tidak dipakai menilai usulan)")
    m.add_argument("--kebutuhan-rtk", help="CSV wilayah_kode,jenis[,sektor,jumlah,keterangan]: kebutuhan RTK per wilayah")
    m.add_argument("--plafon", help="CSV/XLSX berkolom tepat wilayah_kode,plafon: pagu indikatif per pengusul (Rp)")
    m.add_argument("--berita-acara", help="berkas Berita Acara kesepakatan (.docx, A4)")
    m.add_argument("--tindak-lanjut", help="CSV/XLSX uraian,wilayah_kode,tenggat: tindak lanjut yang dicatat di Berita Acara")
    m.add_argument("--tempat", default="", help="tempat rapat koordinasi untuk Berita Acara (tanpa ini: titik-titik untuk diisi)")
    m.add_argument("--tanggal-rapat", help="tanggal rapat koordinasi untuk Berita Acara, TTTT-BB-HH (tanpa ini: titik-titik untuk diisi)")
    m.set_defaults(func=cmd_matriks)

    t = sub.add_parser("templat", help="templat Excel usulan untuk satu perangkat daerah")
    t.add_argument("--wilayah", required=True, help="kode wilayah pengusul: 64 provinsi, 64xx kabupaten/kota")
    t.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    t.add_argument("--nomenklatur", help="berkas nomenklatur pengganti versi bawaan")
    t.add_argument("--baris", type=int, default=300, help="jumlah baris isian (bawaan 300)")
    t.add_argument("--keluaran", required=True, help="berkas templat .xlsx")
    t.set_defaults(func=cmd_templat)

    n = sub.add_parser("nomenklatur", help="periksa/impor berkas nomenklatur resmi (SIPD) menjadi versi baru")
    n.add_argument("aksi", choices=["impor", "periksa"], help="impor: tulis CSV versi baru; periksa: hanya laporkan")
    n.add_argument("berkas", help="ekspor nomenklatur SIPD (.xlsx) atau CSV berkolom code,level,name,…")
    n.add_argument("--versi", help="label versi, mis. 'SIPD 2027'")
    n.add_argument("--keluaran", help="CSV nomenklatur hasil impor")
    n.set_defaults(func=cmd_nomenklatur)

    k = sub.add_parser("kesenjangan", help="kebutuhan (IPK lemah, kebutuhan RTK) yang belum dijawab usulan")
    k.add_argument("usulan", nargs="+", help="berkas usulan")
    k.add_argument("--tahun", type=int)
    k.add_argument("--nomenklatur")
    k.add_argument("--ipk-lemah", help="CSV wilayah_kode,indikator[,nilai][,kualitas_data] (kualitas_data = ilustratif: belum dapat dinilai)")
    k.add_argument("--kebutuhan-rtk", help="CSV wilayah_kode,jenis[,sektor,jumlah,keterangan]")
    k.add_argument("--keluaran", required=True, help="CSV kebutuhan dan statusnya")
    k.add_argument("--tanpa-kebutuhan", help="CSV usulan tanpa kebutuhan, dengan kolom penilaian: 'tidak menjawab kebutuhan teridentifikasi' "
                                              "atau 'belum dapat dinilai — kebutuhan dari data ilustratif'")
    k.set_defaults(func=cmd_kesenjangan)

    i = sub.add_parser("inklusi", help="kelompok sasaran usulan (perempuan, disabilitas, pemuda, …): jumlah usulan dan pagu per wilayah")
    i.add_argument("usulan", nargs="+", help="berkas usulan (kolom kelompok_sasaran boleh ada, beberapa kode dipisah ';')")
    i.add_argument("--tahun", type=int, help="tahun anggaran putaran usulan (statistik celah: tahun terakhir sampai tahun ini)")
    i.add_argument("--nomenklatur", help="berkas nomenklatur pengganti versi bawaan")
    i.add_argument("--keluaran", required=True, help="CSV wilayah_kode,kelompok,jumlah_usulan,pagu,porsi_pagu,sumber")
    i.set_defaults(func=cmd_inklusi)


def _reference(args):
    if getattr(args, "nomenklatur", None):
        imp = read_nomenclature_file(args.nomenklatur)
        return load_reference(imp.nomenclature)
    return load_reference()


def _print_counts(result, rows: int, out: Path | None = None) -> None:
    counts = result.counts()
    print(f"{rows} usulan diperiksa dengan nomenklatur versi '{result.nomenclature_version}'; {len(result.findings)} temuan.")
    for code in FINDING_CODES:
        if counts.get(code):
            print(f"  {code}: {counts[code]}")
    if out is not None:
        print(f"Temuan ditulis ke {out}")


def cmd_periksa(args) -> int:
    reference = _reference(args)
    table = read_proposal_file(args.usulan)
    result = check_proposals(
        table.frame, reference, round_year=args.tahun, office=args.wilayah, row_numbers=table.data_rows,
        file_rows=table.file_rows, file=table.file,
    )
    out = write_findings_csv(args.keluaran, result)
    _print_counts(result, len(result.proposals), out)
    return 0


def cmd_saran_kode(args) -> int:
    reference = _reference(args)
    table = read_table(args.masukan, required=["uraian", "tingkat"])
    rows = data_row_numbers(Path(args.masukan), table)
    suggester = CodeSuggester(reference.nomenclature, reference.aliases)
    texts = table.frame["uraian"].tolist()
    levels = [parse_level(v) for v in table.frame["tingkat"].tolist()]
    results = suggester.suggest_many(texts, [lv or "" for lv in levels], k=max(1, args.jumlah))
    out = []
    skipped = []
    for row, _text, level, sugg in zip(rows, texts, levels, results, strict=False):
        if level is None:
            skipped.append(f"baris {row}: tingkat '{table.frame['tingkat'].iloc[rows.index(row)]}' tidak dikenal (isi provinsi atau kabkota)")
            continue
        for s in sugg:
            out.append({"row": row, "rank": s.rank, "code": s.code, "score": s.score, "name": s.name, "reason": s.reason})
    pd.DataFrame(out, columns=["row", "rank", "code", "score", "name", "reason"]).to_csv(args.keluaran, index=False, encoding="utf-8")
    print(f"{len(out)} saran untuk {len(rows) - len(skipped)} uraian (nomenklatur versi '{reference.nomenclature.version}') ditulis ke {args.keluaran}.")
    for line in skipped:
        print(f"  dilewati: {line}", file=sys.stderr)
    return 0


def _combined(args, reference):
    """Check several proposal files together (duplicates across files are found); rows are
    numbered 1…N over all files in the order given."""
    frames, data_rows, file_rows, files = [], [], [], []
    offset = 0
    problems: list[Problem] = []
    for path in args.usulan:
        try:
            table = read_proposal_file(path)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        frames.append(table.frame)
        data_rows.extend(offset + r for r in range(1, len(table.frame) + 1))
        file_rows.extend(table.file_rows)
        files.extend([table.file] * len(table.frame))
        offset += len(table.frame)
    if problems:
        raise ValidationFailed(problems)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    result = check_proposals(frame, reference, round_year=args.tahun, row_numbers=data_rows, file_rows=file_rows)
    by_row = dict(zip(data_rows, files, strict=False))
    result.proposals["berkas"] = [by_row.get(int(r), "") for r in result.proposals["row"]]
    return result


def _needs(args):
    """The needs files, through the one bounded reader (CSV or XLSX; problems as a report)."""
    region = spellings("wilayah_kode")  # region_code, kode_wilayah accepted too
    weak = read_table(args.ipk_lemah, required=["wilayah_kode", "indikator"], aliases=region).frame if getattr(args, "ipk_lemah", None) else None
    rtk = read_table(args.kebutuhan_rtk, required=["wilayah_kode", "jenis"], aliases=region).frame if getattr(args, "kebutuhan_rtk", None) else None
    return weak, rtk


def cmd_matriks(args) -> int:
    reference = _reference(args)
    ceilings = read_ceilings_file(args.plafon, reference.regions) if args.plafon else None
    follow_ups = read_follow_ups_file(args.tindak_lanjut, reference.regions) if args.tindak_lanjut else []
    # before any file is written: a wrong date or place stops the command with nothing half done
    place, day = meeting_details(args.tempat, args.tanggal_rapat, place_field="--tempat", date_field="--tanggal-rapat")
    result = _combined(args, reference)
    matrix = build_matrix(result, reference, ceilings=ceilings)
    weak, rtk = _needs(args)
    gaps = None
    if weak is not None or rtk is not None:
        gaps = analyse_gaps(result.proposals, reference.needs, reference.regions, weak, rtk)
    inclusion = inclusion_of(result.proposals, reference.regions, args.tahun)
    write_matrix(args.keluaran, matrix, gaps, inclusion)
    _print_counts(result, len(result.proposals))
    print(f"Matriks ditulis ke {args.keluaran}")
    if args.ringkasan:
        write_summary_docx(args.ringkasan, matrix, gaps, inclusion=inclusion)
        print(f"Ringkasan ditulis ke {args.ringkasan}")
    if ceilings is not None:
        over = matrix.over_ceiling()
        print(f"Plafon: {len(ceilings)} pengusul; " + (f"{len(over)} melebihi plafon: " + ", ".join(
            f"{r['Kode wilayah']} {r['Pengusul']}" for r in over) if over else "tidak ada yang melebihi plafon") + ".")
    if args.berita_acara:
        data = berita_acara_from_matrix(matrix, reference.regions, follow_ups=follow_ups, place=place, meeting_date=day)
        write_berita_acara(args.berita_acara, data)
        print(f"Berita Acara ditulis ke {args.berita_acara} ({len(data.regions)} wilayah, "
              f"{sum(len(r.proposals) for r in data.regions)} usulan disepakati).")
    return 0


def cmd_kesenjangan(args) -> int:
    reference = _reference(args)
    result = _combined(args, reference)
    weak, rtk = _needs(args)
    gaps = analyse_gaps(result.proposals, reference.needs, reference.regions, weak, rtk)
    gaps.needs.to_csv(args.keluaran, index=False, encoding="utf-8")
    if args.tanpa_kebutuhan:
        gaps.without_need().to_csv(args.tanpa_kebutuhan, index=False, encoding="utf-8")
    n_gap = len(gaps.gaps)
    print(f"{len(gaps.needs)} kebutuhan dinilai: {n_gap} belum dijawab usulan; {len(gaps.unanchored)} usulan tanpa kebutuhan teridentifikasi.")
    print(gaps.needs_meter("Kebutuhan yang dipakai").text() + ".")
    if len(gaps.illustrative_gaps):
        print(f"{len(gaps.illustrative_gaps)} kebutuhan dari data ilustratif belum dijawab: belum dapat dinilai, tidak dihitung sebagai celah.")
    if len(gaps.unjudged):
        print(f"{len(gaps.unjudged)} usulan {VERDICT_UNJUDGED}.")
    for note in gaps.notes:
        print(f"  catatan: {note}")
    return 0


def _group_problems(result) -> list[Problem]:
    """Blocking problems of the target-group columns, located by file, row and column."""
    props = result.proposals.set_index("row") if len(result.proposals) else None
    out = []
    for f in result.findings:
        if f.field not in GROUP_FIELDS or not f.blocking:
            continue
        file, row = "", f.row
        if props is not None and f.row in props.index:
            file = str(props.at[f.row, "berkas"] or "")
            file_row = props.at[f.row, "baris_berkas"]
            row = int(file_row) if file_row is not None and file_row == file_row else f.row
        out.append(Problem(code=f.code, message=f.message, fix=f.detail, file=file, row=row, column=f.field))
    return out


def cmd_inklusi(args) -> int:
    reference = _reference(args)
    result = _combined(args, reference)
    problems = _group_problems(result)
    if problems:
        raise ValidationFailed(problems)
    inclusion = inclusion_of(result.proposals, reference.regions, args.tahun)
    write_inclusion_csv(args.keluaran, inclusion)
    a = inclusion.assignments
    stated = int((a["sumber"] == "kolom").sum()) if len(a) else 0
    suggested = int((a["sumber"] == "saran").sum()) if len(a) else 0
    print(f"{len(result.proposals)} usulan: {stated} dengan kelompok sasaran dari kolom, {suggested} disarankan dari uraian (saran), "
          f"{len(result.proposals) - stated - suggested} tanpa kelompok sasaran.")
    for r in inclusion.flagged().itertuples(index=False):
        print(f"  {r.tanda}: {r.nama_kelompok} di {r.wilayah_kode} {r.wilayah} — {r.indikator}: {format_id(r.celah, 2)} ({r.periode})")
    print(f"{len(inclusion.rows)} baris ditulis ke {args.keluaran}")
    return 0


def cmd_templat(args) -> int:
    reference = _reference(args)
    write_template(args.keluaran, reference, args.wilayah, args.tahun, rows=args.baris)
    entries = reference.nomenclature.offered(reference.regions.authority(args.wilayah))
    print(f"Templat untuk {args.wilayah} {reference.regions.name(args.wilayah)} tahun {args.tahun} "
          f"({len(entries)} sub-kegiatan pada daftar pilihan) ditulis ke {args.keluaran}")
    return 0


def cmd_nomenklatur(args) -> int:
    imp = read_nomenclature_file(args.berkas, version=args.versi)
    nom = imp.nomenclature
    summary = nom.summary()
    print(f"Nomenklatur '{nom.version}' sah: {summary['sub_kegiatan']} sub-kegiatan "
          f"({summary['sub_kegiatan_provinsi']} provinsi, {summary['sub_kegiatan_kabkota']} kabupaten/kota), "
          f"{summary['kegiatan']} kegiatan, {summary['program']} program; sidik {nom.fingerprint}.")
    if imp.skipped_other_urusan:
        print(f"  {imp.skipped_other_urusan} baris urusan lain dilewati (hanya 2.07, 3.32 dan program penunjang X.XX.01 yang dipakai).")
    if nom.incomplete_levels:
        print("  Belum lengkap (indikator/satuan kosong) di tingkat: " + ", ".join(sorted(nom.incomplete_levels)))
    for note in imp.notes:
        print(f"  catatan: {note}")
    if args.aksi == "impor":
        if not args.keluaran:
            print("Sebutkan --keluaran untuk menyimpan versi hasil impor.", file=sys.stderr)
            return 2
        write_nomenclature_csv(args.keluaran, nom)
        print(f"Versi baru ditulis ke {args.keluaran}")
    return 0
