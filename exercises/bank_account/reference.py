"""Reference solution: an account keeps its history; the balance is its sum."""


class BankAccount:
    def __init__(self, owner):
        self.owner = owner
        self._history = []

    @staticmethod
    def _check(amount):
        if type(amount) is not int or amount <= 0:
            raise ValueError(f"amount must be a positive int, not {amount!r}")

    def deposit(self, amount):
        self._check(amount)
        self._history.append(("deposit", amount))

    def withdraw(self, amount):
        self._check(amount)
        if amount > self.balance():
            raise ValueError(f"insufficient funds: {amount} > {self.balance()}")
        self._history.append(("withdraw", amount))

    def balance(self):
        return sum(amount if kind == "deposit" else -amount for kind, amount in self._history)

    def transfer(self, amount, other):
        self.withdraw(amount)
        other.deposit(amount)

    def history(self):
        return list(self._history)
