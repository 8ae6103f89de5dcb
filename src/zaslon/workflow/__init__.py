"""The analyst workflow: recorded screenings, monitoring, alerts, decisions, audit.

This docstring is the contract between the workflow service (``service.py``)
and its users (CLI, JSON API, web UI).  Everything is persisted through the
store's database (SQLAlchemy Core, Alembic migrations; SQLite by default,
PostgreSQL via ``ZASLON_DATABASE_URL``).

``Workflow(db_url: str, holder: EngineHolder)`` — one object per process:

Users (roles ``analyst``, ``admin``; passwords hashed with scrypt)
    create_user(username, password, role, *, actor) -> User
    authenticate(username, password) -> User | None
    users() -> list[User]

Recorded screenings (any screen: API, CLI, UI, batch, monitoring)
    screen(query, *, source, actor, limit=10, threshold=None, record=True) -> Screening
        runs the serving engine and records query, list versions, algorithm,
        configuration and every candidate's score and explanation
    screening(id) -> Screening
    screenings(*, limit=50, offset=0) -> list[Screening]
    replay(id) -> Replay  # re-run against the recorded list versions; .same: bool, .differences

Customers and ongoing monitoring
    upsert_customer(external_id, query, *, actor) -> Customer
    import_customers(rows: Iterable[dict], mapping, *, actor) -> ImportResult
    customers(*, limit=50, offset=0) -> list[Customer]
    monitor(*, actor="system") -> MonitoringRun
        re-screens only what changed since the last run (new and changed listed
        entities against all customers, new and changed customers against all
        listed entities) and raises alerts; announces them to webhooks

Alerts and decisions
    alerts(*, status=None, customer=None, entity=None, limit=50, offset=0) -> list[Alert]
    alert(id) -> AlertDetail  # customer, listed entity, explanation, provenance, history
    decide(alert_id, decision, reason, *, actor, version) -> Alert
        decision in {"true_match", "false_positive", "escalate"}; ``version``
        is the alert version the analyst saw: a stale one raises ConflictError.
        A false positive suppresses the (customer, entity) pair until either
        changes or the suppression expires.

Webhooks
    add_webhook(url, secret, *, actor) -> Webhook
    deliveries(*, limit=50) -> list[Delivery]

Audit log (append-only, hash-chained: each entry commits to the one before)
    audit(*, limit=50, offset=0) -> list[AuditEntry]
    verify_audit() -> AuditCheck  # .ok, .entries, .first_bad

Added by the implementation (``service.py``; records in ``records.py``)
    Workflow(db_url, holder, *, db=None, suppress_days=365, webhook_attempts=4,
             webhook_backoff=0.5, http_client=None)
        ``db``: share an existing SQLAlchemy engine (the API's store); ``holder``
        is anything with ``.engine`` (``EngineHolder``; the API's serving
        snapshot) and optionally ``.refresh(store)``, called before monitoring
    screen(query, ...)  # query: a Query or an FtM-shaped dict
    screenings(*, limit, offset, source=None)
    upsert_customer(external_id, query, *, actor)  # query: Query or FtM-shaped dict
    import_customers(rows, mapping, *, actor, id_column=None)
        mapping: a batch Mapping or its ``--map`` text with ``customer=COL``
    customer(external_id) -> Customer
    monitor(*, actor="system", full=False, deliver=True)  # full: re-screen everything
    webhooks() -> list[Webhook]; deliver_pending(ids=None) -> list[Delivery]
    audit(*, limit=50, offset=0, target=None)  # target e.g. "alert:3"
    sync_audit(*, actor="system") -> int
        audits list versions and API key changes made outside the service
        (also run before every write, and by monitor and audit)
"""

from zaslon.workflow.service import Workflow

__all__ = ["Workflow"]
