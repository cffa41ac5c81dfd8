package io.eventflow.local.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The committed catalog pages under {@code docs/}: what they should hold, which are stale, and rewriting them. */
public final class CatalogPages {

    /** The pages, relative to the project root. */
    public static final Path MARKDOWN = Path.of("docs/event-catalog.md");
    public static final Path HTML = Path.of("docs/event-catalog.html");
    /** What regenerates them. */
    public static final String COMMAND = "./eventflow schema catalog";

    private CatalogPages() {}

    /** Each page's path (relative to the root) and the content the project's files call for now. */
    public static Map<Path, String> render(Path root) {
        EventCatalog catalog = EventCatalog.read(root);
        Map<Path, String> pages = new LinkedHashMap<>();
        pages.put(MARKDOWN, CatalogMarkdown.render(catalog));
        pages.put(HTML, CatalogHtml.render(catalog));
        return pages;
    }

    /** The pages whose committed text differs from what {@link #render} makes (missing ones too). */
    public static List<Path> stale(Path root) {
        return render(root).entrySet().stream()
                .filter(page -> !page.getValue().equals(readOrEmpty(root.resolve(page.getKey()))))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Writes every page; returns their paths relative to the root. */
    public static List<Path> write(Path root) {
        Map<Path, String> pages = render(root);
        pages.forEach((path, text) -> {
            try {
                Files.writeString(root.resolve(path), text);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + root.resolve(path), e);
            }
        });
        return List.copyOf(pages.keySet());
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
