package io.eventflow.local.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object on stdout instead of text for people. */
final class JsonOption {

    @Option(names = "--json", description = "print one JSON object instead of text")
    private boolean json;

    boolean json() {
        return json;
    }
}
