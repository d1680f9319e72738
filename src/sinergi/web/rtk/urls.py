from django.urls import path

from sinergi.web.rtk import views

app_name = "rtk"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.plan, name="plan"),
    path("<str:code>/pratinjau/", views.preview, name="preview"),
    path("<str:code>/uji-balik/", views.backtest, name="backtest"),
    path("<str:code>/uji-balik.xlsx", views.backtest_download, name="backtest-download"),
    path("<str:code>/data/", views.data, name="data"),
    path("<str:code>/data/lepas/", views.data_remove, name="data-remove"),
    path("<str:code>/templat.xlsx", views.template, name="template"),
    path("<str:code>/unduh/<str:kind>", views.download, name="download"),
    path("<str:code>/riwayat/", views.history, name="history"),
]
