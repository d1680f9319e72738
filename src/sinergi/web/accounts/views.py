from django.contrib.auth import views as auth_views

from sinergi.web.audit.actions import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request.user, "masuk", "akun", self.request.user.pk, summary="login berhasil")
        return response
