"""Changes to user accounts: create, edit (name, role, region, office, active), reset a
password, change one's own password, retire the demo accounts.

Each function checks permission (``admin`` for managing others; any active signed-in user
for their own password), writes and appends an audit event in one transaction. ``actor=None``
is the command line (``sinergi akun …``), run by whoever controls the server. Input problems
raise :class:`~sinergi.core.problems.ValidationFailed` (``column`` names the form field);
a change that is not possible now raises :class:`ActionRefused` with an Indonesian message.
Passwords and their hashes never enter the audit trail.
"""
from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sinergi.core.problems import ProblemList
from sinergi.web.accounts import throttle
from sinergi.web.accounts.models import Role, User
from sinergi.web.accounts.permissions import require
from sinergi.web.audit.actions import record
from sinergi.web.audit.models import AuditEvent
from sinergi.web.regions.models import Region

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,149}$")
DEMO_CREATED = "buat_akun_demo"  # the audit action written by accounts.demo (lists the demo usernames)
DEMO_RETIRED = "pensiunkan_akun_demo"
EDITABLE = ("first_name", "role", "region_id", "office", "is_active")


class ActionRefused(Exception):
    """The change is not possible now; the message says why (in Indonesian)."""


def generate_password() -> str:
    """A random password of 16 URL-safe characters (passes the password validators)."""
    return secrets.token_urlsafe(12)


def normalise_username(text: str) -> str:
    """The username as stored: Unicode NFKC, trimmed, lower case (so ``"OP-Bontang "`` and a
    full-width spelling are the same account) — the form the login throttle keys on."""
    return throttle.normalise_username(text)


def snapshot(user: User) -> dict:
    """What the audit trail and the edit form's version check see of a user (never the password)."""
    return {
        "nama_pengguna": user.username,
        "nama": user.first_name,
        "peran": user.role,
        "wilayah": user.region_id or "",
        "instansi": user.office,
        "aktif": user.is_active,
    }


def version_of(user: User) -> str:
    """A short fingerprint of :func:`snapshot`: the edit form posts the one it showed, so a
    change made meanwhile by someone else is not overwritten unknowingly."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(snapshot(user), sort_keys=True).encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------ demo accounts
def demo_usernames() -> set[str]:
    """The accounts made by :func:`sinergi.web.accounts.demo.create_demo_accounts`, as its audit
    event lists them (so a real account that happens to be called ``admin`` is never one)."""
    names: set[str] = set()
    for after in AuditEvent.objects.filter(action=DEMO_CREATED).values_list("after", flat=True):
        names.update((after or {}).get("akun", []))
    return names


def demo_retired() -> bool:
    return AuditEvent.objects.filter(action=DEMO_RETIRED).exists()


def active_demo_accounts() -> list[User]:
    names = demo_usernames()
    if not names:
        return []
    return [u for u in User.objects.filter(username__in=names).order_by("username") if u.is_active or u.has_usable_password()]


def demo_file() -> Path:
    """Where ``sinergi serve`` wrote the demo passwords."""
    return Path(settings.HOME) / "akun-demo.txt"


# ------------------------------------------------------------------------------------ checks
def _check_password(password: str, user: User, problems: ProblemList, column: str = "sandi") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        for message in exc.messages:
            problems.add("SANDI_TIDAK_MEMENUHI", message, "Pakai kata sandi yang lebih panjang dan tidak umum, "
                         "mis. tiga kata acak dengan angka; tanpa kata sandi, Sinergi membuatkan yang acak.", column=column)


def _check_fields(user: User, problems: ProblemList) -> None:
    if user.role not in Role.values:
        problems.add("PERAN_TIDAK_DIKENAL", f"Peran '{user.role}' tidak dikenal.",
                     f"Pilih salah satu: {', '.join(Role.values)}.", column="peran")
    if len(user.first_name) > 150:
        problems.add("NAMA_TERLALU_PANJANG", "Nama lebih dari 150 karakter.", "Singkat namanya.", column="nama")
    if len(user.office) > 200:
        problems.add("INSTANSI_TERLALU_PANJANG", "Instansi lebih dari 200 karakter.", "Singkat nama instansinya.", column="instansi")
    if user.region_id and not Region.objects.filter(pk=user.region_id).exists():
        problems.add("WILAYAH_TIDAK_DIKENAL", f"Wilayah '{user.region_id}' tidak dikenal.",
                     "Pakai kode BPS provinsi atau kabupaten/kota, mis. 6472 untuk Kota Samarinda.", column="wilayah")
    if problems:
        return
    try:
        user.full_clean(exclude=["password", "username", "last_login", "date_joined"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            column = {"region": "wilayah", "role": "peran", "first_name": "nama", "office": "instansi"}.get(field, "")
            fix = "Pilih kabupaten/kota tempat operator bekerja." if field == "region" else ""
            for m in messages:
                problems.add("AKUN_TIDAK_SAH", m, fix, column=column)


def _keeps_an_admin(user: User, *, role: str, active: bool) -> bool:
    """Whether some active admin remains if ``user`` gets this role and active state."""
    if role == Role.ADMIN and active:
        return True
    return User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()


# ----------------------------------------------------------------------------------- actions
def create_user(actor, username: str, *, role: str, region: str | None = None, name: str = "", office: str = "",
                password: str | None = None) -> tuple[User, str | None]:
    """Create an account. Without a password one is generated and returned (to be shown once);
    with one, it must pass the password validators and ``None`` is returned."""
    if actor is not None:
        require(actor, "admin")
    problems = ProblemList()
    username = normalise_username(username)
    if not USERNAME_RE.match(username):
        problems.add("NAMA_PENGGUNA_TIDAK_SAH", f"Nama pengguna '{username}' tidak dapat dipakai.",
                     "Pakai 2–150 huruf kecil a–z, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka, "
                     "mis. op-samarinda atau budi.santoso.", column="nama_pengguna")
    elif User.objects.filter(username__iexact=username).exists():
        problems.add("NAMA_PENGGUNA_DIPAKAI", f"Nama pengguna '{username}' sudah dipakai.",
                     "Pilih nama lain, atau buka akun yang ada untuk mengubahnya.", column="nama_pengguna")
    user = User(username=username, role=role, region_id=region or None, first_name=(name or "").strip(),
                office=(office or "").strip())
    _check_fields(user, problems)
    generated = None
    if password:
        _check_password(password, user, problems)
    else:
        generated = password = generate_password()
    problems.raise_if_any()
    try:
        with transaction.atomic():
            user.set_password(password)
            user.save()
            record(actor, "buat_pengguna", "akun", user.pk, after=snapshot(user), region=user.region_id,
                   summary=f"Akun {user.username} dibuat ({user.role_label})")
    except IntegrityError:  # the same name created at the same moment (a form sent twice)
        problems.add("NAMA_PENGGUNA_DIPAKAI", f"Nama pengguna '{username}' sudah dipakai.",
                     "Pilih nama lain, atau buka akun yang ada untuk mengubahnya.", column="nama_pengguna")
        problems.raise_if_any()
    return user, generated


def update_user(actor, user: User, *, expected_version: str | None = None, **changes) -> list[str]:
    """Change a user's name (``first_name``), ``role``, ``region_id``, ``office`` and/or
    ``is_active``. Returns the names of the fields changed (empty: nothing to do). Refuses to
    leave no active admin, and an admin deactivating or demoting their own account."""
    if actor is not None:
        require(actor, "admin")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if expected_version is not None and expected_version != version_of(user):
            raise ActionRefused(f"Akun {user.username} sudah diubah orang lain sejak halaman ini dibuka. "
                                "Muat ulang halamannya, periksa isiannya, lalu simpan lagi.")
        before = snapshot(user)
        for field, value in changes.items():
            if field in ("first_name", "office"):
                value = (value or "").strip()
            if field == "region_id":
                value = value or None
            setattr(user, field, value)
        problems = ProblemList()
        _check_fields(user, problems)
        problems.raise_if_any()
        after = snapshot(user)
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return []
        if actor is not None and actor.pk == user.pk and (not user.is_active or user.role != Role.ADMIN):
            raise ActionRefused("Anda tidak dapat menonaktifkan akun Anda sendiri atau melepas peran admin Anda sendiri; "
                                "minta admin lain melakukannya.")
        if before["peran"] == Role.ADMIN and before["aktif"] and not _keeps_an_admin(user, role=user.role, active=user.is_active):
            raise ActionRefused(f"{user.username} adalah satu-satunya admin aktif. Buat atau aktifkan admin lain dahulu, "
                                "agar masih ada yang dapat mengelola pengguna.")
        if user.role != Role.ADMIN:
            user.is_superuser = False  # a superuser would stay an admin whatever the role says
        user.save()
        if changed == ["aktif"]:
            action = "aktifkan_pengguna" if user.is_active else "nonaktifkan_pengguna"
            summary = f"Akun {user.username} {'diaktifkan' if user.is_active else 'dinonaktifkan'}"
        else:
            action = "ubah_pengguna"
            summary = f"Akun {user.username} diubah: {', '.join(changed)}"
        record(actor, action, "akun", user.pk, before=before, after=after, region=user.region_id, summary=summary)
    return changed


def set_active(actor, user: User, active: bool) -> bool:
    """Deactivate (or activate again) an account; a deactivated user cannot sign in and their
    open sessions end. Returns whether anything changed."""
    return bool(update_user(actor, user, is_active=active))


def reset_password(actor, user: User, password: str | None = None) -> str | None:
    """Set a user's password (the user forgot it, or it leaked). Without a password one is
    generated and returned, to be shown once. The user's open sessions end, and a sign-in lock
    from failed attempts is lifted (the lock message tells users to ask an admin)."""
    if actor is not None:
        require(actor, "admin")
    problems = ProblemList()
    generated = None
    if password:
        _check_password(password, user, problems)
    else:
        generated = password = generate_password()
    problems.raise_if_any()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        throttle.clear(user.username)
        record(actor, "atur_sandi_pengguna", "akun", user.pk, after={"nama_pengguna": user.username, "sandi_dibuat": bool(generated)},
               region=user.region_id, summary=f"Kata sandi {user.username} diatur ulang")
    return generated


def change_own_password(actor, old_password: str, new_password: str, new_password_again: str) -> None:
    """A signed-in user changes their own password: the current one is required, the new one
    must pass the password validators. (The view keeps the session signed in.)"""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Masuk terlebih dahulu.")
    problems = ProblemList()
    if not actor.check_password(old_password or ""):
        problems.add("SANDI_LAMA_SALAH", "Kata sandi saat ini salah.", "Ketik kata sandi yang Anda pakai untuk masuk.",
                     column="sandi_lama")
    if not new_password:
        problems.add("SANDI_BARU_KOSONG", "Kata sandi baru kosong.", "Ketik kata sandi baru.", column="sandi_baru")
    elif new_password != new_password_again:
        problems.add("SANDI_TIDAK_SAMA", "Kedua isian kata sandi baru tidak sama.", "Ketik kata sandi baru yang sama dua kali.",
                     column="sandi_baru_lagi")
    else:
        _check_password(new_password, actor, problems, column="sandi_baru")
        if not problems and new_password == old_password:
            problems.add("SANDI_SAMA", "Kata sandi baru sama dengan yang lama.", "Pilih kata sandi yang berbeda.", column="sandi_baru")
    problems.raise_if_any()
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        record(actor, "ubah_sandi_sendiri", "akun", actor.pk, after={"nama_pengguna": actor.username},
               region=actor.region_id, summary=f"{actor.username} mengganti kata sandinya sendiri")


def retire_demo_accounts(actor) -> list[str]:
    """Deactivate every demo account and make its password unusable, in one step; the file of
    demo passwords is removed. The accounts stay (their audit history keeps its names) and
    ``sinergi serve`` never creates demo accounts again. Refused unless an active admin who is
    not a demo account exists (otherwise nobody could manage users), and when the actor is
    itself a demo account. Returns the usernames retired (empty: none left)."""
    if actor is not None:
        require(actor, "admin")
    names = demo_usernames()
    if actor is not None and actor.username in names:
        raise ActionRefused("Masuk dengan akun admin Anda sendiri (bukan akun demo) untuk memensiunkan akun demo.")
    with transaction.atomic():
        accounts = [u for u in User.objects.select_for_update().filter(username__in=names).order_by("username")
                    if u.is_active or u.has_usable_password()]
        if not accounts:
            return []
        if not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(username__in=names).exists():
            raise ActionRefused("Belum ada akun admin selain akun demo. Buat dulu akun admin Anda sendiri "
                                "(halaman Pengguna, atau `sinergi akun buat NAMA --peran admin`), lalu pensiunkan akun demo.")
        for u in accounts:
            u.is_active = False
            u.set_unusable_password()
            u.save(update_fields=["is_active", "password"])
        retired = [u.username for u in accounts]
        record(actor, DEMO_RETIRED, "akun", "", before={"akun_aktif": retired}, after={"akun": retired},
               summary=f"{len(retired)} akun demo dipensiunkan")
        path = demo_file()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return retired
