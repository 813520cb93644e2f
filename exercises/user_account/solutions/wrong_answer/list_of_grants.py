# Keeps grants in a list: granting twice and revoking once leaves the permission in place.
class UserAccount:
    PERMISSIONS = ("read", "write", "delete", "admin")

    def __init__(self, username):
        if not isinstance(username, str):
            raise TypeError("username must be a str")
        if not username.strip():
            raise ValueError("empty username")
        self.username = username
        self._granted = []

    def _check(self, permission):
        if permission not in self.PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")

    def grant(self, permission):
        self._check(permission)
        self._granted.append(permission)

    def revoke(self, permission):
        self._check(permission)
        if permission in self._granted:
            self._granted.remove(permission)

    def can(self, permission):
        self._check(permission)
        return permission in self._granted or "admin" in self._granted

    def permissions(self):
        return list(dict.fromkeys(self._granted))
