class UserAccount:
    PERMISSIONS = frozenset({"read", "write", "delete", "admin"})

    def __init__(self, username: str) -> None:
        raise NotImplementedError

    def grant(self, permission: str) -> None:
        raise NotImplementedError

    def revoke(self, permission: str) -> None:
        raise NotImplementedError

    def can(self, permission: str) -> bool:
        raise NotImplementedError

    def permissions(self) -> list[str]:
        raise NotImplementedError
