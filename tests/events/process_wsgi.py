"""The application as the multi-process tests serve it with gunicorn
(tests/events/test_processes.py): each response names, in `X-Worker`, the
process that answered, so a test knows it heard from every worker."""

import os

from config.wsgi import application as site_application


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(
            status, [*headers, ("X-Worker", str(os.getpid()))], exc_info
        )

    return site_application(environ, start)
