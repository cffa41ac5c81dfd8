package io.eventflow.local.schema;

/**
 * One field of an event's data, as the catalog lists it.
 *
 * @param path dotted path from the data root, {@code []} for an array's items, e.g. {@code items[].sku}
 * @param type JSON type and the limits the schema puts on it, e.g. {@code string, 1-64 chars, pattern ^ord_...$}
 * @param required whether an event must carry it (when its parent is there)
 * @param description the schema's description of it, or empty
 */
public record CatalogField(String path, String type, boolean required, String description) {}
