"""What one server process holds: the open store, the engines for the rule base in service, checked keys.

The rule base in service is named in the store (by digest), so when an admin reloads it through one
server process, the others follow within ``rulebase_check_seconds``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from dualuse import __version__
from dualuse.api.settings import ServiceSettings
from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.services.jobs import CheckJobs
from dualuse.services.keys import KeyHolder, authenticate
from dualuse.services.online import Engines, keep_rulebase
from dualuse.store import AuditEntry, AuditLog, Store, open_store
from dualuse.store.api_keys import ServiceEvent, service_event
from dualuse.store.service_state import RULEBASE_DIGEST, ServiceState
from dualuse.store.snapshots import RuleBaseSnapshots

_LOG = logging.getLogger("dualuse.api")
#: Keys remembered at most per process.
_KEY_CACHE_LIMIT = 10_000


class ServiceRuntime:
    """The store, engines and caches of one server process."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.store: Store = open_store(settings.database_url)
        try:
            rulebase = load_rulebase(settings.rulebase_path)
            now = datetime.now(UTC)
            keep_rulebase(self.store, rulebase, at=now)
            ServiceState(self.store).set(RULEBASE_DIGEST, rulebase.digest, actor="dualuse serve", at=now)
            self.engines = Engines(rulebase, self.store)
            self.jobs = CheckJobs(self.store, settings.data_dir, workers=settings.check_workers,
                                  database_url=settings.database_url)  # fmt: skip
        except BaseException:
            self.store.close()
            raise
        self._keys: dict[str, tuple[float, KeyHolder]] = {}
        self._next_rulebase_check = time.monotonic() + settings.rulebase_check_seconds
        self._reloading = False
        #: Held while a re-screening runs: one at a time per process, on engines of its own.
        self.rescreen_lock = threading.Lock()
        self._rescreen_engines: Engines | None = None

    @property
    def rulebase(self) -> RuleBase:
        """The rule base in service in this process."""
        return self.engines.rulebase

    def versions(self) -> tuple[str, str, str]:
        """Engine version, rule-base version and digest, for the response headers."""
        rulebase = self.engines.rulebase
        return __version__, rulebase.version, rulebase.digest

    # ------------------------------------------------------------------ keys
    def holder_of(self, key: str) -> KeyHolder | None:
        """The holder of a key, checked against the store at most every ``key_cache_seconds``."""
        now = time.monotonic()
        known = self._keys.get(key)
        if known is not None and known[0] > now:
            return known[1]
        holder = authenticate(self.store, key)
        if holder is None:
            self._keys.pop(key, None)
            return None
        if self.settings.key_cache_seconds > 0:
            if len(self._keys) >= _KEY_CACHE_LIMIT:
                self._keys.clear()
            self._keys[key] = (now + self.settings.key_cache_seconds, holder)
        return holder

    def forget_key(self, key_id: str) -> None:
        """Forget a revoked key at once in this process."""
        for key in [k for k, (_, holder) in self._keys.items() if holder.key_id == key_id]:
            self._keys.pop(key, None)

    # ------------------------------------------------------------------ rule base
    async def follow_rulebase(self) -> None:
        """Every ``rulebase_check_seconds``, switch to the rule base the store names if it is another one."""
        now = time.monotonic()
        if now < self._next_rulebase_check or self._reloading:
            return
        self._next_rulebase_check = now + self.settings.rulebase_check_seconds
        wanted = ServiceState(self.store).get(RULEBASE_DIGEST)
        if wanted is None or wanted == self.engines.rulebase.digest:
            return
        self._reloading = True
        try:
            self.engines = await asyncio.to_thread(self._engines_for, wanted)
        except Exception:
            _LOG.exception("could not switch to rule base %s", wanted)
        finally:
            self._reloading = False

    async def reload_rulebase(self, *, actor: str) -> RuleBase:
        """Load the rule base from its folder again, put it in service in every process, and keep its files."""
        rulebase = await asyncio.to_thread(load_rulebase, self.settings.rulebase_path)
        if rulebase.digest != self.engines.rulebase.digest:
            self.engines = await asyncio.to_thread(Engines, rulebase, self.store)
        previous = ServiceState(self.store).get(RULEBASE_DIGEST)
        now = datetime.now(UTC)
        keep_rulebase(self.store, rulebase, at=now)
        ServiceState(self.store).set(RULEBASE_DIGEST, rulebase.digest, actor=actor, at=now)
        AuditLog(self.store).append(AuditEntry(
            service_event(ServiceEvent.RULEBASE_RELOADED), now, actor, subject=rulebase.digest,
            rulebase_version=rulebase.version, rulebase_digest=rulebase.digest, engine_version=__version__,
            payload={"previous_digest": previous},
        ))  # fmt: skip
        return rulebase

    def rescreen_engines(self, rulebase: RuleBase) -> Engines:
        """Engines for re-screening, apart from those answering requests (call with ``rescreen_lock`` held)."""
        if self._rescreen_engines is None or self._rescreen_engines.rulebase.digest != rulebase.digest:
            self._rescreen_engines = Engines(rulebase, self.store)
        return self._rescreen_engines

    def _engines_for(self, digest: str) -> Engines:
        rulebase = load_rulebase(self.settings.rulebase_path)
        if rulebase.digest != digest:  # another process serves a rule base this folder no longer holds
            folder = Path(self.settings.data_dir) / "rulebases" / digest.removeprefix("sha256:")[:32]
            root = folder / "cn"
            if not (root / "rulebase.yaml").is_file():
                RuleBaseSnapshots(self.store).restore(digest, root)
            rulebase = load_rulebase(root)
        return Engines(rulebase, self.store)

    def close(self) -> None:
        """Stop the check jobs and close the store."""
        self.jobs.close()
        self.store.close()
