class BankAccount:
    def __init__(self, owner):
        self.owner = owner

    def deposit(self, amount):
        raise NotImplementedError

    def withdraw(self, amount):
        raise NotImplementedError

    def balance(self):
        raise NotImplementedError

    def transfer(self, amount, other):
        raise NotImplementedError

    def history(self):
        raise NotImplementedError
