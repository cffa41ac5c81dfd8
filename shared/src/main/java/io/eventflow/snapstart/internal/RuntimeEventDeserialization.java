package io.eventflow.snapstart.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;

/**
 * Primes the Lambda runtime's own part of the first invocation: the Java runtime turns the invocation's JSON into an
 * {@link SQSEvent} with {@code aws-lambda-java-serialization}, whose shaded Jackson and event mix-ins load on that
 * first event. The priming batch goes through the same serializer, out to JSON and back, where the runtime's library
 * is visible to the function (the runtime's class loader is the function's parent); reflection, because functions do
 * not ship the library: the runtime brings it. Where it is not visible, nothing happens.
 */
final class RuntimeEventDeserialization {

    private static final String SERIALIZERS = "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";
    private static final String POJO_SERIALIZER = "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer";

    private RuntimeEventDeserialization() {}

    /** @return whether the runtime's serializer was found and read the batch back */
    static boolean prime(SQSEvent batch) {
        ClassLoader loader = SQSEvent.class.getClassLoader();
        try {
            Class<?> serializers = Class.forName(SERIALIZERS, true, loader);
            Class<?> pojoSerializer = Class.forName(POJO_SERIALIZER, true, loader);
            Object serializer = serializers.getMethod("serializerFor", Class.class, ClassLoader.class).invoke(null, SQSEvent.class, loader);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            pojoSerializer.getMethod("toJson", Object.class, OutputStream.class).invoke(serializer, batch, json);
            Method fromJson = pojoSerializer.getMethod("fromJson", InputStream.class);
            SQSEvent read = (SQSEvent) fromJson.invoke(serializer, new ByteArrayInputStream(json.toByteArray()));
            return read.getRecords().size() == batch.getRecords().size();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return false;
        }
    }
}
