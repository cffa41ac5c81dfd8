package io.eventflow.local.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** A UTC day ({@code 2026-02-02}, meaning its midnight) or an RFC 3339 time: the bounds of an archive window. */
final class DayOrTime implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return Rfc3339Time.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "takes a UTC day (2026-02-02) or an RFC 3339 time (2026-02-02T12:00:00Z), not '" + text + "'");
            }
        }
    }
}
