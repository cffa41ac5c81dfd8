package io.eventflow.local.cli;

import picocli.CommandLine;

/** A schema version: a whole number from 1, written {@code 3} or {@code v3}. */
final class SchemaVersion implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        return new PositiveInt().convert(text.startsWith("v") ? text.substring(1) : text);
    }
}
