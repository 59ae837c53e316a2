-- Lab stand-in written for jitsi-deploy (not Jitsi's code): room/sub checks of token users at MUC room creation
-- and join (docs jitsi-token-auth.md sections 2 and 4.6). Loaded on the MUC component; the settings come from the
-- parent host, derived from the MUC name by dropping its first label. When that host has no token settings this
-- module logs an error and adds no hooks at all (as Jitsi's does: no room checks then).
local st = require "util.stanza";
local jid = require "util.jid";
local is_admin = require "core.usermanager".is_admin;

local parent_host = module.host:match("^%w+%.(%w.+)$");
if not parent_host then
	module:log("error", "No parent host found for %s; token verification is OFF", module.host);
	return;
end
local token_util = module:require "token/util".new(module:context(parent_host));
if not token_util then
	module:log("error", "Failed to start token verification on %s: no token settings on %s; token verification is OFF",
		module.host, parent_host);
	return;
end

local allowlist = module:get_option_set("token_verification_allowlist", {});
local require_token_for_moderation = module:get_option_boolean("token_verification_require_token_for_moderation", false);

local function skips_check(session, user_jid)
	if is_admin(user_jid, module.host) then return true; end
	local bare = jid.bare(user_jid);
	local _, domain = jid.split(user_jid);
	if allowlist:contains(bare) or allowlist:contains(domain) then return true; end
	return session.type == "s2sin" or session.type == "s2sout";
end

-- Refuses the stanza (and returns true) when the session's token does not allow this room.
local function refuse_unless_allowed(event)
	local session, stanza, room = event.origin, event.stanza, event.room;
	local user_jid = stanza.attr.from;
	if skips_check(session, user_jid) then return; end
	if token_util:verify_room(session, room.jid) then return; end
	module:log("error", "Token %s not allowed to join: %s", tostring(session.auth_token), room.jid);
	session.send(st.error_reply(stanza, "cancel", "not-allowed", "Room and token mismatched"));
	return true;
end

module:hook("muc-room-pre-create", refuse_unless_allowed, 99);
module:hook("muc-occupant-pre-join", refuse_unless_allowed, 99);

if require_token_for_moderation then
	module:hook("iq-set/bare/http://jabber.org/protocol/muc#owner:query", function(event)
		local session = event.origin;
		if not session.auth_token and not is_admin(event.stanza.attr.from, module.host) then
			session.send(st.error_reply(event.stanza, "cancel", "not-allowed",
				"Room modification disabled for guests"));
			return true;
		end
	end, 99);
end

module:log("info", "token verification enabled for %s (settings of %s)", module.host, parent_host);
