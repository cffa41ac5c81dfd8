package io.eventflow.local.cli;

import picocli.CommandLine;

/** A whole number from 1 to {@link Integer#MAX_VALUE} (a count of runs or events). */
final class PositiveInt implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        long value = new PositiveLong().convert(text);
        if (value > Integer.MAX_VALUE) {
            throw new CommandLine.TypeConversionException("takes a whole number from 1 to " + Integer.MAX_VALUE + ", not '" + text + "'");
        }
        return (int) value;
    }
}
