"""Insert many model instances fast, inside the caller's transaction.

PostgreSQL: ids drawn from the table's sequence in one query, then one ``COPY … FROM STDIN`` (psycopg's
``write_row``, adapted in C), several times faster than ``bulk_create`` (whose ``UNNEST`` of arrays is
adapted in Python). Other databases: ``bulk_create``. Either way the instances come back with their ids,
saved (``_state.adding`` False). Values go through each field's ``pre_save`` and ``get_db_prep_save``, as a
``save`` would; no signal is sent (as with ``bulk_create``).
"""

from __future__ import annotations

import json

from django.db import connections, router
from django.db.models import Field
from django.db.models.base import ModelState


def insert(model, objs, *, batch_size: int = 1000) -> list:
    objs = list(objs)
    if not objs:
        return objs
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._base_manager.using(using).bulk_create(objs, batch_size=batch_size)
        return objs
    need = [o for o in objs if o.pk is None]
    if need:
        for o, new_id in zip(need, reserve_ids(model, len(need), using=using), strict=True):
            o.pk = new_id
    _copy_objs(connection, model, objs)
    for o in objs:
        o._state.adding, o._state.db = False, using
    return objs


def reserve_ids(model, n: int, *, using=None) -> list[int] | None:
    """n ids drawn from the table's sequence in one query (PostgreSQL), for ``insert_iter``; None elsewhere (the
    database gives them at the insert)."""
    connection = connections[using or router.db_for_write(model)]
    if connection.vendor != "postgresql" or n <= 0:
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [model._meta.db_table, model._meta.pk.column, n])
        return [row[0] for row in cur.fetchall()]


def insert_iter(model, objs, *, using=None) -> list:
    """``insert`` of instances made while they are written: on PostgreSQL each is sent into the ``COPY`` as soon
    as the iterable gives it (ids set beforehand, ``reserve_ids``), so the server inserts the rows (indexes…)
    while Python checks and builds the next ones, instead of waiting for the whole list; the iterable must not
    query the database (one ``COPY`` holds the connection), and an exception it raises abandons the ``COPY``
    (the transaction with it). Elsewhere: the list, then ``bulk_create``. Returns the instances, saved."""
    using = using or router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return insert(model, objs)
    done = []

    def kept():
        for o in objs:
            if o.pk is None:
                raise ValueError("insert_iter: an instance without its id (reserve_ids)")
            done.append(o)
            yield o

    _copy_objs(connection, model, kept())
    for o in done:
        o._state.adding, o._state.db = False, using
    return done


def _copy_objs(connection, model, objs) -> None:
    columns, make = _row_maker(connection, model)
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for o in objs:
            copy.write_row(make(o))


def copy_job(model, objs, *, using=None) -> tuple:
    """(model, columns, rows) of these instances (ids set, ``reserve_ids``) as ``_copy_objs`` would send them,
    for ``insert_rows_alongside``: the instances turned into rows now, sent later by another thread."""
    connection = connections[using or router.db_for_write(model)]
    columns, make = _row_maker(connection, model)
    return model, columns, [make(o) for o in objs]


def _row_maker(connection, model):
    """(columns, make(instance) -> the row's values as ``COPY`` takes them) of model's concrete fields."""
    fields = list(model._meta.concrete_fields)
    plain = [(i, f.attname) for i, f in enumerate(fields) if _plain(f)]
    # a JSONField without its own encoder: its value as JSON text, which PostgreSQL parses into the same jsonb
    # as the field's own adaptation would give (a Jsonb wrapper and a dumper called for each value)
    texts = [(i, f.attname) for i, f in enumerate(fields) if _json_text(f)]
    prepared = [(i, f) for i, f in enumerate(fields) if not _plain(f) and not _json_text(f)]
    width = len(fields)

    def make(o):
        d = o.__dict__
        row = [None] * width
        for i, name in plain:
            row[i] = d.get(name)
        for i, name in texts:
            value = d.get(name)
            row[i] = None if value is None else _json(value)
        for i, f in prepared:
            row[i] = f.get_db_prep_save(f.pre_save(o, True), connection)
        return row

    return [f.column for f in fields], make


_json = json.JSONEncoder().encode


def _json_text(field) -> bool:
    return field.get_internal_type() == "JSONField" and field.encoder is None and type(field).pre_save is Field.pre_save


_DEFAULTS: dict = {}  # model -> (attname: default value for the fixed ones, [(attname, callable)])


def build(model, values: dict, related: dict | None = None):
    """An unsaved instance of model from ``values`` (keyed by attname: ``organization_id``, not
    ``organization``), the other fields at their defaults, without ``Model.__init__`` (its keyword handling
    and its pre_init/post_init signals cost more than the rest of a bulk load's Python per row). ``related``:
    related objects to cache ({field name: instance}), as ``Model(organization=org)`` would. For ``insert``:
    what it writes is the same as for ``model(**values)``; callable defaults are called per instance."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        fixed, calls = {}, []
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                calls.append((f.attname, f.default))
            else:
                fixed[f.attname] = f.get_default()
        defaults = _DEFAULTS[model] = (fixed, calls)
    fixed, calls = defaults
    obj = model.__new__(model)
    d = obj.__dict__
    d.update(fixed)
    for name, default in calls:
        if name not in values:
            d[name] = default()
    d.update(values)
    obj._state = state = ModelState()
    if related:
        state.fields_cache.update(related)
    return obj


def insert_rows(model, columns: list[str], rows, *, using=None) -> int:
    """Insert plain tuples (values as the database takes them: str, int, date, datetime, None) into these
    columns of model's table, the others taking their database defaults (the id from its sequence). For rows
    nobody needs as instances (placements, events of a bulk load). ``rows`` may be a generator: on PostgreSQL
    each row goes into the ``COPY`` as it is made (the generator must not query the database). Returns the
    rows written."""
    connection = connections[using or router.db_for_write(model)]
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    n = 0
    if connection.vendor == "postgresql":
        it = iter(rows)
        first = next(it, None)
        if first is None:
            return 0
        with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            copy.write_row(first)
            n = 1
            for row in it:
                copy.write_row(row)
                n += 1
        return n
    rows = list(rows)
    if rows:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cur:
            for start in range(0, len(rows), 1000):
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows[start:start + 1000])
    return len(rows)


def update(model, objs, fields: list[str], *, using=None) -> int:
    """Write these fields of saved instances, as ``Model.objects.bulk_update(objs, fields)`` does, in the caller's
    transaction; returns the rows updated. PostgreSQL: the values go by ``COPY`` into a temporary table, then one
    ``UPDATE … FROM`` it (bulk_update's ``CASE WHEN id = … THEN …`` per field and row made a batch of 1 000 members
    with 20 fields a statement of 20 000 branches, each row testing them in turn: 15–57 s for 20 000 members).
    SQLite: one prepared ``UPDATE … WHERE id = ?`` per row (``executemany``).
    No signal is sent, no ``pre_save`` beyond the fields' own (as with ``bulk_update``)."""
    objs = list(objs)
    if not objs or not fields:
        return 0
    connection = connections[using or router.db_for_write(model)]
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    pk, table = meta.pk.column, qn(meta.db_table)
    if connection.vendor != "postgresql":
        # SQLite (in process): one prepared UPDATE per row is cheaper than a CASE per field testing every row
        sets = ", ".join(f"{qn(f.column)} = %s" for f in chosen)
        rows = [[*(f.get_db_prep_save(getattr(o, f.attname), connection) for f in chosen), o.pk] for o in objs]
        with connection.cursor() as cur:
            cur.executemany(f"UPDATE {table} SET {sets} WHERE {qn(pk)} = %s", rows)
            return cur.rowcount
    temp = qn(f"_bulk_update_{meta.db_table}")
    columns = [pk, *(f.column for f in chosen)]
    plain = [_plain(f) for f in chosen]
    texts = [_json_text(f) for f in chosen]

    def row(o):
        out = [o.pk]
        for f, is_plain, is_text in zip(chosen, plain, texts, strict=True):
            value = getattr(o, f.attname)
            if is_plain:
                out.append(value)
            elif is_text:
                out.append(None if value is None else _json(value))
            else:
                out.append(f.get_db_prep_save(value, connection))
        return out

    cols = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {temp}")
        cur.execute(f"CREATE TEMPORARY TABLE {temp} AS SELECT {cols} FROM {table} WITH NO DATA")
        with cur.cursor.copy(f"COPY {temp} ({cols}) FROM STDIN") as copy:
            for o in objs:
                copy.write_row(row(o))
        sets = ", ".join(f"{qn(c)} = u.{qn(c)}" for c in columns[1:])
        cur.execute(f"UPDATE {table} AS t SET {sets} FROM {temp} AS u WHERE t.{qn(pk)} = u.{qn(pk)}")
        n = cur.rowcount
        cur.execute(f"DROP TABLE {temp}")
    return n


def insert_rows_alongside(jobs, *, using=None):
    """Start ``insert_rows`` of each (model, columns, rows) of ``jobs`` and return ``wait()``. PostgreSQL: the
    ``COPY``s sent from a second thread on the same connection, inside the same transaction, while the caller's
    thread goes on with work that does not query the database (psycopg releases the GIL while it waits on the
    server, so the server inserts these rows, their indexes and foreign keys, while Python makes the next ones).
    ``wait()`` joins the thread and raises its error (as Django's database error), after which the caller's
    atomic block rolls everything back; call it before the next query, on an error too (``try``/``finally``).
    Elsewhere: the rows inserted now, ``wait()`` does nothing."""
    jobs = [(model, columns, list(rows)) for model, columns, rows in jobs]
    connection = connections[using or router.db_for_write(jobs[0][0] if jobs else None)]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        for model, columns, rows in jobs:
            insert_rows(model, columns, rows, using=connection.alias)
        return lambda: None
    import threading

    connection.ensure_connection()
    raw, qn, failed = connection.connection, connection.ops.quote_name, []

    def send():
        try:
            for model, columns, rows in jobs:
                if not rows:
                    continue
                sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
                with raw.cursor() as cur, cur.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
            failed.append(exc)

    thread = threading.Thread(target=send, name="bulkload-alongside", daemon=True)
    thread.start()

    def wait():
        thread.join()
        if failed:
            with connection.wrap_database_errors:
                raise failed[0]

    return wait


_PLAIN = {"AutoField", "BigAutoField", "CharField", "TextField", "IntegerField", "BigIntegerField",
          "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "DateField", "BooleanField",
          "ForeignKey", "OneToOneField", "DateTimeField"}


def _plain(field) -> bool:
    """Whether psycopg takes the field's Python value as it is (no conversion, no auto_now to fill)."""
    if field.get_internal_type() not in _PLAIN and type(field).__name__ not in _PLAIN:
        return False
    return not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def array_literal(values) -> str:
    """PostgreSQL's text form of a one-dimensional array of these values (``str(value)`` each, quoted, its
    backslashes and double quotes escaped), sent as one string parameter and cast by the server
    (``%s::text[]``). A list parameter is adapted by psycopg element by element in Python (the client-side
    quoting Django's cursors use: 2 ms for 1 000 CCCDs, 9 ms for 1 000 names with their birth dates, a tenth of
    an import's check); one string is quoted in C, and the server parses the array."""
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def _array_type(field, connection) -> str:
    """The type a column's values are sent as (``array_literal``): text for text columns (a cast to
    ``varchar(n)`` would cut a longer value, which could then match), else the column's own type."""
    if field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField"):
        return "text"
    return field.db_type(connection)  # a foreign key's is its target's (``rel_db_type``)


def ids_where(model, conditions: dict, *, using=None) -> list[tuple]:
    """[(id, value of each condition's column…)] of the rows of model where every ``column`` of ``conditions``
    is one of its values ({column: values}). PostgreSQL: one array per column, sent as one string
    (``= ANY(%s::text[])``, ``array_literal``): a query with thousands of placeholders costs psycopg more to
    convert than the database to run (a tenth of an import's check went into parsing them). Elsewhere: the
    ORM's ``IN``."""
    conditions = {c: sorted({v for v in vals if v not in (None, "")}) for c, vals in conditions.items()}
    if not conditions or any(not vals for vals in conditions.values()):
        return []
    connection = connections[using or router.db_for_read(model)]
    columns = list(conditions)
    if connection.vendor != "postgresql":
        qs = model._base_manager.using(connection.alias).filter(**{f"{c}__in": v for c, v in conditions.items()})
        return list(qs.values_list("pk", *columns))
    qn = connection.ops.quote_name
    fields = {f.column: f for f in model._meta.concrete_fields}
    where = " AND ".join(f"{qn(c)} = ANY(%s::{_array_type(fields[c], connection)}[])" for c in columns)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {qn(model._meta.pk.column)}, {', '.join(qn(c) for c in columns)} "
                    f"FROM {qn(model._meta.db_table)} WHERE {where}", [array_literal(conditions[c]) for c in columns])
        return cur.fetchall()


def ids_where_pairs(model, columns: tuple[str, str], pairs, *, using=None) -> list[tuple]:
    """[(id, value of each column…)] of the rows of model whose two ``columns`` equal one of ``pairs`` (a name
    and a birth date). PostgreSQL: the distinct pairs as two array parameters, each looked up on its own
    (``LATERAL``: the first column's index, then the second compared), so the cost follows the rows found;
    ``col1 = ANY(a) AND col2 = ANY(b)`` compared every candidate row with both whole arrays (10 s a chunk of
    1 000 names on a registry of 70 000). Elsewhere: the ORM's ``IN`` on each column, then the pairs kept."""
    pairs = {p for p in pairs if p[0] not in (None, "") and p[1] not in (None, "")}
    if not pairs:
        return []
    connection = connections[using or router.db_for_read(model)]
    if connection.vendor != "postgresql":
        a, b = columns
        qs = model._base_manager.using(connection.alias).filter(
            **{f"{a}__in": sorted({p[0] for p in pairs}), f"{b}__in": sorted({p[1] for p in pairs})})
        return [row for row in qs.values_list("pk", a, b) if (row[1], row[2]) in pairs]
    meta = model._meta
    qn = connection.ops.quote_name
    a, b = (meta.get_field(c) for c in columns)
    ordered = sorted(pairs)
    first, second = [p[0] for p in ordered], [p[1] for p in ordered]
    types = [_array_type(a, connection), _array_type(b, connection)]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT x.* FROM unnest(%s::{types[0]}[], %s::{types[1]}[]) AS p(a, b) CROSS JOIN LATERAL "
            f"(SELECT m.{qn(meta.pk.column)}, m.{qn(a.column)}, m.{qn(b.column)} FROM {qn(meta.db_table)} m "
            f"WHERE m.{qn(a.column)} = p.a AND m.{qn(b.column)} = p.b OFFSET 0) AS x",
            [array_literal(first), array_literal(second)])
        return cur.fetchall()
