-- Lab stand-in written for jitsi-deploy (not Jitsi's code): present so that file checks for Jitsi's token plugin
-- find it. The lab's token stand-in supports app_secret and asap_key_server, not JWKS (cache_keys_url).
return {};
