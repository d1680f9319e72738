from django.urls import path

from sinergi.web.ipk import views

app_name = "ipk"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("simulasi/", views.run, name="run"),
    path("unduh/hasil.<str:fmt>", views.export, name="export"),
    path("unduh/ketidakpastian.xlsx", views.export_run, name="export-run"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("wilayah/<str:code>/<int:year>/bagaimana-jika/", views.whatif, name="whatif"),
    path("wilayah/<str:code>/<int:year>/target/", views.target, name="target"),
    path("wilayah/<str:code>/<int:year>/target.xlsx", views.target_download, name="target-download"),
    path("wilayah/<str:code>/<int:year>/data/", views.data, name="data"),
    path("wilayah/<str:code>/<int:year>/templat.xlsx", views.template, name="template"),
    path("wilayah/<str:code>/<int:year>/templat/", views.template_upload, name="template-upload"),
    path("metode/", views.method, name="method"),
    path("metode/banding/", views.compare, name="compare"),
    path("metode/banding.xlsx", views.compare_download, name="compare-download"),
    path("metode/<int:pk>/aktifkan/", views.activate, name="activate"),
    path("metode/<int:pk>/metode.xlsx", views.method_download, name="method-download"),
]
