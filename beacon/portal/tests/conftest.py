from beacon.portal.tests.fixtures import (  # noqa: F401
    eager_tasks,
    loopback_server,
    newsroom,
    published,
)
