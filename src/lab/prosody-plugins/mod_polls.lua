-- Lab stand-in written for jitsi-deploy (not Jitsi's code): Jitsi's mod_polls is not available here. This
-- module only exists so that host configs naming it load; it does nothing.
module:log("info", "mod_polls on %s is a jitsi-deploy lab stand-in and does nothing", module.host);
