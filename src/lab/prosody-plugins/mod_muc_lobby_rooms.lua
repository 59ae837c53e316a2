-- Lab stand-in written for jitsi-deploy (not Jitsi's code): Jitsi's mod_muc_lobby_rooms is not available here. This
-- module only exists so that host configs naming it load; it does nothing.
module:log("info", "mod_muc_lobby_rooms on %s is a jitsi-deploy lab stand-in and does nothing", module.host);
