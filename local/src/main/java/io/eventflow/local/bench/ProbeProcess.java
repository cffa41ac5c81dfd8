package io.eventflow.local.bench;

import io.eventflow.local.FunctionDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * One {@link ColdStartProbe} in a fresh JVM: a function started as Lambda starts it (C1 only, as the template's
 * {@code JAVA_TOOL_OPTIONS}; its template environment; credentials of its role), handling one batch from a file.
 *
 * @param elapsedNanos from starting the process to its {@code processed} line
 * @param fields the {@code processed} line's fields after the word (see {@link ColdStartProbe})
 * @param output what the process wrote to standard output before that line (its logs)
 * @param log where its standard error went
 */
public record ProbeProcess(long elapsedNanos, List<String> fields, List<String> output, Path log) {

    /** The local CRaC implementation that runs SnapStart's runtime hooks in a JVM without CRaC. */
    public static final String SNAPSTART_COMPAT = "io.eventflow.emulator.snapstart";

    /** The JVM option that makes a probe run the SnapStart hooks (priming) between init and its batch. */
    public static final String PRIMED = "-D" + ColdStartProbe.PRIMING_COMPAT + "=" + SNAPSTART_COMPAT;

    /**
     * Runs a probe and waits for it.
     *
     * @param jvmOptions options besides the template's (a Java agent, {@link #PRIMED})
     * @param environment variables besides the function's own, its region, endpoint and credentials ({@code OTEL_*})
     * @throws IllegalStateException when the probe exits before processing its batch
     */
    public static ProbeProcess run(FunctionDefinition function, URI endpoint, String region, AwsCredentials credentials,
                                   List<String> jvmOptions, Map<String, String> environment, Path batch)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As template.yaml sets JAVA_TOOL_OPTIONS for every function.
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ColdStartProbe.class.getName());
        command.add(function.handlerClass());
        command.add(batch.toString());
        Path log = batch.resolveSibling(batch.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        Map<String, String> variables = builder.environment();
        variables.keySet().removeIf(name -> name.startsWith("OTEL_") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("AWS_SESSION_TOKEN"));
        variables.putAll(function.environment());
        variables.put("AWS_ENDPOINT_URL", endpoint.toString());
        variables.put("AWS_REGION", region);
        variables.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        variables.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            variables.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        variables.putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("processed ")) {
                output.add(line);
            }
            long elapsed = System.nanoTime() - started;
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (line == null) {
                throw new IllegalStateException(function.logicalId() + ": the probe exited with " + process.exitValue()
                        + " before processing its batch (its log: " + log + ")");
            }
            List<String> fields = List.of(line.substring("processed ".length()).split(" "));
            return new ProbeProcess(elapsed, fields, output, log);
        }
    }

    /** A field of the {@code processed} line, by position. */
    public long field(int index) {
        return Long.parseLong(fields.get(index));
    }

    /** Records the handler reported failed. */
    public long failures() {
        return field(2);
    }
}
