package io.eventflow.local.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** An RFC 3339 time with its offset ({@code 2026-02-02T12:00:00Z}). */
final class Rfc3339Time implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            return parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("takes an RFC 3339 time such as 2026-02-02T12:00:00Z, not '" + text + "'");
        }
    }

    static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
