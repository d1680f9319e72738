"""Every change made in the Django admin is in the audit trail, and audit rows keep who acted
after that account is deleted."""
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from sinergi.web.accounts.models import Role, User
from sinergi.web.audit.admin_mixins import AuditedAdminMixin
from sinergi.web.audit.models import AuditEvent
from sinergi.web.ipk.models import IpkInput
from sinergi.web.statistics.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("adm", Role.ADMIN))
    return client


def test_every_registered_model_admin_is_audited():
    plain = [m._meta.label for m, ma in admin.site._registry.items() if not isinstance(ma, AuditedAdminMixin)]
    assert plain == []
    assert Group in admin.site._registry


def test_admin_password_change_is_audited_without_the_password(admin_client, make_user):
    op = make_user("op-paser", Role.OPERATOR, "6401")
    r = admin_client.post(f"/admin/accounts/user/{op.pk}/password/", {"password1": "sandi-baru-yang-panjang-9", "password2": "sandi-baru-yang-panjang-9", "usable_password": "true"})
    assert r.status_code == 302
    op.refresh_from_db()
    assert op.check_password("sandi-baru-yang-panjang-9")
    e = AuditEvent.objects.get(action="ubah_kata_sandi_admin")
    assert e.actor_username == "adm" and e.object_id == str(op.pk)
    assert "password" not in (e.after or {}) and "sandi-baru" not in str(e.after) + e.summary


def test_group_creation_with_permissions_is_audited(admin_client):
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(codename="view_indicator")
    r = admin_client.post("/admin/auth/group/add/", {"name": "peninjau-data", "permissions": [perm.pk]})
    assert r.status_code == 302
    e = AuditEvent.objects.get(action="tambah_admin", object_type="group")
    assert e.after["name"] == "peninjau-data" and e.after["permissions"] == [str(perm)]


def test_deleting_ipk_inputs_and_import_batches_in_the_admin_is_audited(admin_client):
    inp = IpkInput.objects.create(region_id="6401", year=2024, sub_code="I1.1", value=12.5)
    r = admin_client.post(f"/admin/ipk/ipkinput/{inp.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not IpkInput.objects.filter(pk=inp.pk).exists()
    e = AuditEvent.objects.get(action="hapus_admin", object_type="ipkinput")
    assert e.before["value"] == 12.5 and e.before["sub_code"] == "I1.1" and e.actor_username == "adm"
    batches = [ImportBatch.objects.create(file_name=f"b{i}.csv", sha256="0" * 64) for i in range(2)]
    r = admin_client.post("/admin/statistics/importbatch/", {"action": "delete_selected", "_selected_action": [b.pk for b in batches], "post": "yes"})
    assert r.status_code == 302 and not ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).exists()
    got = sorted(e.before["file_name"] for e in AuditEvent.objects.filter(action="hapus_admin", object_type="importbatch"))
    assert got == ["b0.csv", "b1.csv"]


def test_deleted_users_audit_rows_keep_their_username_on_the_audit_page(admin_client, make_user):
    op = make_user("op-hapus", Role.OPERATOR, "6401")
    from django.test import Client

    c = Client()
    assert c.post(reverse("login"), {"username": "op-hapus", "password": "rahasia-uji-123"}).status_code == 302
    n = AuditEvent.objects.filter(actor_username="op-hapus").count()
    assert n == 1
    r = admin_client.post(f"/admin/accounts/user/{op.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not User.objects.filter(username="op-hapus").exists()
    row = AuditEvent.objects.get(action="masuk", actor_username="op-hapus")
    assert row.actor_pk == op.pk and row.actor_deleted
    deletion = AuditEvent.objects.get(action="hapus_admin", object_type="user")
    assert deletion.before["username"] == "op-hapus"
    page = admin_client.get(reverse("audit") + "?aksi=masuk").content.decode()
    assert "op-hapus" in page and f"akun dihapus, #{op.pk}" in page


def test_read_only_admins_share_one_mixin_and_refuse_adding_and_changing(admin_client):
    from sinergi.web.audit.actions import record
    from sinergi.web.audit.admin_mixins import ReadOnlyAdminMixin

    read_only = {m._meta.label: ma for m, ma in admin.site._registry.items() if isinstance(ma, ReadOnlyAdminMixin)}
    assert {"audit.AuditEvent", "ipk.IpkMethod", "ipk.IpkInput", "ipk.IpkRun", "rtk.RtkPlan", "rtk.RtkPlanRevision",
            "rtk.RtkRegionData", "statistics.ImportBatch", "proposals.Proposal", "proposals.NomenclatureVersion"} <= set(read_only)
    deletable = {label for label, ma in read_only.items() if ma.allow_delete}
    assert deletable == {"ipk.IpkMethod", "ipk.IpkInput", "ipk.IpkRun", "rtk.RtkPlan", "statistics.ImportBatch"}
    record(None, "muat_wilayah", "wilayah", "", summary="uji admin hanya-baca")
    event = AuditEvent.objects.latest("id")
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    page = admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"summary": "diubah"}).status_code == 403
    assert admin_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).summary == "uji admin hanya-baca"
