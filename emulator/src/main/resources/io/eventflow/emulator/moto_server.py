"""moto's server, with two fixes that make its DynamoDB behave like the real service under eventflow's load.

1. Every DynamoDB request runs one at a time. moto serves requests on many threads, but its TransactWriteItems is
   not isolated: a transaction that fails restores a copy of the tables taken when it began, wiping writes that other
   requests made meanwhile. Real DynamoDB never loses a committed write. Other services stay concurrent.
2. TransactWriteItems checks every condition before it writes anything, so a cancelled transaction has nothing to
   roll back; only then does moto's own implementation apply the writes, without the copy of every table it would
   otherwise take for each transaction (which makes a run slower with every item the tables hold).
Usage: python moto_server.py -H 127.0.0.1 -p PORT  (the same arguments as `python -m moto.server`).
"""
import sys
import threading
import types

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import ConditionalCheckFailed, TransactionCanceledException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.RLock()
_call_action = DynamoHandler.call_action
_transact_write_items = DynamoDBBackend.transact_write_items
_copy = dynamodb_models.copy


def _serialized_call_action(self):
    with _dynamodb_lock:
        return _call_action(self)


def _cancellations(backend, transact_items):
    """The cancellation reasons moto would give, computed without writing; None when every condition holds."""
    reasons, cancelled = [], False
    for item in transact_items:
        op_type, op = next(iter(item.items()))
        table = backend.get_table(op["TableName"])
        if op_type == "Put":
            attrs = op["Item"]
            key = {table.hash_key_attr: attrs[table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = attrs[table.range_key_attr]
        else:
            key = op["Key"]
        current = backend.get_item(op["TableName"], key)
        condition = op.get("ConditionExpression")
        if condition is not None and not get_filter_expression(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")).expr(current):
            old = current.to_json()["Attributes"] if current and op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None
            reasons.append(("ConditionalCheckFailed", str(ConditionalCheckFailed().message), old))
            cancelled = True
        else:
            reasons.append((None, None, None))
    return reasons if cancelled else None


def _checked_transact_write_items(self, transact_items):
    try:
        reasons = _cancellations(self, transact_items)
    except Exception:
        # Anything unusual (validation errors, unknown tables): moto's own implementation says what is wrong.
        return _transact_write_items(self, transact_items)
    if reasons is not None:
        raise TransactionCanceledException(reasons)
    # The conditions hold and nothing else runs meanwhile (the lock above): the writes cannot be cancelled.
    dynamodb_models.copy = types.SimpleNamespace(
        deepcopy=lambda value: value if isinstance(value, Table) else _copy.deepcopy(value))
    try:
        return _transact_write_items(self, transact_items)
    finally:
        dynamodb_models.copy = _copy


DynamoHandler.call_action = _serialized_call_action
DynamoDBBackend.transact_write_items = _checked_transact_write_items

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
