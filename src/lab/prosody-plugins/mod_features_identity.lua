-- Lab stand-in written for jitsi-deploy (not Jitsi's code): Jitsi's mod_features_identity is not available here. This
-- module only exists so that host configs naming it (the quick-install layout, jitsi-token-auth.md section 9) load;
-- it does nothing.
module:log("info", "mod_features_identity on %s is a jitsi-deploy lab stand-in and does nothing", module.host);
