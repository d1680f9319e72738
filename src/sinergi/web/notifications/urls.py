from django.urls import path

from sinergi.web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("baca/", views.read, name="read"),
]
