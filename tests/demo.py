"""The demo province, loaded once per test class that needs it."""

from datetime import date

from home.demo import DemoLoader, read_data

TODAY = date(2026, 11, 27)


def load_demo_province(with_users=True, today=TODAY):
    return DemoLoader(read_data(), today).load(with_users=with_users)
