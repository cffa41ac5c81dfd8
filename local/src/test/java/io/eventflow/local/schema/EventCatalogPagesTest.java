package io.eventflow.local.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed catalog pages are what the schemas, catalog.json, the examples and template.yaml make now. */
class EventCatalogPagesTest {

    private static final Path ROOT = Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();

    @Test
    void theCommittedCatalogPagesAreCurrent() throws IOException {
        // The build rebuilds them beside its other output, so a stale page can be compared with what it should be.
        Path built = ROOT.resolve("local/target/event-catalog");
        Files.createDirectories(built);
        for (var page : CatalogPages.render(ROOT).entrySet()) {
            Files.writeString(built.resolve(page.getKey().getFileName()), page.getValue());
        }

        assertThat(CatalogPages.stale(ROOT))
                .as("stale catalog pages (rebuilt copies in %s): regenerate them with %s", built, CatalogPages.COMMAND)
                .isEmpty();
    }

    @Test
    void eachTypeShowsItsVersionsModeFieldsExampleAndConsumers() throws IOException {
        String markdown = Files.readString(ROOT.resolve(CatalogPages.MARKDOWN));
        String html = Files.readString(ROOT.resolve(CatalogPages.HTML));

        assertThat(markdown).contains("| [order.shipped](#ordershipped) | v2, v1 | BACKWARD_TRANSITIVE | notifier (v1–v2, seen as v2), "
                        + "analytics (every version as written), archiver (every version as written) |",
                "### order.shipped v2 fields",
                "| `estimated_delivery` | string, at most 10 chars, format date | no |",
                "### order.shipped v1 fields",
                "| `customer.shipping_address.city` | string, 1-100 chars, no control characters | yes | City. |",
                "\"tracking_number\": \"00340434161094042557\"", "\"estimated_delivery\": \"2026-02-14\"");
        assertThat(html).contains("<h2 id=\"ordershipped\">order.shipped</h2>",
                "<td><code>customer.shipping_address.city</code></td><td>string, 1-100 chars, no control characters</td>",
                "Consumers (from the filter policies) and the versions each reads: <b>notifier (v1–v2, seen as v2), "
                        + "analytics (every version as written), archiver (every version as written)</b>");
    }
}
