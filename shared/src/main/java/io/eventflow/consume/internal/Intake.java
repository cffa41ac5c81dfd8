package io.eventflow.consume.internal;

/** The first step of every record: admits it for its commit strategy, or refuses it. Never throws. */
@FunctionalInterface
public interface Intake<T> {

    Admission<T> admit(SqsRecord record);
}
