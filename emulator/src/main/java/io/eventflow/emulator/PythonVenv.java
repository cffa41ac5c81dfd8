package io.eventflow.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python venv of the project's, built from a pinned requirements file on first use and rebuilt when that file
 * changes (the file's SHA-256 is kept in {@code .requirements.sha256}, as {@code .ci/check-template} keeps it).
 *
 * @param venv the venv's directory
 * @param requirements the pinned requirements it is built from
 */
public record PythonVenv(Path venv, Path requirements) {

    private static final Logger LOG = LoggerFactory.getLogger(PythonVenv.class);

    /** The venv's Python, after building the venv if it is missing or its requirements changed. */
    public Path python() {
        Path python = venv.resolve("bin/python");
        Path stamp = venv.resolve(".requirements.sha256");
        String wanted = sha256(requirements);
        try {
            if (Files.isExecutable(python) && Files.exists(stamp) && Files.readString(stamp).strip().equals(wanted)) {
                return python;
            }
            String systemPython = findSystemPython();
            LOG.info("Installing {} into {} (once; takes a minute or more)", requirements.getFileName(), venv);
            run(List.of(systemPython, "-m", "venv", "--clear", venv.toString()));
            run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", requirements.toString()));
            Files.writeString(stamp, wanted + "\n");
            return python;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the venv at " + venv, e);
        }
    }

    /** Writes a script shipped as a class-path resource next to the venv (only when it changed) and returns its path. */
    public Path script(Class<?> owner, String resource, String fileName) {
        Path target = venv.resolve(fileName);
        try (var script = owner.getResourceAsStream(resource)) {
            if (script == null) {
                throw new IllegalStateException(resource + " is missing from the jar of " + owner.getName());
            }
            byte[] content = script.readAllBytes();
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                Files.write(target, content);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    private static String findSystemPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not on PATH: try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(
                "eventflow needs python3 (3.9 or newer, with venv and pip) for its AWS emulator (moto) and its template "
                        + "tools. Install python3 (e.g. 'apt-get install python3 python3-venv'), or point "
                        + AwsEmulators.ENDPOINT_VARIABLE + " at a running LocalStack or moto server.");
    }

    private static void run(List<String> command) throws IOException {
        Path output = Files.createTempFile("eventflow-venv-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + Files.readString(output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
