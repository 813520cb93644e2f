class BankAccount:
    def __init__(self, owner):
        self.owner = owner
        self.total = 0
        self.events = []

    def deposit(self, amount):
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError("bad amount")
        self.total += amount
        self.events.append(("deposit", amount))

    def withdraw(self, amount):
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError("bad amount")
        self.total -= amount
        self.events.append(("withdraw", amount))

    def balance(self):
        return self.total

    def transfer(self, amount, other):
        self.withdraw(amount)
        other.deposit(amount)

    def history(self):
        return self.events[:]
