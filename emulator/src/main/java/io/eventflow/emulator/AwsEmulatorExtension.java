package io.eventflow.emulator;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests a real AWS-protocol endpoint ({@link AwsEmulators#start()}), started once per test JVM,
 * stopped when the JVM's tests end, and reset before each test class. Inject it as an {@link AwsEmulator} parameter.
 */
public final class AwsEmulatorExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEmulatorExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator(context);
    }

    private static AwsEmulator emulator(ExtensionContext context) {
        // The root store outlives every test class and closes the emulator when the engine finishes.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("emulator", key -> new ClosableEmulator(AwsEmulators.start()), ClosableEmulator.class)
                .emulator();
    }

    private record ClosableEmulator(AwsEmulator emulator) implements AutoCloseable {
        @Override
        public void close() {
            emulator.close();
        }
    }
}
