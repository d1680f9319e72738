from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sinergi.web import home
from sinergi.web.accounts.views import AdminLoginForm, LoginView
from sinergi.web.audit import views as audit_views
from sinergi.web.regions import views as region_views
from sinergi.web.statistics import views as stat_views

admin.site.site_header = "Sinergi — administrasi"
admin.site.site_title = "Sinergi"
admin.site.index_title = "Tabel induk"
admin.site.login_form = AdminLoginForm  # the admin's login shares the throttle's messages (accounts.backends does the checking)

urlpatterns = [
    path("", home.home, name="home"),
    path("dasbor/", stat_views.dashboard, name="dashboard"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("sinergi.web.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("statistik/", stat_views.browse, name="statistics"),
    path("statistik/kelompok/", stat_views.groups, name="statistics-groups"),
    path("statistik/unduh.<str:fmt>", stat_views.download, name="statistics-download"),
    path("statistik/impor/", stat_views.upload, name="statistics-import"),
    path("statistik/impor/<int:pk>/", stat_views.import_result, name="statistics-import-result"),
    path("statistik/angka/<int:pk>/", stat_views.figure, name="statistics-figure"),
    path("statistik/katalog/", stat_views.catalogue, name="indicator-catalogue"),
    path("peta/impor/", region_views.boundary_upload, name="boundary-import"),
    path("audit/", audit_views.audit_list, name="audit"),
    path("audit/unduh.csv", audit_views.audit_export, name="audit-export"),
    path("ipk/", include("sinergi.web.ipk.urls")),
    path("rtk/", include("sinergi.web.rtk.urls")),
    path("sinkronisasi/", include("sinergi.web.proposals.urls")),
    path("notifikasi/", include("sinergi.web.notifications.urls")),
    path("admin/", admin.site.urls),
]

# error pages in the site's layout, in Bahasa Indonesia (sinergi.web.errors)
handler400 = "sinergi.web.errors.bad_request"
handler403 = "sinergi.web.errors.forbidden"
handler404 = "sinergi.web.errors.not_found"
handler500 = "sinergi.web.errors.server_error"
