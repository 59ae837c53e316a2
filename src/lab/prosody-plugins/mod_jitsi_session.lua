-- Lab stand-in written for jitsi-deploy (not Jitsi's code): remembers what the HTTP request that created a BOSH
-- or WebSocket session carried (docs jitsi-token-auth.md 4.1): `token` (or an Authorization: Bearer header when the
-- query has none), `room` and `prefix`. Nothing is verified here.
local formdecode = require "util.http".formdecode;

local function init_session(event)
	local session, request = event.session, event.request;
	local query = request.url and request.url.query;
	local params = query and formdecode(query) or {};
	if type(params) ~= "table" then params = {}; end
	local token = params.token;
	if token == nil then
		local authorization = request.headers and request.headers.authorization;
		if authorization and authorization:sub(1, 7) == "Bearer " then token = authorization:sub(8); end
	end
	if token == "" then token = nil; end -- `?token=` with nothing after it is no token
	session.auth_token = token;
	session.jitsi_web_query_room = params.room;
	session.jitsi_web_query_prefix = params.prefix or "";
	session.previd = params.previd;
	session.customusername = params.customusername;
end

-- mod_bosh and mod_websocket are global modules: they fire these events globally, not on the host.
module:hook_global("bosh-session", init_session, 1);
module:hook_global("websocket-session", init_session, 1);
