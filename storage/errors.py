"""The one exception the store raises: every failure a caller can act on."""


class StoreError(Exception):
    """The database cannot be opened, migrated, written or queried as asked.

    The message says what went wrong and, where there is one, how to fix it.
    """
