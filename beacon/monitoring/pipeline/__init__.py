"""The ingest pipeline: small pure stages over plain data, listed in order in ``run.py``.

Nothing here touches the database, so the same code runs in a Celery task on one article, over a
batch in a worker, and in ``bench/ingest.py`` over thousands of stored pages.
"""
