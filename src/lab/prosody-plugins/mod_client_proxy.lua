-- Lab stand-in written for jitsi-deploy (not Jitsi's code): `Component "focus.<domain>" "client_proxy"`.
-- Contract (CONTRACT.md): a stanza from client C to this component goes to the target user's online full JID
-- with from = <component>/<C's full JID>; a stanza from the target to <component>/<X> goes to X with
-- from = <component>. An iq get/set while no target is known is answered with service-unavailable.
-- As Jitsi's module does (jitsi-token-auth.md section 9), the target's full JID is learned only from the target's
-- presence: at load the component asks for a presence subscription to the target; the focus user's roster must
-- approve it (the installer's `prosodyctl mod_roster_command subscribe focus.<domain> focus@auth.<domain>`), and
-- jicofo must send presence after login. Without either, no target is ever known.
local st = require "util.stanza";
local jid = require "util.jid";

local target = module:get_option_string("target_address");
if not target then
	module:log("error", "client_proxy on %s needs target_address", module.host);
	return;
end
target = jid.bare(target);

-- The target's full JIDs that are available, in the order their presence came.
local available = {};

local function target_full_jid()
	return available[#available];
end

local function forget(full)
	for i = #available, 1, -1 do
		if available[i] == full then table.remove(available, i); end
	end
end

local function track_presence(stanza)
	local from = stanza.attr.from;
	local kind = stanza.attr.type;
	if kind == nil then
		forget(from);
		available[#available + 1] = from;
		module:log("debug", "target %s is available", from);
	elseif kind == "unavailable" or kind == "error" then
		forget(from);
		module:log("debug", "target %s is gone", from);
	end
end

-- The subscription request; Prosody answers it from the target's roster (and sends the target's current presence
-- when the roster approves it), so a target that is already online is learned too.
local function subscribe_to_target()
	module:send(st.presence({ type = "subscribe", from = module.host, to = target }));
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
		if stanza.name == "presence" then
			track_presence(stanza);
			return true;
		end
		local _, _, client = jid.split(stanza.attr.to);
		if client then return from_target(event, client); end
		return; -- the target talking to the component itself: nothing to relay
	end
	return from_client(event);
end

for _, kind in ipairs({ "iq", "message", "presence" }) do
	module:hook(kind .. "/host", route);
end

if prosody.start_time then
	subscribe_to_target();
else
	module:hook_global("server-started", subscribe_to_target);
end
