"""The images providers upload with their offers.

An upload becomes a Wagtail image straight away, in the provider's own collection
("Aanbieders / <name>") so that moderators find it in the admin. The offer form then carries
it as a signed token: a browser cannot fill a file input again, so when something else in the
form is wrong the provider keeps the upload instead of choosing the file once more. The token
is signed for one provider and one person, and expires; a provider can never attach another
provider's image by changing the token.

The image row does not record who uploaded it (`uploaded_by_user` stays empty): it belongs to
the provider, and who changed the offer is in the page's revisions.
"""

from django.core import signing
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection

PROVIDERS_COLLECTION = "Aanbieders"
TOKEN_MAX_AGE = 24 * 60 * 60  # seconds: long enough to finish the form, not to keep forever
THUMBNAIL = "max-320x240"


def _child_collection(parent, name):
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)


@transaction.atomic
def provider_collection(provider):
    """The provider's collection under "Aanbieders" (both made when missing)."""
    root = Collection.get_first_root_node()
    return _child_collection(_child_collection(root, PROVIDERS_COLLECTION), provider.name)


def store_upload(upload, provider, title):
    """A Wagtail image of a validated upload (a WagtailImageField's value)."""
    image = get_image_model()(
        title=(title or upload.name)[:255], file=upload, collection=provider_collection(provider)
    )
    # What Wagtail's own image forms do on upload: file size and hash (duplicate detection).
    image._set_image_file_metadata()
    image.save()
    return image


def _salt(provider, user):
    return f"listings.offer-image:{provider.pk}:{user.pk}"


def sign(image, provider, user) -> str:
    return signing.dumps(image.pk, salt=_salt(provider, user))


def unsign(token, provider, user):
    """The image a token names, when it was signed for this provider and person and has not
    expired; else None."""
    try:
        pk = signing.loads(token, salt=_salt(provider, user), max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return get_image_model().objects.filter(pk=pk).first()
