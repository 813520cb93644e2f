"""Tests for BankAccount, in Python. They run in the grading host: BankAccount is a proxy there, and so is every account
it makes. A method call or an attribute read on one runs in the candidate's sandboxed worker, on the object the worker
keeps; only plain values (and other accounts) cross, and only plain values come back, so the asserts compare plain
values here whatever the candidate's class defines."""
import pytest

import codegrader
from bank import BankAccount


@pytest.fixture
def funded():
    account = BankAccount("ann")
    account.deposit(100)
    return account


@codegrader.sample
def test_a_new_account_is_empty():
    assert BankAccount("ann").balance() == 0


@codegrader.sample
def test_deposit_then_withdraw():
    account = BankAccount("ann")
    account.deposit(10)
    account.withdraw(3)
    assert account.balance() == 7


def test_the_owner_is_kept():
    assert BankAccount("bob").owner == "bob"


@pytest.mark.parametrize("amount", [0, -5, 2.5, "10"])
def test_deposit_refuses(amount):
    with pytest.raises(ValueError):
        BankAccount("ann").deposit(amount)


def test_a_refused_withdrawal_changes_nothing():
    account = BankAccount("ann")
    account.deposit(5)
    try:
        account.withdraw(6)
    except ValueError:
        pass
    assert account.balance() == 5


def test_overdrawing_raises(funded):
    with pytest.raises(ValueError):
        funded.withdraw(101)


def test_transfer_moves_money(funded):
    other = BankAccount("bob")
    funded.transfer(30, other)
    assert (funded.balance(), other.balance()) == (70, 30)


@codegrader.weight(2)
def test_history_lists_every_movement(funded):
    other = BankAccount("bob")
    funded.withdraw(40)
    funded.transfer(10, other)
    assert funded.history() == [("deposit", 100), ("withdraw", 40), ("withdraw", 10)]
    assert other.history() == [("deposit", 10)]


@pytest.mark.parametrize("deposits, expected", [([1, 2], 3), ([10] * 5, 50), ([], 0)])
def test_balance_is_the_sum(deposits, expected):
    account = BankAccount("ann")
    for amount in deposits:
        account.deposit(amount)
    assert account.balance() == expected
