from beacon.portal.tests.fixtures import eager_tasks, loopback_server, newsroom  # noqa: F401
