package dev.jitsideploy.inventory;

import java.util.List;

/**
 * Token authentication settings, named as Jitsi names them (see docs/inventory.md).
 *
 * @param algorithm                 Prosody {@code signature_algorithm}; only HS256 for now
 * @param appId                     Prosody {@code app_id} (also the default accepted issuer)
 * @param appSecret                 Prosody {@code app_secret}, by reference
 * @param allowEmptyToken           Prosody {@code allow_empty_token}; true turns enforcement off
 * @param allowEmptyTokenIntended   the operator's statement that enforcement off is on purpose (silences the warning)
 * @param enableDomainVerification  Prosody {@code enable_domain_verification}
 * @param asapAcceptedIssuers       Prosody {@code asap_accepted_issuers}; empty = not rendered (Prosody default: app_id)
 * @param asapAcceptedAudiences     Prosody {@code asap_accepted_audiences}; empty = not rendered (Prosody default: any)
 * @param tokenAuthUrl              config.js {@code tokenAuthUrl}; null when not set
 * @param guestDomain               anonymous guest vhost ({@code hosts.anonymousdomain}); null when guests are off
 * @param jicofoAuthentication      whether jicofo.conf gets {@code authentication.enabled = true, type = JWT}
 */
public record AuthSettings(String algorithm, String appId, SecretRef appSecret, boolean allowEmptyToken,
                           boolean allowEmptyTokenIntended, boolean enableDomainVerification,
                           List<String> asapAcceptedIssuers, List<String> asapAcceptedAudiences, String tokenAuthUrl,
                           String guestDomain, boolean jicofoAuthentication) {

    public AuthSettings {
        asapAcceptedIssuers = List.copyOf(asapAcceptedIssuers);
        asapAcceptedAudiences = List.copyOf(asapAcceptedAudiences);
    }
}
