"""The store: SQLite by default or PostgreSQL, holding runs, determinations, the licence register
and the hash-chained audit log. This is an adapter: the only part of dualuse that talks to a database.
"""

from dualuse.store.audit_chain import (
    AuditEntry,
    AuditEvent,
    AuditRecord,
    ChainProblem,
    ChainReport,
    ProblemKind,
    canonical_json,
    check_chain,
)
from dualuse.store.audit_log import AuditLog
from dualuse.store.database import DATABASE_URL_VARIABLE, Store, open_store, resolve_url
from dualuse.store.licence_import import ParsedFile, licence_from_fields, read_licence_file
from dualuse.store.licence_records import DrawDown
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.runs import RowResult, Run, RunStatus, RunStore, RunVersions, StoredRow

__all__ = [
    "DATABASE_URL_VARIABLE",
    "AuditEntry",
    "AuditEvent",
    "AuditLog",
    "AuditRecord",
    "ChainProblem",
    "ChainReport",
    "DrawDown",
    "LicenceRegister",
    "ParsedFile",
    "ProblemKind",
    "RowResult",
    "Run",
    "RunStatus",
    "RunStore",
    "RunVersions",
    "Store",
    "StoredRow",
    "canonical_json",
    "check_chain",
    "licence_from_fields",
    "open_store",
    "read_licence_file",
    "resolve_url",
]
