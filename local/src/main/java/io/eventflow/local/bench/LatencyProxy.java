package io.eventflow.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy in front of the emulator that holds every request for a fixed latency before passing it on,
 * and SES requests for longer: what AWS round trips cost a function, which an emulator on the same machine does not.
 * Bytes go through untouched (SigV4 signatures stay valid). A request is recognised as the first bytes a client
 * sends after the previous response began (HTTP/1.1 clients send one request at a time per connection), an SES one by
 * its signing scope. Each connection is pumped by two virtual threads.
 */
final class LatencyProxy implements AutoCloseable {

    private static final byte[] SES_SCOPE = "/ses/aws4_request".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Duration latency;
    private final Duration sesExtra;
    private final Thread acceptor;

    private LatencyProxy(URI target, Duration latency, Duration sesExtra) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.latency = latency;
        this.sesExtra = sesExtra;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("latency-proxy").start(this::acceptUntilClosed);
    }

    /** Starts a proxy to {@code target} adding {@code latency} to every request and {@code sesExtra} more to SES ones. */
    static LatencyProxy start(URI target, Duration latency, Duration sesExtra) throws IOException {
        return new LatencyProxy(target, latency, sesExtra);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(target.getAddress(), target.getPort())) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            AtomicBoolean awaitingRequest = new AtomicBoolean(true);
            Thread responses = Thread.ofVirtual().start(() -> pump(upstream, client, awaitingRequest));
            byte[] buffer = new byte[64 * 1024];
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            for (int read; (read = in.read(buffer)) > 0; ) {
                if (awaitingRequest.getAndSet(false)) {
                    Thread.sleep(contains(buffer, read, SES_SCOPE) ? latency.plus(sesExtra) : latency);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
            upstream.shutdownOutput();
            responses.join();
        } catch (IOException | InterruptedException ended) {
            // The connection is over; the client sees it closed.
        }
    }

    private static void pump(Socket from, Socket to, AtomicBoolean awaitingRequest) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read; (read = in.read(buffer)) > 0; ) {
                awaitingRequest.set(true);
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ended) {
            // Either side closed.
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
