package io.eventflow.snapstart.internal;

import java.util.List;

/**
 * What one priming run did.
 *
 * @param records records in the priming batch
 * @param failures records the handler reported failed (none when the priming exercised the happy path throughout)
 * @param answered the AWS operations answered in process, in order
 * @param refused the requests the in-process AWS does not answer (none for a batch the priming can run)
 */
public record PrimingReport(int records, int failures, List<String> answered, List<String> refused) {

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
                + (refused.isEmpty() ? "" : ", refused: " + refused);
    }
}
