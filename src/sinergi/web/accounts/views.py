from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError

from sinergi.web.accounts import throttle
from sinergi.web.audit.actions import record

LOCKED_MESSAGE = "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi, atau hubungi admin."


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if throttle.is_locked(username, throttle.client_ip(request)):
            form = self.get_form()
            form.is_valid()
            form.errors.clear()
            form.add_error(None, ValidationError(LOCKED_MESSAGE, code="locked"))
            return self.render_to_response(self.get_context_data(form=form, locked=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.note_failure(self.request.POST.get("username", ""), throttle.client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.clear(self.request.user.get_username())
        record(self.request.user, "masuk", "akun", self.request.user.pk, summary="login berhasil")
        return response
