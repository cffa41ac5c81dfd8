package io.eventflow.local.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two encodings of OTLP/HTTP: binary protobuf ({@code application/x-protobuf}) and JSON
 * ({@code application/json}). OTLP/JSON is protobuf's JSON mapping except that trace and span ids are hex strings,
 * not base64; the JSON decoder turns them into base64 before handing the document to {@link JsonFormat}.
 */
enum OtlpEncoding {

    PROTOBUF("application/x-protobuf") {
        @Override
        ExportTraceServiceRequest decode(byte[] body) throws InvalidProtocolBufferException {
            return ExportTraceServiceRequest.parseFrom(body);
        }

        @Override
        byte[] emptyResponse() {
            return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        }
    },

    JSON("application/json") {
        @Override
        ExportTraceServiceRequest decode(byte[] body) throws IOException {
            JsonNode document = MAPPER.readTree(body);
            if (document == null || !document.isObject()) {
                throw new InvalidProtocolBufferException("an OTLP/JSON export is a JSON object");
            }
            for (JsonNode resourceSpans : document.path("resourceSpans")) {
                for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                    for (JsonNode span : scopeSpans.path("spans")) {
                        idsToBase64(span, List.of("traceId", "spanId", "parentSpanId"));
                        span.path("links").forEach(link -> idsToBase64(link, List.of("traceId", "spanId")));
                    }
                }
            }
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            // Receivers must ignore fields they do not know (OTLP/JSON, "JSON Protobuf Encoding").
            JsonFormat.parser().ignoringUnknownFields().merge(MAPPER.writeValueAsString(document), request);
            return request.build();
        }

        @Override
        byte[] emptyResponse() {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String mediaType;

    OtlpEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The encoding a {@code Content-Type} header names (parameters such as {@code charset} ignored). */
    static Optional<OtlpEncoding> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (OtlpEncoding encoding : values()) {
            if (encoding.mediaType.equals(mediaType)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }

    String mediaType() {
        return mediaType;
    }

    /**
     * @throws IOException when the body is not a request in this encoding
     * @throws IllegalArgumentException when an id is not hex (JSON)
     */
    abstract ExportTraceServiceRequest decode(byte[] body) throws IOException;

    /** An {@code ExportTraceServiceResponse} with nothing rejected, in this encoding. */
    abstract byte[] emptyResponse();

    private static void idsToBase64(JsonNode holder, List<String> fields) {
        if (!(holder instanceof ObjectNode object)) {
            return;
        }
        for (String field : fields) {
            JsonNode id = object.get(field);
            if (id != null && id.isTextual()) {
                object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.asText())));
            }
        }
    }
}
