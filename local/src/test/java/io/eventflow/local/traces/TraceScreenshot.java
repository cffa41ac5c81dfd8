package io.eventflow.local.traces;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code docs/img/trace.png} (run by {@code docs/img/trace-screenshot.sh}): the {@link EventflowShapedTrace}
 * exported through the runner's receiver into Zipkin, and Zipkin's page of it captured by headless Chromium.
 *
 * <p>Arguments: the project root, the PNG to write, the Chromium command.
 */
public final class TraceScreenshot {

    private TraceScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path png = Path.of(args[1]).toAbsolutePath();
        try (LocalTracing tracing = LocalTracing.start(root);
             OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                     .setEndpoint(tracing.otlpEndpoint().resolve(OtlpReceiver.TRACES_PATH).toString()).build()) {
            EventflowShapedTrace.Exported trace = EventflowShapedTrace.export(exporter, UUID.randomUUID().toString());
            String url = tracing.zipkin().traceUrl(trace.traceId()).toString();
            System.out.println("trace " + trace.traceId() + " in Zipkin (" + tracing.zipkin().startupTime().toMillis() + " ms to start): " + url);
            Process chromium = new ProcessBuilder(List.of(args[2], "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1400,900", "--virtual-time-budget=10000", "--screenshot=" + png, url))
                    .inheritIO().start();
            if (!chromium.waitFor(2, TimeUnit.MINUTES) || chromium.exitValue() != 0) {
                chromium.destroyForcibly();
                throw new IllegalStateException("chromium failed; see its output above");
            }
            System.out.println("wrote " + png);
        }
    }
}
