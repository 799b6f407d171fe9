"""Re-screening through the API after the service is restarted on an updated rule base."""

from __future__ import annotations

import shutil
from pathlib import Path

from dualuse.rulebase import default_path
from tests.api.conftest import database_url, start_service
from tests.services.conftest import designate
from tests.services.test_rescreen import KESTREL


def test_a_restart_on_an_updated_rule_base_lets_an_analyst_rescreen_what_it_changes(tmp_path: Path) -> None:
    """A counterparty screened under the old rule base is flagged by POST /rescreens once the new one is in service."""
    root = tmp_path / "rulebase" / "cn"
    shutil.copytree(default_path(), root)
    for url in database_url("sqlite", tmp_path):
        for old in start_service(url, tmp_path, rulebase=root):
            screened = old.client.post("/api/v1/screen", json={"name": "Kestrel Photonics Corporation", "country": "JP",
                                                               "as_of": "2026-07-01"}, headers=old.auth("analyst"))  # fmt: skip
            assert screened.status_code == 200 and screened.json()["matches"] == []
            old_version = old.runtime.rulebase.version
        designate(root, file="MOFCOM-2026-11.yaml", party=KESTREL, version="2026.12.05")
        for new in start_service(url, tmp_path, rulebase=root):
            response = new.client.post("/api/v1/rescreens", json={"since": old_version, "screen_on": "2026-07-01",
                                                                  "open_on": "2026-07-01"}, headers=new.auth("analyst"))  # fmt: skip
            assert response.status_code == 201, response.text
            changes = response.json()["changes"]
            assert [(c["kind"], c["name"]) for c in changes] == [("counterparty", "Kestrel Photonics Corporation")]
            assert response.json()["summary"]["rulebase_changes"]["parties"][0]["entity_id"] == KESTREL["id"]
            listed = new.client.get("/api/v1/rescreens", headers=new.auth("viewer")).json()
            assert listed[0]["rescreen_id"] == response.json()["rescreen_id"]
            assert new.client.post("/api/v1/rescreens", json={}, headers=new.auth("viewer")).status_code == 403
