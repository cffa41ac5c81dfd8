package io.eventflow.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every request the clients it is installed on send (see {@link TestAws#clients(io.eventflow.emulator.AwsEmulator, ExecutionInterceptor...)}). */
public final class RequestRecorder implements ExecutionInterceptor {

    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request());
    }

    /** Every request so far, oldest first. */
    public List<SdkRequest> all() {
        return List.copyOf(requests);
    }

    /** The requests of one kind, oldest first. */
    public <T extends SdkRequest> List<T> of(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Operation names (request class names without {@code Request}), oldest first. */
    public List<String> operations() {
        return requests.stream().map(request -> request.getClass().getSimpleName().replaceFirst("Request$", "")).toList();
    }

    public void clear() {
        requests.clear();
    }
}
