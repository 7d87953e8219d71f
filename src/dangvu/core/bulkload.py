"""Insert many model instances fast, inside the caller's transaction.

PostgreSQL: ids drawn from the table's sequence in one query, then one ``COPY … FROM STDIN`` (psycopg's
``write_row``, adapted in C), several times faster than ``bulk_create`` (whose ``UNNEST`` of arrays is
adapted in Python). Other databases: ``bulk_create``. Either way the instances come back with their ids,
saved (``_state.adding`` False). Values go through each field's ``pre_save`` and ``get_db_prep_save``, as a
``save`` would; no signal is sent (as with ``bulk_create``).
"""

from __future__ import annotations

from django.db import connections, router
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
    meta = model._meta
    table, pk = meta.db_table, meta.pk
    need = [o for o in objs if o.pk is None]
    with connection.cursor() as cur:
        if need:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                        [table, pk.column, len(need)])
            for o, (new_id,) in zip(need, cur.fetchall(), strict=True):
                o.pk = new_id
        fields = list(meta.concrete_fields)
        qn = connection.ops.quote_name
        sql = f"COPY {qn(table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
        plain = [(f.attname, f) for f in fields if _plain(f)]
        prepared = [f for f in fields if not _plain(f)]
        order = [f.attname for f in fields]
        with cur.cursor.copy(sql) as copy:
            for o in objs:
                values = {name: o.__dict__.get(name) for name, _f in plain}
                for f in prepared:
                    values[f.attname] = f.get_db_prep_save(f.pre_save(o, True), connection)
                copy.write_row([values[name] for name in order])
    for o in objs:
        o._state.adding, o._state.db = False, using
    return objs


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
    nobody needs as instances (placements, events of a bulk load). Returns the rows written."""
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[using or router.db_for_write(model)]
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for start in range(0, len(rows), 1000):
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows[start:start + 1000])
    return len(rows)


_PLAIN = {"AutoField", "BigAutoField", "CharField", "TextField", "IntegerField", "BigIntegerField",
          "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "DateField", "BooleanField",
          "ForeignKey", "OneToOneField", "DateTimeField"}


def _plain(field) -> bool:
    """Whether psycopg takes the field's Python value as it is (no conversion, no auto_now to fill)."""
    if field.get_internal_type() not in _PLAIN and type(field).__name__ not in _PLAIN:
        return False
    return not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def ids_where(model, conditions: dict, *, using=None) -> list[tuple]:
    """[(id, value of each condition's column…)] of the rows of model where every ``column`` of ``conditions``
    is one of its values ({column: values}). PostgreSQL: one array parameter per column (``= ANY(%s)``): a
    query with thousands of placeholders costs psycopg more to convert than the database to run (a tenth of an
    import's check went into parsing them). Elsewhere: the ORM's ``IN``."""
    conditions = {c: sorted({v for v in vals if v not in (None, "")}) for c, vals in conditions.items()}
    if not conditions or any(not vals for vals in conditions.values()):
        return []
    connection = connections[using or router.db_for_read(model)]
    columns = list(conditions)
    if connection.vendor != "postgresql":
        qs = model._base_manager.using(connection.alias).filter(**{f"{c}__in": v for c, v in conditions.items()})
        return list(qs.values_list("pk", *columns))
    qn = connection.ops.quote_name
    where = " AND ".join(f"{qn(c)} = ANY(%s)" for c in columns)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {qn(model._meta.pk.column)}, {', '.join(qn(c) for c in columns)} "
                    f"FROM {qn(model._meta.db_table)} WHERE {where}", [conditions[c] for c in columns])
        return cur.fetchall()
