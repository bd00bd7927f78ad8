"""A database restart (an upgrade, a failover) gives no 500: a pooled connection is
checked before a request uses it (CONN_HEALTH_CHECKS) and replaced when it is dead."""

from __future__ import annotations

import json
from pathlib import Path

from tests.private_postgres import get, gunicorn, manage, needs_private_postgres, private_cluster, production_env

pytestmark = needs_private_postgres()


def test_no_500_after_the_database_restarts_and_healthz_says_when_it_is_down(tmp_path: Path):
    with private_cluster() as cluster:
        env = production_env(cluster.url(), tmp_path, PUBLIC_SCORECARD="true", DB_CONN_MAX_AGE="600")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "loaddata", "march_2024_scorecard", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        with gunicorn(env) as port:
            status, body = _scorecard(port)
            assert status == 200 and b"Dental checks" in body  # the worker now holds a connection
            cluster.pg_ctl("stop")
            status, body = get(port, "/healthz")  # a load balancer takes the server out meanwhile
            assert status == 503 and json.loads(body)["checks"]["database"]["ok"] is False
            cluster.pg_ctl("start")
            assert get(port, "/healthz")[0] == 200
            for _ in range(3):
                status, body = _scorecard(port)
                assert status == 200, body[:300]


def _scorecard(port: int):
    return get(port, "/?period=2023-24-q3")
