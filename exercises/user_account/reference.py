"""Reference solution: a user account holding a set of permissions."""


class UserAccount:
    PERMISSIONS = frozenset({"read", "write", "delete", "admin"})

    def __init__(self, username: str) -> None:
        if not isinstance(username, str):
            raise TypeError(f"username must be a str, not {type(username).__name__}")
        if not username.strip():
            raise ValueError("username must not be empty")
        self.username = username
        self._granted: set[str] = set()

    def _require_known(self, permission: str) -> None:
        if permission not in self.PERMISSIONS:
            raise ValueError(f"unknown permission: {permission!r}")

    def grant(self, permission: str) -> None:
        self._require_known(permission)
        self._granted.add(permission)

    def revoke(self, permission: str) -> None:
        self._require_known(permission)
        self._granted.discard(permission)

    def can(self, permission: str) -> bool:
        self._require_known(permission)
        return permission in self._granted or "admin" in self._granted

    def permissions(self) -> list[str]:
        return list(self._granted)
