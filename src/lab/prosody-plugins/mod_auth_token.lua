-- Lab stand-in written for jitsi-deploy (not Jitsi's code): `authentication = "token"`.
-- Follows docs jitsi-token-auth.md sections 2-4: the only SASL mechanism is ANONYMOUS; the token comes from the
-- session request (mod_jitsi_session); failures are <failure><CONDITION/><text>TEXT</text></failure>.
local new_sasl = require "util.sasl".new;
local sasl = require "util.sasl";
local generate_id = require "util.id".medium;

module:depends("jitsi_session");

local token_util = module:require "token/util".new(module);
if not token_util then
	module:log("error", "token authentication is not configured on %s; no SASL mechanism is offered", module.host);
	return;
end

-- Prosody's own ANONYMOUS retries until the profile agrees; this one reports the profile's refusal instead.
-- It still works for plain anonymous profiles (they return true).
sasl.registerMechanism("ANONYMOUS", { "anonymous" }, function(self, message) -- luacheck: ignore 212/message
	local username = generate_id():lower();
	local ok, condition, text = self.profile.anonymous(self, username, self.realm);
	if ok == true then
		self.username = username;
		return "success";
	end
	return "failure", condition or "not-authorized", text;
end);

local function authenticate(session)
	if session.auth_token == nil then
		if token_util.allowEmptyToken then return true; end
		module:log("warn", "Error verifying token err:not-allowed, reason:token required tenant:%s room:%s",
			session.jitsi_web_query_prefix, session.jitsi_web_query_room);
		return false, "not-allowed", "token required";
	end
	local ok, condition, text = token_util:process_and_verify_token(session);
	if not ok then
		module:log("warn", "Error verifying token err:%s, reason:%s tenant:%s room:%s", condition, text,
			session.jitsi_web_query_prefix, session.jitsi_web_query_room);
		session.auth_token = nil;
		return false, condition, text;
	end
	return true;
end

module:provides("auth", module:require "lab_anonymous_provider".new(function(session)
	return new_sasl(module.host, {
		anonymous = function(_, _, _) return authenticate(session); end;
	});
end));
