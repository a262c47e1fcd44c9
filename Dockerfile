# Beacon's container image: one image for the web server, the workers and the scheduler
# (compose.yaml starts each with its own command). Configuration comes from the environment
# only (DATABASE_URL, CELERY_BROKER_URL, BEACON_*; see docs/deployment.md).
FROM python:3.11-slim-bookworm

# PDF output (WeasyPrint) needs Pango, and a font with Vietnamese glyphs; pg_dump/pg_restore
# make `beacon backup` work against PostgreSQL.
RUN apt-get update \
    && apt-get install --no-install-recommends -y \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BEACON_VAR_DIR=/var/lib/beacon \
    BEACON_HOST=0.0.0.0 \
    BEACON_PORT=8000

# Installed in place (-e): settings find templates, catalogues and demo files under /app.
WORKDIR /app
COPY pyproject.toml README.md manage.py ./
COPY beacon ./beacon
RUN pip install -e . \
    && useradd --system --home-dir /var/lib/beacon --create-home beacon

USER beacon
VOLUME ["/var/lib/beacon"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["beacon", "serve"]
