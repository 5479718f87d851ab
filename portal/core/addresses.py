"""Finding rows by email address (privacy registry, My space, subscriptions)."""

from django.db.models import Q

# Printable ASCII only (an address with nothing else in it).
ASCII_ONLY = r"^[ -~]*$"


def same_address(field: str, email: str) -> Q:
    """Rows whose `field` holds the address `email`, whatever its case. Case-insensitive
    matching is the database's UPPER(), which folds some other letters into ASCII ones on
    PostgreSQL (the dotless "ı" of "exımple.com" becomes "I"): whoever controls such a
    look-alike address would reach the rows of the real one, and the other way round. So an
    ASCII address matches ASCII rows only (in any case), and any other address matches
    itself exactly (addresses are stored in lower case)."""
    email = email.strip()
    if email.isascii():
        return Q(**{f"{field}__iexact": email, f"{field}__regex": ASCII_ONLY})
    return Q(**{field: email.lower()})
