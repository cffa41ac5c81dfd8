package io.eventflow.local.cli;

import picocli.CommandLine;

/** A finite number above 0 ({@code --rate 2.5}). */
final class PositiveDouble implements CommandLine.ITypeConverter<Double> {

    @Override
    public Double convert(String text) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("takes a number above 0, not '" + text + "'");
    }
}
