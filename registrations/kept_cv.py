"""The CV kept across a failed submit of the application form.

A CV checked on a form that failed for another reason is kept in private storage, under
`kept-cv/`, and its signed name travels in a hidden field: the applicant need not choose it
again. The file goes once the application is saved; one left behind (a form never sent
again) is removed by the sweep of unreferenced private files (portal/core/private_files.py)
after settings.KEPT_CV_MAX_AGE_HOURS, when its token expires too.

So that failed submits cannot fill the disk, a form keeps one file at most, named after its
one-time submission key (`kept-cv/<key>.<ext>`, replacing the one kept before), and nothing
more is kept once the folder holds settings.KEPT_CV_MAX_TOTAL_BYTES: the form then asks for
the file again.
"""

from contextlib import suppress
from datetime import timedelta
from pathlib import PurePath
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.files.storage import Storage
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.core.private_files import KEPT_CV_FOLDER
from portal.core.uploads import private_storage

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
                max_age=timedelta(hours=settings.KEPT_CV_MAX_AGE_HOURS),
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
        if not hasattr(self.fields["cv"], "plain_help_text"):
            self.fields["cv"].plain_help_text = self.fields["cv"].help_text
        self.fields["cv"].required = False
        self.fields["cv"].kept = True  # not marked "(optional)": templates/bootstrap5/field.html
        self.fields["cv"].help_text = _(
            "Your CV “%(name)s” is kept: you need not choose it again. Choose another file "
            "only to replace it."
        ) % {"name": escape(self.kept["name"])}  # crispy shows help texts unescaped
        self["cv"].help_text = self.fields["cv"].help_text  # the bound field copied it

    def keep_cv(self) -> None:
        """After a failed submit: store the CV the person chose, if it passed its checks,
        under the form's submission key (replacing the CV kept before), and carry its signed
        name in the hidden field. Nothing is kept without a valid key or once the kept files
        fill their quota: the form then asks for the file again."""
        upload = self.cleaned_data.get("cv") if hasattr(self, "cleaned_data") else None
        if upload is None or "cv" in self.errors or isinstance(upload, KeptFile):
            return
        original = PurePath(getattr(upload, "original_name", "") or upload.name).name
        key = self.cleaned_data.get("submission_key")
        self.discard_kept_cv()
        storage = private_storage()
        if key is not None:
            discard_kept_for_key(storage, key)
        quota = settings.KEPT_CV_MAX_TOTAL_BYTES
        if key is None or kept_total_bytes(storage) + upload.size > quota:
            self._ask_cv_again()
            return
        upload.seek(0)
        extension = upload.name.rsplit(".", 1)[-1]
        stored = storage.save(f"{KEPT_CV_FOLDER}/{key.hex}.{extension}", upload)
        self.kept = {"stored": stored, "name": original}
        token = signing.dumps(self.kept, salt=KEPT_CV_SALT)
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_cv")] = token
        self._show_kept_cv()

    def _ask_cv_again(self) -> None:
        """The CV could not be kept: the field is required again and says so."""
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_cv")] = ""
        field = self.fields["cv"]
        field.required = True
        field.kept = False
        field.help_text = format_lazy(
            "{} {}",
            _("Your CV could not be kept: please choose it again."),
            getattr(field, "plain_help_text", field.help_text),
        )
        self["cv"].help_text = field.help_text

    def discard_kept_cv(self) -> None:
        """Remove the kept file (once the application holds its own copy, or replaced)."""
        upload = getattr(self, "cleaned_data", {}).get("cv")
        if isinstance(upload, KeptFile):
            upload.close()
        if self.kept:
            private_storage().delete(self.kept["stored"])
            self.kept = None


def discard_kept_for_key(storage: Storage, key: UUID) -> None:
    """Remove the file kept for this submission key, whatever its extension (and with the
    suffix storage adds when two requests raced to the same name)."""
    for name in _kept_names(storage):
        if PurePath(name).name.startswith(key.hex):
            storage.delete(name)


def kept_total_bytes(storage: Storage) -> int:
    """The size of every file kept now (one removed meanwhile by another request counts 0)."""
    total = 0
    for name in _kept_names(storage):
        with suppress(FileNotFoundError):
            total += storage.size(name)
    return total


def _kept_names(storage: Storage) -> list[str]:
    try:
        _directories, files = storage.listdir(KEPT_CV_FOLDER)
    except FileNotFoundError:
        return []
    return [f"{KEPT_CV_FOLDER}/{name}" for name in files]


class KeptFile(File):
    """A kept CV, read from private storage to be saved with the application."""

    def __init__(self, kept: dict):
        stored = kept["stored"]
        extension = stored.rsplit(".", 1)[-1]
        super().__init__(private_storage().open(stored, "rb"), name=f"cv.{extension}")
