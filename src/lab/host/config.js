// Jitsi Meet web configuration of @DOMAIN@ as a Debian quick install leaves it (jitsi-deploy lab host lab@K@).
// nginx serves this file as /config.js with SSI on, like Jitsi's own site.
var config = {
    hosts: {
        // XMPP domain.
        domain: '@DOMAIN@',

        // When using authentication, domain for guest users.
        // anonymousdomain: 'guest.example.com',

        // Domain for authenticated users. Defaults to <domain>.
        // authdomain: '@DOMAIN@',

        // Focus component domain. Defaults to focus.<domain>.
        // focus: 'focus.@DOMAIN@',

        // XMPP MUC domain.
        muc: 'conference.<!--# echo var="subdomain" default="" -->@DOMAIN@'
    },

    // BOSH URL.
    bosh: 'https://@DOMAIN@/<!--# echo var="subdir" default="" -->http-bind',

    // Websocket URL (XMPP).
    websocket: 'wss://@DOMAIN@/<!--# echo var="subdir" default="" -->xmpp-websocket',

    // URL of the login service for token authentication (not set on a fresh install).
    // tokenAuthUrl: 'https://auth.example.com/login?room={room}',

    // Testing / experimental features.
    testing: {
        p2pTestMode: false
    },

    enableNoAudioDetection: true,
    enableNoisyMicDetection: true,

    p2p: {
        enabled: true,
        stunServers: [
            { urls: 'stun:meet-jit-si-turnrelay.jitsi.net:443' }
        ]
    },

    analytics: {},

    // Logging
    logging: {
        defaultLogLevel: 'info'
    }
};
