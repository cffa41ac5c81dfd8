package io.eventflow.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on the loopback that accepts every connection and then neither reads nor answers, keeping it open: a
 * backend that has hung. Optionally its first connection gets a late {@code 503} first, the answer OTLP says to retry.
 */
public final class UnresponsiveBackend implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /** Accepts and never answers. */
    public UnresponsiveBackend() throws IOException {
        this(null);
    }

    /** @param firstAnswerAfter when not null, the first connection is answered 503 after this long; the others never */
    public UnresponsiveBackend(Duration firstAnswerAfter) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> accept(firstAnswerAfter), "unresponsive-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many connections it has accepted so far. */
    public int connections() {
        return accepted.size();
    }

    private void accept(Duration firstAnswerAfter) {
        try {
            while (!server.isClosed()) {
                Socket socket = server.accept();
                accepted.add(socket);
                if (firstAnswerAfter != null && accepted.size() == 1) {
                    Thread.sleep(firstAnswerAfter);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.close();
                }
            }
        } catch (IOException e) {
            if (!server.isClosed()) {
                throw new UncheckedIOException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
