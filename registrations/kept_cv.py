"""The CV kept across a failed submit of the application form.

A CV checked on a form that failed for another reason is kept in private storage, under
`kept-cv/`, and its signed name travels in a hidden field: the applicant need not choose it
again. The file goes once the application is saved; one left behind (a form never sent
again) is removed by the sweep of unreferenced private files (portal/core/private_files.py),
and its token expires as the sweep's grace period ends.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.core.uploads import private_storage

KEPT_CV_FOLDER = "kept-cv"
KEPT_CV_SALT = "registrations.kept-cv"


class KeptCVMixin:
    """For a form with a `cv` file field and a hidden `kept_cv` field; sets `self.kept`."""

    def _kept_cv(self) -> dict | None:
        """The CV kept by an earlier failed submit of this form, if its token is valid and
        its file still there."""
        token = self.data.get(self.add_prefix("kept_cv")) or ""
        if not token:
            return None
        try:
            kept = signing.loads(
                token,
                salt=KEPT_CV_SALT,
                max_age=timedelta(hours=settings.PRIVATE_FILES_GRACE_HOURS),
            )
        except signing.BadSignature:
            return None
        stored = str(kept.get("stored", ""))
        if PurePath(stored).parent != PurePath(KEPT_CV_FOLDER):
            return None
        if not private_storage().exists(stored):
            return None
        return {"stored": stored, "name": str(kept.get("name", ""))}

    def _show_kept_cv(self) -> None:
        self.fields["cv"].required = False
        self.fields["cv"].kept = True  # not marked "(optional)": templates/bootstrap5/field.html
        self.fields["cv"].help_text = _(
            "Your CV “%(name)s” is kept: you need not choose it again. Choose another file "
            "only to replace it."
        ) % {"name": escape(self.kept["name"])}  # crispy shows help texts unescaped
        self["cv"].help_text = self.fields["cv"].help_text  # the bound field copied it

    def keep_cv(self) -> None:
        """After a failed submit: store the CV the person chose, if it passed its checks,
        and carry its signed name in the hidden field (a CV kept earlier is replaced)."""
        upload = self.cleaned_data.get("cv") if hasattr(self, "cleaned_data") else None
        if upload is None or "cv" in self.errors or isinstance(upload, KeptFile):
            return
        original = PurePath(getattr(upload, "original_name", "") or upload.name).name
        upload.seek(0)
        extension = upload.name.rsplit(".", 1)[-1]
        stored = private_storage().save(f"{KEPT_CV_FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
        self.discard_kept_cv()
        self.kept = {"stored": stored, "name": original}
        token = signing.dumps(self.kept, salt=KEPT_CV_SALT)
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_cv")] = token
        self._show_kept_cv()

    def discard_kept_cv(self) -> None:
        """Remove the kept file (once the application holds its own copy, or replaced)."""
        upload = getattr(self, "cleaned_data", {}).get("cv")
        if isinstance(upload, KeptFile):
            upload.close()
        if self.kept:
            private_storage().delete(self.kept["stored"])
            self.kept = None


class KeptFile(File):
    """A kept CV, read from private storage to be saved with the application."""

    def __init__(self, kept: dict):
        stored = kept["stored"]
        extension = stored.rsplit(".", 1)[-1]
        super().__init__(private_storage().open(stored, "rb"), name=f"cv.{extension}")
