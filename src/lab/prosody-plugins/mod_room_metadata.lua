-- Lab stand-in written for jitsi-deploy (not Jitsi's code): Jitsi's mod_room_metadata is not available here. This
-- module only exists so that host configs naming it load; it does nothing. Loaded on a VirtualHost it warns as
-- current Jitsi plugins do (jitsi-token-auth.md section 9): the feature is a component ("room_metadata_component") now.
if module:get_host_type() ~= "component" then
	module:log("warn", "mod_room_metadata as a module of VirtualHost %s is deprecated: load it as the component \"room_metadata_component\"",
		module.host);
end
module:log("info", "mod_room_metadata on %s is a jitsi-deploy lab stand-in and does nothing", module.host);
