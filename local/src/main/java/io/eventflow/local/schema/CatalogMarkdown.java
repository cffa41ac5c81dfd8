package io.eventflow.local.schema;

import java.util.stream.Collectors;

/** The event catalog as Markdown ({@code docs/event-catalog.md}), for GitHub. */
public final class CatalogMarkdown {

    static final String GENERATED_BY = "Generated from `events/schemas` (the schemas and `catalog.json`), "
            + "`events/examples` and the SNS subscriptions' filter policies in `template.yaml` by "
            + "`./eventflow schema catalog`; the build fails when it is stale. Do not edit by hand.";

    private CatalogMarkdown() {}

    public static String render(EventCatalog catalog) {
        StringBuilder page = new StringBuilder("# Event catalog\n\n").append(GENERATED_BY).append("\n\n");
        page.append("| type | versions | compatibility | consumers |\n|---|---|---|---|\n");
        catalog.types().forEach(type -> page.append("| [").append(type.type()).append("](#").append(type.type().replace(".", ""))
                .append(") | ").append(type.versions().stream().map(v -> "v" + v.version()).collect(Collectors.joining(", ")))
                .append(" | ").append(type.compatibility()).append(" | ").append(String.join(", ", type.consumers()))
                .append(" |\n"));
        catalog.types().forEach(type -> page.append('\n').append(type(type)));
        return page.toString();
    }

    /** One type's section: also what {@code ./eventflow schema show <type>} prints. */
    public static String type(CatalogType type) {
        StringBuilder section = new StringBuilder("## ").append(type.type()).append("\n\n");
        if (!type.versions().getFirst().description().isEmpty()) {
            section.append(type.versions().getFirst().description()).append("\n\n");
        }
        section.append("- Compatibility: **").append(type.compatibility()).append("**: ").append(type.promise()).append(".\n");
        section.append("- Consumers (from the filter policies) and the versions each reads: ")
                .append(type.consumers().isEmpty() ? "none" : String.join(", ", type.consumers())).append(".\n");
        section.append("- Versions: ").append(type.versions().stream()
                .map(v -> "v" + v.version() + " (`" + v.digest().substring(0, "sha256:".length() + 12) + "…`)")
                .collect(Collectors.joining(", "))).append(".\n");
        for (CatalogVersion version : type.versions()) {
            section.append("\n### ").append(type.type()).append(" v").append(version.version()).append(" fields\n\n")
                    .append("| field | type | required | description |\n|---|---|---|---|\n");
            version.fields().forEach(field -> section.append("| `").append(field.path()).append("` | ").append(cell(field.type()))
                    .append(" | ").append(field.required() ? "yes" : "no").append(" | ").append(cell(field.description()))
                    .append(" |\n"));
        }
        section.append("\n### ").append(type.type()).append(" example\n\n");
        section.append(type.example().isEmpty() ? "No example under `events/examples/`.\n"
                : "`events/examples/" + type.exampleFile() + "`:\n\n```json\n" + type.example() + "\n```\n");
        return section.toString();
    }

    /** Table cell text: pipes escaped, so a pattern's alternatives do not split the row. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|");
    }
}
