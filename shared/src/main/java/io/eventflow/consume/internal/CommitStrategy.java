package io.eventflow.consume.internal;

import io.eventflow.consume.RecordResult;
import java.util.List;

/**
 * How admitted records take effect, chosen when the processor is built: claim, handle, complete
 * ({@link ClaimHandleComplete}); claim with effects, per record or per batch ({@link ClaimWithEffects}); or the raw
 * handler alone ({@link RawHandling}).
 */
public interface CommitStrategy<T> {

    /** Whether a batch's admitted records are handed over together; otherwise each as soon as it is admitted. */
    boolean together();

    /** Commits the records and returns their results, in the same order. Never throws. */
    List<RecordResult> commit(List<Admission.Admitted<T>> records, BatchRun run);
}
