"""Pages for accounts: admins manage users (list, create, edit, deactivate, reset a password,
retire the demo accounts); every signed-in user changes their own password. Thin: parse,
call :mod:`sinergi.web.accounts.actions`, render."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts import actions
from sinergi.web.accounts.forms import OwnPasswordForm, PasswordResetForm, UserCreateForm, UserEditForm
from sinergi.web.accounts.models import User
from sinergi.web.accounts.permissions import can


def _forbidden(request):
    return render(request, "forbidden.html", status=403)


def _password_shown(request, user, password, *, created: bool):
    """The page that shows a generated password, once (never stored, never cached)."""
    response = render(request, "accounts/password_shown.html", {"account": user, "password": password, "created": created})
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET"])
def users(request):
    if not can(request.user, "admin"):
        return _forbidden(request)
    demo = actions.demo_usernames()
    rows = User.objects.select_related("region").order_by("-is_active", "role", "username")
    return render(request, "accounts/users.html", {
        "rows": [{"user": u, "demo": u.username in demo} for u in rows],
        "active_demo": actions.active_demo_accounts(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    if not can(request.user, "admin"):
        return _forbidden(request)
    if request.method == "POST":
        form = UserCreateForm(request.POST)
        form.is_valid()
        data = form.data
        try:
            user, generated = actions.create_user(
                request.user, data.get("nama_pengguna", ""), role=data.get("peran", ""), region=data.get("wilayah") or None,
                name=data.get("nama", ""), office=data.get("instansi", ""), password=data.get("sandi") or None)
        except ValidationFailed as exc:
            form.add_problems(exc.problems)
            return render(request, "accounts/user_form.html", {"form": form})
        if generated:
            return _password_shown(request, user, generated, created=True)
        messages.success(request, f"Akun {user.username} dibuat dengan kata sandi yang Anda tentukan.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": UserCreateForm()})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    if not can(request.user, "admin"):
        return _forbidden(request)
    account = get_object_or_404(User, pk=pk)
    context = {"account": account, "demo": account.username in actions.demo_usernames(),
               "reset_form": PasswordResetForm()}
    if request.method == "POST":
        form = UserEditForm(request.POST)
        form.is_valid()
        data = form.data
        try:
            changed = actions.update_user(
                request.user, account, expected_version=data.get("versi") or None,
                first_name=data.get("nama", ""), role=data.get("peran", ""), region_id=data.get("wilayah") or None,
                office=data.get("instansi", ""), is_active=data.get("aktif") in ("on", "1", "true"))
        except ValidationFailed as exc:
            form.add_problems(exc.problems)
            return render(request, "accounts/user_edit.html", {**context, "form": form})
        except actions.ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("accounts:user", pk=account.pk)
        messages.success(request, f"Akun {account.username} tersimpan ({', '.join(changed)})." if changed else "Tidak ada perubahan.")
        return redirect("accounts:users")
    form = UserEditForm(initial={"nama": account.first_name, "peran": account.role, "wilayah": account.region_id or "",
                                 "instansi": account.office, "aktif": account.is_active, "versi": actions.version_of(account)})
    return render(request, "accounts/user_edit.html", {**context, "form": form})


@login_required
@require_POST
def user_password(request, pk: int):
    """An admin sets (or has Sinergi generate) a new password for a user."""
    if not can(request.user, "admin"):
        return _forbidden(request)
    account = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST)
    form.is_valid()
    try:
        generated = actions.reset_password(request.user, account, form.data.get("sandi") or None)
    except ValidationFailed as exc:
        form.add_problems(exc.problems)
        edit = UserEditForm(initial={"nama": account.first_name, "peran": account.role, "wilayah": account.region_id or "",
                                     "instansi": account.office, "aktif": account.is_active, "versi": actions.version_of(account)})
        return render(request, "accounts/user_edit.html", {"account": account, "form": edit, "reset_form": form,
                                                           "demo": account.username in actions.demo_usernames()})
    if account.pk == request.user.pk:
        account.refresh_from_db()
        update_session_auth_hash(request, account)  # an admin resetting their own password stays signed in
    if generated:
        return _password_shown(request, account, generated, created=False)
    messages.success(request, f"Kata sandi {account.username} diganti dengan yang Anda tentukan.")
    return redirect("accounts:users")


@login_required
@require_POST
def retire_demo(request):
    if not can(request.user, "admin"):
        return _forbidden(request)
    try:
        retired = actions.retire_demo_accounts(request.user)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
        return redirect("accounts:users")
    if retired:
        messages.success(request, f"{len(retired)} akun demo dipensiunkan: {', '.join(retired)}. "
                                  "Akun itu tidak dapat masuk lagi dan tidak akan dibuat ulang.")
    else:
        messages.info(request, "Tidak ada akun demo yang masih aktif.")
    return redirect("accounts:users")


@login_required
@require_http_methods(["GET", "POST"])
def own_password(request):
    """Every signed-in user changes their own password (the session stays signed in; other
    sessions of the same account end)."""
    if request.method == "POST":
        form = OwnPasswordForm(request.POST)
        form.is_valid()
        data = form.data
        try:
            actions.change_own_password(request.user, data.get("sandi_lama", ""), data.get("sandi_baru", ""),
                                        data.get("sandi_baru_lagi", ""))
        except ValidationFailed as exc:
            form = OwnPasswordForm({})  # never send passwords back into the page
            form.is_valid()
            form.add_problems(exc.problems)
            return render(request, "accounts/own_password.html", {"form": form})
        update_session_auth_hash(request, request.user)
        messages.success(request, "Kata sandi Anda sudah diganti.")
        return redirect("accounts:password")
    return render(request, "accounts/own_password.html", {"form": OwnPasswordForm()})
