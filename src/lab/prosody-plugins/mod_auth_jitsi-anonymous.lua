-- Lab stand-in written for jitsi-deploy (not Jitsi's code): `authentication = "jitsi-anonymous"`, the
-- quick install's default: SASL ANONYMOUS for everyone. It also records the session request's query
-- (mod_jitsi_session) as Jitsi's module does.
local new_sasl = require "util.sasl".new;

module:depends("jitsi_session");

module:provides("auth", module:require "lab_anonymous_provider".new(function(_)
	return new_sasl(module.host, { anonymous = function() return true; end });
end));
