from django.urls import path

from sinergi.web.proposals import followup_views, views

app_name = "proposals"
urlpatterns = [
    path("", views.index, name="index"),
    path("nomenklatur/", views.nomenclature, name="nomenclature"),
    path("nomenklatur/<int:pk>/", views.nomenclature_detail, name="nomenclature-detail"),
    path("putaran/<int:pk>/", views.round_detail, name="round"),
    path("putaran/<int:pk>/aksi/", views.round_action, name="round-action"),
    path("putaran/<int:pk>/duplikat/", views.duplicates, name="duplicates"),
    path("putaran/<int:pk>/duplikat/putuskan/", views.resolve, name="resolve"),
    path("putaran/<int:pk>/kesenjangan/", views.gaps, name="gaps"),
    path("putaran/<int:pk>/inklusi/", views.inclusion, name="inclusion"),
    path("putaran/<int:pk>/unduhan/", views.downloads, name="downloads"),
    path("putaran/<int:pk>/unduh.<str:kind>", views.download, name="download"),
    path("putaran/<int:pk>/berita-acara.docx", views.berita_acara, name="berita-acara"),
    path("putaran/<int:pk>/plafon/", views.ceilings, name="ceilings"),
    path("putaran/<int:pk>/tindak-lanjut-rakor/", views.follow_up, name="follow-up"),
    path("putaran/<int:pk>/wilayah/<str:code>/", views.office, name="office"),
    path("putaran/<int:pk>/wilayah/<str:code>/templat.xlsx", views.template_download, name="template"),
    path("putaran/<int:pk>/wilayah/<str:code>/ajukan-semua/", views.submit_all, name="submit-all"),
    path("putaran/<int:pk>/wilayah/<str:code>/baru/", views.proposal_new, name="new"),
    path("putaran/<int:pk>/wilayah/<str:code>/kode/", views.code_field, name="code-field"),
    path("putaran/<int:pk>/wilayah/<str:code>/saran-kode/", views.suggest, name="suggest"),
    path("putaran/<int:pk>/tindak-lanjut/", followup_views.progress_page, name="followup"),
    path("putaran/<int:pk>/tindak-lanjut/templat.xlsx", followup_views.template, name="followup-template"),
    path("usulan/<int:pk>/", views.proposal_detail, name="detail"),
    path("usulan/<int:pk>/realisasi/", followup_views.proposal_quarters, name="followup-proposal"),
    path("usulan/<int:pk>/ubah/", views.proposal_edit, name="edit"),
    path("usulan/<int:pk>/status/", views.proposal_status, name="status"),
    path("usulan/<int:pk>/komentar/", views.proposal_comment, name="comment"),
]
