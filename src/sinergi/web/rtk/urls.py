app_name = "rtk"
urlpatterns: list = []
