package io.eventflow.local.schema;

import java.util.List;

/**
 * One published version of an event type, as the catalog lists it.
 *
 * @param version the version number
 * @param digest the digest catalog.json records for its file
 * @param description the schema's own description, or empty
 * @param fields every field, depth first in schema order
 */
public record CatalogVersion(int version, String digest, String description, List<CatalogField> fields) {

    public CatalogVersion {
        fields = List.copyOf(fields);
    }
}
