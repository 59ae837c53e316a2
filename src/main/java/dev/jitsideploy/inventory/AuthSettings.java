package dev.jitsideploy.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * Token authentication settings, named as Jitsi names them (see docs/inventory.md).
 *
 * @param algorithm                 Prosody {@code signature_algorithm}: {@link #HS256} or {@link #RS256}
 * @param appId                     Prosody {@code app_id} (also the default accepted issuer)
 * @param appSecret                 Prosody {@code app_secret}, by reference; null with RS256 when not set (it is not
 *                                  rendered for RS256)
 * @param allowEmptyToken           Prosody {@code allow_empty_token}; true turns enforcement off
 * @param allowEmptyTokenIntended   the operator's statement that enforcement off is on purpose (silences the warning)
 * @param enableDomainVerification  Prosody {@code enable_domain_verification}
 * @param asapAcceptedIssuers       Prosody {@code asap_accepted_issuers}; empty = not rendered (Prosody default:
 *                                  app_id)
 * @param asapAcceptedAudiences     Prosody {@code asap_accepted_audiences}; empty = not rendered (Prosody default: any)
 * @param tokenAuthUrl              config.js {@code tokenAuthUrl}; null when not set
 * @param guestDomain               anonymous guest vhost ({@code hosts.anonymousdomain}); null when guests are off
 * @param jicofoAuthentication      whether jicofo.conf gets {@code authentication.enabled = true, type = JWT}
 * @param keysDir                   local directory of the RS256 key pairs ({@code auth.keys_dir}, default
 *                                  {@code asap-keys} next to the inventory); read for every algorithm so keys can be
 *                                  made before a switch to RS256
 * @param asapKeyServer             Prosody {@code asap_key_server} (rendered for RS256 only), default
 *                                  {@code <public_url>asap-keys/}; null only when public_url is missing
 */
public record AuthSettings(String algorithm, String appId, SecretRef appSecret, boolean allowEmptyToken,
                           boolean allowEmptyTokenIntended, boolean enableDomainVerification,
                           List<String> asapAcceptedIssuers, List<String> asapAcceptedAudiences, String tokenAuthUrl,
                           String guestDomain, boolean jicofoAuthentication, Path keysDir,
                           String asapKeyServer) {

    public static final String HS256 = "HS256";
    public static final String RS256 = "RS256";
    /** Path under the public URL where the default nginx location serves {@code paths.asap_keys}. */
    public static final String DEFAULT_KEY_SERVER_PATH = "asap-keys/";

    public AuthSettings {
        asapAcceptedIssuers = List.copyOf(asapAcceptedIssuers);
        asapAcceptedAudiences = List.copyOf(asapAcceptedAudiences);
    }

    public boolean isRs256() {
        return RS256.equals(algorithm);
    }
}
