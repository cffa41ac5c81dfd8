"""moto's server, with two fixes that make its DynamoDB behave like the real service under eventflow's load.

1. Every DynamoDB request runs one at a time. moto serves requests on many threads, but its TransactWriteItems is
   not isolated: a transaction that fails restores a copy of the tables taken when it began, wiping writes that other
   requests made meanwhile. Real DynamoDB never loses a committed write. Other services stay concurrent.
2. TransactWriteItems checks every condition before it writes anything, so a cancelled transaction has nothing to
   roll back; only then does moto's own implementation apply the writes, without the copy of every table it would
   otherwise take for each transaction (which makes a run slower with every item the tables hold).
3. IAM enforcement (on when INITIAL_NO_AUTH_ACTION_COUNT is 0) checks each request's action against the resource it
   names, as AWS does. moto itself checks DynamoDB, SNS and SES actions against the resource "*", so a statement scoped
   to a table, topic or identity never matches, and checks a batch or transaction as one action of its own
   (sqs:SendMessageBatch, dynamodb:TransactWriteItems) where AWS checks the underlying action of each entry.
4. An administrator principal exists from the start and after every reset: the IAM user eventflow-admin, allowed
   everything, whose access key is EVENTFLOW_ADMIN_ACCESS_KEY_ID / EVENTFLOW_ADMIN_SECRET_ACCESS_KEY (when set).
5. SQS counts a message's size as AWS does: the body's UTF-8 bytes and every message attribute's name, data type and
   value (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html),
   against the queue's MaximumMessageSize. moto counts the body's characters only.
Usage: python moto_server.py -H 127.0.0.1 -p PORT  (the same arguments as `python -m moto.server`).
"""
import base64
import json
import os
import sys
import threading
import types

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import ConditionalCheckFailed, TransactionCanceledException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.models import iam_backends
from moto.moto_api._internal.models import MotoAPIBackend
from moto.server import main
from moto.sqs.exceptions import InvalidParameterValue
from moto.sqs.models import SQSBackend

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

_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
# The action IAM checks for each entry of a batch, as AWS documents it (a batch has no permission of its own).
_BATCH_ACTIONS = {"SendMessageBatch": "SendMessage", "DeleteMessageBatch": "DeleteMessage",
                  "ChangeMessageVisibilityBatch": "ChangeMessageVisibility", "PublishBatch": "Publish"}
_TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                     "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}


def _json_body(handler):
    return handler.body if isinstance(handler.body, dict) else json.loads(handler.body or "{}")


def _table_arn(handler, table, index=None):
    arn = f"arn:aws:dynamodb:{handler.region}:{handler.current_account}:table/{table}"
    return f"{arn}/index/{index}" if index else arn


def _dynamodb_checks(handler, action):
    body = _json_body(handler)
    if action in ("TransactWriteItems", "TransactGetItems"):
        return [(_TRANSACT_ACTIONS[kind], _table_arn(handler, operation["TableName"]))
                for item in body.get("TransactItems", []) for kind, operation in item.items()]
    if action in ("BatchGetItem", "BatchWriteItem"):
        return [(action, _table_arn(handler, table)) for table in body.get("RequestItems", {})]
    if "TableName" in body:
        return [(action, _table_arn(handler, body["TableName"], body.get("IndexName")))]
    return [(action, "*")]


def _checks(handler, resource):
    """(action, resource ARN) pairs that AWS would authorize for this request."""
    service = type(handler).__module__.split(".")[1]
    action = handler._get_action()
    if service == "dynamodb":
        return _dynamodb_checks(handler, action)
    if service == "sns":
        return [(_BATCH_ACTIONS.get(action, action), handler._get_param("TopicArn") or resource)]
    if service == "sqs":
        return [(_BATCH_ACTIONS.get(action, action), resource)]
    if service == "sesv2" and action == "SendEmail":
        sender = _json_body(handler).get("FromEmailAddress", "*")
        return [(action, f"arn:aws:ses:{handler.region}:{handler.current_account}:identity/{sender}")]
    return [(action, resource)]


def _authorize_each(self, resource="*"):
    for action, arn in _checks(self, resource):
        self._get_action = lambda action=action: action
        try:
            _authorize(self, arn)
        finally:
            del self._get_action


def _create_administrator():
    key_id, secret = os.environ.get("EVENTFLOW_ADMIN_ACCESS_KEY_ID"), os.environ.get("EVENTFLOW_ADMIN_SECRET_ACCESS_KEY")
    if not key_id or not secret:
        return
    iam = iam_backends[os.environ.get("MOTO_ACCOUNT_ID", "123456789012")]["aws"]
    iam.create_user("us-east-1", "eventflow-admin", "/", None)
    iam.put_user_policy("eventflow-admin", "administrator", json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key("eventflow-admin")
    del iam.access_keys[key.physical_resource_id]
    key.access_key_id, key.secret_access_key = key_id, secret
    iam.access_keys[key.physical_resource_id] = key


_send_message = SQSBackend.send_message


def _attribute_value_bytes(value):
    if "StringValue" in value:
        return len(value["StringValue"].encode("utf-8"))
    binary = value.get("BinaryValue", b"")
    if isinstance(binary, str):  # base64 on the wire
        try:
            return len(base64.b64decode(binary, validate=True))
        except ValueError:
            return len(binary.encode("utf-8"))
    return len(binary)


def _message_bytes(body, attributes):
    size = len(body.encode("utf-8", "surrogatepass"))  # SQS refuses lone surrogates itself; count, don't fail here
    for name, value in (attributes or {}).items():
        size += len(name.encode("utf-8")) + len(value.get("DataType", "").encode("utf-8")) + _attribute_value_bytes(value)
    return size


def _sized_send_message(self, queue_name, message_body, message_attributes=None, *args, **kwargs):
    limit = self.get_queue(queue_name).maximum_message_size
    size = _message_bytes(message_body, message_attributes)
    if size > int(limit):
        raise InvalidParameterValue(f"One or more parameters are invalid. Reason: Message must be shorter than {limit} bytes"
                                    f" (body and attributes are {size}).")
    return _send_message(self, queue_name, message_body, message_attributes, *args, **kwargs)


SQSBackend.send_message = _sized_send_message

_reset = MotoAPIBackend.reset


def _reset_keeping_administrator(self):
    _reset(self)
    _create_administrator()


ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authorize_each
MotoAPIBackend.reset = _reset_keeping_administrator
_create_administrator()

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
