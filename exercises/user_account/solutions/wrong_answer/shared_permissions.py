# The permission set is a class attribute, so every account shares it.
class UserAccount:
    PERMISSIONS = {"read", "write", "delete", "admin"}
    granted = set()

    def __init__(self, username):
        if not isinstance(username, str):
            raise TypeError("username must be a str")
        if not username.strip():
            raise ValueError("empty username")
        self.username = username

    def _check(self, permission):
        if permission not in self.PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")

    def grant(self, permission):
        self._check(permission)
        self.granted.add(permission)

    def revoke(self, permission):
        self._check(permission)
        self.granted.discard(permission)

    def can(self, permission):
        self._check(permission)
        return permission in self.granted or "admin" in self.granted

    def permissions(self):
        return list(self.granted)
