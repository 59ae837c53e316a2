-- Lab stand-in written for jitsi-deploy (not Jitsi's code): the token settings of a host and the checks built on
-- them, following docs jitsi-token-auth.md sections 2 and 3 (keys, defaults, order of checks, texts).
local jid = require "util.jid";
local hashes = require "util.hashes";
local hex = require "util.hex";
local cache = require "util.cache";
local http = require "net.http";
local async = require "util.async";
local timer = require "util.timer";

local jwt = module:require "luajwtjitsi";

local Util = {};
Util.__index = Util;

local function as_list(value, default)
	if value == nil then return default; end
	if type(value) == "string" then return { value }; end
	local list = {};
	for _, item in ipairs(value) do list[#list + 1] = item; end
	return list;
end

-- Reads the settings through context (a module or module:context(host)); nil when token auth cannot work there.
function Util.new(context)
	local self = setmetatable({}, Util);
	self.appId = context:get_option_string("app_id");
	self.appSecret = context:get_option_string("app_secret");
	self.asapKeyServer = context:get_option_string("asap_key_server");
	self.allowEmptyToken = context:get_option_boolean("allow_empty_token", false);
	self.enableDomainVerification = context:get_option_boolean("enable_domain_verification", true);
	self.requireRoomClaim = context:get_option_boolean("asap_require_room_claim", true);
	self.signatureAlgorithm = context:get_option_string("signature_algorithm",
		self.asapKeyServer and "RS256" or "HS256");
	self.acceptedIssuers = as_list(context:get_option("asap_accepted_issuers"), { self.appId });
	self.acceptedAudiences = as_list(context:get_option("asap_accepted_audiences"), { "*" });
	self.mucDomainBase = context:get_option_string("muc_mapper_domain_base");
	self.mucDomainPrefix = context:get_option_string("muc_mapper_domain_prefix", "conference");
	self.keyCache = cache.new(context:get_option_number("jwt_pubkey_cache_size", 128));
	if self.appId == nil then
		module:log("error", "'app_id' must not be empty");
		return nil;
	end
	if self.appSecret == nil and self.asapKeyServer == nil then
		module:log("error", "'app_secret' or 'asap_key_server' must be specified");
		return nil;
	end
	return self;
end

-- GET <asap_key_server>/<hex sha256(kid)>.pem as Jitsi's plugin does it (jitsi-token-auth.md sections 3 and 9): with
-- Prosody's own HTTP client (net.http), so the name goes through Prosody's DNS resolver (resolv.conf, not
-- /etc/hosts) and TLS through Prosody's client TLS settings (its CA path), while the SASL handler waits for the
-- answer without blocking the server. 30 s per try, up to 3 tries on timeouts only; only 200 and 204 count; a
-- key is cached per kid until restart, a failure is not cached.
local KEY_FETCH_TIMEOUT = 30;

local function fetch_once(url)
	local wait, done = async.waiter();
	local body, code, finished;
	local request = http.request(url, nil, function(content, status)
		if finished then return; end
		finished = true;
		body, code = content, status;
		done();
	end);
	timer.add_task(KEY_FETCH_TIMEOUT, function()
		if not finished then request:cancel("timeout"); end
	end);
	wait();
	return body, code;
end

function Util:fetch_public_key(kid)
	local cached = self.keyCache:get(kid);
	if cached then return cached; end
	local url = self.asapKeyServer:gsub("/+$", "") .. "/" .. hex.encode(hashes.sha256(kid)) .. ".pem";
	for _ = 1, 3 do
		local body, code = fetch_once(url);
		if code == 200 or code == 204 then
			if body and body ~= "" then self.keyCache:set(kid, body); return body; end
			break;
		end
		module:log("warn", "could not obtain public key from %s: %s", url,
			code == 0 and tostring(body) or ("HTTP " .. tostring(code)));
		if not (code == 0 and body == "timeout") then break; end
	end
	return nil;
end

-- The claim checks after the signature and the standard claims, as stable/jitsi-meet_10532 behaves in Prosody 0.12
-- (jitsi-token-auth.md sections 8 and 9). A token without `room` is refused with the explanation in the place of
-- the SASL condition: Prosody then cannot build the <failure/> (an element name may not contain spaces), so the
-- client gets no answer at all and times out. A token without `sub` is not checked here: it passes SASL and only
-- the MUC join (mod_token_verification) stumbles over it.
function Util:check_room_claim(claims)
	if self.requireRoomClaim and claims.room == nil then return false, "room claim is missing"; end
	return true;
end

-- Checks session.auth_token and stores its claims on the session. Returns true, or false, condition, text.
function Util:process_and_verify_token(session)
	local token = session.auth_token;
	if token == nil then return false, "not-allowed", "token required"; end
	local key = self.appSecret;
	if self.asapKeyServer then
		key = function(header)
			if header.kid == nil then return nil, "'kid' claim is missing"; end
			if not header.alg:match("^RS") then return nil, "Invalid or incorrect alg"; end
			local pem = self:fetch_public_key(header.kid);
			if not pem then return nil, "could not obtain public key"; end
			return pem;
		end;
	end
	local claims, err = jwt.verify(token, self.signatureAlgorithm, key, self.acceptedIssuers, self.acceptedAudiences);
	if not claims then return false, "not-allowed", err; end
	local claims_ok, condition = self:check_room_claim(claims);
	if not claims_ok then return false, condition; end
	session.jitsi_meet_room = claims.room;
	session.jitsi_meet_domain = claims.sub;
	local context = claims.context;
	if type(context) == "table" then
		session.jitsi_meet_context_user = context.user;
		session.jitsi_meet_context_group = context.group;
		session.jitsi_meet_context_features = context.features;
		session.jitsi_meet_tenant = context.tenant;
		session.jitsi_meet_room_regex = type(context.room) == "table" and context.room.regex == true;
	elseif claims.user_id ~= nil then
		session.jitsi_meet_context_user = { id = claims.user_id };
	end
	return true;
end

-- Whether the session's token allows joining room_address (room name, and the sub when domain verification is on).
function Util:verify_room(session, room_address)
	if self.allowEmptyToken and session.auth_token == nil then return true; end
	local token_room = session.jitsi_meet_room;
	if token_room == nil then return not self.requireRoomClaim and session.auth_token ~= nil; end
	if type(token_room) ~= "string" then return false; end
	local node, host = jid.split(room_address);
	if not node then return false; end
	local tenant, room_name = node:match("^%[([^%]]+)%](.+)$");
	room_name = room_name or node;
	token_room = token_room:lower();
	local room_ok;
	if token_room == "*" then
		room_ok = true;
	elseif session.jitsi_meet_room_regex then
		local ok, found = pcall(string.match, room_name, token_room);
		room_ok = ok and found ~= nil;
	else
		room_ok = room_name == token_room;
	end
	if not room_ok or not self.enableDomainVerification then return room_ok; end
	if session.jitsi_meet_domain == nil then
		-- As Jitsi's plugin in that release: lower-casing the missing `sub` raises a Lua error inside the join
		-- hook, Prosody logs it and the join is never answered.
		error("token without 'sub' claim: cannot lower-case a nil sub");
	end
	local sub = type(session.jitsi_meet_domain) == "string" and session.jitsi_meet_domain:lower() or nil;
	if sub == nil then return false; end
	if sub == "*" then return true; end
	if tenant then return sub == tenant:lower(); end
	if self.mucDomainBase == nil then
		module:log("error", "muc_mapper_domain_base is not set: every room join with a token is refused");
		return false;
	end
	return self.mucDomainPrefix .. "." .. sub == host;
end

return Util;
