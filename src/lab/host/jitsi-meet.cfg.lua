-- Jitsi Meet host configuration of @DOMAIN@ as a Debian quick install leaves it (anonymous users, no tokens).
-- Written by jitsi-deploy's lab; the Jitsi modules named here are lab stand-ins (see docs/lab.md).
plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/" }

-- the domain mapper needs at least the domain base
muc_mapper_domain_base = "@DOMAIN@";

external_service_secret = "@TURN_SECRET@";
external_services = {
	{ type = "stun", host = "@DOMAIN@", port = 3478 },
	{ type = "turn", host = "@DOMAIN@", port = 3478, transport = "udp", secret = true, ttl = 86400, algorithm = "turn" },
	{ type = "turns", host = "@DOMAIN@", port = 5349, transport = "tcp", secret = true, ttl = 86400, algorithm = "turn" }
};

cross_domain_bosh = false;
consider_bosh_secure = true;
consider_websocket_secure = true;

unlimited_jids = {
	"focus@auth.@DOMAIN@",
	"jvb@auth.@DOMAIN@"
}

VirtualHost "@DOMAIN@"
	authentication = "jitsi-anonymous" -- do not delete me
	-- the jitsi-meet-tokens package switches the line above to "token" and uncomments these two
	--app_id="example_app_id"
	--app_secret="example_app_secret"
	ssl = {
		key = "/etc/prosody/certs/@DOMAIN@.key";
		certificate = "/etc/prosody/certs/@DOMAIN@.crt";
	}
	av_moderation_component = "avmoderation.@DOMAIN@"
	speakerstats_component = "speakerstats.@DOMAIN@"
	conference_duration_component = "conferenceduration.@DOMAIN@"
	end_conference_component = "endconference.@DOMAIN@"
	room_metadata_component = "metadata.@DOMAIN@"
	modules_enabled = {
		"bosh";
		"websocket";
		"smacks";
		"ping";
		"speakerstats";
		"external_services";
		"conference_duration";
		"end_conference";
		"muc_lobby_rooms";
		"muc_breakout_rooms";
		"av_moderation";
		"room_metadata";
	}
	c2s_require_encryption = false
	lobby_muc = "lobby.@DOMAIN@"
	breakout_rooms_muc = "breakout.@DOMAIN@"
	main_muc = "conference.@DOMAIN@"

Component "conference.@DOMAIN@" "muc"
	restrict_room_creation = true
	storage = "memory"
	modules_enabled = {
		"muc_hide_all";
		"muc_meeting_id";
		"muc_domain_mapper";
		"polls";
		--"token_verification";
		"muc_rate_limit";
	}
	admins = { "focus@auth.@DOMAIN@" }
	muc_room_locking = false
	muc_room_default_public_jids = true

Component "breakout.@DOMAIN@" "muc"
	restrict_room_creation = true
	storage = "memory"
	modules_enabled = {
		"muc_hide_all";
		"muc_meeting_id";
		"muc_domain_mapper";
		"polls";
	}
	admins = { "focus@auth.@DOMAIN@" }
	muc_room_locking = false
	muc_room_default_public_jids = true

Component "internal.auth.@DOMAIN@" "muc"
	storage = "memory"
	modules_enabled = {
		"muc_hide_all";
		"ping";
	}
	admins = { "focus@auth.@DOMAIN@", "jvb@auth.@DOMAIN@" }
	muc_room_locking = false
	muc_room_default_public_jids = true

VirtualHost "auth.@DOMAIN@"
	modules_enabled = {
		"limits_exception";
	}
	authentication = "internal_hashed"
	ssl = {
		key = "/etc/prosody/certs/auth.@DOMAIN@.key";
		certificate = "/etc/prosody/certs/auth.@DOMAIN@.crt";
	}

-- Proxy to jicofo's user JID, so that it does not have to register as a component.
Component "focus.@DOMAIN@" "client_proxy"
	target_address = "focus@auth.@DOMAIN@"

Component "speakerstats.@DOMAIN@" "speakerstats_component"
	muc_component = "conference.@DOMAIN@"

Component "conferenceduration.@DOMAIN@" "conference_duration_component"
	muc_component = "conference.@DOMAIN@"

Component "endconference.@DOMAIN@" "end_conference"
	muc_component = "conference.@DOMAIN@"

Component "avmoderation.@DOMAIN@" "av_moderation_component"
	muc_component = "conference.@DOMAIN@"

Component "lobby.@DOMAIN@" "muc"
	storage = "memory"
	restrict_room_creation = true
	muc_room_locking = false
	muc_room_default_public_jids = true
	modules_enabled = {
		"muc_hide_all";
	}

Component "metadata.@DOMAIN@" "room_metadata_component"
	muc_component = "conference.@DOMAIN@"
	breakout_rooms_component = "breakout.@DOMAIN@"
