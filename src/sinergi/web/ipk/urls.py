app_name = "ipk"
urlpatterns: list = []
