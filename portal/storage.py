"""The private file storage: files that must never be served from the media URL (application
attachments, letters, exports). Downloads go through views that check who asks.

A FileField takes its storage when the models are loaded. `private_storage()` gives fields a
lazy stand-in for `settings.STORAGES["private"]` instead, looked up on first use and again
whenever STORAGES changes, so a deployment's S3 settings or a test's temporary folder apply to
every field without further wiring.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = PrivateStorage()


def private_storage():
    """For `FileField(storage=private_storage)`: a callable, so migrations name it rather than
    serialise a storage."""
    return _private


@receiver(setting_changed)
def _storages_changed(setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_download(field_file, filename: str, content_type="application/pdf", **kwargs):
    """A stored private file as the response of a view that has checked who asks: never kept
    by a cache, and 404 (not a server error) when the file is gone."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, filename=filename, **kwargs)
    response["Cache-Control"] = "private, no-store"
    return response
