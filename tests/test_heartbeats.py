"""A run called from this process sends no flow-run heartbeats unless the user asked for them:
Prefect's heartbeat thread sleeps in one-second steps and the flow's end waited for it (every
run up to a second longer). `flows.run._heartbeats_as_configured`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyarrow.parquet as pq
from prefect.settings import get_current_settings

from munidocs.flows.run import _heartbeats_as_configured


def test_heartbeats_are_off_inside_and_as_before_after() -> None:
    before = get_current_settings().flows.heartbeat_frequency
    with _heartbeats_as_configured():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == before == 180


def test_a_frequency_the_user_set_is_kept() -> None:
    code = (
        "from prefect.settings import get_current_settings as s\n"
        "from munidocs.flows.run import _heartbeats_as_configured as h\n"
        "with h():\n"
        "    print(s().flows.heartbeat_frequency)\n"
    )
    env = {**os.environ, "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "60"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["60"]


def _events(api: str, flow_run: str) -> list[str]:
    response = httpx.post(
        f"{api}/events/filter",
        json={
            "filter": {
                "resource": {"id": [f"prefect.flow-run.{flow_run}"]},
                "occurred": {"since": "2000-01-01T00:00:00Z"},
            },
            "limit": 50,
        },
        timeout=10,
    )
    response.raise_for_status()
    return [event["event"] for event in response.json()["events"]]


def test_the_flow_run_of_munidocs_run_sent_no_heartbeat(
    prefect_server: str, corpus_run: Path
) -> None:
    runs = pq.read_table(corpus_run / "runs.parquet").to_pylist()
    assert len(runs) == 1
    flow_run = runs[0]["run_id"]
    deadline = time.monotonic() + 60  # the server persists events in batches
    while "prefect.flow-run.Completed" not in (names := _events(prefect_server, flow_run)):
        assert time.monotonic() < deadline, names
        time.sleep(0.5)
    assert "prefect.flow-run.Running" in names
    assert "prefect.flow-run.heartbeat" not in names
