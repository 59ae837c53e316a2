<#-- Jitsi Meet web configuration (<domain>-config.js), served by nginx; no daemon reads it.
     Output format JavaScript: every ${...} becomes a complete, escaped JavaScript string literal.
     Variables: see docs/templates.md. -->
// Managed by jitsi-deploy for ${domain}: edits here are replaced on the next apply.
// Change the inventory (config_js.extra) or your copy of the templates instead.
var config = {
    hosts: {
        // The token vhost: clients with a token log in here.
        domain: ${domain},
<#if guest_domain??>
        // Clients without a token log in here as guests.
        anonymousdomain: ${guest_domain},
</#if>
        muc: ${config_js_muc}
    },

    // The token travels as ?token= on these URLs; nginx must keep the query string.
    bosh: ${bosh_url},
    websocket: ${websocket_url},

<#if token_auth_url??>
    // Where the login button sends users to get a token.
    tokenAuthUrl: ${token_auth_url},

</#if>
    p2p: {
        enabled: true
    },
<#list config_js_extra as setting>
    ${setting.key}: ${setting.value},
</#list>

    // Keep this last so every entry above can end with a comma.
    jitsiDeployManaged: true
};
