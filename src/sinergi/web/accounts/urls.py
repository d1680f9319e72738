from django.urls import path

from sinergi.web.accounts import user_views as views

app_name = "accounts"
urlpatterns = [
    path("sandi/", views.own_password, name="password"),
    path("pengguna/", views.users, name="users"),
    path("pengguna/baru/", views.user_new, name="user-new"),
    path("pengguna/pensiunkan-demo/", views.retire_demo, name="retire-demo"),
    path("pengguna/<int:pk>/", views.user_edit, name="user"),
    path("pengguna/<int:pk>/sandi/", views.user_password, name="user-password"),
]
