from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class ThrottledFormMixin:
    """Shows the throttle's refusal (set by accounts.backends) instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            why = getattr(self.request, "sinergi_login_refusal", None)
            if why:
                raise ValidationError(why, code="locked") from None
            raise


class LoginForm(ThrottledFormMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledFormMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def form_invalid(self, form):
        refusal = getattr(self.request, "sinergi_login_refusal", None)
        return self.render_to_response(self.get_context_data(form=form, refusal=refusal), status=429 if refusal else 200)
