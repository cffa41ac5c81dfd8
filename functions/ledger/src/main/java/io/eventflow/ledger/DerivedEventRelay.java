package io.eventflow.ledger;

import io.eventflow.event.EventCodec;
import io.eventflow.publish.EventPublisher;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Publishes the derived events waiting in the ledger's outbox, then marks them published. A publish that fails leaves
 * its event for the next flush; a crash between publish and mark publishes it again, which its consumers' idempotency
 * skips (the id is the same). The mark is kept, not the event deleted, so that a rebuild that books the cause again
 * (from the archive, long after the consumers' idempotency records expired) does not notify anyone twice. So a
 * derived event reaches its consumers' effects exactly once.
 */
public final class DerivedEventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedEventRelay.class);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final EventPublisher publisher;
    private final EventCodec codec = new EventCodec();

    public DerivedEventRelay(DynamoDbClient dynamoDb, String tableName, EventPublisher publisher) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.publisher = publisher;
    }

    /** @return how many derived events were published */
    public int flush() {
        int published = 0;
        for (Map.Entry<String, String> pending : LedgerTable.pendingOutbox(dynamoDb, tableName).entrySet()) {
            try {
                publisher.publish(codec.decode(pending.getValue()));
                LedgerTable.markPublished(dynamoDb, tableName, pending.getKey());
                published++;
            } catch (RuntimeException e) {
                LOG.warn("derived event {} stays in the outbox for the next flush: {}", pending.getKey(), e.toString());
            }
        }
        return published;
    }
}
