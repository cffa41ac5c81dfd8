package io.eventflow.archive;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads a window of the archive in time order. For each type it queries the {@code by_type_day} index one UTC day
 * bucket after the other ({@code type_day = :day AND time_id BETWEEN ...}, ascending, page by page with
 * {@code LastEvaluatedKey}), and merges the types by {@code time_id}, so events come out ordered by time, then id. The
 * subject filter is a {@code FilterExpression}: it saves transfer, not read capacity. Everything is lazy: a page is
 * read only when the stream reaches it, so a long window can be streamed (and stopped early) in constant memory.
 *
 * <p>Thread-safe; build one per table and reuse it.
 */
public final class ArchiveReader {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final EventCodec codec;
    private final Integer pageSize;

    private ArchiveReader(Builder builder) {
        this.dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDbClient");
        this.tableName = Objects.requireNonNull(builder.tableName, "tableName");
        this.codec = builder.codec != null ? builder.codec : new EventCodec();
        this.pageSize = builder.pageSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The window's events, oldest first (ties by event id), decoded from their archived envelopes. DynamoDB is queried
     * as the stream is consumed: a stream stopped early (say with {@code limit}) reads no further pages.
     */
    public Stream<Event> read(ArchiveQuery query) {
        return entries(query, null).map(entry -> codec.decode(entry.envelope()));
    }

    /**
     * The window's events as archived, in the order of {@link #read}, starting right after {@code after}: a
     * {@link ArchivedEvent#position()} returned before, or null to start at the window's beginning. Reading on from
     * the last position handled neither repeats nor skips an event, which is how a stopped replay resumes.
     */
    public Stream<ArchivedEvent> entries(ArchiveQuery query, String after) {
        Iterator<Map<String, AttributeValue>> merged = merge(query.types().stream().map(type -> ofType(type, query, after)).toList());
        Iterator<ArchivedEvent> events = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return merged.hasNext();
            }

            @Override
            public ArchivedEvent next() {
                Map<String, AttributeValue> item = merged.next();
                AttributeValue subject = item.get(ArchiveItem.SUBJECT);
                Map<String, String> traceContext = new LinkedHashMap<>();
                AttributeValue carried = item.get(ArchiveItem.TRACE_CONTEXT);
                if (carried != null && carried.hasM()) {
                    carried.m().forEach((name, value) -> traceContext.put(name, value.s()));
                }
                return new ArchivedEvent(item.get(ArchiveItem.EVENT_ID).s(), item.get(ArchiveItem.TYPE).s(),
                        subject == null ? null : subject.s(), item.get(ArchiveItem.TIME_ID).s(), item.get(ArchiveItem.ENVELOPE).s(),
                        traceContext);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * How many events the window holds, counted by DynamoDB ({@code Select=COUNT}: the same queries as a read, without
     * transferring the items).
     */
    public long count(ArchiveQuery query) {
        long count = 0;
        for (String type : query.types()) {
            Iterator<QueryResponse> pages = pages(type, query, windowStart(query), LocalDate.ofInstant(query.from(), ZoneOffset.UTC), Select.COUNT);
            while (pages.hasNext()) {
                count += pages.next().count();
            }
        }
        return count;
    }

    /** One type's items in the window, day bucket after day bucket, each in sort-key order, one page at a time. */
    private Iterator<Map<String, AttributeValue>> ofType(String type, ArchiveQuery query, String after) {
        String windowStart = windowStart(query);
        boolean resuming = after != null && after.compareTo(windowStart) >= 0;
        // Resuming, the lower bound is the position itself (BETWEEN is inclusive), and the item at it is dropped.
        Iterator<QueryResponse> pages = resuming
                ? pages(type, query, after, ArchiveItem.dayOf(after), null)
                : pages(type, query, windowStart, LocalDate.ofInstant(query.from(), ZoneOffset.UTC), null);
        Iterator<Map<String, AttributeValue>> items = new Iterator<>() {
            private Iterator<Map<String, AttributeValue>> page = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext()) {
                    if (!pages.hasNext()) {
                        return false;
                    }
                    page = pages.next().items().iterator();
                }
                return true;
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return resuming ? skipFirstAt(items, after) : items;
    }

    /**
     * One type's query pages of the window from {@code lower} on, the day buckets from {@code firstDay} to the window's
     * last, each paged with {@code LastEvaluatedKey}; a page is queried only when the iterator reaches it.
     *
     * @param select {@link Select#COUNT} to count only; null for the items
     */
    private Iterator<QueryResponse> pages(String type, ArchiveQuery query, String lower, LocalDate firstDay, Select select) {
        LocalDate last = LocalDate.ofInstant(query.to().minusMillis(1), ZoneOffset.UTC);
        // '$' sorts right after '#': the upper bound encloses every event id of the window's last millisecond.
        String upper = ArchiveItem.timestamp(query.to().minusMillis(1)) + "$";
        return new Iterator<>() {
            private LocalDate day = firstDay;
            private Map<String, AttributeValue> startKey;

            @Override
            public boolean hasNext() {
                return !day.isAfter(last);
            }

            @Override
            public QueryResponse next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                QueryResponse response = dynamoDb.query(request(type, day, lower, upper, query, startKey).toBuilder().select(select).build());
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
                if (startKey == null) {
                    day = day.plusDays(1);
                }
                return response;
            }
        };
    }

    /** The window's lower bound: '#' sorts before every character of an event id, so it encloses every id. */
    private static String windowStart(ArchiveQuery query) {
        return ArchiveItem.timestamp(query.from()) + "#";
    }

    /** The items, less the first one when it sits at {@code position} (only the first can: positions are unique). */
    private static Iterator<Map<String, AttributeValue>> skipFirstAt(Iterator<Map<String, AttributeValue>> items, String position) {
        return new Iterator<>() {
            private boolean checked;
            private Map<String, AttributeValue> pushedBack;

            @Override
            public boolean hasNext() {
                if (!checked) {
                    checked = true;
                    if (items.hasNext()) {
                        Map<String, AttributeValue> first = items.next();
                        if (!position.equals(first.get(ArchiveItem.TIME_ID).s())) {
                            pushedBack = first;
                        }
                    }
                }
                return pushedBack != null || items.hasNext();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, AttributeValue> item = pushedBack != null ? pushedBack : items.next();
                pushedBack = null;
                return item;
            }
        };
    }

    private QueryRequest request(String type, LocalDate day, String lower, String upper, ArchiveQuery query,
                                 Map<String, AttributeValue> startKey) {
        Map<String, String> names = new HashMap<>(Map.of("#td", ArchiveItem.TYPE_DAY, "#ti", ArchiveItem.TIME_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":td", AttributeValue.fromS(ArchiveItem.typeDay(type, day)),
                ":lo", AttributeValue.fromS(lower),
                ":hi", AttributeValue.fromS(upper)));
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(ArchiveItem.BY_TYPE_DAY)
                .keyConditionExpression("#td = :td AND #ti BETWEEN :lo AND :hi")
                .scanIndexForward(true)
                .limit(pageSize)
                .exclusiveStartKey(startKey);
        query.subjectFilter().ifPresent(subject -> {
            names.put("#subject", ArchiveItem.SUBJECT);
            values.put(":subject", AttributeValue.fromS(subject));
            request.filterExpression("#subject = :subject");
        });
        return request.expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /** Merges sorted sources by {@code time_id} (k-way, one item of each source held at a time). */
    private static Iterator<Map<String, AttributeValue>> merge(List<Iterator<Map<String, AttributeValue>>> sources) {
        if (sources.size() == 1) {
            return sources.getFirst();
        }
        record Head(Map<String, AttributeValue> item, Iterator<Map<String, AttributeValue>> rest) {
            String timeId() {
                return item.get(ArchiveItem.TIME_ID).s();
            }
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::timeId));
        return new Iterator<>() {
            private boolean started;

            @Override
            public boolean hasNext() {
                if (!started) {
                    started = true;
                    sources.forEach(source -> {
                        if (source.hasNext()) {
                            heads.add(new Head(source.next(), source));
                        }
                    });
                }
                return !heads.isEmpty();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Head head = heads.poll();
                if (head.rest().hasNext()) {
                    heads.add(new Head(head.rest().next(), head.rest()));
                }
                return head.item();
            }
        };
    }

    /** Builder for {@link ArchiveReader}. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private String tableName;
        private EventCodec codec;
        private Integer pageSize;

        private Builder() {}

        public Builder dynamoDbClient(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        /** The archive table (its {@code by_type_day} index is queried). */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder codec(EventCodec codec) {
            this.codec = codec;
            return this;
        }

        /** Items per query page (DynamoDB's {@code Limit}); by default DynamoDB's 1 MB pages. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public ArchiveReader build() {
            return new ArchiveReader(this);
        }
    }
}
