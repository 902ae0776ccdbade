"""Encryption at rest for sensitive fields (IBAN first), with keys from the environment.

FIELD_ENCRYPTION_KEYS is a list of Fernet keys (AES-128-CBC + HMAC-SHA256). The first encrypts;
all of them decrypt, so a key is rotated by putting a new one first, running
`manage.py rotate_encryption_keys` (which re-encrypts every value with the new key) and then
removing the old one. Generate a key with
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: sensitive fields need a key.")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("not an encrypted value")
    return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()


def rotate(stored: str) -> str:
    """The same plaintext, encrypted with the first (newest) key."""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()
