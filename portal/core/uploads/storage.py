"""Private storage: files no URL reaches, served only through staff views."""

from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage, storages

# The files written to private storage inside `private_files.kept_only_if_referenced()`.
WRITTEN: ContextVar[list | None] = ContextVar("private_files_written", default=None)


class PrivateStorage(FileSystemStorage):
    """Files outside the public media space: no URL, served only through staff views.
    Readable by the app's own user only (files 0600, the folders it creates 0700), whatever
    the umask, unless the STORAGES options say otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(*args, **kwargs)

    def url(self, name):
        raise ValueError("private files have no public URL")

    def _save(self, name, content):
        name = super()._save(name, content)
        written = WRITTEN.get()
        if written is not None:
            written.append((self, name))
        return name


def private_storage():
    return storages["private"]
