class UserAccount:
    """Permissions as a dict of flags; a subclass-friendly design."""

    KNOWN = ("read", "write", "delete", "admin")

    def __init__(self, username: str) -> None:
        if not isinstance(username, str):
            raise TypeError("username must be a string")
        if username.strip() == "":
            raise ValueError("username must not be blank")
        self.username = username
        self._flags = {name: False for name in self.KNOWN}

    def _known(self, permission):
        if permission not in self._flags:
            raise ValueError(f"unknown permission: {permission!r}")
        return permission

    def grant(self, permission):
        self._flags[self._known(permission)] = True

    def revoke(self, permission):
        self._flags[self._known(permission)] = False

    def can(self, permission):
        return self._flags[self._known(permission)] or self._flags["admin"]

    def permissions(self):
        return [name for name, on in self._flags.items() if on]
