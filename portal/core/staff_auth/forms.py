from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.core.forms import NamedErrorsMixin
from portal.core.staff_auth.exceptions import TooManyAttempts


class CodeForm(NamedErrorsMixin, forms.Form):
    """A one-time code: six digits from the authenticator app, or a backup code.

    `check(code)` returns something true (a device, new backup codes) when the code is
    right; it ends up in `form.result`.
    """

    # Rendered by staff_auth/code_form.html (one-time-code autocomplete, error links).
    code = forms.CharField(label=_("Code"), max_length=32)

    def __init__(self, *args, check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.result = None

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        try:
            self.result = self.check(code) if self.check else None
        except TooManyAttempts as exc:
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Wait %(seconds)d second, then try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                    exc.seconds,
                )
                % {"seconds": exc.seconds},
                code="throttled",
            ) from exc
        if not self.result:
            raise forms.ValidationError(
                _("This code is not valid. Check the time on your phone and try the newest code."),
                code="invalid",
            )
        return code
