import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.web.settings")
application = get_wsgi_application()

# Import every view (and what it imports: pandas, matplotlib …) now rather than on each worker's
# first request: with `gunicorn --preload` the workers are forked after this and share it.
# No database connection is opened here.
from django.urls import get_resolver  # noqa: E402

_ = get_resolver().url_patterns
