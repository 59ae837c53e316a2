-- Lab stand-in written for jitsi-deploy (not Jitsi's or prosody-modules' code): the one prosodyctl command the
-- jitsi-meet-prosody install step runs, `prosodyctl mod_roster_command subscribe <subscriber> <contact>`.
-- Debian's prosody package ships no mod_roster_command, so the lab brings this one. Effect (jitsi-token-auth.md
-- section 9): the contact user's roster gets <subscriber> with a presence subscription "from" (the subscriber
-- may see the contact's presence), so the focus component is sent jicofo's presence. Works with Prosody stopped,
-- on the host's configured storage; a subscriber that is itself a local user gets the other half ("to").
local jid = require "util.jid";
local storagemanager = require "core.storagemanager";

local function add_subscription(user, host, contact, half)
	local store = storagemanager.open(host, "roster", "keyval");
	local roster = store:get(user) or {};
	local item = roster[contact] or { groups = {} };
	local other = half == "from" and "to" or "from";
	if item.subscription == other or item.subscription == "both" then
		item.subscription = "both";
	else
		item.subscription = half;
	end
	roster[contact] = item;
	return store:set(user, roster);
end

local function user_host(host)
	local session = prosody.hosts[host];
	if not session or session.type ~= "local" then return nil; end
	storagemanager.initialize_host(host);
	return session;
end

function module.command(arg)
	local verb, subscriber, contact = arg[1], arg[2], arg[3];
	if verb ~= "subscribe" or not subscriber or not contact then
		print("usage: prosodyctl mod_roster_command subscribe <subscriber JID> <contact JID>");
		return 1;
	end
	local contact_node, contact_host = jid.split(contact);
	if not contact_node or not user_host(contact_host) then
		print("mod_roster_command: " .. contact .. " is not a user of a local host");
		return 1;
	end
	local ok, err = add_subscription(contact_node, contact_host, jid.bare(subscriber), "from");
	if not ok then
		print("mod_roster_command: cannot save the roster of " .. contact .. ": " .. tostring(err));
		return 1;
	end
	local subscriber_node, subscriber_host = jid.split(subscriber);
	if subscriber_node and user_host(subscriber_host) then
		add_subscription(subscriber_node, subscriber_host, jid.bare(contact), "to");
	end
	return 0;
end
