package io.eventflow.local.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.PythonVenv;
import io.eventflow.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The template as CloudFormation deploys it: {@code template.yaml} expanded by aws-sam-translator, the library of the
 * {@code AWS::Serverless-2016-10-31} transform and of {@code sam} (pinned in {@code local/requirements-tools.txt}),
 * run by a small Python script in the project's {@code .venv/tools}. The roles and policies the local runner creates
 * come from this expansion, not from a second list of permissions.
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
            Path errors = Files.createTempFile("eventflow-sam-translate-", ".log");
            try {
                Process process = new ProcessBuilder(python.toString(), script.toString(), region, JSON.writeValueAsString(values))
                        .redirectError(errors.toFile())
                        .start();
                try (var input = process.getOutputStream()) {
                    JSON.writeValue(input, template.document());
                }
                byte[] expanded = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The SAM translator could not expand the template:\n" + Files.readString(errors));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> document = JSON.readValue(expanded, Map.class);
                return SamTemplate.of(document);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run the SAM translator with " + python, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while expanding the template", e);
        }
    }
}
