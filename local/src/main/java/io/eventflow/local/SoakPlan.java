package io.eventflow.local;

/**
 * How hard a soak run pushes.
 *
 * @param events unique events to publish
 * @param duplicateRate share of events published a second time
 * @param transientFailureRate share of first attempts that fail with a retryable error
 * @param poisonRate poison messages per unique event, put straight into the queues
 * @param crashes invocations crashed between claim and completion
 * @param seed makes the run reproducible
 * @param batchTransactions whether transactional consumers commit batches together
 */
public record SoakPlan(int events, double duplicateRate, double transientFailureRate, double poisonRate, int crashes,
                       long seed, boolean batchTransactions) {

    /** The plan: 20% published twice, 10% of first attempts failing, 1% poison, a few crashes. */
    public static SoakPlan standard(int events, long seed) {
        return new SoakPlan(events, 0.20, 0.10, 0.01, Math.max(3, events / 1000), seed, true);
    }

    /** The same plan with batch transactions on or off. */
    public SoakPlan withBatchTransactions(boolean enabled) {
        return new SoakPlan(events, duplicateRate, transientFailureRate, poisonRate, crashes, seed, enabled);
    }
}
