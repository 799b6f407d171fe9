"""The tables of the store. Changes go through a new alembic revision in ``migrations/versions``."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from dualuse.store.types import MicroAmount, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: One batch check: what was checked, by whom, with which engine and rule base.
runs = Table(
    "runs",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_digest", String(80)),
    Column("actor", String(200), nullable=False),
    Column("as_of", Date),
    Column("engine_version", String(40), nullable=False),
    Column("rulebase_version", String(80), nullable=False),
    Column("rulebase_digest", String(80), nullable=False),
    Column("options", JSON),
    Column("counts", JSON),
)

#: Every input row of a run, as read, and how far it got.
run_rows = Table(
    "run_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("row_id", String(200)),
    Column("input", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    UniqueConstraint("run_id", "row_number"),
)

#: A determination as issued: the output JSON, the digest of the input it answers, the versions.
determinations = Table(
    "determinations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), ForeignKey("runs.run_id", ondelete="CASCADE")),
    Column("row_number", Integer),
    Column("input_digest", String(80), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("as_of", Date, nullable=False),
    # The output as issued, or None where it is kept once for many rows in determination_bodies.
    Column("output", JSON(none_as_null=True)),
    Column("body_key", String(80)),
    Column("engine_version", String(40), nullable=False),
    Column("rulebase_version", String(80), nullable=False),
    Column("rulebase_digest", String(80), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "run_id", "row_number"),
)

#: A determination as a batch run issued it to many rows: Zstandard-compressed JSON with ``id`` and
#: ``input_digest`` left null (each row's own are in ``determinations``), keyed by its SHA-256.
determination_bodies = Table(
    "determination_bodies",
    metadata,
    Column("body_key", String(80), primary_key=True),
    Column("body", LargeBinary, nullable=False),
)

#: The licence register. Amounts are in millionths (see MicroAmount) so the draw-down is exact.
licences = Table(
    "licences",
    metadata,
    Column("licence_id", String(100), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("holder", Text, nullable=False),
    Column("control_codes", JSON, nullable=False),
    Column("end_user", Text),
    Column("destination", String(2)),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("quantity_granted_micro", MicroAmount),
    Column("quantity_remaining_micro", MicroAmount),
    Column("unit", String(32)),
    Column("value_granted_micro", MicroAmount),
    Column("value_remaining_micro", MicroAmount),
    Column("currency", String(3)),
    Column("revoked_on", Date),
    Column("revocation_reason", Text),
    Column("source", String(16), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("added_by", String(200), nullable=False),
    Index(None, "holder"),
)

#: Each shipment recorded against a licence, with what it used up.
licence_draw_downs = Table(
    "licence_draw_downs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("licence_id", String(100), ForeignKey("licences.licence_id"), nullable=False),
    Column("shipment_ref", String(200), nullable=False),
    Column("quantity_micro", MicroAmount, nullable=False),
    Column("value_micro", MicroAmount),
    Column("drawn_at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    UniqueConstraint("licence_id", "shipment_ref"),
)

#: The append-only audit log. ``time`` is kept as the exact ISO text that was hashed.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("event", String(40), nullable=False),
    Column("subject", String(200)),
    Column("run_id", String(64)),
    Column("input_digest", String(80)),
    Column("outcome", String(32)),
    Column("rulebase_version", String(80)),
    Column("rulebase_digest", String(80)),
    Column("engine_version", String(40)),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index(None, "run_id"),
    Index(None, "subject"),
)

#: One row (id 1): the last sequence number and hash. Appends lock it, which serialises writers on
#: every database, and ``verify`` compares it with the last record, so a deleted tail is seen.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

#: The rule files a run was checked against, by content digest, so a past run can be replayed with
#: the rule base it used ("what did we know then").
rulebase_snapshots = Table(
    "rulebase_snapshots",
    metadata,
    Column("rulebase_digest", String(80), primary_key=True),
    Column("rulebase_version", String(80), nullable=False),
    Column("files", JSON, nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
)

# ---------------------------------------------------------------------------------------------------
# The service (revision 0003): API keys, counterparties and their reverse index, dispositions,
# the index of determinations for re-screening, re-screen results, check jobs and service state.

#: API keys. Only a SHA-256 of the secret is kept; ``key_id`` is the public prefix of the key.
api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("revoked_at", UTCDateTime),
    Column("revoked_by", String(200)),
)

#: Every counterparty screened or named on a determination: a name (normalised) and a country.
counterparties = Table(
    "counterparties",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_digest", String(64), nullable=False, unique=True),
    Column("name_key", Text, nullable=False),
    Column("country", String(2)),
    Column("name", Text, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
)

#: The reverse index from name tokens and character pairs to counterparties, for re-screening.
counterparty_tokens = Table(
    "counterparty_tokens",
    metadata,
    Column("token", String(200), primary_key=True),
    Column("counterparty_id", Integer, ForeignKey("counterparties.id", ondelete="CASCADE"), primary_key=True),
)

#: A reviewer's decision on one screening hit for one counterparty, and whether it still stands.
dispositions = Table(
    "dispositions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("counterparty_id", Integer, ForeignKey("counterparties.id"), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("list", String(64), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("fingerprint", String(80), nullable=False),
    Column("listed_record", JSON, nullable=False),
    Column("rulebase_version", String(80), nullable=False),
    Column("rulebase_digest", String(80), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("closed_reason", Text),
    Index(None, "counterparty_id", "entity_id"),
)

#: Determinations as indexed for re-screening: the order line they answer and their shipment date.
determination_index = Table(
    "determination_index",
    metadata,
    Column("determination_id", Integer, ForeignKey("determinations.id", ondelete="CASCADE"), primary_key=True),
    Column("order_line", JSON),
    Column("as_of", Date, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("indexed_at", UTCDateTime, nullable=False),
    Index(None, "as_of"),
)

#: The reverse index from counterparties, control codes, families and destinations to determinations.
determination_keys = Table(
    "determination_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("determination_id", Integer, ForeignKey("determinations.id", ondelete="CASCADE"), primary_key=True),
)

#: One re-screening after a rule-base change: what was compared, and every change found, with reasons.
rescreens = Table(
    "rescreens",
    metadata,
    Column("rescreen_id", String(64), primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("from_version", String(80), nullable=False),
    Column("from_digest", String(80), nullable=False),
    Column("to_version", String(80), nullable=False),
    Column("to_digest", String(80), nullable=False),
    Column("screen_on", Date, nullable=False),
    Column("open_on", Date, nullable=False),
    Column("summary", JSON, nullable=False),
    Column("changes", JSON, nullable=False),
)

#: Checks submitted through the API: where each stands, so every server process can answer for it.
check_jobs = Table(
    "check_jobs",
    metadata,
    Column("job_id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("rows_done", Integer, nullable=False),
    Column("rows_total", Integer),
    Column("run_id", String(64)),
    Column("error", Text),
    Column("reports", JSON),
)

#: Settings every server process follows, such as the rule-base digest in service.
service_state = Table(
    "service_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
)
