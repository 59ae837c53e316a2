package dev.jitsideploy.remote.agent;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * SSH "publickey" authentication (RFC 4252 §7) with a key held by the ssh-agent: SSHJ's own AuthPublickey wants the
 * private key in this process, which the agent never gives out, so this asks the server whether it would accept the
 * key and, when it would, has the agent sign the request. For an RSA key the algorithm is the best one the server
 * announced (rsa-sha2-512/256 before ssh-rsa, as SSHJ picks for file keys), and the agent is told which hash to use.
 */
public final class AgentAuth extends AbstractAuthMethod {

    private final SshAgent agent;
    private final AgentIdentity identity;
    private String algorithm;

    public AgentAuth(SshAgent agent, AgentIdentity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
        if (message != Message.USERAUTH_60) {
            super.handle(message, packet);
            return;
        }
        // The server would accept this key: the same request again, now signed over the session id.
        SSHPacket signed = request(true);
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(signed)
                .getCompactData();
        try {
            signed.putString(agent.sign(identity, data, algorithm()));
        } catch (AgentException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        params.getTransport().write(signed);
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm()).putString(identity.blob());
    }

    private String algorithm() throws UserAuthException {
        if (algorithm == null) {
            KeyType type = KeyType.fromKey(identity.key());
            try {
                List<KeyAlgorithm> candidates = params.getTransport().getClientKeyAlgorithms(type);
                algorithm = candidates.isEmpty() ? type.toString() : candidates.get(0).getKeyAlgorithm();
            } catch (TransportException e) {
                throw new UserAuthException("no signature algorithm for " + type + " key " + identity.comment(), e);
            }
        }
        return algorithm;
    }
}
