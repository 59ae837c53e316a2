package dev.jitsideploy.remote;

import dev.jitsideploy.remote.agent.AgentAuth;
import dev.jitsideploy.remote.agent.AgentException;
import dev.jitsideploy.remote.agent.AgentIdentity;
import dev.jitsideploy.remote.agent.SshAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Opens the SSH connection to a target, hop by hop when there are jump hosts: TCP to the first hop, a direct-tcpip
 * channel from each hop to the next. On every hop the host key is checked against the target's known_hosts (as the
 * run read it once, {@link KnownHosts}, so a jump host is held to the target's standard) before anything else is sent,
 * and the same credentials log in. Every step has the target's connect timeout. Failures name the host, the hop and the
 * fix in one line.
 */
final class SshLogin {

    /** Keep-alives unanswered before a connection counts as lost (SSHJ's and OpenSSH's default count, 5 and 3). */
    private static final int MAX_UNANSWERED_KEEPALIVES = 5;

    /** The logged-in connection to the target and the jump host connections it runs through (first hop first). */
    record Chain(SSHClient target, List<SSHClient> jumps) {
    }

    private final SshTarget target;
    private final KnownHosts knownHosts;
    private final Config config;
    private final int timeoutMillis;

    SshLogin(SshTarget target, KnownHosts knownHosts, Config config) {
        this.target = target;
        this.knownHosts = knownHosts;
        this.config = config;
        this.timeoutMillis = (int) target.connectTimeout().toMillis();
    }

    Chain open(int keepAliveSeconds, Duration readTimeout) throws RemoteException {
        List<SSHClient> jumps = new ArrayList<>();
        SSHClient previous = null;
        try {
            for (int i = 0; i < target.jumps().size(); i++) {
                JumpHost jump = target.jumps().get(i);
                String hop = "jump host " + jump + (target.jumps().size() > 1 ? " (hop " + (i + 1) + ")" : "");
                SSHClient client = hop(previous, hop, jump.address(), jump.port(), jump.user(), keepAliveSeconds);
                jumps.add(client);
                previous = client;
            }
            String hop = jumps.isEmpty() ? target.address() + ":" + target.port()
                    : target.address() + ":" + target.port() + " via " + jumps.size() + " jump host"
                    + (jumps.size() > 1 ? "s" : "");
            SSHClient client = hop(previous, hop, target.address(), target.port(), target.user(), keepAliveSeconds);
            if (client.getSocket() != null) {
                setReadTimeout(client, readTimeout);
            }
            if (!jumps.isEmpty()) {
                setReadTimeout(jumps.get(0), readTimeout);
            }
            return new Chain(client, jumps);
        } catch (RemoteException e) {
            closeAll(jumps, e);
            throw e;
        }
    }

    private void setReadTimeout(SSHClient client, Duration readTimeout) throws RemoteException {
        try {
            client.getSocket().setSoTimeout((int) readTimeout.toMillis());
        } catch (IOException e) {
            throw new RemoteException(target.host(), "connect", "cannot set the read timeout ("
                    + RemoteHost.describe(e) + ")", e);
        }
    }

    /**
     * Connects to one hop (directly, or through {@code via}), checks its key and logs in. Its keep-alives start as
     * soon as it is logged in ({@link SshKeepAlive}: one thread for every connection of the run, not SSHJ's thread
     * per connection) and end when it disconnects.
     */
    private SSHClient hop(SSHClient via, String hop, String address, int port, String user, int keepAliveSeconds)
            throws RemoteException {
        Semaphore slots = HandshakeSlots.of(address, port);
        for (int attempt = 1; ; attempt++) {
            SSHClient client = new SSHClient(config);
            client.setConnectTimeout(timeoutMillis);
            // Until logged in, a server that accepts TCP but stays silent must fail within the connect timeout too.
            client.setTimeout(timeoutMillis);
            client.getTransport().setTimeoutMs(timeoutMillis);
            client.getConnection().setTimeoutMs(timeoutMillis);
            KnownHostsCheck hostKeys;
            try {
                hostKeys = knownHosts.check(target.host(), target.knownHosts());
            } catch (IOException e) {
                throw new RemoteException(target.host(), "host key check of " + hop, "cannot read known_hosts file "
                        + target.knownHosts() + " (" + e.getClass().getSimpleName() + ")", e);
            }
            client.addHostKeyVerifier(hostKeys);
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException(target.host(), target.jumps().isEmpty() ? "connect" : "connect to " + hop,
                        "interrupted while waiting for a free handshake slot", e);
            }
            try {
                connectAndLogIn(client, via, hop, address, port, user, hostKeys);
            } catch (RemoteException e) {
                if (via != null || attempt >= HandshakeSlots.ATTEMPTS || !HandshakeSlots.droppedByServer(e)) {
                    throw e;
                }
                pauseBeforeAttempt(attempt, hop, e);
                continue;
            } finally {
                slots.release();
            }
            // Only once logged in: OpenSSH takes a global request before that as a protocol error and the login
            // fails (seen on hosts slow to log in: 5 of 300 at --forks 50). Until then the connect timeout bounds
            // every step.
            SshKeepAlive.watch(client, keepAliveSeconds, MAX_UNANSWERED_KEEPALIVES);
            return client;
        }
    }

    /** The pause before attempt {@code attempt + 1}, randomised so that dropped clients do not come back together. */
    private void pauseBeforeAttempt(int attempt, String hop, RemoteException dropped) throws RemoteException {
        try {
            Thread.sleep(HandshakeSlots.pauseMillis(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped.addSuppressed(e);
            throw dropped;
        }
    }

    /** Connects {@code client} to the hop (directly, or through {@code via}) and logs in, in one handshake slot. */
    private void connectAndLogIn(SSHClient client, SSHClient via, String hop, String address, int port, String user,
                                 KnownHostsCheck hostKeys) throws RemoteException {
        long connectStart = System.nanoTime();
        try {
            if (via == null) {
                client.connect(address, port);
            } else {
                DirectConnection channel = via.newDirectConnection(address, port);
                client.connectVia(channel);
            }
        } catch (IOException e) {
            closeAfterFailure(client, e);
            if (hostKeys.refusal().isPresent()) {
                throw new HostKeyRejectedException(target.host(), target.jumps().isEmpty() ? "host key check"
                        : "host key check of " + hop, hostKeys.refusal().get());
            }
            throw unreachable(via, hop, address, port, e, Duration.ofNanos(System.nanoTime() - connectStart));
        }
        try {
            authenticate(client, hop, user);
        } catch (RemoteException e) {
            closeAfterFailure(client, e);
            throw e;
        }
    }

    private RemoteException unreachable(SSHClient via, String hop, String address, int port, IOException e,
                                        Duration elapsed) {
        String seconds = timeoutMillis / 1000.0 + " s";
        if (via == null) {
            return new RemoteException(target.host(), target.jumps().isEmpty() ? "connect" : "connect to " + hop,
                    ConnectFailure.describe(address, port, e, elapsed, target.connectTimeout())
                    + "; check that the host is up and ssh.address/ssh.port (or proxy_jump) are right", e);
        }
        String why = e instanceof OpenFailException open ? "it refused: " + open.getReason() + " '"
                + open.getMessage() + "'" : RemoteHost.describe(e);
        return new RemoteException(target.host(), "connect to " + hop, "the jump host could not open a connection"
                + " to " + address + ":" + port + " within " + seconds + " (" + why + "); check that the name"
                + " resolves and the port is open as seen from the jump host", e);
    }

    private void authenticate(SSHClient client, String hop, String user) throws RemoteException {
        String operation = "log in as " + user + " at " + hop;
        Credentials credentials = target.credentials();
        List<AuthMethod> methods = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        String agentProblem = null;
        if (credentials.agentSocket() != null) {
            SshAgent agent = new SshAgent(credentials.agentSocket(), target.connectTimeout());
            try {
                List<AgentIdentity> identities = agent.identities();
                for (AgentIdentity identity : identities) {
                    methods.add(new AgentAuth(agent, identity));
                    offered.add("agent key " + KeyType.fromKey(identity.key()) + " "
                            + KnownHostsCheck.fingerprint(identity.key()) + " (" + identity.comment() + ")");
                }
                if (identities.isEmpty()) {
                    agentProblem = "the ssh-agent at " + credentials.agentSocket() + " holds no keys";
                }
            } catch (AgentException e) {
                agentProblem = e.getMessage() + (e.socketMissing() ? " (the agent was stopped?)" : "");
            }
        }
        for (Path file : credentials.keyFiles()) {
            try {
                methods.add(new AuthPublickey(keyOf(client, file)));
                offered.add("key file " + file);
            } catch (IOException e) {
                throw new RemoteException(target.host(), operation, "cannot read key file " + file + " ("
                        + RemoteHost.describe(e) + "); fix ssh.identity_file", e);
            }
        }
        if (methods.isEmpty()) {
            String why = agentProblem != null ? agentProblem
                    : "SSH_AUTH_SOCK is not set (no ssh-agent) and no key file is configured or found in ~/.ssh";
            throw new RemoteException(target.host(), operation, "no key was offered: " + why + "; fix: start"
                    + " ssh-agent and ssh-add your key (eval $(ssh-agent) && ssh-add KEY), or set ssh.identity_file");
        }
        try {
            client.auth(user, methods);
        } catch (UserAuthException e) {
            throw new RemoteException(target.host(), operation, "none of the offered keys was accepted for user "
                    + user + " (offered: " + String.join("; ", offered) + (agentProblem == null ? ""
                    : "; not offered: " + agentProblem) + "); fix: add one of these public keys to ~" + user
                    + "/.ssh/authorized_keys there, or set the right ssh.user or ssh.identity_file", e);
        } catch (IOException e) {
            throw new RemoteException(target.host(), operation, "the connection failed while logging in ("
                    + RemoteHost.describe(e) + ")", e);
        }
    }

    private KeyProvider keyOf(SSHClient client, Path file) throws IOException {
        var decrypted = target.credentials().decrypted().get(file);
        return decrypted != null ? new KeyPairWrapper(decrypted) : client.loadKeys(file.toString());
    }

    private static void closeAfterFailure(SSHClient client, IOException cause) {
        try {
            client.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Closes the jump host connections, last hop first. */
    static void closeAll(List<SSHClient> jumps, IOException cause) {
        List<SSHClient> reversed = new ArrayList<>(jumps);
        Collections.reverse(reversed);
        for (SSHClient jump : reversed) {
            closeAfterFailure(jump, cause);
        }
    }
}
