"""Reads whose SQL the ORM writes once per database connection, then runs with each
request's values: the scorecard's reads are a handful of small queries, and building and
compiling a queryset costs more than the database takes to answer it (a cold 14-indicator
scorecard took 9.3 ms with its querysets built on each render, 6.6 ms prepared). The SQL,
its parameters' order and its columns' converters are all the ORM's own, so a prepared read
returns what the queryset would.

    FIGURES = PreparedRead(lambda period_ids: Figure.objects.filter(period__in=period_ids)
                           .order_by().values_list("pk", "value"))
    rows = FIGURES([3, 4, 5])  # [(pk, value), ...], values converted as the ORM converts them

A read's arguments are ints or lists of ints (a list's length is part of the SQL: each
length is prepared once). Constants written into the queryset stay constants.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import count
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Argument = int | Sequence[int]

# Stand-ins for the arguments while the ORM writes the SQL, found again in its parameters.
# Within every integer column's range (the ORM drops a comparison with a value out of its
# column's range, and writes no SQL for it) and unlike the queries' constants.
_FIRST_STAND_IN = 30_011
_NOTHING: Any = object()  # a read that asks nothing of the database: an empty IN list
# Each connection's prepared reads: SQL is written for one database, and a thread has its own connection.
_PREPARED: WeakKeyDictionary = WeakKeyDictionary()


class _Slot(NamedTuple):
    """Where one parameter of the SQL comes from: an argument (an item of it, for a list), or a constant."""

    argument: int | None
    item: int | None = None
    constant: Any = None


class _Prepared(NamedTuple):
    sql: str
    slots: list[_Slot]
    compiler: Any  # the ORM's compiler of the query, on this connection: it converts the rows
    converters: dict


class PreparedRead:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build

    def __call__(self, *args: Argument) -> list[tuple]:
        database = connections[DEFAULT_DB_ALIAS]  # this thread's connection
        shape = tuple(None if isinstance(a, int) else len(a) for a in args)
        prepared_here = _PREPARED.setdefault(database, {})
        prepared = prepared_here.get((id(self), shape))
        if prepared is None:
            prepared = prepared_here[(id(self), shape)] = self._prepare(database, shape)
        if prepared is _NOTHING:
            return []
        params = [
            slot.constant if slot.argument is None
            else args[slot.argument] if slot.item is None
            else args[slot.argument][slot.item]
            for slot in prepared.slots
        ]  # fmt: skip
        with database.cursor() as cursor:
            cursor.execute(prepared.sql, params)
            rows = cursor.fetchall()
        if prepared.converters:
            return [tuple(row) for row in prepared.compiler.apply_converters(rows, prepared.converters)]
        return rows

    def _prepare(self, database, shape: tuple[int | None, ...]) -> _Prepared:
        stand_ins: dict[int, _Slot] = {}
        args: list[Argument] = []
        numbers = count(_FIRST_STAND_IN)
        for position, length in enumerate(shape):
            if length is None:
                value = next(numbers)
                stand_ins[value] = _Slot(position)
                args.append(value)
            else:
                values = [next(numbers) for _ in range(length)]
                stand_ins.update({v: _Slot(position, i) for i, v in enumerate(values)})
                args.append(values)
        queryset = self.build(*args)
        compiler = queryset.query.get_compiler(connection=database)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _NOTHING
        slots = [stand_ins[p] if isinstance(p, int) and p in stand_ins else _Slot(None, constant=p) for p in params]
        if sorted(p for p in params if isinstance(p, int) and p in stand_ins) != sorted(stand_ins):
            raise ValueError("Each argument of a prepared read must reach its SQL once, as a parameter.")
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        return _Prepared(sql, slots, compiler, compiler.get_converters(columns))
