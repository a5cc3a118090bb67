"""Local development: debug on, a throwaway key, mail printed to the console."""

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]
