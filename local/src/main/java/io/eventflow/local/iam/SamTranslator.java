package io.eventflow.local.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.PythonVenv;
import io.eventflow.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The template as CloudFormation deploys it: {@code template.yaml} expanded by aws-sam-translator, the library of the
 * {@code AWS::Serverless-2016-10-31} transform and of {@code sam} (pinned in {@code local/requirements-tools.txt}),
 * run by a small Python script in the project's {@code .venv/tools}. The roles and policies the local runner creates
 * come from this expansion, not from a second list of permissions.
 *
 * <p>An expansion is kept in {@code .venv/tools/expanded/}, named by the SHA-256 of the script, template, parameters
 * and region: the translator is a Python process of about a second, and a test run builds dozens of stacks from one
 * template. Rebuilding the venv (new pins) drops them.
 */
public final class SamTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PythonVenv venv;

    /** @param projectRoot the folder holding {@code local/requirements-tools.txt}; the venv is {@code .venv/tools} there */
    public SamTranslator(Path projectRoot) {
        this.venv = new PythonVenv(projectRoot.resolve(".venv/tools"), projectRoot.resolve("local/requirements-tools.txt"));
    }

    /**
     * @param parameters the template's parameter values (pseudo parameters such as {@code AWS::StackName} are left out)
     * @param region the region the translator generates ARNs for
     */
    public SamTemplate expand(SamTemplate template, Map<String, String> parameters, String region) {
        Path python = venv.python();
        Path script = venv.script(SamTranslator.class, "sam_translate.py", "eventflow_sam_translate.py");
        Map<String, String> values = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (!name.contains("::")) {
                values.put(name, value);
            }
        });
        try {
            byte[] input = JSON.writeValueAsBytes(template.document());
            Path cached = venv.venv().resolve("expanded").resolve(sha256(Files.readAllBytes(script), input,
                    JSON.writeValueAsBytes(values), region.getBytes(StandardCharsets.UTF_8)) + ".json");
            if (!Files.isRegularFile(cached)) {
                Files.createDirectories(cached.getParent());
                Path partial = Files.createTempFile(cached.getParent(), "expanding-", ".json");
                try {
                    Files.write(partial, translate(python, script, region, values, input));
                    Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> document = JSON.readValue(cached.toFile(), Map.class);
            return SamTemplate.of(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run the SAM translator with " + python, e);
        }
    }

    private static byte[] translate(Path python, Path script, String region, Map<String, String> values, byte[] input)
            throws IOException {
        try {
            Path errors = Files.createTempFile("eventflow-sam-translate-", ".log");
            try {
                Process process = new ProcessBuilder(python.toString(), script.toString(), region, JSON.writeValueAsString(values))
                        .redirectError(errors.toFile())
                        .start();
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input);
                }
                byte[] expanded = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The SAM translator could not expand the template:\n" + Files.readString(errors));
                }
                return expanded;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while expanding the template", e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
