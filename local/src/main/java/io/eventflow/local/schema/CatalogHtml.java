package io.eventflow.local.schema;

import java.util.stream.Collectors;

/** The event catalog as one static HTML page ({@code docs/event-catalog.html}), no scripts, no external assets. */
public final class CatalogHtml {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
            h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}
            table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th{background:#f6f8fa}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
            pre{background:#f6f8fa;padding:.8rem;overflow-x:auto;border-radius:6px}.mode{background:#ddf4ff;border-radius:1rem;padding:.1rem .6rem}
            .note{color:#57606a}
            """;

    private CatalogHtml() {}

    public static String render(EventCatalog catalog) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>eventflow event catalog</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Event catalog</h1>\n<p class=\"note\">").append(inline(CatalogMarkdown.GENERATED_BY)).append("</p>\n")
                .append("<table>\n<tr><th>type</th><th>versions</th><th>compatibility</th><th>consumers</th></tr>\n");
        catalog.types().forEach(type -> page.append("<tr><td><a href=\"#").append(anchor(type)).append("\">").append(escape(type.type()))
                .append("</a></td><td>").append(type.versions().stream().map(v -> "v" + v.version()).collect(Collectors.joining(", ")))
                .append("</td><td>").append(type.compatibility()).append("</td><td>").append(escape(String.join(", ", type.consumers())))
                .append("</td></tr>\n"));
        page.append("</table>\n");
        catalog.types().forEach(type -> section(type, page));
        return page.append("</body>\n</html>\n").toString();
    }

    private static void section(CatalogType type, StringBuilder page) {
        page.append("\n<h2 id=\"").append(anchor(type)).append("\">").append(escape(type.type())).append("</h2>\n");
        if (!type.versions().getFirst().description().isEmpty()) {
            page.append("<p>").append(escape(type.versions().getFirst().description())).append("</p>\n");
        }
        page.append("<p><span class=\"mode\">").append(type.compatibility()).append("</span> ").append(escape(type.promise()))
                .append(".<br>Consumers (from the filter policies) and the versions each reads: <b>")
                .append(type.consumers().isEmpty() ? "none" : escape(String.join(", ", type.consumers()))).append("</b></p>\n");
        for (CatalogVersion version : type.versions()) {
            page.append("<h3>v").append(version.version()).append(" <code class=\"note\">").append(version.digest())
                    .append("</code></h3>\n<table>\n<tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>\n");
            version.fields().forEach(field -> page.append("<tr><td><code>").append(escape(field.path())).append("</code></td><td>")
                    .append(escape(field.type())).append("</td><td>").append(field.required() ? "yes" : "no").append("</td><td>")
                    .append(escape(field.description())).append("</td></tr>\n"));
            page.append("</table>\n");
        }
        page.append(type.example().isEmpty() ? "<p class=\"note\">No example under events/examples/.</p>\n"
                : "<details open><summary>Example: <code>events/examples/" + escape(type.exampleFile()) + "</code></summary>\n<pre>"
                        + escape(type.example()) + "</pre>\n</details>\n");
    }

    private static String anchor(CatalogType type) {
        return type.type().replace(".", "");
    }

    /** The Markdown note's inline code as HTML code. */
    private static String inline(String markdown) {
        return escape(markdown).replaceAll("`([^`]*)`", "<code>$1</code>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
