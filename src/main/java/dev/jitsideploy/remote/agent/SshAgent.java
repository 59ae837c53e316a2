package dev.jitsideploy.remote.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;

/**
 * A client of the ssh-agent protocol (draft-miller-ssh-agent) over the agent's Unix socket: list the keys, sign
 * with one. Written here because SSHJ 0.40 has no agent support and the libraries that add it (jsch-agent-proxy)
 * reach the socket through JNA/junixsocket; Java 17 talks to Unix sockets itself, and the two requests needed are a
 * few dozen lines. Each request opens its own connection (as OpenSSH's ssh does per session), so one instance is
 * safe to share between threads. Every read and write has the deadline given at construction.
 */
public final class SshAgent {

    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Sign flags: which hash an RSA key signs with (the key blob alone says only "ssh-rsa"). */
    private static final int RSA_SHA2_256 = 2;
    private static final int RSA_SHA2_512 = 4;
    private static final int MAX_ANSWER = 256 * 1024;

    private final Path socket;
    private final Duration timeout;

    public SshAgent(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** The keys the agent holds, in the agent's order. Keys SSHJ cannot decode (e.g. certificates) are left out. */
    public List<AgentIdentity> identities() throws AgentException {
        Buffer.PlainBuffer answer = request(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES), IDENTITIES_ANSWER,
                "list keys");
        try {
            long count = answer.readUInt32();
            List<AgentIdentity> identities = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                byte[] blob = answer.readBytes();
                String comment = answer.readString();
                decode(blob).ifPresent(key -> identities.add(new AgentIdentity(blob, key, comment)));
            }
            return identities;
        } catch (Buffer.BufferException e) {
            throw new AgentException("ssh-agent at " + socket + " sent a malformed key list", e);
        }
    }

    /**
     * The agent's signature blob (algorithm name and signature, as the SSH wire format wants it) over {@code data}
     * with {@code identity}; {@code algorithm} is the public key algorithm the server was told (for an RSA key
     * rsa-sha2-256 or rsa-sha2-512 selects the hash).
     */
    public byte[] sign(AgentIdentity identity, byte[] data, String algorithm) throws AgentException {
        int flags = switch (algorithm) {
            case "rsa-sha2-256" -> RSA_SHA2_256;
            case "rsa-sha2-512" -> RSA_SHA2_512;
            default -> 0;
        };
        Buffer.PlainBuffer answer = request(new Buffer.PlainBuffer().putByte(SIGN_REQUEST)
                .putString(identity.blob()).putString(data).putUInt32(flags), SIGN_RESPONSE,
                "sign with " + identity.comment());
        try {
            return answer.readBytes();
        } catch (Buffer.BufferException e) {
            throw new AgentException("ssh-agent at " + socket + " sent a malformed signature", e);
        }
    }

    private static java.util.Optional<PublicKey> decode(byte[] blob) {
        try {
            return java.util.Optional.of(new Buffer.PlainBuffer(blob).readPublicKey());
        } catch (Buffer.BufferException | RuntimeException e) {
            return java.util.Optional.empty(); // a key type SSHJ does not know cannot be offered through SSHJ either
        }
    }

    private Buffer.PlainBuffer request(Buffer.PlainBuffer message, byte expected, String what)
            throws AgentException {
        if (!Files.exists(socket)) {
            throw new AgentException("the ssh-agent socket " + socket + " (SSH_AUTH_SOCK) does not exist", true);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            byte[] body = message.getCompactData();
            ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
            transfer(channel, selector, out, SelectionKey.OP_WRITE, deadline, what);
            ByteBuffer length = ByteBuffer.allocate(4);
            transfer(channel, selector, length, SelectionKey.OP_READ, deadline, what);
            int size = length.flip().getInt();
            if (size < 1 || size > MAX_ANSWER) {
                throw new AgentException("ssh-agent at " + socket + " sent an answer of " + size + " bytes to '"
                        + what + "'", false);
            }
            ByteBuffer answer = ByteBuffer.allocate(size);
            transfer(channel, selector, answer, SelectionKey.OP_READ, deadline, what);
            Buffer.PlainBuffer reply = new Buffer.PlainBuffer(answer.array());
            byte type = reply.readByte();
            if (type == FAILURE) {
                throw new AgentException("ssh-agent at " + socket + " refused to " + what
                        + " (the key may need confirmation or was removed)", false);
            }
            if (type != expected) {
                throw new AgentException("ssh-agent at " + socket + " answered '" + what + "' with message type "
                        + type, false);
            }
            return reply;
        } catch (AgentException e) {
            throw e;
        } catch (IOException e) {
            throw new AgentException("cannot talk to the ssh-agent at " + socket + " (SSH_AUTH_SOCK): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private void transfer(SocketChannel channel, Selector selector, ByteBuffer buffer, int operation, long deadline,
                          String what) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        try {
            while (buffer.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AgentException("the ssh-agent at " + socket + " did not answer '" + what + "' within "
                            + timeout.toMillis() / 1000.0 + " s", false);
                }
                if (selector.select(Math.max(1, left / 1_000_000)) == 0) {
                    continue;
                }
                selector.selectedKeys().clear();
                int moved = operation == SelectionKey.OP_READ ? channel.read(buffer) : channel.write(buffer);
                if (moved < 0) {
                    throw new AgentException("the ssh-agent at " + socket + " closed the connection during '"
                            + what + "'", false);
                }
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }
}
