package io.eventflow.local.cli;

import picocli.CommandLine;

/** A whole number above 0 ({@code --limit 10}); the error names the option, as {@link UsageErrorHandler} prefixes it. */
final class PositiveLong implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("takes a whole number above 0, not '" + text + "'");
    }
}
