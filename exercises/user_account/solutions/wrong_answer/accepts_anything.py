# Never validates permission names: granting "fly" silently succeeds.
class UserAccount:
    def __init__(self, username):
        if not isinstance(username, str):
            raise TypeError("username must be a str")
        if not username.strip():
            raise ValueError("empty username")
        self.username = username
        self._granted = set()

    def grant(self, permission):
        self._granted.add(permission)

    def revoke(self, permission):
        self._granted.discard(permission)

    def can(self, permission):
        return permission in self._granted or "admin" in self._granted

    def permissions(self):
        return list(self._granted)
