"""Django's SQLite backend, set up for the demo's several users at once.

SQLite has one writer at a time. Two transactions that both read, then both
write, deadlock: the second writer gets "database is locked" at once, whatever
the busy timeout (SQLite will not wait for a lock the other side can never
give up). So every transaction takes the write lock when it begins
(``BEGIN IMMEDIATE``) and a second one waits its turn, up to the busy timeout
(the ``timeout`` option); WAL lets reads go on beside the one writer.

Django 5.1+ has ``OPTIONS["transaction_mode"]`` for the BEGIN (settings set
it); for 4.2 this backend issues it itself.
"""

import django
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    if django.VERSION < (5, 1):

        def _start_transaction_under_autocommit(self):
            self.cursor().execute("BEGIN IMMEDIATE")
