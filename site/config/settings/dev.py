"""Local development: debug on, a throwaway key, mail printed to the console."""

import os
from urllib.parse import urlsplit

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if urlsplit(SITE_URL).hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(urlsplit(SITE_URL).hostname)
INTERNAL_IPS = ["127.0.0.1"]
