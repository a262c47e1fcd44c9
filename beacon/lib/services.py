"""Tell whether the optional scale-out services answer on this machine (used by `make test`).

python -m beacon.lib.services postgres redis   # exit 0 when both answer
"""

from __future__ import annotations

import socket
import sys

PORTS = {"postgres": 5432, "redis": 6379, "rabbitmq": 5672}


def answers(name: str, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, PORTS[name]), timeout=timeout):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(0 if all(answers(name) for name in sys.argv[1:]) else 1)
