package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file a command was given to read: missing or unreadable is the command's failure, said in one line. */
final class InputFile {

    private InputFile() {}

    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandException("No such file: " + file);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CommandException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
