package io.eventflow.snapstart.internal;

import java.util.List;

/**
 * What one priming run did.
 *
 * @param records records in the priming batch
 * @param failures records the handler reported failed (none when the priming exercised the happy path throughout)
 * @param answered the AWS operations answered in process, in order
 * @param refused the requests the in-process AWS does not answer (none for a batch the priming can run)
 * @param runtimeDeserialization whether the Lambda runtime's event deserializer was found and primed too
 */
public record PrimingReport(int records, int failures, List<String> answered, List<String> refused, boolean runtimeDeserialization) {

    public PrimingReport {
        answered = List.copyOf(answered);
        refused = List.copyOf(refused);
    }

    /** Whether every record went down the happy path with every call answered. */
    public boolean clean() {
        return records > 0 && failures == 0 && refused.isEmpty();
    }

    @Override
    public String toString() {
        return records + " records, " + failures + " failed, " + answered.size() + " AWS calls answered in process"
                + (refused.isEmpty() ? "" : ", refused: " + refused)
                + (runtimeDeserialization ? ", the runtime's event deserialization primed" : "");
    }
}
