"""moto's server, with every DynamoDB request run one at a time.

moto serves requests on many threads, but its TransactWriteItems is not isolated: a transaction that fails restores
a copy of the tables taken when it began, wiping writes that other requests made meanwhile. Real DynamoDB never loses
a committed write, so eventflow serializes DynamoDB requests here; every other service stays concurrent.
Usage: python moto_server.py -H 127.0.0.1 -p PORT  (the same arguments as `python -m moto.server`).
"""
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.RLock()
_call_action = DynamoHandler.call_action


def _serialized_call_action(self):
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialized_call_action

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
