-- Lab stand-in written for jitsi-deploy (not Jitsi's code): `Component "focus.<domain>" "client_proxy"`.
-- Contract (CONTRACT.md): a stanza from client C to this component goes to the target user's online full JID
-- with from = <component>/<C's full JID>; a stanza from the target to <component>/<X> goes to X with
-- from = <component>. An iq get/set while the target is offline is answered with service-unavailable.
local st = require "util.stanza";
local jid = require "util.jid";

local target = module:get_option_string("target_address");
if not target then
	module:log("error", "client_proxy on %s needs target_address", module.host);
	return;
end
target = jid.bare(target);

local function target_full_jid()
	local bare = prosody.bare_sessions[target];
	if not bare then return nil; end
	for _, session in pairs(bare.sessions) do
		if session.full_jid then return session.full_jid; end
	end
	return nil;
end

local function from_client(event)
	local stanza = event.stanza;
	local from = stanza.attr.from;
	local destination = target_full_jid();
	if not destination then
		if stanza.name == "iq" and (stanza.attr.type == "get" or stanza.attr.type == "set") then
			event.origin.send(st.error_reply(stanza, "cancel", "service-unavailable"));
		end
		return true;
	end
	local copy = st.clone(stanza);
	copy.attr.from = module.host .. "/" .. from;
	copy.attr.to = destination;
	module:send(copy);
	return true;
end

local function from_target(event, client)
	local copy = st.clone(event.stanza);
	copy.attr.from = module.host;
	copy.attr.to = client;
	module:send(copy);
	return true;
end

-- Prosody's router calls a JID with a resource but no node (focus.<domain>/<X>) a "host" address too, so both
-- directions arrive as <kind>/host events.
local function route(event)
	local stanza = event.stanza;
	local from = stanza.attr.from;
	if not from then return; end
	if jid.bare(from) == target then
		local _, _, client = jid.split(stanza.attr.to);
		if client then return from_target(event, client); end
		return; -- the target talking to the component itself: nothing to relay
	end
	return from_client(event);
end

for _, kind in ipairs({ "iq", "message", "presence" }) do
	module:hook(kind .. "/host", route);
end
